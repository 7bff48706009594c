"""Whether an alliance still has the designated leads its type needs.

A lead whose designation is removed, or whose school closes, stays in the alliance's history but
no longer counts. A multiple (or job-share) alliance left with one designated lead is told to
become single or add a lead; an alliance left with none is flagged to its members and the
Council. Leads settle it by ending the undesignated leads' roles and, if need be, changing type.
"""
from datetime import date, timedelta

from django.db import transaction

from alliances.alliance_types import designated_school_ids, type_problems
from alliances.models import Alliance, AllianceRole
from alliances.permissions import can_manage, require
from alliances.rules import RuleBroken

Role = AllianceRole.Role


def _warning(alliance, leads, designated):
    counting = [school for school in leads if school.id in designated and school.is_open]
    if not counting:
        return f"{alliance.name} has no designated lead teaching school. Its members and the Council are told."
    if alliance.alliance_type != Alliance.Type.SINGLE and len(counting) == 1:
        return (
            f"{alliance.name} is a {alliance.get_alliance_type_display().lower()} alliance with one designated lead "
            f"({counting[0].name}): become a single alliance or add a lead teaching school."
        )
    return None


def leadership_warning(alliance):
    """What the alliance must do about its leads, in words; None when its leads are in order."""
    leads = list(alliance.lead_schools())
    return _warning(alliance, leads, designated_school_ids(leads))


def alliances_needing_leads():
    """Every alliance with a leadership warning, as (alliance, warning), in three queries."""
    roles = AllianceRole.objects.on().filter(role=Role.LEAD).select_related("alliance", "school")
    leads_by_alliance = {}
    for role in roles:
        leads_by_alliance.setdefault(role.alliance, []).append(role.school)
    designated = designated_school_ids([school for leads in leads_by_alliance.values() for school in leads])
    found = [(alliance, _warning(alliance, leads, designated)) for alliance, leads in leads_by_alliance.items()]
    return sorted([(alliance, warning) for alliance, warning in found if warning], key=lambda pair: pair[0].name)


@transaction.atomic
def settle_leadership(user, alliance, new_type):
    """End the roles of leads that no longer count (from today), and take the type that fits
    the leads that remain, checked against the type rules."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can change how it is led.")
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    today = date.today()
    roles = list(alliance.roles_on().filter(role=Role.LEAD).select_related("school"))
    designated = designated_school_ids([role.school for role in roles])
    ending = [role for role in roles if role.school_id not in designated or not role.school.is_open]
    remaining = [role.school for role in roles if role not in ending]
    problems = type_problems(new_type, remaining)
    if problems:
        raise RuleBroken(problems)
    for role in ending:
        # The role ends yesterday, so that today the alliance is led only by designated schools.
        role.ends_on = max(role.starts_on, today - timedelta(days=1))
        role.end_reason = "No longer a designated teaching school"
        role.save(update_fields=["ends_on", "end_reason"])
    alliance.alliance_type = new_type
    alliance.save(update_fields=["alliance_type"])
    return alliance
