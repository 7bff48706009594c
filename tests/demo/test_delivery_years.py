"""Three years of delivery for every demo alliance (demo/builder/delivery_years.py), written in bulk
rather than through the services, so these tests check on the small demo world that what was
written keeps the services' rules: each record's entries add up to its total, every contributor
held a role in the alliance when the work was done, placements sit inside their cohort's dates at
the alliance's schools, places are never overfilled; and that the demo shows what goes wrong too:
alliances missing an area in a year, and lead schools doing far less than their share."""
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q

from accounts.models import User
from alliances.models import Alliance, AllianceRole, DeliveryArea
from delivery.models import (
    Booking,
    Contribution,
    Evaluation,
    Placement,
    Programme,
    SupportAssignment,
    TraineeCohort,
)
from demo.builder.delivery_years import academic_year_of
from demo.builder.dates import DEMO_DATE

State = Contribution.State
Role = AllianceRole.Role
pytestmark = pytest.mark.usefixtures("demo")

YEARS = {academic_year_of(min(DEMO_DATE, date.today())) - k for k in (2, 1, 0)}


def _year(day):
    return academic_year_of(day)


@pytest.fixture
def story_alliance(db):
    """The demo alliance, whose hand-made records (demo/builder/support.py) leave some entries short on purpose."""
    leader = User.objects.get(email="leader@demo.example")
    return Alliance.objects.filter(roles__school__affiliations__user=leader, roles__role=Role.LEAD).distinct().get()


def _records():
    """{(content type id, object id): (model, record)} for every programme, support record and cohort."""
    found = {}
    for model in (Programme, SupportAssignment, TraineeCohort):
        type_id = ContentType.objects.get_for_model(model).pk
        for record in model.objects.all():
            found[(type_id, record.pk)] = (model, record)
    return found


def _holder(entry):
    return ("school", entry.school_id) if entry.school_id else ("organisation", entry.organisation_id)


def test_every_alliance_delivers_in_each_of_the_three_years(db):
    years = defaultdict(set)
    for alliance_id, day in SupportAssignment.objects.values_list("alliance_id", "starts_on"):
        years[alliance_id].add(_year(day))
    for alliance_id, year in TraineeCohort.objects.values_list("alliance_id", "academic_year"):
        years[alliance_id].add(year)
    alliances = Alliance.objects.count()
    with_all_three = [a for a, found in years.items() if YEARS <= found]
    assert len(with_all_three) >= alliances * 0.6  # young alliances start later, and some miss an area


def test_each_records_live_entries_add_up_to_its_total(db, story_alliance):
    records = _records()
    totals = defaultdict(Decimal)
    units = defaultdict(set)
    for entry in Contribution.objects.live():
        totals[(entry.content_type_id, entry.object_id)] += entry.amount
        units[(entry.content_type_id, entry.object_id)].add(entry.unit)
    assert len(totals) > 200
    for key, total in totals.items():
        model, record = records[key]
        expected = record.days_delivered if model is SupportAssignment else Decimal(100)
        assert units[key] == {"days" if model is SupportAssignment else "share"}, record
        assert total <= expected, record
        if record.alliance_id != story_alliance.pk:
            assert total == expected, f"{record}: {total} of {expected}"


def test_one_live_entry_per_contributor_and_record(db):
    live = Contribution.objects.live().values("content_type", "object_id", "school", "organisation").annotate(n=Count("id"))
    assert not [row for row in live if row["n"] > 1]


def test_every_contributor_is_one_the_ledger_accepts_and_held_a_role_then(db, story_alliance):
    records = _records()
    led_by = defaultdict(set)
    for programme_id, school_id, organisation_id in Programme.led_by.through.objects.values_list(
        "programme_id", "alliancerole__school_id", "alliancerole__organisation_id"
    ):
        led_by[programme_id].add(("school", school_id) if school_id else ("organisation", organisation_id))
    periods = defaultdict(list)
    for alliance_id, role, school_id, organisation_id, starts, ends in AllianceRole.objects.values_list(
        "alliance_id", "role", "school_id", "organisation_id", "starts_on", "ends_on"
    ):
        periods[(alliance_id, ("school", school_id) if school_id else ("organisation", organisation_id))].append((role, starts, ends))
    today = date.today()
    for entry in Contribution.objects.live():
        model, record = records[(entry.content_type_id, entry.object_id)]
        holder = _holder(entry)
        assert entry.alliance_id == record.alliance_id
        held = periods[(entry.alliance_id, holder)]
        if entry.alliance_id != story_alliance.pk:  # its hand-made entries went through the services, which check today's roles
            assert any(starts <= entry.delivered_on and (ends is None or ends >= entry.delivered_on) for _, starts, ends in held), entry
        if model is Programme:
            assert holder in led_by[record.pk], entry
        elif model is SupportAssignment:
            supporter = ("school", record.supporting_school_id) if record.supporting_school_id else ("organisation", record.supporting_organisation_id)
            current_lead_or_deliverer = any(
                role in (Role.LEAD, Role.DELIVERER) and starts <= today and (ends is None or ends >= today) for role, starts, ends in held
            )
            assert holder == supporter or current_lead_or_deliverer, entry
        else:  # an ITT cohort: its lead school, or one of today's leads and deliverers
            current_lead_or_deliverer = any(
                role in (Role.LEAD, Role.DELIVERER) and starts <= today and (ends is None or ends >= today) for role, starts, ends in held
            )
            assert holder == ("school", record.lead_school_id) or current_lead_or_deliverer, entry


def test_programmes_are_led_by_leads_or_deliverers_whose_roles_had_begun(db):
    for programme in Programme.objects.prefetch_related("led_by", "sessions"):
        first = min((s.date for s in programme.sessions.all()), default=None)
        assert programme.led_by.all(), programme
        for role in programme.led_by.all():
            assert role.alliance_id == programme.alliance_id
            assert role.role in (Role.LEAD, Role.DELIVERER)
            assert first is None or role.starts_on <= first, programme


def test_placements_sit_inside_their_cohorts_dates_at_the_alliances_schools_one_after_another(db):
    roles = defaultdict(list)
    for alliance_id, school_id, starts, ends in AllianceRole.objects.filter(school__isnull=False).values_list(
        "alliance_id", "school_id", "starts_on", "ends_on"
    ):
        roles[(alliance_id, school_id)].append((starts, ends))
    by_trainee = defaultdict(list)
    placements = Placement.objects.select_related("trainee__cohort")
    assert placements.count() > 100
    for placement in placements:
        trainee, cohort = placement.trainee, placement.trainee.cohort
        assert placement.starts_on >= cohort.starts_on, placement
        if placement.ends_on:
            assert placement.ends_on >= placement.starts_on
            assert placement.ends_on <= date(cohort.academic_year + 1, 8, 31), placement
        if trainee.state in ("withdrawn", "deferred"):
            assert placement.starts_on <= trainee.outcome_on and placement.ends_on and placement.ends_on <= trainee.outcome_on
        last = placement.ends_on or date.today()
        assert any(s <= placement.starts_on and (e is None or e >= last) for s, e in roles[(cohort.alliance_id, placement.school_id)]), placement
        by_trainee[trainee.pk].append(placement)
    for found in by_trainee.values():
        found.sort(key=lambda p: p.starts_on)
        for before, after in zip(found, found[1:]):
            assert before.ends_on and before.ends_on < after.starts_on


def test_trainee_outcomes_keep_the_itt_rules(db):
    from delivery.models import Trainee

    today = date.today()
    for trainee in Trainee.objects.select_related("cohort"):
        if trainee.state == "in_training":
            assert trainee.outcome_on is None
        else:
            assert trainee.cohort.starts_on <= trainee.outcome_on <= today
        if trainee.state != "qts_awarded":
            assert trainee.employed_within_six_months == "unknown"
        if trainee.employing_school_id:
            assert trainee.employed_within_six_months == "yes"


def test_places_are_never_overfilled_and_evaluations_come_from_confirmed_places_after_the_first_session(db):
    held = Programme.objects.annotate(
        held=Count("bookings", filter=Q(bookings__state__in=Booking.HOLDING_A_PLACE))
    ).values_list("places", "held")
    assert all(taken <= places for places, taken in held)
    evaluations = Evaluation.objects.select_related("booking__programme")
    assert evaluations.count() > 50
    for evaluation in evaluations:
        first = evaluation.booking.programme.sessions.order_by("date").first()
        assert evaluation.booking.state == "confirmed"
        assert first.date <= evaluation.submitted_at.date()
    positive = evaluations.filter(improved_practice__in=("yes", "partly"), outweighed_workload="yes").count()
    assert 0.75 < positive / evaluations.count() < 0.98  # mostly positive on the national question, not all


def test_support_goes_to_weaker_schools_from_someone_else_and_completed_support_has_days_and_outcome(db):
    support = SupportAssignment.objects.select_related("supported_school")
    assert support.count() > 100
    weaker = 0
    for assignment in support:
        assert assignment.supporting_school_id != assignment.supported_school_id
        assert assignment.supported_school.is_open
        assert assignment.ends_on >= assignment.starts_on
        if assignment.state == "completed":
            assert assignment.days_delivered > 0 and assignment.outcome
        else:
            assert assignment.rating is None
        weaker += assignment.outcome_before in ("requires_improvement", "inadequate")
    assert weaker > support.count() * 0.5


def test_ledger_states_are_mostly_confirmed_with_some_waiting_disputed_and_corrected(db):
    states = Counter(Contribution.objects.values_list("state", flat=True))
    total = sum(states.values())
    assert states[State.CONFIRMED] > total * 0.5
    assert states[State.RECORDED] > 0 and states[State.DISPUTED] > 0 and states[State.VOIDED] > 0
    # Every voided entry was replaced by its correction, so the record's total stays whole.
    voided = set(Contribution.objects.filter(state=State.VOIDED).values_list("pk", flat=True))
    replaced = set(Contribution.objects.filter(replaces__isnull=False).values_list("replaces_id", flat=True))
    assert voided == replaced
    assert not Contribution.objects.filter(answered_by=F("recorded_by")).exists()


def test_some_alliances_miss_an_area_in_a_year(db):
    """An alliance that had its roles all year, delivered in two areas and not the third."""
    delivered = defaultdict(set)
    for alliance_id, day in Contribution.objects.filter(area=DeliveryArea.CPD).values_list("alliance_id", "delivered_on"):
        delivered[(alliance_id, _year(day))].add(DeliveryArea.CPD)
    for alliance_id, day in SupportAssignment.objects.values_list("alliance_id", "starts_on"):
        delivered[(alliance_id, _year(day))].add(DeliveryArea.SCHOOL_SUPPORT)
    for alliance_id, year in TraineeCohort.objects.values_list("alliance_id", "academic_year"):
        delivered[(alliance_id, year)].add(DeliveryArea.ITT)
    missing = [key for key, areas in delivered.items() if key[1] in YEARS and len(areas) == 2]
    assert len(missing) >= 3


def test_some_lead_schools_do_far_less_than_their_share(db):
    """In some alliances with two or more leads, one lead has no share of any programme and no
    days of support in three years while the others deliver."""
    leads = defaultdict(set)
    for alliance_id, school_id in AllianceRole.objects.filter(role=Role.LEAD, ends_on__isnull=True).values_list("alliance_id", "school_id"):
        leads[alliance_id].add(school_id)
    delivering = defaultdict(set)
    for alliance_id, school_id in Contribution.objects.live().filter(school__isnull=False).values_list("alliance_id", "school_id"):
        delivering[alliance_id].add(school_id)
    quiet = [a for a, schools in leads.items() if len(schools) >= 2 and delivering[a] & schools and schools - delivering[a]]
    assert len(quiet) >= 2


def test_the_contribution_review_flags_quiet_leads_and_missing_areas_in_the_last_complete_year(db):
    from delivery.review import AREA_MISSING, LEAD_BELOW_MINIMUM, academic_year_bounds, reviews_for_all

    reviews = reviews_for_all(*academic_year_bounds(max(YEARS) - 1))
    kinds = Counter(flag.kind for review in reviews for flag in review.flags)
    assert kinds[LEAD_BELOW_MINIMUM] >= 2
    assert kinds[AREA_MISSING] >= 3
    assert kinds[LEAD_BELOW_MINIMUM] + kinds[AREA_MISSING] < len(reviews) * 0.6  # most alliances deliver as agreed
