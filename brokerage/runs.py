"""Starting a matching run, and who sees one.

A run covers one school's needs (started by the school's leaders and business managers), an
alliance's (its managers: the leaders and business managers of its lead schools) or every
school's (the Teaching Schools Council), against every offer in the country. Starting one makes
a `MatchingRun` (queued) and, once the request's transaction has committed, enqueues
`brokerage.tasks.run_matching`, which does the work in the background (see there).

A run, its figures and its proposals are seen by the person who started it, the Council, and
those who could start it now (the school's leaders and business managers, or the alliance's
managers). Proposals name the SLE's school, never the SLE.

A run the worker never finishes is failed after a limit (`STALLED`, see delivery.stalled_jobs),
so its page stops waiting and the person may start another.
"""
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q

from alliances.permissions import MANAGING_ROLES, can_manage, is_council_member, managed_alliance_ids, require, schools_acting_for
from alliances.rules import RuleBroken
from brokerage.models import MatchingRun
from brokerage.permissions import can_edit_profile
from delivery.stalled_jobs import QUEUED_LIMIT, RUNNING_LIMIT, Limit, StalledJobs, did_not_finish

Scope = MatchingRun.Scope
LIMIT_KM = (Decimal(1), Decimal(500))
ROAD_FACTOR = (Decimal("1.0"), Decimal("3.0"))
ROAD_ESTIMATE = Decimal("1.3")  # the usual rule of thumb for distance by road against the straight line
IN_HAND = (MatchingRun.State.QUEUED, MatchingRun.State.RUNNING)
# A run keeps only when it was asked for (`started_at`), so a running run's limit counts from
# then: the time it may wait plus the time it may run.
STALLED = StalledJobs(
    label="matching runs", model=MatchingRun, state_field="state",
    limits=(
        Limit(MatchingRun.State.QUEUED, "started_at", QUEUED_LIMIT),
        Limit(MatchingRun.State.RUNNING, "started_at", QUEUED_LIMIT + RUNNING_LIMIT),
    ),
    failed=lambda limit, now: {
        "state": MatchingRun.State.FAILED, "finished_at": now, "progress": "Stopped: it did not finish in time.",
        "problems": [did_not_finish(limit.limit)],
    },
)


def can_start(user, scope, school=None, alliance=None):
    if not (user and user.is_authenticated):
        return False
    if scope == Scope.SCHOOL:
        return school is not None and can_edit_profile(user, school)
    if scope == Scope.ALLIANCE:
        return alliance is not None and can_manage(user, alliance)
    return scope == Scope.NATIONAL and is_council_member(user)


def can_see_run(user, run):
    if not (user and user.is_authenticated):
        return False
    return run.started_by_id == user.pk or is_council_member(user) or can_start(user, run.scope, run.school, run.alliance)


def visible_runs_filter(user):
    """A Q over MatchingRun for the runs the user may see (as can_see_run)."""
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    if is_council_member(user):
        return Q()
    return (
        Q(started_by=user)
        | Q(scope=Scope.SCHOOL, school_id__in=schools_acting_for(user, MANAGING_ROLES))
        | Q(scope=Scope.ALLIANCE, alliance_id__in=managed_alliance_ids(user))
    )


def scope_words(scope, school=None, alliance=None):
    if scope == Scope.SCHOOL and school is not None:
        return f"{school.name}'s needs"
    if scope == Scope.ALLIANCE and alliance is not None:
        return f"the needs of {alliance.name}'s schools"
    return "every school's needs"


def _number(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _problems(user, scope, school, alliance, travel_limit_km, road_factor):
    problems = []
    limit, factor = _number(travel_limit_km), _number(road_factor)
    if limit is None or not LIMIT_KM[0] <= limit <= LIMIT_KM[1]:
        problems.append(f"Give a travel limit from {LIMIT_KM[0]} to {LIMIT_KM[1]} km.")
    if factor is None or not ROAD_FACTOR[0] <= factor <= ROAD_FACTOR[1]:
        problems.append(f"Give a road factor from {ROAD_FACTOR[0]} (straight line) to {ROAD_FACTOR[1]}.")
    waiting = MatchingRun.objects.filter(started_by=user, scope=scope, school=school, alliance=alliance, state__in=IN_HAND)
    STALLED.fail_all(waiting)  # a stalled run is no reason to wait
    if waiting.exists():
        problems.append(f"Your run for {scope_words(scope, school, alliance)} has not finished yet: wait for it before starting another.")
    return problems, limit, factor


@transaction.atomic
def start_run(user, *, scope, school=None, alliance=None, travel_limit_km, road_factor):
    """Queue a matching run for the scope; refused with every reason at once."""
    if scope not in Scope.values:
        raise RuleBroken("Choose whose needs to match: one school's, an alliance's or every school's.")
    if scope == Scope.SCHOOL and school is None:
        raise RuleBroken("Choose the school whose needs to match.")
    if scope == Scope.ALLIANCE and alliance is None:
        raise RuleBroken("Choose the alliance whose schools' needs to match.")
    school = school if scope == Scope.SCHOOL else None
    alliance = alliance if scope == Scope.ALLIANCE else None
    require(can_start(user, scope, school, alliance), {
        Scope.SCHOOL: "Only the school's leaders and business managers match its needs.",
        Scope.ALLIANCE: "Only the alliance's managers (its lead schools' leaders and business managers) match its schools' needs.",
        Scope.NATIONAL: "Only the Teaching Schools Council matches every school's needs.",
    }[scope])
    problems, limit, factor = _problems(user, scope, school, alliance, travel_limit_km, road_factor)
    if problems:
        raise RuleBroken(problems)
    run = MatchingRun.objects.create(
        scope=scope, school=school, alliance=alliance, travel_limit_km=limit, road_factor=factor, started_by=user,
        progress="Waiting for the background worker to start it.",
    )

    def enqueue():
        from brokerage.tasks import run_matching

        run_matching.enqueue(run.pk)

    transaction.on_commit(enqueue)
    return run
