"""The site's own error pages (server error, not found, bad request, too many requests) and the
API reference page."""
import logging

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from config import api_reference

logger = logging.getLogger(__name__)

# What the 500 page says, without the layout, for when even the template cannot be rendered.
PLAIN_500 = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Sorry, there is a problem with the service - Teaching school alliances</title></head>
<body><main>
<h1>Sorry, there is a problem with the service</h1>
<p>Try again later.</p>
<p>If you were filling in a form, what you entered has not been saved. You will need to enter it again.</p>
</main></body>
</html>
"""


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Like Django's own: the template is rendered without the request, so no context processor
    (the signed-in user, messages) runs and no query is made while the site is already failing.
    Unlike it, a template that fails to render still gives the page's words, not a bare error."""
    try:
        body = loader.get_template(template_name).render()
    except Exception:  # the layout itself is broken (a URL that no longer reverses, say)
        logger.exception("The 500 page could not be rendered; sent the plain version instead")
        body = PLAIN_500
    return HttpResponseServerError(body)


def _api(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """The API answers in JSON, as its document says, even for addresses no route matches."""
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """A request Django itself refuses (an undecodable address, say): JSON for the API."""
    if _api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


# Every page-level limit allauth applies (sign-in, sign-up, password reset, email and password
# changes) counts within a minute, so a minute is always long enough to wait.
RATE_LIMIT_RETRY_SECONDS = 60


def too_many_requests(request):
    """allauth's rate limits (handler429): the site's page, saying when to try again."""
    response = render(request, "429.html", {"retry_wait": "a minute"}, status=429)
    response["Retry-After"] = str(RATE_LIMIT_RETRY_SECONDS)
    return response


@require_safe
def api_docs(request):
    """The API reference, made from the OpenAPI document /api/schema/ serves (config/api_reference.py)."""
    return render(request, "api_reference.html", {"api": api_reference.reference()})
