"""Public pages and API answers as visitors (people not signed in) see them, kept until the
public data changes (registry/data_version.py).

Only what is the same for every visitor is kept: a GET with no session, messages or
Authorization, answered 200, that set no cookie and holds no CSRF token. Anyone signed in always
gets a page built for them. The key holds the data version, today's date (pages show what is
current on the day), the full address and the Accept header (the API's format).
"""
import datetime
import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse

from registry import data_version


def _personal(request):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def _key(request):
    address = f"{request.get_full_path()}|{request.headers.get('Accept', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{data_version.current()}:{datetime.date.today().isoformat()}:{digest}"


def for_visitors(view):
    """Wraps a view (or a DRF view's dispatch) that shows public data."""

    @wraps(view)
    def cached_view(*args, **kwargs):
        # A plain view gets the request first; a method (DRF's dispatch) gets it after self.
        request = args[0] if hasattr(args[0], "META") else args[1]
        if request.method != "GET" or _personal(request):
            return view(*args, **kwargs)
        key = _key(request)
        kept = caches["pages"].get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(*args, **kwargs)

        def keep(rendered):
            if rendered.status_code == 200 and not rendered.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                caches["pages"].set(key, (rendered.content, dict(rendered.headers)), data_version.CACHE_SECONDS)

        if response.streaming:
            return response
        if getattr(response, "is_rendered", True):
            keep(response)
        else:
            response.add_post_render_callback(keep)
        return response

    return cached_view
