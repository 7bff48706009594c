"""Telling people about acting for a school or organisation: a request to its deciders and the
decision to the requester go through notices.sending.tell (in the site, and by email after the
transaction commits, as each person chooses); an invitation goes to the invited address.

The invitation is sent last, inside the service's transaction: its link carries the only copy of
the token, so if the mail server refuses, nothing is recorded and the leader simply tries again."""
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Affiliation, User
from alliances.permissions import decided_by_support, holder
from notices.sending import Kind, tell


def people_url(body):
    from registry.models import School

    if isinstance(body, School):
        return reverse("accounts:school-people", args=[body.urn])
    return reverse("accounts:organisation-people", args=[body.pk])


def deciders(affiliation_request):
    """Who is told of a request: the body's leaders (and business managers, for staff), or support."""
    if decided_by_support(affiliation_request):
        return list(User.objects.filter(is_staff=True, is_active=True))
    roles = [Affiliation.Role.LEADER]
    if affiliation_request.role == Affiliation.Role.STAFF:
        roles.append(Affiliation.Role.BUSINESS_MANAGER)
    leading = Affiliation.objects.filter(role__in=roles, **holder(affiliation_request.body)).values("user_id")
    return list(User.objects.filter(is_active=True, pk__in=leading))


def request_made(affiliation_request):
    support = decided_by_support(affiliation_request)
    detail = render_to_string("notices/email/act_for_request.txt", {"request": affiliation_request, "support": support})
    tell(
        deciders(affiliation_request),
        Kind.ACT_FOR_REQUEST,
        affiliation_request,
        f"{affiliation_request.user} asks to act for {affiliation_request.body_name}",
        reverse("accounts:support") if support else people_url(affiliation_request.body),
        detail,
    )


def request_decided(affiliation_request):
    detail = render_to_string("notices/email/act_for_decision.txt", {"request": affiliation_request})
    tell(
        [affiliation_request.user],
        Kind.ACT_FOR_DECISION,
        affiliation_request,
        f"Your request to act for {affiliation_request.body_name}: {affiliation_request.get_status_display().lower()}",
        reverse("accounts:your-schools"),
        detail,
    )


def invitation(invitation, token, base_url=""):
    link = base_url + reverse("accounts:accept-invitation", args=[token])
    body = render_to_string("accounts/email/invitation.txt", {"invitation": invitation, "link": link})
    subject = f"Act for {invitation.body.name} as {invitation.get_role_display().lower()}"
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [invitation.email])
