"""A school asks to join an alliance; its leads accept, with the member's terms, or decline; the
leads record whether a subscription is paid. Any school may ask any alliance."""
from django.db import transaction
from django.utils import timezone

from alliances.models import AllianceRole, MembershipRequest
from alliances.permissions import can_commit_school, can_manage, require
from alliances.roles import add_member
from alliances.rules import RuleBroken
from notices import for_alliances as notices

Role = AllianceRole.Role


@transaction.atomic
def request_membership(alliance, school, user, message=""):
    """A school asks to join. Any school may ask any alliance: there are no county borders, and
    being in a multi-academy trust is no bar."""
    require(can_commit_school(user, school), f"Only the leader or business manager of {school.name} can ask for it to join.")
    if not school.is_open:
        raise RuleBroken(f"{school.name} is {school.get_status_display().lower()}.")
    if alliance.member_schools().filter(pk=school.pk).exists():
        raise RuleBroken(f"{school.name} is already a member of {alliance.name}.")
    if alliance.lead_schools().filter(pk=school.pk).exists():
        raise RuleBroken(f"{school.name} leads {alliance.name}.")
    if MembershipRequest.objects.filter(alliance=alliance, school=school, status=MembershipRequest.Status.PENDING).exists():
        raise RuleBroken(f"{school.name} has already asked to join {alliance.name}; the alliance has not yet decided.")
    request = MembershipRequest.objects.create(alliance=alliance, school=school, requested_by=user, message=message)
    notices.join_requested(request)
    return request


def _decide(request, user):
    require(can_manage(user, request.alliance), f"Only the leads of {request.alliance.name} can decide on requests to join it.")
    if request.status != MembershipRequest.Status.PENDING:
        raise RuleBroken(f"This request was already {request.get_status_display().lower()}.")
    request.decided_by, request.decided_at = user, timezone.now()


@transaction.atomic
def accept_request(request, user, subscription_pence=0, period="", renewal_due_on=None, starts_on=None):
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, user)
    if not request.school.is_open:
        raise RuleBroken(f"{request.school.name} is {request.school.get_status_display().lower()}, so it cannot become a member.")
    role = add_member(request.alliance, request.school, starts_on, None, subscription_pence, period, renewal_due_on)
    request.status = MembershipRequest.Status.ACCEPTED
    request.save()
    notices.join_decided(request)
    return role


@transaction.atomic
def decline_request(request, user, reason):
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, user)
    if not reason.strip():
        raise RuleBroken("Give the school a reason for declining.")
    request.status, request.decision_reason = MembershipRequest.Status.DECLINED, reason
    request.save()
    notices.join_decided(request)
    return request


@transaction.atomic
def record_payment(user, role, paid=True):
    """Mark a member's subscription as paid (or not) for the current period."""
    require(can_manage(user, role.alliance), f"Only the leads of {role.alliance.name} record its members' payments.")
    if role.role != Role.MEMBER:
        raise RuleBroken(f"Only member schools have subscriptions; {role.holder.name} is a {role.get_role_display().lower()}.")
    terms = getattr(role, "terms", None)
    if terms is None or terms.is_free:
        raise RuleBroken(f"{role.school.name}'s membership is free: there is nothing to pay.")
    terms.paid = paid
    terms.save(update_fields=["paid"])
    return terms
