"""Who may see and change what: the one home of the platform's permission rules. Pages, the API
(through `alliances.api_permissions`) and the service functions all ask these predicates, so they
cannot disagree.

- **Anyone** sees the public directory and profiles (name, type, leads, members, deliverers),
  designated teaching schools and networks.
- **People of an alliance** (acting for a school or organisation that currently holds a role in
  it: lead, member or deliverer) see its members-only information: memorandum, agreement,
  history, network libraries.
- **Leaders and business managers of its current lead schools** run it: requests, members,
  payments, deliverers, memorandum, agreement, profile.
- **A school's leader or business manager** commits the school: asks to join, signs the
  memorandum or agreement, applies for designation. Its staff see, but do not commit it.
- **A member's terms and payments** are seen by that school's people, the alliance's managers and
  the Council; other members see who the members are, not what each pays.
- **Teaching Schools Council** members (the Django group) decide designations and reviews, and
  read every alliance's members-only information for that. They do not run alliances.
- **Who changed what and when** in an alliance is shown to its managers and the Council.
- **Site administrators** work through `/admin/`; on the site they have only their affiliations.
"""
from accounts.models import Affiliation
from alliances.models import AllianceRole
from alliances.rules import NotAllowed

COUNCIL_GROUP = "Teaching Schools Council"
MANAGING_ROLES = (Affiliation.Role.LEADER, Affiliation.Role.BUSINESS_MANAGER)


def require(allowed, reason):
    """Refuse with the reason (a 403 on pages and in the API) unless allowed."""
    if not allowed:
        raise NotAllowed(reason)


def is_council_member(user):
    if not (user and user.is_authenticated):
        return False
    # Cached on the user object: several checks run in one request.
    if not hasattr(user, "_is_council_member"):
        user._is_council_member = user.groups.filter(name=COUNCIL_GROUP).exists()
    return user._is_council_member


def schools_acting_for(user, roles=None):
    """Ids of the schools a user acts for (optionally only in some affiliation roles)."""
    if not (user and user.is_authenticated):
        return set()
    affiliations = user.affiliations.filter(school__isnull=False)
    if roles:
        affiliations = affiliations.filter(role__in=roles)
    return set(affiliations.values_list("school_id", flat=True))


def organisations_acting_for(user):
    if not (user and user.is_authenticated):
        return set()
    return set(user.affiliations.filter(organisation__isnull=False).values_list("organisation_id", flat=True))


def can_act_for_school(user, school, roles=None):
    return school.id in schools_acting_for(user, roles)


def can_commit_school(user, school):
    """Asking to join, signing and applying bind the whole school: its leader or business manager."""
    return can_act_for_school(user, school, MANAGING_ROLES)


def managed_alliance_ids(user):
    """Alliances the user runs today: those led by a school they lead or are business manager of."""
    schools = schools_acting_for(user, MANAGING_ROLES)
    if not schools:
        return set()
    leads = AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, school_id__in=schools)
    return set(leads.values_list("alliance_id", flat=True))


def can_manage(user, alliance):
    return alliance.pk in managed_alliance_ids(user)


def can_see_members_only(user, alliance):
    if is_council_member(user):
        return True
    schools, organisations = schools_acting_for(user), organisations_acting_for(user)
    if not (schools or organisations):
        return False
    roles = alliance.roles_on()
    return roles.filter(school_id__in=schools).exists() or roles.filter(organisation_id__in=organisations).exists()


def terms_visible_to(user, alliance, member_roles):
    """Ids of the member roles whose terms and payments the user may see."""
    if is_council_member(user) or can_manage(user, alliance):
        return {role.pk for role in member_roles}
    own = schools_acting_for(user)
    return {role.pk for role in member_roles if role.school_id in own}


def can_see_history(user, alliance):
    """Who changed what and when: the alliance's leads and the Council."""
    return is_council_member(user) or can_manage(user, alliance)
