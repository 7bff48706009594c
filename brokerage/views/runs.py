"""Matching run pages: starting one (whose needs, travel limit, straight line or by road), a run's
page (its progress while it runs, refreshing itself; when finished the engine's figures beside the
greedy baseline's, a chart of the same, and the proposals, met and unmet, paged), and the list of
runs the person may see. Who may do what is in brokerage.runs."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from alliances.models import Alliance
from alliances.permissions import MANAGING_ROLES, is_council_member, managed_alliance_ids, require, schools_acting_for
from alliances.views.refusals import carried_out
from brokerage import runs
from brokerage.matching.problem import PRIORITY_WORDS
from brokerage.models import MatchingRun, MatchProposal, SchoolNeed
from brokerage.permissions import schools_brokered_by
from brokerage.run_forms import RunForm
from registry.models import School

Scope = MatchingRun.Scope
PROPOSALS_A_PAGE = 25
RUNS_A_PAGE = 25
REFRESH_SECONDS = 5
# (figure key, words, how shown): the comparison table, in this order.
FIGURES = [
    ("needs", "Needs", "count"),
    ("needs_met", "Needs met in full", "count"),
    ("needs_partly_met", "Needs partly met", "count"),
    ("high_priority_needs", "High-priority needs", "count"),
    ("high_priority_met", "High-priority needs met in full", "count"),
    ("days_wanted", "Days wanted", "count"),
    ("days_met", "Days matched", "count"),
    ("mean_distance_km", "Mean distance of a matched day (km)", "km"),
    ("objective", "Objective (higher is better)", "count"),
]
CHARTED = ("needs_met", "needs_partly_met", "high_priority_met")


def _options(user):
    """[(value, label, (scope, school, alliance))] the person may start a run for."""
    options = [
        (f"school:{school.urn}", f"{school.name}'s needs", (Scope.SCHOOL, school, None))
        for school in School.objects.filter(pk__in=schools_acting_for(user, MANAGING_ROLES)).order_by("name")
    ]
    options += [
        (f"alliance:{alliance.slug}", f"The needs of {alliance.name}'s schools", (Scope.ALLIANCE, None, alliance))
        for alliance in Alliance.objects.filter(pk__in=managed_alliance_ids(user)).order_by("name")
    ]
    if is_council_member(user):
        options.append(("national", "Every school's needs", (Scope.NATIONAL, None, None)))
    return options


@login_required
def new_run(request):
    options = _options(request.user)
    require(options, "Matching runs are started by a school's leaders and business managers, an alliance's managers and the Council.")
    chosen = ""
    if request.GET.get("school"):
        chosen = f"school:{request.GET['school']}"
    elif request.GET.get("alliance"):
        chosen = f"alliance:{request.GET['alliance']}"
    elif len(options) == 1:
        chosen = options[0][0]
    require(not chosen or chosen in {value for value, _, _ in options}, "You may not match those needs.")
    form = RunForm(request.POST or None, options=options, initial={"whose": chosen})
    if carried_out(request, form, lambda data: runs.start_run(request.user, **form.service_arguments())):
        messages.success(request, "The run is started. Until it finishes, this page shows how it is going and refreshes itself.")
        return redirect(form.outcome)
    return render(request, "brokerage/runs/new.html", {"form": form})


def _run(request, pk):
    run = get_object_or_404(MatchingRun.objects.select_related("school", "alliance", "started_by"), pk=pk)
    require(runs.can_see_run(request.user, run),
            "A matching run is seen by the person who started it, the Council and those who run the school or alliance it covers.")
    runs.STALLED.fail_shown([run])  # a run the worker never finished says so instead of waiting
    return run


def comparison(figures):
    """Rows of (words, engine, greedy) and the chart's data, from a run's figures."""
    engine, baseline = figures.get("engine", {}), figures.get("greedy", {})
    rows = []
    for key, words, shown in FIGURES:
        values = [engine.get(key), baseline.get(key)]
        if shown == "km":
            values = [f"{v:.1f}" if v is not None else "–" for v in values]
        rows.append((words, *values))
    chart = {
        "labels": [words for key, words, _ in FIGURES if key in CHARTED],
        "datasets": [
            {"label": "Matching engine", "data": [engine.get(key, 0) for key, _, _ in FIGURES if key in CHARTED]},
            {"label": "Greedy nearest-first", "data": [baseline.get(key, 0) for key, _, _ in FIGURES if key in CHARTED]},
        ],
    }
    return rows, chart


SHOWN = {"met": Q(specialist_leader__isnull=False) | Q(offer__isnull=False), "unmet": Q(specialist_leader__isnull=True, offer__isnull=True)}


@login_required
@require_safe
def run(request, pk):
    run = _run(request, pk)
    context = {"run": run, "working": run.state in runs.IN_HAND, "refresh_seconds": REFRESH_SECONDS}
    if run.state == MatchingRun.State.FINISHED:
        show = request.GET.get("show", "")
        show = show if show in SHOWN else ""
        proposals = MatchProposal.objects.filter(run=run).select_related(
            "need__school", "need__area", "specialist_leader__school", "offer__school",
        ).order_by("-priority", "need_id", "id")
        if show:
            proposals = proposals.filter(SHOWN[show])
        page = Paginator(proposals, PROPOSALS_A_PAGE).get_page(request.GET.get("page"))
        # Who may take a proposal up: as brokerage.permissions.can_request, for the whole page at once.
        may_ask_for = schools_acting_for(request.user, MANAGING_ROLES) | schools_brokered_by(request.user)
        for proposal in page.object_list:
            proposal.priority_words = PRIORITY_WORDS[proposal.priority].capitalize()
            proposal.may_request = (
                not proposal.is_unmet and proposal.need.state == SchoolNeed.State.OPEN and proposal.need.school_id in may_ask_for
            )
        rows, chart = comparison(run.figures)
        context.update(page=page, show=show, query=f"show={show}" if show else "", rows=rows, chart=chart)
    return render(request, "brokerage/runs/run.html", context)


@login_required
@require_safe
def run_list(request):
    shown = MatchingRun.objects.filter(runs.visible_runs_filter(request.user)).select_related("school", "alliance", "started_by")
    page = Paginator(shown.order_by("-started_at", "-id"), RUNS_A_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    runs.STALLED.fail_shown(page.object_list)
    council = is_council_member(request.user)
    # Whoever leads or runs the business of a school may match its needs (alliance managers do too).
    can_start = council or bool(schools_acting_for(request.user, MANAGING_ROLES))
    return render(request, "brokerage/runs/list.html", {"page": page, "can_start": can_start, "user_is_council": council})
