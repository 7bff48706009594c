from django import template

from delivery.programmes import pounds as as_pounds

register = template.Library()


@register.filter
def pounds(pence):
    """Pence as "£12.50", or "Free"."""
    return as_pounds(pence)
