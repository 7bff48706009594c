"""Becoming a lead teaching school takes consent. Whoever starts a job-share or multiple alliance,
or a lead of an existing one, invites other teaching schools to co-lead; each becomes a lead only
when its own leader or business manager accepts, and the type rules are checked again then."""
from django.db import transaction
from django.utils import timezone

from alliances.alliance_types import type_problems
from alliances.roles import add_lead
from alliances.models import Alliance, LeadInvitation
from alliances.permissions import can_commit_school, can_manage, require
from alliances.rules import RuleBroken
from notices import for_alliances as notices

Status = LeadInvitation.Status


def invite_problems(alliance, school, becomes, leads_after):
    problems = []
    if becomes == Alliance.Type.SINGLE:
        problems.append("A single alliance has one lead: choose job-share or multiple to invite a co-lead.")
    if any(lead.pk == school.pk for lead in alliance.lead_schools()):
        problems.append(f"{school.name} already leads {alliance.name}.")
    if LeadInvitation.objects.filter(alliance=alliance, school=school, status=Status.PENDING).exists():
        problems.append(f"{school.name} has already been invited to lead {alliance.name}.")
    return problems + type_problems(becomes, leads_after)


@transaction.atomic
def invite_lead(user, alliance, school, becomes):
    """A lead invites another teaching school to co-lead; `becomes` is the type on acceptance."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can invite another school to lead it.")
    invited = [inv.school for inv in alliance.lead_invitations.filter(status=Status.PENDING).select_related("school")]
    problems = invite_problems(alliance, school, becomes, [*alliance.lead_schools(), *invited, school])
    if problems:
        raise RuleBroken(problems)
    invitation = LeadInvitation.objects.create(alliance=alliance, school=school, becomes=becomes, invited_by=user)
    notices.lead_invited(invitation)
    return invitation


def _decide(user, invitation):
    invitation = LeadInvitation.objects.select_for_update().select_related("alliance", "school").get(pk=invitation.pk)
    school = invitation.school
    require(can_commit_school(user, school), f"Only {school.name}'s own leader or business manager can answer for it.")
    if invitation.status != Status.PENDING:
        raise RuleBroken(f"This invitation was already {invitation.get_status_display().lower()}.")
    invitation.decided_by, invitation.decided_at = user, timezone.now()
    notices.answered(invitation)
    return invitation


@transaction.atomic
def accept_invitation(user, invitation):
    invitation = _decide(user, invitation)
    role = add_lead(invitation.alliance, invitation.school, new_type=invitation.becomes)
    invitation.status = Status.ACCEPTED
    invitation.save(update_fields=["status", "decided_by", "decided_at"])
    return role


@transaction.atomic
def decline_invitation(user, invitation, reason=""):
    invitation = _decide(user, invitation)
    invitation.status, invitation.decision_reason = Status.DECLINED, reason
    invitation.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return invitation
