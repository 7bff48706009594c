"""School-to-school support pages: an alliance's managers list, record, edit and complete support
and attribute its days; everyone who may see an assignment reads it; the supported school's
leaders and business managers rate it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from alliances.permissions import can_manage, can_rate_support, can_see_support, require
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import carried_out
from delivery import assurance, ledger, support
from delivery.assurance_forms import AskSchoolForm
from delivery.forms import CompleteSupportForm, EntryForm, RateSupportForm, ReasonForm, SupportForm
from delivery.models import SupportAssignment

NEW_STATES = [(s.value, s.label) for s in (SupportAssignment.State.PLANNED, SupportAssignment.State.IN_PROGRESS)]
EDIT_STATES = [(s.value, s.label) for s in support.EDITABLE_STATES]


@login_required
@require_safe
def alliance_support(request, slug):
    alliance = managed_alliance(request, slug)
    page = Paginator(support.for_alliance(alliance), 50).get_page(request.GET.get("page"))
    return render(request, "delivery/alliance_support.html", {"alliance": alliance, "page": page})


@login_required
def new_support(request, slug):
    alliance = managed_alliance(request, slug)
    form = SupportForm(request.POST or None, supporters=support.supporters(alliance), states=NEW_STATES, initial={"state": "planned"})
    if carried_out(
        request, form, lambda data: support.record_assignment(request.user, alliance, **form.service_arguments()),
        done=lambda assignment: f"Support for {assignment.supported_school.name} is recorded.",
    ):
        return redirect(form.outcome)
    return render(request, "delivery/support_form.html", {"alliance": alliance, "form": form, "assignment": None})


def _assignment(pk):
    return get_object_or_404(
        SupportAssignment.objects.select_related(
            "alliance", "supported_school", "supporting_school", "supporting_organisation", "focus_area", "rated_by", "recorded_by"
        ), pk=pk,
    )


def _managed(request, pk):
    assignment = _assignment(pk)
    require(can_manage(request.user, assignment.alliance), f"Only the leads of {assignment.alliance.name} change its support records.")
    return assignment


@login_required
def edit_support(request, pk):
    assignment = _managed(request, pk)
    supporters = support.supporters(assignment.alliance)
    if not any(ledger._same(assignment.supporter, s) for s in supporters):
        supporters.append(assignment.supporter)  # kept choosable after its role ended
    form = SupportForm(request.POST or None, supporters=supporters, states=EDIT_STATES, initial=SupportForm.initial_for(assignment))
    if carried_out(
        request, form, lambda data: support.update_assignment(request.user, assignment, **form.service_arguments()), done="The support record is saved.",
    ):
        return redirect(assignment)
    return render(request, "delivery/support_form.html", {"alliance": assignment.alliance, "form": form, "assignment": assignment})


@login_required
def complete_support(request, pk):
    assignment = _managed(request, pk)
    form = CompleteSupportForm(request.POST or None, initial={"days_delivered": assignment.days_planned})
    if carried_out(
        request, form, lambda data: support.complete(request.user, assignment, **data), done="The support is completed. Attribute its days below.",
    ):
        return redirect(assignment)
    return render(request, "delivery/support_complete.html", {"assignment": assignment, "form": form})


def _detail(request, assignment, *, rate_form=None, entry_form=None, status=200):
    managing = can_manage(request.user, assignment.alliance)
    entries = ledger.with_records(ledger.entries_for(assignment))
    return render(request, "delivery/support_assignment.html", {
        "assignment": assignment, "managing": managing, "entries": entries,
        "outcome_after": support.outcome_after(assignment),
        "can_rate": can_rate_support(request.user, assignment) and assignment.state == "completed" and assignment.rating is None,
        "rate_form": rate_form or RateSupportForm(),
        "entry_form": entry_form or EntryForm(contributors=ledger.kind_of(assignment).contributors(assignment), unit_label="days"),
        "suggestions": ledger.suggestions(assignment) if managing else [],
        "remaining": ledger.remaining(assignment), "reason_form": ReasonForm(),
        "school_answers": assignment.school_answers.select_related("link", "resolved_by"),
        "links": assignment.confirmation_links.all()[:10] if managing else [],
        "ask_form": AskSchoolForm(), "school_addresses": assurance.school_addresses(assignment) if managing else [],
    }, status=status)


@login_required
@require_safe
def support_assignment(request, pk):
    assignment = _assignment(pk)
    require(can_see_support(request.user, assignment), "Support records are seen by the alliance's leads, the schools involved and the Council.")
    return _detail(request, assignment)


@login_required
@require_POST
def rate_support(request, pk):
    assignment = _assignment(pk)
    require(can_rate_support(request.user, assignment), f"Only {assignment.supported_school.name}'s leaders and business managers rate its support.")
    form = RateSupportForm(request.POST)
    if carried_out(request, form, lambda data: support.rate(request.user, assignment, **data), done="Thank you: your rating of the support is saved."):
        return redirect(assignment)
    return _detail(request, assignment, rate_form=form)


@login_required
@require_POST
def record_entries(request, pk):
    """Record one entry from the form, or accept the suggested entries in one step."""
    assignment = _managed(request, pk)
    if "accept" in request.POST:
        try:
            made = ledger.accept_suggestions(request.user, assignment)
        except RuleBroken as refused:
            for reason in refused.messages:
                messages.error(request, reason)
        else:
            messages.success(request, f"{len(made)} suggested entr{'y' if len(made) == 1 else 'ies'} recorded.")
        return redirect(assignment)
    form = EntryForm(request.POST, contributors=ledger.kind_of(assignment).contributors(assignment), unit_label="days")
    if carried_out(
        request, form, lambda data: ledger.record(request.user, assignment, [(data["contributor"], data["amount"])]),
        done=lambda _: f"{form.cleaned_data['contributor'].name}'s days are recorded.",
    ):
        return redirect(assignment)
    return _detail(request, assignment, entry_form=form)
