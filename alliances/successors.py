"""When GIAS says a lead or member school closed and names its successor, the alliance's leads
confirm moving the role to it; history keeps both periods."""
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from alliances.alliance_types import type_problems
from alliances.models import AllianceRole, MembershipTerms, SuccessorMove
from alliances.permissions import can_manage, require
from alliances.roles import overlapping
from alliances.rules import RuleBroken
from registry.models import School

Role = AllianceRole.Role


def propose_successor_moves():
    """After a GIAS import: for each current lead or member school that has closed and whose
    successor GIAS names, ask the alliance to confirm moving the role. Returns the new moves."""
    moves = []
    current = AllianceRole.objects.filter(role__in=[Role.LEAD, Role.MEMBER], ends_on__isnull=True, successor_move__isnull=True)
    for role in current.select_related("school").exclude(school__status__in=School.OPEN_STATUSES):
        successor = role.school.successor()
        if successor is not None:
            moves.append(SuccessorMove.objects.create(role=role, successor=successor))
    return moves


@transaction.atomic
def confirm_successor_move(move, user):
    """End the closed school's role on its closing date and start the successor's the day after."""
    move = (
        SuccessorMove.objects.select_for_update(of=("self",))
        .select_related("role__alliance", "role__school", "successor")
        .get(pk=move.pk)
    )
    role, successor = move.role, move.successor
    require(can_manage(user, role.alliance), "Only the alliance's leads can confirm a move to a successor school.")
    if move.status != SuccessorMove.Status.PENDING:
        raise RuleBroken("This move was already decided.")
    if role.ends_on is not None:
        raise RuleBroken(f"{role.school.name}'s {role.get_role_display().lower()} role already ended on {role.ends_on:%-d %B %Y}.")
    closed_on = role.school.close_date or date.today()
    ends_on = max(closed_on, role.starts_on)
    starts_on = ends_on + timedelta(days=1)
    if overlapping(role.alliance, role.role, starts_on, school=successor):
        raise RuleBroken(f"{successor.name} already holds that role in {role.alliance.name}.")
    if role.role == Role.LEAD:
        leads = [s for s in role.alliance.lead_schools(starts_on) if s.pk != role.school_id] + [successor]
        problems = type_problems(role.alliance.alliance_type, leads)
        if problems:
            raise RuleBroken(problems)
    role.ends_on, role.end_reason = ends_on, f"Closed; replaced by {move.successor.name} (URN {move.successor.urn})"
    role.save(update_fields=["ends_on", "end_reason"])
    new_role = AllianceRole.objects.create(
        alliance=role.alliance, role=role.role, school=successor, starts_on=starts_on, responsibilities=role.responsibilities
    )
    terms = getattr(role, "terms", None)
    if terms is not None:
        MembershipTerms.objects.create(
            role=new_role, subscription_pence=terms.subscription_pence, period=terms.period,
            renewal_due_on=terms.renewal_due_on, paid=terms.paid,
        )
    move.status, move.decided_by, move.decided_at = SuccessorMove.Status.CONFIRMED, user, timezone.now()
    move.save()
    return new_role
