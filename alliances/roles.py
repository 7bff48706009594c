"""Who holds which role in an alliance, and when: starting an alliance, its leads, members and
deliverers. Every change is a dated role period; nothing is deleted, so the alliance as it was on
any date can be shown. Each function checks its rules first and writes in one transaction, so a
refused change leaves nothing half-saved."""
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alliances.alliance_types import type_problems
from alliances.models import Alliance, AllianceRole, LeadEndProposal, LeadInvitation, MembershipTerms
from alliances.permissions import can_commit_school, can_manage, require
from alliances.rules import RuleBroken
from registry.models import School

Role = AllianceRole.Role


def overlapping(alliance, role, starts_on, ends_on=None, school=None, organisation=None):
    periods = AllianceRole.objects.filter(alliance=alliance, role=role, school=school, organisation=organisation)
    periods = periods.exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        periods = periods.exclude(starts_on__gt=ends_on)
    return periods.exists()


def _check_dates(starts_on, ends_on):
    if ends_on is not None and ends_on < starts_on:
        raise RuleBroken(f"A role cannot end ({ends_on:%-d %B %Y}) before it starts ({starts_on:%-d %B %Y}).")


@transaction.atomic
def create_alliance(name, alliance_type, leads, starts_on=None, **details) -> Alliance:
    """A new alliance with its lead schools, refused if the leads do not fit the type."""
    starts_on = starts_on or date.today()
    problems = type_problems(alliance_type, leads)
    problems += Alliance.name_problems(name)
    if problems:
        raise RuleBroken(problems)
    alliance = Alliance.objects.create(name=name, alliance_type=alliance_type, created_on=starts_on, **details)
    for school in leads:
        AllianceRole.objects.create(alliance=alliance, role=Role.LEAD, school=school, starts_on=starts_on)
    return alliance


@transaction.atomic
def start_alliance(user, name, alliance_type, leads, **details) -> Alliance:
    """A teaching school's leader or business manager starts an alliance led by their school
    (the first of `leads`). The others are invited to co-lead: none leads without its own
    consent (alliances.lead_invitations). Until they accept, the alliance is led by the first
    alone; the type rules are checked for the whole group now, and again on each acceptance."""
    require(
        bool(leads) and can_commit_school(user, leads[0]),
        "Only the leader or business manager of a teaching school can start an alliance led by it.",
    )
    problems = type_problems(alliance_type, leads) + Alliance.name_problems(name)
    if problems:
        raise RuleBroken(problems)
    first, *invited = leads
    alliance = create_alliance(name, Alliance.Type.SINGLE if invited else alliance_type, [first], **details)
    for school in invited:
        LeadInvitation.objects.create(alliance=alliance, school=school, becomes=alliance_type, invited_by=user)
    return alliance


@transaction.atomic
def update_details(user, alliance, patch, **details):
    """Leads keep what the alliance says about itself, and its patch, up to date."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can change what it says about itself.")
    for name, value in details.items():
        setattr(alliance, name, value)
    alliance.save(update_fields=list(details))
    alliance.patch.set(patch)
    return alliance


@transaction.atomic
def add_lead(alliance, school, starts_on=None, new_type=None):
    """Add a lead teaching school; the alliance's type may change with it (single to multiple)."""
    starts_on = starts_on or date.today()
    Alliance.objects.select_for_update().get(pk=alliance.pk)
    if overlapping(alliance, Role.LEAD, starts_on, school=school):
        raise RuleBroken(f"{school.name} already leads {alliance.name}.")
    leads = [*alliance.lead_schools(starts_on), school]
    alliance_type = new_type or alliance.alliance_type
    problems = type_problems(alliance_type, leads)
    if problems:
        raise RuleBroken(problems)
    alliance.alliance_type = alliance_type
    alliance.save(update_fields=["alliance_type"])
    return AllianceRole.objects.create(alliance=alliance, role=Role.LEAD, school=school, starts_on=starts_on)


@transaction.atomic
def end_role(role: AllianceRole, ends_on=None, reason="", new_type=None):
    """End a role period. Ending a lead is refused if the remaining leads break the type rules."""
    ends_on = ends_on or date.today()
    _check_dates(role.starts_on, ends_on)
    if role.ends_on is not None and role.ends_on < date.today():
        raise RuleBroken(f"This role already ended on {role.ends_on:%-d %B %Y}.")
    if role.role == Role.LEAD:
        alliance = Alliance.objects.select_for_update().get(pk=role.alliance_id)
        remaining = [s for s in alliance.lead_schools(ends_on + timedelta(days=1)) if s.id != role.school_id]
        alliance_type = new_type or alliance.alliance_type
        problems = type_problems(alliance_type, remaining)
        if problems:
            raise RuleBroken(problems)
        alliance.alliance_type = alliance_type
        alliance.save(update_fields=["alliance_type"])
    role.ends_on = ends_on
    role.end_reason = reason
    role.save(update_fields=["ends_on", "end_reason"])
    return role


@transaction.atomic
def add_deliverer(alliance, holder, responsibilities, starts_on=None, ends_on=None):
    """An alliance deliverer: a school of any phase or sector, or an organisation (university,
    trust, local authority, diocese, private provider), with the aspects of training it leads."""
    starts_on = starts_on or date.today()
    _check_dates(starts_on, ends_on)
    holder_field = {"school": holder} if isinstance(holder, School) else {"organisation": holder}
    if not responsibilities.strip():
        raise RuleBroken("Say which aspects of training and development the deliverer leads.")
    if overlapping(alliance, Role.DELIVERER, starts_on, ends_on, **holder_field):
        raise RuleBroken(f"{holder.name} is already a deliverer in {alliance.name} for those dates.")
    return AllianceRole.objects.create(
        alliance=alliance, role=Role.DELIVERER, starts_on=starts_on, ends_on=ends_on, responsibilities=responsibilities, **holder_field
    )


@transaction.atomic
def add_member(alliance, school, starts_on=None, ends_on=None, subscription_pence=0, period="", renewal_due_on=None):
    """Record a member school's period of membership with its terms. Used for accepted requests
    and for entering an alliance's past members."""
    starts_on = starts_on or date.today()
    _check_dates(starts_on, ends_on)
    if overlapping(alliance, Role.MEMBER, starts_on, ends_on, school=school):
        raise RuleBroken(f"{school.name} is already a member of {alliance.name} for those dates.")
    if subscription_pence and not period:
        raise RuleBroken("Say how often the subscription is due.")
    role = AllianceRole.objects.create(alliance=alliance, role=Role.MEMBER, school=school, starts_on=starts_on, ends_on=ends_on)
    MembershipTerms.objects.create(
        role=role, subscription_pence=subscription_pence, period=period if subscription_pence else "", renewal_due_on=renewal_due_on
    )
    return role


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can change who is in it.")


# How far an end date given on the site may be from today. Backdating rewrites what the alliance
# looked like "as it was on" those days, so it is kept short and recorded (ended_by, ended_at).
BACKDATE_LIMIT = timedelta(days=31)


FORWARD_LIMIT = timedelta(days=2 * 365)


def end_date_problems(ends_on):
    """Why an end date given on the site is refused (empty when it is within the limits). The
    confirmation form asks this too, so a bad date and a missing reason are reported together."""
    today = date.today()
    if ends_on < today - BACKDATE_LIMIT:
        return [
            f"An end date can be at most {BACKDATE_LIMIT.days} days in the past ({today - BACKDATE_LIMIT:%-d %B %Y}); "
            "ask the site's administrators to correct older records."
        ]
    if ends_on > today + FORWARD_LIMIT:
        return [f"An end date can be at most two years ahead ({today + FORWARD_LIMIT:%-d %B %Y})."]
    return []


@transaction.atomic
def end_role_for(user, role, ends_on=None, reason=""):
    """A lead ends a member's or deliverer's period. A lead school's own role is ended here only
    by its own leader or business manager (a school becomes and stops being a lead by consent);
    the other leads can end it only as their agreement allows (alliances.lead_removal)."""
    if role.role == Role.LEAD:
        require(
            can_commit_school(user, role.school),
            f"Only {role.school.name}'s own leader or business manager can end its role as a lead.",
        )
    else:
        _require_manager(user, role.alliance)
    ends_on = ends_on or date.today()
    problems = end_date_problems(ends_on)
    if problems:
        raise RuleBroken(problems)
    role = end_role(role, ends_on, reason)
    role.ended_by, role.ended_at = user, timezone.now()
    role.save(update_fields=["ended_by", "ended_at"])
    if role.role == Role.LEAD:
        # The school decided for itself: the other leads' proposal has nothing left to decide.
        for proposal in LeadEndProposal.objects.filter(role=role, status=LeadEndProposal.Status.PENDING):
            proposal.status, proposal.decided_at = LeadEndProposal.Status.OVERTAKEN, role.ended_at
            proposal.save(update_fields=["status", "decided_at"])
    return role


@transaction.atomic
def add_deliverer_for(user, alliance, holder, responsibilities, starts_on=None):
    _require_manager(user, alliance)
    return add_deliverer(alliance, holder, responsibilities, starts_on)
