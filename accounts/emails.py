"""The emails about acting for a school or organisation: a request to its deciders, the decision
to the requester, an invitation to the invitee. Plain text, from templates/accounts/email/.

Each is sent last, inside the service's transaction: if the mail server refuses, nothing is
recorded either, so the person can simply try again."""
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Affiliation, User
from alliances.permissions import decided_by_support, holder


def _send(subject, template, context, recipients):
    if not recipients:
        return
    body = render_to_string(f"accounts/email/{template}", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, sorted(set(recipients)))


def people_url(body):
    from registry.models import School

    if isinstance(body, School):
        return reverse("accounts:school-people", args=[body.urn])
    return reverse("accounts:organisation-people", args=[body.pk])


def deciders(affiliation_request):
    """Who is told of a request: the body's leaders (and business managers, for staff), or support."""
    if decided_by_support(affiliation_request):
        return list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
    roles = [Affiliation.Role.LEADER]
    if affiliation_request.role == Affiliation.Role.STAFF:
        roles.append(Affiliation.Role.BUSINESS_MANAGER)
    affiliations = Affiliation.objects.filter(role__in=roles, **holder(affiliation_request.body))
    return list(affiliations.values_list("user__email", flat=True))


def request_made(affiliation_request, base_url=""):
    support = decided_by_support(affiliation_request)
    link = reverse("accounts:support") if support else people_url(affiliation_request.body)
    _send(
        f"{affiliation_request.user} asks to act for {affiliation_request.body_name}",
        "request_made.txt",
        {"request": affiliation_request, "support": support, "link": base_url + link},
        deciders(affiliation_request),
    )


def request_decided(affiliation_request, base_url=""):
    _send(
        f"Your request to act for {affiliation_request.body_name}: {affiliation_request.get_status_display().lower()}",
        "request_decided.txt",
        {"request": affiliation_request, "link": base_url + reverse("accounts:your-schools")},
        [affiliation_request.user.email],
    )


def invitation(invitation, token, base_url=""):
    link = base_url + reverse("accounts:accept-invitation", args=[token])
    _send(
        f"Act for {invitation.body.name} as {invitation.get_role_display().lower()}",
        "invitation.txt",
        {"invitation": invitation, "link": link},
        [invitation.email],
    )
