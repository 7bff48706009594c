"""What every page's menu needs to know about the person signed in."""
from django.utils.functional import SimpleLazyObject

from alliances.permissions import is_council_member


def menu(request):
    # Lazy: the group is looked up only on pages that draw the menu for a signed-in person.
    return {"is_council_member": SimpleLazyObject(lambda: is_council_member(request.user))}
