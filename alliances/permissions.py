"""Who may see and change what in an alliance.

- Anyone may see the public directory and profiles (name, type, leads, deliverers, members).
- People at a school or organisation that currently holds a role in an alliance (lead, member,
  deliverer) see its members-only information: terms, memoranda, agreements, requests.
- Leaders and business managers of its current lead schools manage it.
- Members of the Teaching Schools Council (the Django group of that name) see everything and
  decide on designations. Site administrators count as Council members here.
"""
from accounts.models import Affiliation
from alliances.models import AllianceRole

COUNCIL_GROUP = "Teaching Schools Council"
MANAGING_ROLES = (Affiliation.Role.LEADER, Affiliation.Role.BUSINESS_MANAGER)


def is_council_member(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.groups.filter(name=COUNCIL_GROUP).exists()))


def schools_acting_for(user, roles=None):
    """Ids of the schools a user acts for (optionally only in some affiliation roles)."""
    if not user.is_authenticated:
        return set()
    affiliations = user.affiliations.filter(school__isnull=False)
    if roles:
        affiliations = affiliations.filter(role__in=roles)
    return set(affiliations.values_list("school_id", flat=True))


def organisations_acting_for(user):
    if not user.is_authenticated:
        return set()
    return set(user.affiliations.filter(organisation__isnull=False).values_list("organisation_id", flat=True))


def can_manage(user, alliance):
    if is_council_member(user):
        return True
    leads = alliance.roles_on().filter(role=AllianceRole.Role.LEAD).values_list("school_id", flat=True)
    return bool(schools_acting_for(user, MANAGING_ROLES) & set(leads))


def can_see_members_only(user, alliance):
    if can_manage(user, alliance):
        return True
    roles = alliance.roles_on()
    schools = set(roles.exclude(school=None).values_list("school_id", flat=True))
    organisations = set(roles.exclude(organisation=None).values_list("organisation_id", flat=True))
    return bool(schools_acting_for(user) & schools or organisations_acting_for(user) & organisations)


def can_act_for_school(user, school, roles=None):
    return school.id in schools_acting_for(user, roles)
