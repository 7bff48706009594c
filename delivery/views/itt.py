"""ITT pages: an alliance's summary and cohorts, a cohort's trainees, a trainee's placements and
outcome, a school's placed trainees, and the Council's national rates. Rules are in delivery/itt.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from alliances.models import Alliance
from alliances.permissions import (
    can_record_itt,
    can_see_school_placements,
    can_see_trainee_names,
    can_see_trainees,
    can_set_national_rates,
    require,
)
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import carried_out, show_refusal
from delivery import itt, ledger
from delivery.forms import EntryForm
from delivery.itt_forms import (
    BulkTraineesForm,
    CohortForm,
    EndPlacementForm,
    NationalRateForm,
    OutcomeForm,
    PlacementForm,
    TraineeForm,
)
from delivery.itt_progress import TRAINEES_TARGET, progress_by_year
from delivery.models import NationalRate, Placement, Trainee, TraineeCohort
from registry.models import School

COHORTS_PER_PAGE = 25
TRAINEES_PER_PAGE = 50


def _readable(request, alliance):
    require(can_see_trainees(request.user, alliance), f"Only {alliance.name}'s leads and the Council see its trainees.")


def _cohort(request, pk):
    cohort = get_object_or_404(TraineeCohort.objects.select_related("alliance", "lead_school", "accredited_provider", "partner_university"), pk=pk)
    _readable(request, cohort.alliance)
    return cohort


def _trainee(request, pk):
    trainee = get_object_or_404(Trainee.objects.select_related("cohort__alliance", "employing_school"), pk=pk)
    _readable(request, trainee.cohort.alliance)
    return trainee


def _require_recorder(request, alliance):
    require(can_record_itt(request.user, alliance), f"Only {alliance.name}'s leads record its trainees.")


@login_required
@require_safe
def summary(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    _readable(request, alliance)
    cohorts = itt_cohorts(alliance)
    page = Paginator(cohorts, COHORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "delivery/itt/summary.html", {
        "alliance": alliance, "years": progress_by_year(alliance), "page": page, "target": TRAINEES_TARGET,
        "records": can_record_itt(request.user, alliance),
    })


def itt_cohorts(alliance):
    from django.db.models import Count

    return alliance.trainee_cohorts.select_related("lead_school", "accredited_provider", "partner_university").annotate(
        trainees_count=Count("trainees"),
    ).order_by("-academic_year", "route", "pk")


@login_required
def new_cohort(request, slug):
    alliance = managed_alliance(request, slug)
    form = CohortForm(request.POST or None, lead_schools=alliance.lead_schools())
    if carried_out(
        request, form, lambda data: itt.create_cohort(request.user, alliance, **data),
        done=lambda cohort: f"The {cohort.year_label} cohort is saved. Add its trainees.",
    ):
        return redirect(form.outcome)
    return render(request, "delivery/itt/cohort_form.html", {"alliance": alliance, "form": form})


def _cohort_page(request, cohort, trainee_form=None, bulk_form=None, entry_form=None, status=200):
    trainees = itt.with_employment(cohort.trainees.select_related("employing_school")).order_by("reference", "pk")
    page = Paginator(trainees, TRAINEES_PER_PAGE).get_page(request.GET.get("page"))
    records = can_record_itt(request.user, cohort.alliance)
    # The cohort's share of the alliance's ITT in the contribution ledger (delivery/ledger.py).
    entries = list(
        ledger.entries_for(cohort).select_related("alliance", "school", "organisation", "recorded_by", "answered_by", "voided_by")
        .order_by("recorded_at", "id")
    )
    remaining = 100 - sum(entry.amount for entry in entries if entry.state != "voided")
    return render(request, "delivery/itt/cohort.html", {
        "cohort": cohort, "alliance": cohort.alliance, "page": page, "records": records,
        "names": can_see_trainee_names(request.user, cohort.alliance),
        "trainee_form": trainee_form or TraineeForm(), "bulk_form": bulk_form or BulkTraineesForm(),
        "entries": entries, "remaining": remaining, "managing": records,
        "suggestions": ledger.suggestions(cohort) if records and remaining > 0 and page.paginator.count else [],
        "entry_form": entry_form or (_entry_form(cohort) if records and remaining > 0 else None),
    }, status=status)


def _entry_form(cohort, data=None):
    return EntryForm(data, contributors=ledger.kind_of(cohort).contributors(cohort), unit_label="% of the cohort")


@login_required
@require_POST
def cohort_entries(request, pk):
    """Attribute the cohort's share: accept the suggested entry, or record one contributor's share."""
    cohort = _cohort(request, pk)
    _require_recorder(request, cohort.alliance)
    if "accept" in request.POST:
        try:
            made = ledger.accept_suggestions(request.user, cohort)
        except RuleBroken as refused:
            show_refusal(request, refused)
        else:
            messages.success(request, f"{len(made)} suggested entr{'y' if len(made) == 1 else 'ies'} recorded.")
        return redirect(cohort)
    form = _entry_form(cohort, request.POST)
    if carried_out(
        request, form, lambda data: ledger.record(request.user, cohort, [(data["contributor"], data["amount"])]),
        done=lambda _: f"{form.cleaned_data['contributor'].name}'s share is recorded.",
    ):
        return redirect(cohort)
    return _cohort_page(request, cohort, entry_form=form)


@login_required
@require_safe
def cohort(request, pk):
    return _cohort_page(request, _cohort(request, pk))


@login_required
@require_POST
def add_trainee(request, pk):
    cohort = _cohort(request, pk)
    _require_recorder(request, cohort.alliance)
    form = TraineeForm(request.POST)
    if carried_out(
        request, form, lambda data: itt.add_trainee(request.user, cohort, **data), done=lambda trainee: f"Trainee {trainee.reference} added.",
    ):
        return redirect(cohort)
    return _cohort_page(request, cohort, trainee_form=form)


@login_required
@require_POST
def bulk_add_trainees(request, pk):
    cohort = _cohort(request, pk)
    _require_recorder(request, cohort.alliance)
    form = BulkTraineesForm(request.POST)
    if carried_out(
        request, form, lambda data: itt.bulk_add_trainees(request.user, cohort, **form.service_arguments()),
        done=lambda made: f"{len(made)} trainees added: {made[0].reference} to {made[-1].reference}.",
    ):
        return redirect(cohort)
    return _cohort_page(request, cohort, bulk_form=form)


def _trainee_page(request, trainee, placement_form=None):
    alliance = trainee.cohort.alliance
    records = can_record_itt(request.user, alliance)
    return render(request, "delivery/itt/trainee.html", {
        "trainee": trainee, "cohort": trainee.cohort, "alliance": alliance, "records": records,
        "names": can_see_trainee_names(request.user, alliance),
        "placements": trainee.placements.select_related("school"),
        "placement_form": placement_form or (PlacementForm(schools=itt.placement_schools(alliance)) if records else None),
    })


@login_required
@require_safe
def trainee(request, pk):
    return _trainee_page(request, _trainee(request, pk))


@login_required
def record_outcome(request, pk):
    trainee = _trainee(request, pk)
    _require_recorder(request, trainee.cohort.alliance)
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_for(trainee))
    if carried_out(
        request, form, lambda data: itt.record_outcome(request.user, trainee, **form.service_arguments()),
        done=f"The outcome for {trainee.reference} is saved.",
    ):
        return redirect(trainee)
    return render(request, "delivery/itt/outcome_form.html", {"trainee": trainee, "cohort": trainee.cohort, "form": form})


@login_required
@require_POST
def add_placement(request, pk):
    trainee = _trainee(request, pk)
    _require_recorder(request, trainee.cohort.alliance)
    form = PlacementForm(request.POST, schools=itt.placement_schools(trainee.cohort.alliance))
    if carried_out(
        request, form, lambda data: itt.add_placement(request.user, trainee, **data),
        done=lambda placement: f"{trainee.reference} is placed at {placement.school.name}.",
    ):
        return redirect(trainee)
    return _trainee_page(request, trainee, placement_form=form)


@login_required
def end_placement(request, pk):
    placement = get_object_or_404(Placement.objects.select_related("trainee__cohort__alliance", "school"), pk=pk)
    trainee = _trainee(request, placement.trainee_id)
    _require_recorder(request, trainee.cohort.alliance)
    form = EndPlacementForm(request.POST or None, initial={"ends_on": placement.ends_on})
    if carried_out(
        request, form, lambda data: itt.end_placement(request.user, placement, **data),
        done=lambda _: f"The placement at {placement.school.name} ends on {form.cleaned_data['ends_on']:%-d %B %Y}.",
    ):
        return redirect(trainee)
    return render(request, "delivery/itt/end_placement.html", {"placement": placement, "trainee": trainee, "form": form})


@login_required
@require_safe
def school_placements(request, urn):
    """A placement school's own view: the trainees placed with it, by reference and dates only."""
    school = get_object_or_404(School, urn=urn)
    require(can_see_school_placements(request.user, school), f"Only {school.name}'s leaders and business managers see its placed trainees.")
    placements = school.trainee_placements.select_related("trainee__cohort__alliance").order_by("-starts_on", "pk")
    page = Paginator(placements, TRAINEES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "delivery/itt/school_placements.html", {"school": school, "page": page})


@login_required
def national_rates(request):
    require(can_set_national_rates(request.user), "Only members of the Teaching Schools Council enter national rates.")
    form = NationalRateForm(request.POST or None)
    if carried_out(
        request, form, lambda data: itt.set_national_rate(request.user, **data),
        done=lambda rate: f"The national rate for {rate.year_label} is {rate.value}%.",
    ):
        return redirect("delivery:national-rates")
    rates = NationalRate.objects.select_related("recorded_by")
    return render(request, "delivery/itt/national_rates.html", {"form": form, "rates": rates})
