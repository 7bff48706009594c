"""Lead schools proposing, answering and withdrawing the end of another lead school's role."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from alliances import lead_removal
from alliances.forms import EndRoleConfirmForm
from alliances.models import AllianceRole, LeadEndProposal
from alliances.permissions import MANAGING_ROLES, require, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request, pk):
    role = get_object_or_404(AllianceRole.objects.select_related("alliance", "school"), pk=pk, role=AllianceRole.Role.LEAD)
    alliance = role.alliance
    mine = schools_acting_for(request.user, MANAGING_ROLES)
    # The page is for the other lead schools' people; the service checks this again.
    require(
        role.school_id not in mine and alliance.lead_schools().filter(pk__in=mine).exists(),
        f"Only the leader or business manager of another of {alliance.name}'s lead schools can propose ending {role.school.name}'s role.",
    )
    refusals, agreement = lead_removal.agreement_problems(alliance)
    form = EndRoleConfirmForm(request.POST or None, initial={"ends_on": date.today()})
    if carried_out(
        request, form, lambda data: lead_removal.propose(request.user, role, data["ends_on"], data["reason"]),
        done=lambda proposal: (
            f"{role.school.name}'s role as a lead ends on {proposal.ends_on:%-d %B %Y}."
            if proposal.status == LeadEndProposal.Status.CARRIED
            else f"You proposed ending {role.school.name}'s role. The other lead schools are asked to answer."
        ),
    ):
        return redirect("alliances:manage", slug=alliance.slug)
    return render(
        request, "alliances/propose_lead_end.html",
        {"role": role, "alliance": alliance, "form": form, "refusals": refusals, "agreement": agreement},
    )


def _proposal(pk):
    return get_object_or_404(LeadEndProposal.objects.select_related("role__alliance", "role__school"), pk=pk)


def _answered(proposal):
    name = proposal.role.school.name
    if proposal.status == LeadEndProposal.Status.CARRIED:
        return f"Agreed: {name}'s role as a lead ends on {proposal.ends_on:%-d %B %Y}."
    if proposal.status == LeadEndProposal.Status.REFUSED:
        return f"Your answer is recorded. Not enough lead schools can now agree, so {name}'s role does not end."
    return f"Your answer is recorded. The proposal to end {name}'s role waits for the other lead schools."


@login_required
@require_POST
def answer(request, pk):
    proposal = _proposal(pk)
    given = request.POST.get("agrees")
    if given not in ("yes", "no"):
        # Checked after permission, so a stranger learns nothing from a missing answer.
        lead_removal.require_answerer(request.user, proposal)
        messages.error(request, "Say whether you agree to end the role.")
    else:
        try:
            lead_removal.answer(request.user, proposal, given == "yes")
        except RuleBroken as refused:
            show_refusal(request, refused)
        else:
            proposal.refresh_from_db()
            messages.success(request, _answered(proposal))
    return redirect("alliances:manage", slug=proposal.role.alliance.slug)


@login_required
@require_POST
def withdraw(request, pk):
    proposal = _proposal(pk)
    try:
        lead_removal.withdraw(request.user, proposal)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"You withdrew the proposal to end {proposal.role.school.name}'s role.")
    return redirect("alliances:manage", slug=proposal.role.alliance.slug)
