"""Initial teacher training: every rule and refusal in delivery/itt.py, the KPI figures, who sees
what, and the pages' forms."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from hypothesis import given, settings as hypothesis_settings, strategies as st

from alliances.models import AllianceRole
from alliances.permissions import COUNCIL_GROUP
from alliances.rules import NotAllowed, RuleBroken
from delivery import itt
from delivery.itt_progress import progress_by_year
from delivery.models import NationalRate, Placement, Trainee, TraineeCohort
from registry.models import Organisation
from tests.sign_in import with_two_factor

pytestmark = pytest.mark.django_db
YEAR = 2024  # the 2024 to 2025 academic year, starting 1 September 2024


@pytest.fixture
def university():
    return Organisation.objects.create(name="University of Hilltop", kind=Organisation.Kind.UNIVERSITY)


@pytest.fixture
def council(person):
    user = person("council@example.org")
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(user)  # the site asks it of Council members
    return user


@pytest.fixture
def cohort(single_alliance, lead_user, university):
    return itt.create_cohort(
        lead_user, single_alliance, academic_year=YEAR, route=TraineeCohort.Route.SALARIED,
        lead_school=single_alliance.lead_schools().get(), accredited_provider=university, subject_phase="Primary",
    )


@pytest.fixture
def trainee(cohort, lead_user):
    return itt.add_trainee(lead_user, cohort, reference="HT-001", display_name="Sam Trainee", phase="Primary")


def reasons(refused):
    return " ".join(refused.value.messages)


# --- Cohorts -------------------------------------------------------------------------------------


def test_a_lead_records_a_cohort_with_a_typed_provider(single_alliance, lead_user):
    cohort = itt.create_cohort(
        lead_user, single_alliance, academic_year=YEAR, route="scitt", lead_school=single_alliance.lead_schools().get(),
        accredited_provider_name="  Moorland SCITT ",
    )
    assert cohort.provider_name == "Moorland SCITT"
    assert cohort.year_label == "2024 to 2025"
    assert cohort.created_by == lead_user
    assert cohort.history.count() == 1


def test_a_cohort_is_refused_with_every_reason(single_alliance, lead_user, member_school, university):
    school_as_university = Organisation.objects.create(name="Not A University Trust", kind=Organisation.Kind.ACADEMY_TRUST)
    with pytest.raises(RuleBroken) as refused:
        itt.create_cohort(
            lead_user, single_alliance, academic_year=1990, route="apprentice", lead_school=member_school,
            partner_university=school_as_university,
        )
    text = reasons(refused)
    assert "academic year must be between" in text
    assert "Choose the training route" in text
    assert "Choose the accredited provider" in text
    assert "Not A University Trust is not a university" in text
    assert "must be one of Hilltop Alliance's current lead schools" in text
    with pytest.raises(RuleBroken, match="once"):
        itt.create_cohort(lead_user, single_alliance, academic_year=YEAR, route="scitt", lead_school=single_alliance.lead_schools().get(),
                          accredited_provider=university, accredited_provider_name="Typed too")
    assert not TraineeCohort.objects.exists()


def test_only_the_alliances_managers_record_cohorts(single_alliance, member_school, person, council):
    member_head = person("head@brookside.example", member_school)
    for who in (member_head, council):
        with pytest.raises(NotAllowed):
            itt.create_cohort(who, single_alliance, academic_year=YEAR, route="scitt", lead_school=single_alliance.lead_schools().get(),
                              accredited_provider_name="Moorland SCITT")


# --- Trainees ------------------------------------------------------------------------------------


def test_adding_a_trainee_refuses_an_empty_or_repeated_reference(cohort, lead_user, trainee):
    with pytest.raises(RuleBroken, match="already a trainee's reference"):
        itt.add_trainee(lead_user, cohort, reference="ht-001")
    with pytest.raises(RuleBroken, match="Give the trainee a reference"):
        itt.add_trainee(lead_user, cohort, reference="  ")
    assert cohort.trainees.count() == 1


def test_bulk_adding_numbers_on_from_the_highest_reference_with_history(cohort, lead_user):
    first = itt.bulk_add_trainees(lead_user, cohort, number=3, prefix="2024-SAL", phase="Primary")
    assert [t.reference for t in first] == ["2024-SAL-001", "2024-SAL-002", "2024-SAL-003"]
    more = itt.bulk_add_trainees(lead_user, cohort, number=2, prefix="2024-SAL")
    assert [t.reference for t in more] == ["2024-SAL-004", "2024-SAL-005"]
    assert Trainee.history.filter(cohort=cohort, history_user=lead_user).count() == 5
    assert set(cohort.trainees.values_list("phase", flat=True)) == {"Primary", ""}


def test_bulk_adding_refuses_a_bad_number_and_prefix(cohort, lead_user, person, member_school):
    with pytest.raises(RuleBroken) as refused:
        itt.bulk_add_trainees(lead_user, cohort, number=0, prefix="")
    assert "between 1 and 200" in reasons(refused) and "reference prefix" in reasons(refused)
    with pytest.raises(RuleBroken, match="up to 30 letters"):
        itt.bulk_add_trainees(lead_user, cohort, number=2, prefix="<script>")
    with pytest.raises(NotAllowed):
        itt.bulk_add_trainees(person("head@brookside.example", member_school), cohort, number=2, prefix="X")
    assert not cohort.trainees.exists()


# --- Outcomes ------------------------------------------------------------------------------------


def test_recording_qts_and_employment_at_an_alliance_school(trainee, lead_user, member_school):
    itt.record_outcome(lead_user, trainee, state="qts_awarded", outcome_on=date(2025, 7, 14), employed="yes", employing_school=member_school)
    trainee.refresh_from_db()
    assert trainee.state == "qts_awarded" and trainee.employing_school == member_school
    assert trainee.employed_in_alliance is True
    assert itt.with_employment(Trainee.objects.all()).get()._employed_in_alliance is True


def test_employment_outside_the_alliance_is_computed(trainee, lead_user, outside_school):
    itt.record_outcome(lead_user, trainee, state="qts_awarded", outcome_on=date(2025, 7, 14), employed="yes", employing_school=outside_school)
    assert Trainee.objects.get().employed_in_alliance is False
    assert itt.with_employment(Trainee.objects.all()).get().employed_in_alliance is False


def test_an_outcome_is_refused_with_every_reason(trainee, lead_user, outside_school):
    with pytest.raises(RuleBroken) as refused:
        itt.record_outcome(lead_user, trainee, state="withdrawn", outcome_on=date(2024, 8, 31), employed="yes", employing_school=outside_school)
    text = reasons(refused)
    assert "before the cohort's year starts (1 September 2024)" in text
    assert "recorded only for a trainee awarded QTS" in text
    with pytest.raises(RuleBroken) as refused:
        itt.record_outcome(lead_user, trainee, state="qts_awarded", outcome_on=None, employed="no", employing_school=outside_school)
    assert "Give the date of the outcome" in reasons(refused)
    assert "employing school only for a trainee employed" in reasons(refused)
    with pytest.raises(RuleBroken, match="no outcome date"):
        itt.record_outcome(lead_user, trainee, state="in_training", outcome_on=date(2025, 1, 1))
    with pytest.raises(RuleBroken, match="in the future"):
        itt.record_outcome(lead_user, trainee, state="deferred", outcome_on=date.today() + timedelta(days=1))
    trainee.refresh_from_db()
    assert trainee.state == "in_training" and trainee.outcome_on is None


# --- Placements ----------------------------------------------------------------------------------


def test_a_trainee_is_placed_at_a_member_school_and_the_placement_ended(trainee, lead_user, member_school):
    placement = itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2024, 9, 9))
    assert placement.ends_on is None
    itt.end_placement(lead_user, placement, ends_on=date(2024, 12, 20))
    placement.refresh_from_db()
    assert placement.ends_on == date(2024, 12, 20)
    assert placement.history.count() == 2


def test_a_placement_outside_the_alliance_or_before_the_year_is_refused(trainee, lead_user, outside_school):
    with pytest.raises(RuleBroken) as refused:
        itt.add_placement(lead_user, trainee, school=outside_school, starts_on=date(2024, 8, 1), ends_on=date(2024, 10, 1))
    text = reasons(refused)
    assert "Faraway Academy is not one of Hilltop Alliance's lead, member or deliverer schools" in text
    assert "before the cohort's year starts" in text
    with pytest.raises(RuleBroken, match="end on or after"):
        itt.add_placement(lead_user, trainee, school=outside_school, starts_on=date(2024, 10, 1), ends_on=date(2024, 9, 30))
    assert not Placement.objects.exists()


def test_a_placement_must_fit_inside_the_schools_role(trainee, lead_user, single_alliance, make_school):
    leaving = make_school(name="Leaving Primary")
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=leaving, starts_on=date(2022, 9, 1), ends_on=date(2024, 12, 31))
    with pytest.raises(RuleBroken, match="for all of the placement's dates"):
        itt.add_placement(lead_user, trainee, school=leaving, starts_on=date(2024, 11, 1), ends_on=date(2025, 2, 1))
    with pytest.raises(RuleBroken, match="for all of the placement's dates"):
        itt.add_placement(lead_user, trainee, school=leaving, starts_on=date(2024, 11, 1))
    assert itt.add_placement(lead_user, trainee, school=leaving, starts_on=date(2024, 11, 1), ends_on=date(2024, 12, 31))


def test_overlapping_placements_are_refused(trainee, lead_user, member_school, single_alliance):
    itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2024, 9, 9), ends_on=date(2024, 12, 20))
    lead = single_alliance.lead_schools().get()
    with pytest.raises(RuleBroken, match="placed at Brookside Primary from 9 September 2024 to 20 December 2024"):
        itt.add_placement(lead_user, trainee, school=lead, starts_on=date(2024, 12, 20))
    assert itt.add_placement(lead_user, trainee, school=lead, starts_on=date(2024, 12, 21))


def test_ending_a_placement_before_it_starts_or_later_than_planned_is_refused(trainee, lead_user, member_school):
    placement = itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2024, 9, 9), ends_on=date(2024, 12, 20))
    with pytest.raises(RuleBroken, match="cannot end before then"):
        itt.end_placement(lead_user, placement, ends_on=date(2024, 9, 1))
    with pytest.raises(RuleBroken, match="add a new placement to extend it"):
        itt.end_placement(lead_user, placement, ends_on=date(2025, 1, 10))


def test_no_placement_after_withdrawal(trainee, lead_user, member_school):
    itt.record_outcome(lead_user, trainee, state="withdrawn", outcome_on=date(2024, 11, 1))
    with pytest.raises(RuleBroken, match="withdrawn on 1 November 2024"):
        itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2024, 11, 2))


days = st.dates(min_value=date(2024, 9, 1), max_value=date(2025, 8, 31))
ranges = st.tuples(days, st.one_of(st.none(), days)).map(lambda r: (r[0], r[1] if r[1] is None else max(r)))


@given(first=ranges, second=ranges)
def test_overlap_matches_counting_shared_days(first, second):
    """Two ranges overlap exactly when some day lies in both (open ends run to the year's end)."""
    last = date(2025, 8, 31)

    def days_in(r):
        end = r[1] or last
        return {r[0] + timedelta(days=n) for n in range((end - r[0]).days + 1)}

    assert itt.overlaps(*first, *second) == bool(days_in(first) & days_in(second))
    assert itt.overlaps(*first, *second) == itt.overlaps(*second, *first)


@hypothesis_settings(max_examples=25, deadline=None)
@given(placed=st.lists(ranges, min_size=1, max_size=4))
def test_a_trainees_stored_placements_never_overlap(placed):
    """Whatever order placements are asked for, those accepted never share a day."""
    stored = Placement.objects.filter(trainee=TRAINEE["trainee"])
    stored.delete()
    for starts_on, ends_on in placed:
        try:
            itt.add_placement(TRAINEE["user"], TRAINEE["trainee"], school=TRAINEE["school"], starts_on=starts_on, ends_on=ends_on)
        except RuleBroken:
            pass
    kept = list(stored.values_list("starts_on", "ends_on"))
    for i, a in enumerate(kept):
        for b in kept[i + 1:]:
            assert not itt.overlaps(*a, *b)


TRAINEE = {}


@pytest.fixture(autouse=True)
def _for_hypothesis(request):
    if request.node.name == "test_a_trainees_stored_placements_never_overlap":
        trainee, lead_user, member_school = (request.getfixturevalue(name) for name in ("trainee", "lead_user", "member_school"))
        TRAINEE.update(trainee=trainee, user=lead_user, school=member_school)
    yield
    TRAINEE.clear()


# --- KPIs ----------------------------------------------------------------------------------------


def test_kpis_are_counted_per_year_from_the_records(single_alliance, cohort, lead_user, member_school, council):
    itt.bulk_add_trainees(lead_user, cohort, number=16, prefix="A")
    trainees = list(cohort.trainees.order_by("reference"))
    outcome = date(2025, 7, 1)
    for t in trainees[:5]:
        itt.record_outcome(lead_user, t, state="qts_awarded", outcome_on=outcome, employed="yes", employing_school=member_school)
    for t in trainees[5:7]:
        itt.record_outcome(lead_user, t, state="qts_awarded", outcome_on=outcome, employed="no")
    itt.record_outcome(lead_user, trainees[7], state="qts_awarded", outcome_on=outcome)  # employment not known yet
    itt.record_outcome(lead_user, trainees[8], state="withdrawn", outcome_on=outcome)
    itt.record_outcome(lead_user, trainees[9], state="deferred", outcome_on=outcome)
    later = itt.create_cohort(lead_user, single_alliance, academic_year=YEAR + 1, route="scitt",
                              lead_school=single_alliance.lead_schools().get(), accredited_provider_name="Moorland SCITT")
    itt.bulk_add_trainees(lead_user, later, number=3, prefix="B")
    itt.set_national_rate(council, year=YEAR, value=Decimal("75.0"))

    newer, older = progress_by_year(single_alliance)
    assert (newer.year, newer.trainees, newer.meets_trainee_target, newer.employed_share) == (YEAR + 1, 3, False, None)
    assert newer.meets_employment_target is None and newer.national_rate is None
    assert older.label == "2024 to 2025"
    assert (older.trainees, older.qts, older.withdrawn, older.deferred, older.in_training) == (16, 8, 1, 1, 6)
    assert (older.employed, older.not_employed, older.employment_unknown) == (5, 2, 1)
    assert older.employed_share == Decimal("71.4")  # 5 of the 7 whose employment is known
    assert older.meets_trainee_target is True
    assert older.meets_employment_target is False  # below the national 75%


def test_national_rates_are_entered_by_the_council_only(council, lead_user):
    with pytest.raises(NotAllowed):
        itt.set_national_rate(lead_user, year=YEAR, value=Decimal("70"))
    with pytest.raises(RuleBroken) as refused:
        itt.set_national_rate(council, year=1990, value=Decimal("101"))
    assert "year must be between" in reasons(refused) and "0 to 100" in reasons(refused)
    itt.set_national_rate(council, year=YEAR, value=Decimal("70"))
    itt.set_national_rate(council, year=YEAR, value=Decimal("72.5"))
    assert NationalRate.objects.get().value == Decimal("72.5")


# --- Pages ---------------------------------------------------------------------------------------


def test_the_council_reads_trainees_without_names_and_cannot_change_them(client, council, trainee, cohort):
    client.force_login(council)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "HT-001" in page and "Sam Trainee" not in page and "Add trainees" not in page
    assert "Sam Trainee" not in client.get(trainee.get_absolute_url()).content.decode()
    assert client.post(f"/itt/cohorts/{cohort.pk}/trainees/", {"reference": "X"}).status_code == 403


def test_the_lead_sees_names(client, lead_user, trainee):
    client.force_login(lead_user)
    assert "Sam Trainee" in client.get(trainee.get_absolute_url()).content.decode()


def test_a_placement_schools_leader_sees_only_trainees_placed_there(client, person, lead_user, trainee, cohort, member_school, single_alliance):
    other = itt.add_trainee(lead_user, cohort, reference="HT-002")
    itt.add_placement(lead_user, trainee, school=member_school, starts_on=date(2024, 9, 9))
    itt.add_placement(lead_user, other, school=single_alliance.lead_schools().get(), starts_on=date(2024, 9, 9))
    client.force_login(person("head@brookside.example", member_school))
    page = client.get(f"/schools/{member_school.urn}/trainees/").content.decode()
    assert "HT-001" in page and "HT-002" not in page and "Sam Trainee" not in page
    assert client.get(trainee.get_absolute_url()).status_code == 403
    assert client.get(f"/alliances/{single_alliance.slug}/itt/").status_code == 403


def test_bulk_add_form_errors_are_shown_not_a_server_error(client, lead_user, cohort):
    client.force_login(lead_user)
    response = client.post(f"/itt/cohorts/{cohort.pk}/trainees/bulk/", {"bulk-number": "0", "bulk-reference_prefix": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(f"/itt/cohorts/{cohort.pk}/trainees/bulk/", {"bulk-number": "3", "bulk-reference_prefix": "2024-SAL"})
    assert response.status_code == 302
    assert cohort.trainees.count() == 3


def test_recording_an_outcome_through_the_page(client, lead_user, trainee, member_school):
    client.force_login(lead_user)
    response = client.post(f"/itt/trainees/{trainee.pk}/outcome/", {
        "state": "qts_awarded", "outcome_on_day": "14", "outcome_on_month": "7", "outcome_on_year": "2025", "employed": "yes",
        "employing_urn": str(member_school.urn),
    })
    assert response.status_code == 302
    page = client.get(trainee.get_absolute_url()).content.decode()
    assert "at Brookside Primary, one of the alliance" in page, page[page.find("Employed within"):][:400]
    response = client.post(f"/itt/trainees/{trainee.pk}/outcome/", {"state": "qts_awarded", "employed": "yes", "employing_urn": "999999999"})
    assert response.status_code == 200 and "No school has that URN" in response.content.decode()


def test_the_summary_shows_the_years_counts(client, lead_user, single_alliance, cohort):
    itt.bulk_add_trainees(lead_user, cohort, number=3, prefix="S")
    client.force_login(lead_user)
    page = client.get(f"/alliances/{single_alliance.slug}/itt/").content.decode()
    assert "2024 to 2025" in page and "Below 15" in page
