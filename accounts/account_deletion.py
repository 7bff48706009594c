"""A person deletes their account.

The account's row stays as a tombstone: signatures, decisions and history point at it with
PROTECT or SET NULL, and they must keep reading as they did, so the name stays while everything
that signs in or reaches the person goes (email address, password, two-factor, sign-ins, the
schools they act for, what they were waiting for). Everything happens in one transaction, and a
refusal writes nothing."""
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from accounts import colleagues
from accounts.models import DELETED_DOMAIN, Affiliation, AffiliationInvitation, AffiliationRequest, User
from accounts.personal_data import sessions_of
from alliances.rules import RuleBroken

HISTORY_REASON = "account deleted"


def tombstone_email(user):
    return f"deleted-{user.pk}@{DELETED_DOMAIN}"


def refusals(user):
    """Why this account cannot be deleted now: it is the last leader somewhere colleagues remain."""
    affiliations = Affiliation.objects.filter(user=user).select_related("user", "school", "organisation").order_by("created_at")
    return [
        problem
        for affiliation in affiliations
        if (problem := colleagues.last_leader_problem(affiliation, "delete their account"))
    ]


@transaction.atomic
def delete_account(user, password):
    """Checks the password and the last-leader rule, then turns the account into a tombstone."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password or ""):
        raise RuleBroken("Enter your current password")
    problems = refusals(user)
    if problems:
        raise RuleBroken(problems)

    for affiliation in Affiliation.objects.filter(user=user):
        # The normal path, so simple-history records each removal with the reason.
        colleagues.remove(user, affiliation, reason=HISTORY_REASON)
    now = timezone.now()
    AffiliationRequest.objects.filter(user=user, status=AffiliationRequest.Status.PENDING).update(
        status=AffiliationRequest.Status.WITHDRAWN, decided_by=user, decided_at=now
    )
    AffiliationInvitation.objects.filter(
        invited_by=user, accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
    ).update(withdrawn_at=now, withdrawn_by=user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Session.objects.filter(session_key__in=[session.session_key for session in sessions_of(user)]).delete()
    user.groups.clear()
    user.user_permissions.clear()

    # The name stays as it was, so signatures and decisions read the same.
    user.email = tombstone_email(user)
    user.set_unusable_password()  # also ends any sign-in kept elsewhere: its hash no longer matches
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    return user
