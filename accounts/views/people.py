"""A school's or organisation's people page, for its leaders and business managers: colleagues
and their roles, requests to decide, invitations; and the decisions posted from it (and from the
support queue)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import affiliation_invitations, affiliation_requests, colleagues
from accounts.affiliation_forms import DecideForm, InviteForm, RoleForm
from accounts.emails import people_url
from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest
from accounts.views.acting_for import site_root
from alliances.permissions import (
    can_invite,
    can_manage_colleagues,
    can_see_people,
    is_support,
    require,
)
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal
from registry.models import Organisation, School

Role = Affiliation.Role


def _people_page(request, body):
    require(can_see_people(request.user, body), f"Only {body.name}'s leaders and business managers see who acts for it.")
    invitable = [role for role in Role.values if can_invite(request.user, body, role)]
    form = InviteForm(request.POST or None, roles=invitable)
    if carried_out(
        request, form, lambda data: affiliation_invitations.invite(request.user, body, data["role"], data["email"], site_root(request)),
        done=lambda _: f"{form.cleaned_data['email']} is invited to act for {body.name}. The link in the email works for 14 days.",
    ):
        return redirect(people_url(body))
    people = list(colleagues.colleagues_of(body))
    return render(
        request,
        "accounts/people.html",
        {
            "body": body,
            "form": form,
            "people": [(affiliation, RoleForm(initial={"role": affiliation.role}, prefix=f"role-{affiliation.pk}")) for affiliation in people],
            "manages": can_manage_colleagues(request.user, body),
            "requests": [(r, DecideForm(prefix=f"decide-{r.pk}")) for r in affiliation_requests.waiting_for_leaders(request.user, body)],
            "invitations": affiliation_invitations.pending_for(body),
            "invitable": invitable,
        },
    )


@login_required
def school_people(request, urn):
    return _people_page(request, get_object_or_404(School, urn=urn))


@login_required
def organisation_people(request, pk):
    return _people_page(request, get_object_or_404(Organisation, pk=pk))


@login_required
@require_POST
def change_role(request, pk):
    affiliation = get_object_or_404(Affiliation.objects.select_related("user", "school", "organisation"), pk=pk)
    require(can_manage_colleagues(request.user, affiliation.body), f"Only {affiliation.body.name}'s leaders change colleagues' roles.")
    role = request.POST.get(f"role-{pk}-role", "")
    try:
        colleagues.change_role(request.user, affiliation, role)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{affiliation.user} is now {Role(role).label.lower()} at {affiliation.body.name}.")
    return redirect(people_url(affiliation.body))


def _back(request, affiliation_request):
    """Where a decision was made from: the support queue, Your schools, or the people page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    if affiliation_request.body is not None and can_see_people(request.user, affiliation_request.body):
        return redirect(people_url(affiliation_request.body))
    return redirect("accounts:support" if is_support(request.user) else "accounts:your-schools")


def _decide(request, pk, decide, done):
    asked = get_object_or_404(AffiliationRequest.objects.select_related("user", "school", "organisation"), pk=pk)
    reason = request.POST.get(f"decide-{pk}-reason", "")
    try:
        decide(request.user, asked, reason)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, done(asked))
    return _back(request, asked)


@login_required
@require_POST
def approve(request, pk):
    return _decide(request, pk, affiliation_requests.approve, lambda r: f"{r.user} now acts for {r.body_name} as {r.get_role_display().lower()}.")


@login_required
@require_POST
def refuse(request, pk):
    return _decide(request, pk, affiliation_requests.refuse, lambda r: f"The request from {r.user} to act for {r.body_name} is refused.")


@login_required
@require_POST
def withdraw_invitation(request, pk):
    invitation = get_object_or_404(AffiliationInvitation.objects.select_related("school", "organisation"), pk=pk)
    try:
        affiliation_invitations.withdraw(request.user, invitation)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn: its link no longer works.")
    return redirect(people_url(invitation.body))
