"""The last of the demo's brokerage, written after everything else (demo/builder/build.py) so that
its notices are the newest in each person's "For you":

- the notices the deployment workflow would have written for the deployments that wait for
  someone, made by the workflow's own functions (a few queries each, for a few dozen
  deployments): one asked for waits for the home school's leaders to release it
  (brokerage.deployment_notices.requested); one reported waits for the receiving school's leaders
  and business managers to confirm its impact (brokerage.deployment_progress_notices.reported);
- two finished matching runs, each started by the demo account that may start it and carried
  out here, synchronously, by the background task's own function (brokerage.tasks.carry_out,
  not the queue): one for the needs of `member.school@demo.example`'s school, one for the needs
  of the schools of the alliance `leader@demo.example` manages. Their pages show the proposals
  with the reasons, the greedy baseline beside the engine, and "Ask for this support";
- one of the alliance run's proposals taken up by its broker, `leader@demo.example`, through
  brokerage.deployments.request_deployment (route: proposed by the matching engine): asked for,
  waiting for the home school's release.

In the site only: loading the demo emails nobody."""
import time
from decimal import Decimal

from accounts.models import User
from alliances.models import Alliance
from alliances.rules import RuleBroken
from brokerage import deployment_notices, deployment_progress_notices, runs
from brokerage.deployments import request_deployment
from brokerage.models import Deployment, MatchingRun, MatchProposal
from brokerage.tasks import carry_out
from notices.sending import without_email
from registry.models import School

TRAVEL_LIMIT_KM = Decimal(40)
Scope = MatchingRun.Scope
State = Deployment.State


def tell_about_deployments():
    """The waiting deployments' notices; returns how many deployments were told about."""
    waiting = (
        Deployment.objects.filter(state__in=(State.REQUESTED, State.REPORTED))
        .select_related("need__area", "receiving_school", "home_school", "offer", "reported_by").order_by("pk")
    )
    told = 0
    with without_email():
        for deployment in waiting:
            if deployment.state == State.REQUESTED:
                deployment_notices.requested(deployment)
            elif deployment.reported_by_id is not None:
                deployment_progress_notices.reported(deployment, deployment.reported_by)
            told += 1
    return told


def _finished_run(user, scope, *, school=None, alliance=None):
    """A run started by `user` (who may start it) and carried out now; returns (run, seconds)."""
    if not runs.can_start(user, scope, school, alliance):
        raise AssertionError(f"{user.email} may not start a {scope} matching run")
    run = MatchingRun.objects.create(
        scope=scope, school=school, alliance=alliance, travel_limit_km=TRAVEL_LIMIT_KM, road_factor=runs.ROAD_ESTIMATE,
        started_by=user, state=MatchingRun.State.RUNNING, progress="Starting.",
    )
    started = time.perf_counter()
    outcome = carry_out(run)
    if outcome != "finished":
        raise AssertionError(f"The demo's {scope} matching run failed: {run.problems}")
    return run, time.perf_counter() - started


def _take_up(leader, run, lead_school_id, avoid):
    """Ask, as the alliance's broker, for one proposed support the school run did not also
    propose (so each run's proposals can still be asked for); the lead school's own SLE first."""
    proposals = (
        MatchProposal.objects.filter(run=run, need__state="open")
        .exclude(specialist_leader__isnull=True, offer__isnull=True).exclude(need__school_id=avoid["school"])
        .exclude(specialist_leader_id__in=avoid["sles"]).exclude(offer_id__in=avoid["offers"])
        .select_related("need", "specialist_leader", "offer").order_by("-priority", "need_id", "pk")
    )
    def preference(proposal):
        home = proposal.specialist_leader.school_id if proposal.specialist_leader_id else proposal.offer.school_id
        return home != lead_school_id, not proposal.specialist_leader_id

    for proposal in sorted(proposals, key=preference):
        try:
            with without_email():
                return request_deployment(leader, proposal.need, proposal=proposal)
        except RuleBroken:
            continue
    return None


def write_matching_runs(story):
    """The two demo runs and the deployment taken up from one; [(email, what it shows)]."""
    member = User.objects.get(email="member.school@demo.example")
    leader = User.objects.get(email="leader@demo.example")
    school = School.objects.get(pk=story.member_school.id)
    alliance = Alliance.objects.get(pk=story.plan.alliance.pk)
    school_run, school_seconds = _finished_run(member, Scope.SCHOOL, school=school)
    alliance_run, alliance_seconds = _finished_run(leader, Scope.ALLIANCE, alliance=alliance)
    proposed = MatchProposal.objects.filter(run=school_run)
    avoid = {
        "school": school.pk,
        "sles": [pk for pk in proposed.values_list("specialist_leader_id", flat=True) if pk],
        "offers": [pk for pk in proposed.values_list("offer_id", flat=True) if pk],
    }
    deployment = _take_up(leader, alliance_run, story.lead_school.id, avoid)
    timings = {"school": school_seconds, "alliance": alliance_seconds}
    accounts = [
        ("member.school@demo.example", f"a finished matching run for its school's needs ({school_run.get_absolute_url()}): "
                                       "proposals with reasons, the greedy baseline beside it, and \"Ask for this support\""),
        ("leader@demo.example", f"a finished matching run for {alliance.name}'s schools ({alliance_run.get_absolute_url()})"
         + (f", one of whose proposals it asked for as broker ({deployment.get_absolute_url()})" if deployment else "")),
    ]
    return accounts, timings, deployment
