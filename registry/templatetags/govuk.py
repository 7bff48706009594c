"""Page-wide GOV.UK patterns that need to see the whole page's context."""
from django import template
from django.contrib.messages import constants
from django.forms import BaseForm
from django_filters import FilterSet

register = template.Library()


def _has_errors(context):
    # type(), not isinstance(): isinstance would evaluate lazy values such as the CSRF token,
    # which sets a cookie and so stops a visitor's page being kept (registry/page_cache.py).
    values = context.flatten().values()
    forms = [value for value in values if issubclass(type(value), BaseForm)]
    forms += [value.form for value in values if issubclass(type(value), FilterSet)]
    messages = context.get("messages") or []
    return any(form.is_bound and form.errors for form in forms) or any(m.level == constants.ERROR for m in messages)


class ErrorTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        title = self.nodelist.render(context)
        # GOV.UK: a page showing an error says so first in its title, so it is heard straight away.
        if _has_errors(context) and not title.lstrip().startswith("Error:"):
            return f"Error: {title}"
        return title


@register.tag
def error_title(parser, token):
    """{% error_title %}...{% enderror_title %}: the page title, with "Error: " first when a form on
    the page was refused or an error message is shown."""
    nodelist = parser.parse(("enderror_title",))
    parser.delete_first_token()
    return ErrorTitleNode(nodelist)
