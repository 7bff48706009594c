"""The demo's brokerage (demo/builder/brokerage.py) on the small demo world: SLEs in proportion
(one for every eight schools: 3,000 at the national size), a profile for every demo school, and
deployments in every state that keep the brokerage's rules, written in bulk rather than through
the services, so checked here: designated SLEs in the need's area, never over their yearly
capacity, brokered by their teaching school in an alliance it leads, completed ones with a
completed support record whose ledger entries add up to the days delivered."""
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.urls import reverse

from accounts.models import Affiliation, User
from alliances.models import AllianceRole
from brokerage.eligibility import eligibility_problems
from brokerage.models import Deployment, ProgressReview, SchoolNeed, SchoolOffer, SpecialistLeader
from delivery.models import Contribution, SupportAssignment
from demo.builder.brokerage_sles import SCHOOLS_PER_SLE
from demo.builder.delivery_years import academic_year_of
from registry.models import School

pytestmark = pytest.mark.usefixtures("demo")
State = SpecialistLeader.State


def _demo_schools():
    return School.objects.open().state_funded().filter(latitude__isnull=False, longitude__isnull=False)


def test_about_one_sle_for_every_eight_schools_mostly_designated_and_in_every_state(db):
    schools = _demo_schools().count()
    sles = SpecialistLeader.objects.count()
    assert abs(sles - (schools / SCHOOLS_PER_SLE + 3)) <= 2  # and the demo SLE account and two applications for the demo leader
    states = Counter(SpecialistLeader.objects.values_list("state", flat=True))
    assert set(states) == set(State.values)
    assert 0.6 < states[State.DESIGNATED] / sles < 0.85
    capacities = Counter(SpecialistLeader.objects.filter(state=State.DESIGNATED).values_list("yearly_capacity_days", flat=True))
    assert capacities.most_common(1)[0][0] == Decimal(15) and {Decimal(10), Decimal(20)} <= set(capacities)


def test_every_sle_is_an_eligible_staff_member_with_areas_and_a_track_record(db):
    staff = set(Affiliation.objects.filter(role=Affiliation.Role.STAFF, school__isnull=False).values_list("user_id", "school_id"))
    areas = dict(SpecialistLeader.objects.annotate(n=Count("areas")).values_list("pk", "n"))
    evidence = Counter()
    for sle in SpecialistLeader.objects.all():
        assert (sle.person_id, sle.school_id) in staff, sle
        assert not eligibility_problems(sle.current_role, sle.leadership_years), sle
        assert 1 <= areas[sle.pk] <= 3
        evidence[sle.evidence] += 1
    assert len(evidence) > 0.9 * sum(evidence.values())  # varied, not one sentence for all
    # One live record a person, as the database insists; history kept for every record and its areas.
    assert SpecialistLeader.history.count() == SpecialistLeader.objects.count()
    area_history = apps.get_model("brokerage", "HistoricalSpecialistLeader_areas")
    assert area_history.objects.count() == SpecialistLeader.areas.through.objects.count()


def test_designations_come_from_a_teaching_school_of_one_of_their_alliances_or_one_nearby(db):
    alliances = defaultdict(set)
    for alliance_id, school_id in AllianceRole.objects.filter(ends_on__isnull=True, school__isnull=False).values_list("alliance_id", "school_id"):
        alliances[school_id].add(alliance_id)
    nearby = 0
    designated = SpecialistLeader.objects.filter(state__in=(State.DESIGNATED, State.ENDED)).select_related("school", "teaching_school")
    for sle in designated:
        assert sle.designated_on and date.today() - timedelta(days=3 * 366) <= sle.designated_on <= date.today()
        assert sle.assessed_by_id and sle.assessed_at
        own = alliances[sle.school_id] & alliances[sle.teaching_school_id]
        if not own:
            assert sle.school.local_authority_id == sle.teaching_school.local_authority_id, sle
            nearby += 1
        if sle.state == State.ENDED:
            assert sle.designated_on <= sle.ended_on <= date.today() and sle.end_reason
    assert 0 < nearby < designated.count() * 0.3


def test_every_demo_school_has_needs_and_offers_and_weaker_schools_need_more(db):
    schools = dict(_demo_schools().values_list("pk", "latest_outcome"))
    needs = Counter(SchoolNeed.objects.values_list("school_id", flat=True))
    offers = Counter(SchoolOffer.objects.values_list("school_id", flat=True))
    assert set(needs) == set(schools) and set(offers) >= set(schools)
    assert all(1 <= n <= 3 for n in needs.values())
    weak = [pk for pk, outcome in schools.items() if outcome in ("requires_improvement", "inadequate")]
    strong = [pk for pk, outcome in schools.items() if outcome in ("good", "outstanding")]
    assert sum(needs[pk] for pk in weak) / len(weak) > sum(needs[pk] for pk in strong) / len(strong) + 0.5
    high = dict(SchoolNeed.objects.filter(priority="high").values_list("school_id").annotate(n=Count("id")))
    assert sum(high.get(pk, 0) for pk in weak) / len(weak) > 3 * sum(high.get(pk, 0) for pk in strong) / len(strong)
    phases = dict(_demo_schools().values_list("pk", "phase"))
    for school_id, phase, days in SchoolNeed.objects.values_list("school_id", "phase", "days_wanted")[:2000]:
        assert phase == (phases[school_id] or "Not applicable") and 2 <= days <= 15


def test_offers_by_sles_link_a_designated_sle_of_the_school_in_that_area(db):
    linked = SchoolOffer.objects.filter(specialist_leader__isnull=False).select_related("specialist_leader")
    assert linked.count() > 50
    for offer in linked:
        sle = offer.specialist_leader
        assert sle.school_id == offer.school_id and sle.state == State.DESIGNATED
        assert sle.areas.filter(pk=offer.area_id).exists()
    assert all(3 <= days <= 20 for days in SchoolOffer.objects.values_list("days_per_year", flat=True))


def test_deployments_in_every_state_keep_the_rules(db):
    deployments = Deployment.objects.select_related("specialist_leader", "offer", "need", "support_record")
    assert set(deployments.values_list("state", flat=True)) == set(Deployment.State.values)
    led = set(AllianceRole.objects.filter(role=AllianceRole.Role.LEAD).values_list("alliance_id", "school_id"))
    roles = set(AllianceRole.objects.filter(ends_on__isnull=True).values_list("alliance_id", "school_id"))
    for deployment in deployments:
        sle, offer, need = deployment.specialist_leader, deployment.offer, deployment.need
        assert (sle is None) != (offer is None)
        assert deployment.receiving_school_id == need.school_id != deployment.home_school_id
        assert (deployment.alliance_id, deployment.brokering_school_id) in led
        if sle is not None:
            assert sle.state == State.DESIGNATED and sle.designated_on <= deployment.requested_at.date()
            assert sle.areas.filter(pk=need.area_id).exists() and deployment.home_school_id == sle.school_id
            if deployment.route != Deployment.Route.ENGINE:  # a broker taking up a proposal brokers through their own teaching school
                assert deployment.brokering_school_id == sle.teaching_school_id
        else:
            # As brokerage.deployments brokers an offer: a teaching school leading an alliance the offering school is in.
            assert offer.active and offer.specialist_leader_id is None and offer.area_id == need.area_id
            assert deployment.home_school_id == offer.school_id and (deployment.alliance_id, offer.school_id) in roles
        if deployment.state in ("agreed", "reported", "completed"):
            support = deployment.support_record
            assert support.alliance_id == deployment.alliance_id and support.supporting_school_id == deployment.home_school_id
            assert support.supported_school_id == need.school_id and support.focus_area_id == need.area_id
            assert 350 <= deployment.day_rate <= 500 and 50 <= deployment.home_school_share <= 80
            assert ProgressReview.objects.filter(deployment=deployment).exists()
            assert deployment.reported_by_id or deployment.state == "agreed"
        else:
            assert deployment.support_record is None
        if deployment.state == "not_released":
            assert deployment.release_reason
        if deployment.state == "cancelled":
            assert deployment.cancel_reason and deployment.cancelled_at


def test_every_route_appears_and_offers_are_deployed_in_every_state(db):
    assert set(Deployment.objects.values_list("route", flat=True)) == set(Deployment.Route.values)
    of_offers = Deployment.objects.filter(offer__isnull=False)
    assert set(of_offers.values_list("state", flat=True)) == set(Deployment.State.values)
    assert {Deployment.Route.SCHOOL, Deployment.Route.BROKER} <= set(of_offers.values_list("route", flat=True))
    for deployment in Deployment.objects.filter(route=Deployment.Route.BROKER).select_related("brokering_school"):
        # Proposed by a broker: a leader of the brokering teaching school asked.
        assert Affiliation.objects.filter(user_id=deployment.requested_by_id, school=deployment.brokering_school, role="leader").exists()
    for deployment in Deployment.objects.filter(route=Deployment.Route.SCHOOL).exclude(requested_by=None):
        assert Affiliation.objects.filter(user_id=deployment.requested_by_id, school_id=deployment.receiving_school_id).exists()


def _held(deployments, key):
    held = defaultdict(Decimal)
    for deployment in deployments.filter(state__in=Deployment.COMMITTING_STATES).select_related(key):
        day = deployment.starts_on or deployment.requested_at.date()
        days = deployment.days_delivered if deployment.state == "completed" else deployment.days or deployment.days_requested
        held[(getattr(deployment, key), academic_year_of(day))] += days
    return held


def test_no_sle_is_committed_beyond_their_yearly_capacity(db):
    held = _held(Deployment.objects.filter(specialist_leader__isnull=False), "specialist_leader")
    assert held
    for (sle, year), days in held.items():
        assert days <= sle.yearly_capacity_days, (sle, year)


def test_no_offer_is_committed_beyond_its_days_a_year(db):
    from brokerage.capacity import offers_with_capacity

    held = _held(Deployment.objects.filter(offer__isnull=False), "offer")
    assert held
    for (offer, year), days in held.items():
        assert days <= offer.days_per_year, (offer, year)
    # As the pages and the engine count them (brokerage.capacity): nothing held beyond the offer.
    for offer in offers_with_capacity(SchoolOffer.objects.filter(deployments__isnull=False).distinct()):
        assert offer.committed <= offer.days_per_year


def test_completed_deployments_are_completed_support_with_ledger_days_equal_to_the_days_delivered(db):
    support_type = ContentType.objects.get_for_model(SupportAssignment)
    completed = Deployment.objects.filter(state="completed").select_related("support_record")
    assert completed.exists()
    for deployment in completed:
        support = deployment.support_record
        assert support.state == "completed" and support.days_delivered == deployment.days_delivered > 0
        assert support.ends_on >= support.starts_on and support.supporting_school_id and support.outcome
        assert deployment.impact_rating and support.rating == deployment.impact_rating
        assert support.school_check == "confirmed"
        entries = Contribution.objects.live().filter(content_type=support_type, object_id=support.pk)
        assert entries.aggregate(days=Sum("amount"))["days"] == deployment.days_delivered
        assert set(entries.values_list("school_id", flat=True)) == {deployment.home_school_id}
    # Reported: the support record is complete with its days, but nothing is in the ledger until the school confirms.
    for deployment in Deployment.objects.filter(state="reported").select_related("support_record"):
        assert deployment.support_record.state == "completed" and deployment.support_record.days_delivered == deployment.days_delivered
        assert deployment.support_record.rating is None
    in_progress = Deployment.objects.filter(state__in=("agreed", "reported"))
    assert not Contribution.objects.filter(content_type=support_type, object_id__in=in_progress.values("support_record")).exists()


def test_a_need_is_met_once_agreed_days_cover_the_days_wanted(db):
    agreed = Deployment.objects.filter(state__in=("agreed", "reported", "completed")).select_related("need")
    assert {d.need.state for d in agreed} == {"open", "met"}
    for deployment in agreed:
        assert (deployment.need.state == "met") == (deployment.days >= deployment.need.days_wanted), deployment
    for deployment in Deployment.objects.exclude(state__in=("agreed", "reported", "completed")).select_related("need"):
        assert deployment.need.state == "open", deployment


def test_demo_accounts_have_a_part_in_the_brokerage(db):
    member = User.objects.get(email="member.school@demo.example")
    member_school = member.affiliations.get().school
    open_needs = SchoolNeed.objects.filter(school=member_school, state="open")
    assert open_needs.filter(priority="high").exists() and not Deployment.objects.filter(receiving_school=member_school).exists()
    sle_user = User.objects.get(email="sle@demo.example")
    sle = SpecialistLeader.objects.get(person=sle_user)
    assert sle.state == State.DESIGNATED and sle_user.affiliations.get().role == Affiliation.Role.STAFF
    assert set(sle.deployments.values_list("state", flat=True)) == {"agreed", "requested"}
    leader = User.objects.get(email="leader@demo.example")
    waiting = Deployment.objects.get(specialist_leader=sle, state="requested")
    assert leader.affiliations.get().school == waiting.home_school and leader.affiliations.get().role == Affiliation.Role.LEADER


def test_the_demo_leader_has_an_sle_application_to_consent_to_and_one_to_assess(db):
    from brokerage.permissions import can_assess, can_consent
    from notices.models import Notice

    leader = User.objects.get(email="leader@demo.example")
    school = leader.affiliations.get().school
    member = User.objects.get(email="member.school@demo.example")
    to_consent = SpecialistLeader.objects.filter(school=school, state=State.AWAITING_CONSENT)
    to_assess = SpecialistLeader.objects.filter(school=member.affiliations.get().school, teaching_school=school, state=State.AWAITING_ASSESSMENT)
    assert to_consent and all(can_consent(leader, sle) for sle in to_consent)
    assert to_assess and all(can_assess(leader, sle) and sle.consent_by == member for sle in to_assess)
    kinds = set(Notice.objects.filter(recipient=leader, done_at=None).values_list("kind", flat=True))
    assert {Notice.Kind.SLE_CONSENT, Notice.Kind.SLE_TO_ASSESS} <= kinds


def _open_notices(kind, deployment):
    from notices.models import Notice

    return Notice.objects.filter(kind=kind, subject_type=ContentType.objects.get_for_model(Deployment), subject_id=deployment.pk, done_at=None)


def test_deployments_that_wait_for_someone_have_their_for_you_notices(db):
    from notices.models import Notice, for_you

    requested = Deployment.objects.filter(state="requested").select_related("home_school")
    assert requested.count() > 5
    for deployment in requested:
        leaders = set(Affiliation.objects.filter(school=deployment.home_school, role="leader", user__is_active=True).values_list("user_id", flat=True))
        notices = _open_notices(Notice.Kind.DEPLOYMENT_TO_RELEASE, deployment)
        assert leaders and set(notices.values_list("recipient_id", flat=True)) == leaders, deployment
        assert {n.link for n in notices} == {deployment.get_absolute_url()}
        assert all(deployment.home_school.name in n.text for n in notices)
    reported = Deployment.objects.filter(state="reported")
    assert reported.exists()
    for deployment in reported:
        deciders = set(Affiliation.objects.filter(school_id=deployment.receiving_school_id, role__in=("leader", "business_manager"))
                       .exclude(user_id=deployment.reported_by_id).values_list("user_id", flat=True))
        notices = _open_notices(Notice.Kind.DEPLOYMENT_REPORT_TO_CONFIRM, deployment)
        assert deciders and set(notices.values_list("recipient_id", flat=True)) == deciders, deployment
        assert {n.link for n in notices} == {reverse("brokerage:confirm-impact", args=[deployment.pk])}
    # Nothing else waits: no release asked of a deployment past it, no confirmation of one not reported.
    deployment_type = ContentType.objects.get_for_model(Deployment)
    waiting = Notice.objects.filter(subject_type=deployment_type, done_at=None)
    assert set(waiting.filter(kind=Notice.Kind.DEPLOYMENT_TO_RELEASE).values_list("subject_id", flat=True)) == set(requested.values_list("pk", flat=True))
    assert set(waiting.filter(kind=Notice.Kind.DEPLOYMENT_REPORT_TO_CONFIRM).values_list("subject_id", flat=True)) == set(reported.values_list("pk", flat=True))
    # The demo leader sees the release of the demo SLE waiting, among the newest on the landing page.
    leader = User.objects.get(email="leader@demo.example")
    sle = SpecialistLeader.objects.get(person__email="sle@demo.example")
    shown, _, _ = for_you(leader)
    release = Deployment.objects.get(specialist_leader=sle, state="requested")
    assert any(n.kind == Notice.Kind.DEPLOYMENT_TO_RELEASE and n.subject_id == release.pk for n in shown)


def test_the_demo_matching_runs_are_finished_with_proposals_and_both_methods_figures(db):
    from brokerage.models import MatchingRun, MatchProposal

    member = User.objects.get(email="member.school@demo.example")
    leader = User.objects.get(email="leader@demo.example")
    school_run = MatchingRun.objects.get(scope="school", started_by=member)
    alliance_run = MatchingRun.objects.get(scope="alliance", started_by=leader)
    assert school_run.school == member.affiliations.get().school
    assert AllianceRole.objects.filter(alliance=alliance_run.alliance, school=leader.affiliations.get().school, role="lead").exists()
    for run in (school_run, alliance_run):
        assert run.state == "finished" and run.finished_at and run.progress.startswith("Finished")
        for method in ("engine", "greedy"):
            figures = run.figures[method]
            assert figures["needs"] > 0 and 0 <= figures["needs_met"] <= figures["needs"]
        proposals = MatchProposal.objects.filter(run=run)
        matched = proposals.exclude(specialist_leader=None, offer=None)
        assert matched.exists() and all(p.explanation for p in proposals)
        assert all(p.days > 0 and p.distance_km is not None and p.distance_km <= float(run.travel_limit_km) * 3 for p in matched)
    # The school run's proposals are all for the member school's open needs, none asked for yet: the visitor asks.
    assert set(MatchProposal.objects.filter(run=school_run).values_list("need__school_id", flat=True)) == {school_run.school_id}
    assert alliance_run.figures["engine"]["needs"] > school_run.figures["engine"]["needs"]


def test_one_of_the_alliance_runs_proposals_is_asked_for_by_its_broker_and_waits_for_release(db):
    from notices.models import Notice

    leader = User.objects.get(email="leader@demo.example")
    engine = Deployment.objects.get(route=Deployment.Route.ENGINE)
    proposal = engine.proposal
    assert proposal.run.scope == "alliance" and proposal.run.started_by == leader and engine.requested_by == leader
    assert engine.state == "requested" and engine.need_id == proposal.need_id
    assert (engine.specialist_leader_id, engine.offer_id) == (proposal.specialist_leader_id, proposal.offer_id)
    assert engine.receiving_school_id != User.objects.get(email="member.school@demo.example").affiliations.get().school_id
    assert _open_notices(Notice.Kind.DEPLOYMENT_TO_RELEASE, engine).exists()


def test_the_demo_lead_school_has_a_reported_deployment_to_confirm(db):
    from brokerage.permissions import may_confirm
    from notices.models import Notice

    leader = User.objects.get(email="leader@demo.example")
    manager = User.objects.get(email="business.manager@demo.example")
    reported = Deployment.objects.get(receiving_school=leader.affiliations.get().school, state="reported")
    assert may_confirm(leader, reported) and may_confirm(manager, reported)
    told = set(_open_notices(Notice.Kind.DEPLOYMENT_REPORT_TO_CONFIRM, reported).values_list("recipient_id", flat=True))
    assert {leader.pk, manager.pk} <= told
