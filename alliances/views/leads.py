"""Inviting a teaching school to co-lead, and its answer."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from alliances import lead_invitations
from alliances.forms import InviteLeadForm
from alliances.models import LeadInvitation
from alliances.permissions import can_commit_school, require
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import show_form_errors, show_refusal


@login_required
@require_POST
def invite(request, slug):
    alliance = managed_alliance(request, slug)
    form = InviteLeadForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("alliances:manage", slug=slug)
    school = form.cleaned_data["urn"]
    try:
        lead_invitations.invite_lead(request.user, alliance, school, form.cleaned_data["becomes"])
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{school.name} is invited to co-lead {alliance.name}. It leads once its leader accepts.")
    return redirect("alliances:manage", slug=slug)


def _invitation(request, pk):
    invitation = get_object_or_404(LeadInvitation.objects.select_related("alliance", "school"), pk=pk)
    require(can_commit_school(request.user, invitation.school), f"Only {invitation.school.name}'s own leader or business manager can answer for it.")
    return invitation


@login_required
@require_POST
def accept(request, pk):
    invitation = _invitation(request, pk)
    try:
        lead_invitations.accept_invitation(request.user, invitation)
    except RuleBroken as refused:
        show_refusal(request, refused)
        return redirect("alliances:yours")
    messages.success(request, f"{invitation.school.name} now co-leads {invitation.alliance.name}.")
    return redirect(invitation.alliance)


@login_required
@require_POST
def decline(request, pk):
    invitation = _invitation(request, pk)
    try:
        lead_invitations.decline_invitation(request.user, invitation, request.POST.get("reason", ""))
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{invitation.school.name} declined to co-lead {invitation.alliance.name}.")
    return redirect("alliances:yours")
