"""The map component's tile settings, so every page that includes templates/includes/map.html
gets them without its view passing them."""
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles():
    """The tile source and its attribution; an empty URL means a plain background, fetched from nowhere."""
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
