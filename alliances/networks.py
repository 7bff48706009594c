"""Networks of alliances: proposing one, joining by consent on both sides, leaving, and the
shared resource library.

- A lead of an alliance (`can_manage`) proposes a network; their alliance is its first member.
- A lead of any member alliance invites another alliance, whose own leads accept or decline; or
  an alliance's leads ask to join, and a lead of any member alliance accepts or declines. Either
  way it is one `NetworkInvitation`, with a `direction`.
- A lead takes their own alliance out; the membership keeps its dates.
The Council reads every network's library but runs no network (it runs no alliance)."""
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alliances.models import Network, NetworkInvitation, NetworkMembership, NetworkResource
from alliances.permissions import can_manage, can_see_members_only, managed_alliance_ids, require
from alliances.rules import RuleBroken
from notices import for_alliances as notices

Direction, Status = NetworkInvitation.Direction, NetworkInvitation.Status


def can_use_library(user, network):
    """The network's own people (anyone of one of its alliances) and the Council see its library."""
    return any(can_see_members_only(user, alliance) for alliance in network.alliances.all())


def runs_alliances_in(user, network):
    """Ids of the network's current alliances that the user runs."""
    return managed_alliance_ids(user) & set(network.alliances.values_list("pk", flat=True))


def can_run_network(user, network):
    """The leads of any alliance in the network act for it: invite, answer requests, add to the library."""
    return bool(runs_alliances_in(user, network))


def can_answer(user, invitation):
    """The side that was asked answers: the invited alliance's leads, or the network's."""
    if invitation.direction == Direction.INVITED:
        return can_manage(user, invitation.alliance)
    return can_run_network(user, invitation.network)


def can_withdraw(user, invitation):
    """The side that asked may take it back."""
    if invitation.direction == Direction.INVITED:
        return can_run_network(user, invitation.network)
    return can_manage(user, invitation.alliance)


@transaction.atomic
def propose_network(user, alliance, name, region, description="", sub_region=""):
    """A lead proposes a network; their alliance is its first member."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can start a network for it.")
    name = name.strip()
    problems = Network.name_problems(name)
    if region not in Network.Region.values:
        problems.append("Choose the network's region: one of the nine English regions.")
    if problems:
        raise RuleBroken(problems)
    network = Network.objects.create(name=name, region=region, sub_region=sub_region, description=description, created_by=user)
    NetworkMembership.objects.create(network=network, alliance=alliance)
    return network


def _joining_problems(network, alliance):
    problems = []
    if network.alliances.filter(pk=alliance.pk).exists():
        problems.append(f"{alliance.name} is already in {network.name}.")
    pending = NetworkInvitation.objects.filter(network=network, alliance=alliance, status=Status.PENDING).first()
    if pending and pending.direction == Direction.INVITED:
        problems.append(f"{alliance.name} has already been invited to join {network.name}.")
    elif pending:
        problems.append(f"{alliance.name} has already asked to join {network.name}.")
    return problems


@transaction.atomic
def invite_alliance(user, network, alliance, message=""):
    """A lead of a member alliance invites another; it joins when its own leads accept."""
    require(can_run_network(user, network), f"Only the leads of an alliance in {network.name} can invite another alliance.")
    problems = _joining_problems(network, alliance)
    if problems:
        raise RuleBroken(problems)
    invitation = NetworkInvitation.objects.create(network=network, alliance=alliance, direction=Direction.INVITED, message=message, sent_by=user)
    notices.network_invited(invitation)
    return invitation


@transaction.atomic
def ask_to_join(user, network, alliance, message=""):
    """An alliance's leads ask to join; it joins when a lead of any member alliance accepts."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can ask for it to join a network.")
    problems = _joining_problems(network, alliance)
    if problems:
        raise RuleBroken(problems)
    invitation = NetworkInvitation.objects.create(network=network, alliance=alliance, direction=Direction.ASKED, message=message, sent_by=user)
    notices.network_invited(invitation)
    return invitation


def _pending(invitation, allowed, reason):
    """The invitation, locked, once the acting person may act on it and it still waits."""
    invitation = NetworkInvitation.objects.select_for_update().select_related("network", "alliance").get(pk=invitation.pk)
    require(allowed(invitation), reason(invitation))
    if invitation.status != Status.PENDING:
        raise RuleBroken(f"This was already {invitation.get_status_display().lower()}.")
    return invitation


def answer_refusal(invitation):
    if invitation.direction == Direction.INVITED:
        return f"Only the leads of {invitation.alliance.name} can answer its invitation to {invitation.network.name}."
    return f"Only the leads of an alliance in {invitation.network.name} can answer {invitation.alliance.name}'s request to join."


def _close(invitation, user, status, reason=""):
    invitation.status, invitation.decision_reason = status, reason
    invitation.decided_by, invitation.decided_at = user, timezone.now()
    invitation.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    notices.answered(invitation)
    return invitation


@transaction.atomic
def accept(user, invitation):
    invitation = _pending(invitation, lambda inv: can_answer(user, inv), answer_refusal)
    if invitation.network.alliances.filter(pk=invitation.alliance_id).exists():
        raise RuleBroken(f"{invitation.alliance.name} is already in {invitation.network.name}.")
    _close(invitation, user, Status.ACCEPTED)
    return NetworkMembership.objects.create(network=invitation.network, alliance=invitation.alliance)


@transaction.atomic
def decline(user, invitation, reason=""):
    invitation = _pending(invitation, lambda inv: can_answer(user, inv), answer_refusal)
    return _close(invitation, user, Status.DECLINED, reason)


def withdraw_refusal(invitation):
    if invitation.direction == Direction.INVITED:
        return f"Only the leads of an alliance in {invitation.network.name} can withdraw its invitation to {invitation.alliance.name}."
    return f"Only the leads of {invitation.alliance.name} can withdraw its request to join {invitation.network.name}."


@transaction.atomic
def withdraw(user, invitation):
    invitation = _pending(invitation, lambda inv: can_withdraw(user, inv), withdraw_refusal)
    return _close(invitation, user, Status.WITHDRAWN)


@transaction.atomic
def leave_network(user, network, alliance):
    """A lead takes their own alliance out of a network. The membership keeps its dates."""
    require(can_manage(user, alliance), f"Only the leads of {alliance.name} can take it out of {network.name}.")
    membership = NetworkMembership.objects.current().select_for_update().filter(network=network, alliance=alliance).first()
    if membership is None:
        raise RuleBroken(f"{alliance.name} is not in {network.name}.")
    membership.left_on, membership.left_by = date.today(), user
    membership.save(update_fields=["left_on", "left_by"])
    return membership


def waiting_for(user, managed=None):
    """Pending invitations and requests the user can answer: invitations to alliances they run,
    and requests to join networks that an alliance they run is in. `managed`: the ids of the
    alliances they run, when the caller knows them already."""
    managed = managed_alliance_ids(user) if managed is None else managed
    if not managed:
        return NetworkInvitation.objects.none()
    networks = NetworkMembership.objects.current().filter(alliance_id__in=managed).values("network")
    return (
        NetworkInvitation.objects.filter(status=Status.PENDING)
        .filter(Q(direction=Direction.INVITED, alliance_id__in=managed) | Q(direction=Direction.ASKED, network_id__in=networks))
        .select_related("network", "alliance", "sent_by")
    )


@transaction.atomic
def add_resource(user, network, title, url="", document=None, description=""):
    require(can_run_network(user, network), f"Only the leads of an alliance in {network.name} can add to its library.")
    return NetworkResource.objects.create(
        network=network, added_by=user, title=title, url=url or "", document=document or "",
        document_name=document.name if document else "", description=description,
    )
