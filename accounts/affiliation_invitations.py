"""Inviting a colleague, by email, to act for a school or organisation in a role.

A leader invites in any role, a business manager staff only. The link carries a random token
(only its digest is stored), works once and lasts 14 days. It is accepted by a signed-in account
with the invited address verified; the affiliation is created then."""
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import emails
from accounts.models import Affiliation, AffiliationInvitation, User, token_digest
from alliances.permissions import can_invite, holder, require
from alliances.rules import RuleBroken
from registry.models import School

Role = Affiliation.Role


def pending_for(body):
    return AffiliationInvitation.objects.filter(
        accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now(), **holder(body)
    ).select_related("invited_by")


def acts_for(email, body):
    """Whether an account with this address (its own or another verified one) acts for the body."""
    accounts = User.objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
    )
    return Affiliation.objects.filter(user__in=accounts, **holder(body)).exists()


def _who_invites(body, role):
    if role == Role.STAFF:
        return f"Only {body.name}'s leaders and business managers can invite staff."
    return f"Only {body.name}'s leaders can invite a leader or business manager."


@transaction.atomic
def invite(user, body, role, email, base_url=""):
    """Returns the invitation; the link's token goes only into the email."""
    require(can_invite(user, body, role if role in Role.values else Role.STAFF), _who_invites(body, role))
    email = email.strip().lower()
    problems = []
    if role not in Role.values:
        problems.append("Choose the role they will have: leader, business manager or staff member.")
    try:
        validate_email(email)
    except ValidationError:
        problems.append("Enter an email address in the correct format, like name@example.com.")
    else:
        if acts_for(email, body):
            problems.append(f"{email} already acts for {body.name}.")
        if pending_for(body).filter(email__iexact=email).exists():
            problems.append(f"{email} has already been invited to act for {body.name}. Withdraw that invitation to send another.")
    if problems:
        raise RuleBroken(problems)
    token = secrets.token_urlsafe(32)
    invitation = AffiliationInvitation.objects.create(
        role=role, email=email, invited_by=user, token_digest=token_digest(token), **holder(body)
    )
    emails.invitation(invitation, token, base_url)
    return invitation


def find(token):
    """The invitation a link's token names, or None."""
    return (
        AffiliationInvitation.objects.select_related("school", "organisation", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def acceptance_problems_for_anyone(invitation):
    """Why the link no longer works, whoever follows it: used, withdrawn or expired."""
    Status = AffiliationInvitation.Status
    status = invitation.status
    if status == Status.ACCEPTED:
        return [f"This invitation has already been used, on {invitation.accepted_at:%-d %B %Y}. Each link works once."]
    if status == Status.WITHDRAWN:
        return [f"{invitation.invited_by} withdrew this invitation. Ask them to invite you again if you need it."]
    if status == Status.EXPIRED:
        return [f"This invitation expired on {invitation.expires_at:%-d %B %Y}. Ask {invitation.invited_by} to invite you again."]
    return []


def acceptance_problems(user, invitation):
    """Every reason this person cannot accept this invitation now (none: they can)."""
    if problems := acceptance_problems_for_anyone(invitation):
        return problems
    body = invitation.body
    problems = []
    if isinstance(body, School) and not body.is_open:
        problems.append(f"{body.name} is {body.get_status_display().lower()}: nobody can act for it now.")
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        problems.append(
            f"This invitation is for {invitation.email}, which is not a verified address of the account you are "
            f"signed in with ({user.email}). Sign in with {invitation.email}, or ask {invitation.invited_by} to "
            f"invite {user.email}."
        )
    held = Affiliation.objects.filter(user=user, **holder(body)).first()
    if held:
        problems.append(f"You already act for {body.name} as {held.get_role_display().lower()}.")
    return problems


@transaction.atomic
def accept(user, token):
    require(user.is_authenticated, "Sign in to accept an invitation.")
    invitation = AffiliationInvitation.objects.select_for_update().filter(token_digest=token_digest(token)).first()
    if invitation is None:
        raise RuleBroken("This invitation link is not right. Check you copied all of it from the email.")
    problems = acceptance_problems(user, invitation)
    if problems:
        raise RuleBroken(problems)
    affiliation = Affiliation(user=user, role=invitation.role, **holder(invitation.body))
    affiliation._history_user = user
    affiliation._change_reason = f"Invitation {invitation.pk} from {invitation.invited_by} accepted"
    affiliation.save()
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return affiliation


@transaction.atomic
def withdraw(user, invitation):
    invitation = AffiliationInvitation.objects.select_for_update(of=("self",)).select_related("school", "organisation").get(pk=invitation.pk)
    require(can_invite(user, invitation.body, invitation.role), _who_invites(invitation.body, invitation.role))
    if invitation.status != AffiliationInvitation.Status.PENDING:
        raise RuleBroken(f"This invitation is already {invitation.get_status_display().lower()}.")
    invitation.withdrawn_at, invitation.withdrawn_by = timezone.now(), user
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return invitation
