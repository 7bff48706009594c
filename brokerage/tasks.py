"""Background work for the brokerage: a matching run (django-tasks; the database backend's worker,
`manage.py db_worker`, runs it).

The task takes a queued run (a run another worker took already is left alone), says at each step
what it is doing in `progress` (reading needs and offers; how many; solving; comparing with the
greedy baseline; saving the proposals), solves with the engine and the greedy baseline on the same
problem, stores both methods' figures and the engine's proposals in bulk (one row per matched
need and offer pair, and one per need not met in full, with the words why), and marks the run
finished. Input the engine cannot use, or an error, marks it failed with the reasons in `problems`:
never a silent nothing.

Every write checks the run is still running: a run failed as stalled (brokerage.runs.STALLED)
while a very late worker carried it out stays failed, with no proposals half-written.
"""
import logging

import numpy as np

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from brokerage.matching import MatchingInputError, explain_match, explain_unmet, greedy, nearest_candidates, solve
from brokerage.matching_inputs import build_inputs
from brokerage.models import MatchingRun, MatchProposal

log = logging.getLogger(__name__)
State = MatchingRun.State


class Stalled(Exception):
    """The run is no longer running: it was failed as stalled while this worker was on it."""


def _running(run):
    return MatchingRun.objects.filter(pk=run.pk, state=State.RUNNING)


def _say(run, words):
    run.progress = words
    if not _running(run).update(progress=words):
        raise Stalled


def _finish(run, state, progress, problems=(), figures=None):
    values = {"state": state, "progress": progress, "problems": list(problems), "finished_at": timezone.now()}
    if figures is not None:
        values["figures"] = figures
    if not _running(run).update(**values):
        raise Stalled
    for field, value in values.items():
        setattr(run, field, value)


def proposals(run, inputs, result):
    """MatchProposal rows (unsaved) for the engine's result: each matched pair, then each need not
    met in full with why."""
    problem = inputs.problem
    rows = []
    for row in range(len(result.need)):
        need, offer = int(result.need[row]), int(result.offer[row])
        rows.append(MatchProposal(
            run=run, need_id=int(problem.need_ids[need]), specialist_leader_id=inputs.offer_sle[offer] or None,
            offer_id=inputs.offer_offer[offer] or None, days=int(result.days[row]),
            distance_km=round(float(result.distance_km[row]), 2), priority=int(problem.priority[need]),
            explanation=explain_match(result, row),
        ))
    for need in np.flatnonzero(~result.met).tolist():
        why = explain_unmet(result, need)
        if why:
            rows.append(MatchProposal(
                run=run, need_id=int(problem.need_ids[need]), priority=int(problem.priority[need]), explanation=why,
            ))
    return rows


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def carry_out(run):
    _say(run, "Reading the needs and offers.")
    try:
        inputs = build_inputs(run.scope, school=run.school, alliance=run.alliance,
                              travel_limit_km=run.travel_limit_km, road_factor=run.road_factor)
    except MatchingInputError as refused:
        _finish(run, State.FAILED, "The needs and offers could not be matched as they are.", refused.reasons)
        return "failed"
    problem = inputs.problem
    _say(run, f"Read {_plural(problem.needs, 'need')} and {_plural(problem.offers, 'offer')}; solving.")
    candidates = nearest_candidates(problem) if problem.needs and problem.offers else None
    engine = solve(problem, candidates=candidates)
    _say(run, f"Solved {_plural(problem.needs, 'need')} and {_plural(problem.offers, 'offer')}; comparing with the greedy nearest-first baseline.")
    baseline = greedy(problem, candidates=candidates)
    figures = {"engine": engine.figures(), "greedy": baseline.figures(), "notes": inputs.notes + engine.notes}
    _say(run, "Saving the proposals.")
    with transaction.atomic():
        MatchProposal.objects.bulk_create(proposals(run, inputs, engine), batch_size=2000)
        met = figures["engine"]["needs_met"]
        done = (f"Finished: {met} of {_plural(problem.needs, 'need')} met in full." if problem.needs
                else "Finished: there was nothing to match.")
        _finish(run, State.FINISHED, done, engine.problems, figures)
    return "finished"


@task()
def run_matching(run_id):
    """Carry out a queued matching run; see the module notes."""
    taken = MatchingRun.objects.filter(pk=run_id, state=State.QUEUED).update(state=State.RUNNING, progress="Starting.")
    if not taken:
        return "not queued"
    run = MatchingRun.objects.select_related("school", "alliance").get(pk=run_id)
    try:
        return carry_out(run)
    except Stalled:
        log.warning("Matching run %s was failed as stalled before it finished; its result is dropped", run_id)
        return "stalled"
    except Exception as error:
        log.exception("Matching run %s failed", run_id)
        with transaction.atomic():
            MatchProposal.objects.filter(run_id=run_id).delete()
            try:
                _finish(run, State.FAILED, "The run stopped with an error.", [
                    f"The run stopped with an error ({type(error).__name__}). Start it again; if it fails again, tell the support team."
                ])
            except Stalled:
                return "stalled"
        return "failed"
