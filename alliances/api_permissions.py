"""DRF permission classes over the predicates in `alliances.permissions`, so the API and the
pages answer every question the same way."""
from rest_framework.permissions import BasePermission

from alliances.permissions import can_see_members_only


class SeesMembersOnly(BasePermission):
    """The alliance's own people and the Council; anyone else is refused (401 if not signed in)."""

    message = "Only the alliance's schools and partners, and the Council, see its membership."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, alliance):
        return can_see_members_only(request.user, alliance)


class SeesAgreements(SeesMembersOnly):
    """The same people as the membership: the leads' agreement is members-only, like on the pages."""

    message = "Only the alliance's schools and partners, and the Council, see its agreement."
