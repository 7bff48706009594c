"""Success criteria and KPI progress, computed from the records for the academic year: trainees and
employment, CPD days from session hours, positive evaluations, support days to schools needing
it and support rated good or better; targets set by the alliance's managers only."""
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from alliances.models import DeliveryArea
from alliances.rules import NotAllowed, RuleBroken
from delivery import itt, kpis, review
from delivery.models import (
    Booking, Evaluation, NationalRate, Programme, Session, SuccessCriterion, SupportAssignment, TraineeCohort,
)

pytestmark = pytest.mark.django_db
YEAR = 2025
START, END = kpis.academic_year_bounds(YEAR)
M = SuccessCriterion.Measure


def test_the_academic_year_starts_on_1_september():
    assert kpis.academic_year_bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))
    assert review.academic_year_bounds is kpis.academic_year_bounds
    assert (kpis.academic_year_of(date(2026, 8, 31)), kpis.academic_year_of(date(2026, 9, 1))) == (2025, 2026)


def by_measure(alliance):
    return {kpi.measure: kpi for kpi in review.review_for(alliance, START, END).kpis}


def test_nothing_recorded_shows_the_national_targets_unmet_or_unknown(single_alliance):
    found = by_measure(single_alliance)
    assert [(k.id, k.target_text, k.actual_text, k.met, k.set_by_alliance) for k in found.values()] == [
        ("1.1", "At least 15 trainees", "0 trainees", False, False),
        ("1.2", "At or above the national rate", "None yet", None, False),
        ("2.1", "At least 50 days", "0 days", False, False),
        ("2.2", "At least 90%", "None yet", None, False),
        ("3.1", "At least 30 days", "0 days", False, False),
        ("3.2", "At least 90%", "None yet", None, False),
    ]
    assert {k.accountable_school for k in found.values()} == {"Hilltop Teaching School"}


def test_itt_progress_counts_the_years_trainees_and_compares_employment_with_the_national_rate(single_alliance, lead_user):
    lead = single_alliance.lead_schools().get()
    cohort = itt.create_cohort(lead_user, single_alliance, academic_year=YEAR, route=TraineeCohort.Route.SCITT, lead_school=lead, accredited_provider_name="Moor SCITT")
    older = itt.create_cohort(lead_user, single_alliance, academic_year=YEAR - 1, route=TraineeCohort.Route.SCITT, lead_school=lead, accredited_provider_name="Moor SCITT")
    itt.bulk_add_trainees(lead_user, cohort, number=16, prefix="A")
    itt.bulk_add_trainees(lead_user, older, number=3, prefix="B")
    trainees = list(cohort.trainees.order_by("reference"))
    for trainee, employed in zip(trainees, ["yes", "yes", "yes", "no"]):
        itt.record_outcome(lead_user, trainee, state="qts_awarded", outcome_on=date(2026, 7, 1), employed=employed, today=date(2027, 2, 1))
    itt.record_outcome(lead_user, trainees[4], state="qts_awarded", outcome_on=date(2026, 7, 1))  # not known yet
    found = by_measure(single_alliance)
    assert (found[M.TRAINEES].actual, found[M.TRAINEES].met) == (16, True)
    assert (found[M.EMPLOYMENT].actual_text, found[M.EMPLOYMENT].met) == ("75%", None)  # no national rate yet
    NationalRate.objects.create(year=YEAR, value=Decimal("80.0"))
    found = by_measure(single_alliance)
    assert found[M.EMPLOYMENT].met is False
    assert found[M.EMPLOYMENT].detail == "3 of 4 trainees awarded QTS whose employment is known; national rate 80.0%"
    NationalRate.objects.filter(year=YEAR).update(value=Decimal("75.0"))
    assert by_measure(single_alliance)[M.EMPLOYMENT].met is True


def _session(programme, day, hours):
    Session.objects.create(programme=programme, date=day, starts_at=time(9), ends_at=time(9 + hours), venue="Hall")


def test_cpd_days_are_session_hours_divided_by_six_in_published_cpd_programmes(single_alliance):
    cpd = Programme.objects.create(alliance=single_alliance, title="Maths", kind="subject_cpd", places=5, published=True)
    draft = Programme.objects.create(alliance=single_alliance, title="Draft", kind="subject_cpd", places=5)
    _session(cpd, date(2025, 9, 10), 6)
    _session(cpd, date(2026, 3, 10), 3)
    _session(cpd, date(2025, 8, 30), 6)  # the year before
    _session(draft, date(2025, 10, 1), 6)
    found = by_measure(single_alliance)[M.CPD_DAYS]
    assert (found.actual, found.detail) == (Decimal("1.5"), "2 sessions, 9.0 hours")


def test_positive_evaluations_answer_the_national_question_yes(single_alliance, member_school, person):
    cpd = Programme.objects.create(alliance=single_alliance, title="Maths", kind="subject_cpd", places=20, published=True)
    answers = [("yes", "yes"), ("partly", "yes"), ("not_yet", "yes"), ("yes", "no"), ("yes", "unsure")] + [("yes", "yes")] * 5
    for i, (improved, outweighed) in enumerate(answers):
        user = User.objects.create_user(f"t{i}@brookside.example", "a long test password")
        booking = Booking.objects.create(programme=cpd, participant=user, school=member_school, state="confirmed")
        Evaluation.objects.create(
            booking=booking, rating=4, improved_practice=improved, outweighed_workload=outweighed,
            submitted_at=timezone.make_aware(datetime(2026, 2, 1, 12)),
        )
    found = by_measure(single_alliance)[M.CPD_POSITIVE]
    assert (found.actual, found.met, found.detail) == (Decimal("70.0"), False, "7 of 10 evaluations positive")


def test_support_days_count_only_schools_needing_support_and_ratings_good_or_better(single_alliance, lead_user, support_for, make_school):
    good_school = make_school(name="Sunny Hill Primary", latest_outcome="good")
    plans = [
        (None, "requires_improvement", Decimal(20), 1),
        (None, "inadequate", Decimal(12), 2),
        (good_school, "good", Decimal(9), 3),
    ]
    for school, outcome, days, rating in plans:
        changes = {"starts_on": date(2025, 9, 8), "ends_on": date(2025, 12, 12)}
        if school:
            changes["supported_school"] = school
        assignment = support_for(lead_user, **changes)
        SupportAssignment.objects.filter(pk=assignment.pk).update(state="completed", days_delivered=days, outcome_before=outcome, rating=rating, outcome="Done")
    found = by_measure(single_alliance)
    assert (found[M.SUPPORT_DAYS].actual, found[M.SUPPORT_DAYS].met) == (Decimal(32), True)
    assert (found[M.SUPPORT_GOOD].actual, found[M.SUPPORT_GOOD].met, found[M.SUPPORT_GOOD].detail) == (
        Decimal("66.7"), False, "2 of 3 rated good or better"
    )


def test_national_kpis_in_one_press_then_targets_changed_with_history(single_alliance, lead_user, person, teaching_school):
    made = kpis.use_national_kpis(lead_user, single_alliance, YEAR)
    assert [(c.measure, c.target, c.accountable_school.name) for c in made] == [
        (M.TRAINEES, 15, "Hilltop Teaching School"), (M.EMPLOYMENT, None, "Hilltop Teaching School"),
        (M.CPD_DAYS, 50, "Hilltop Teaching School"), (M.CPD_POSITIVE, 90, "Hilltop Teaching School"),
        (M.SUPPORT_DAYS, 30, "Hilltop Teaching School"), (M.SUPPORT_GOOD, 90, "Hilltop Teaching School"),
    ]
    with pytest.raises(RuleBroken, match="already set"):
        kpis.use_national_kpis(lead_user, single_alliance, YEAR)
    lead = single_alliance.lead_schools().get()
    kpis.set_criteria(lead_user, single_alliance, YEAR, {M.TRAINEES: (Decimal(20), lead)})
    criterion = SuccessCriterion.objects.get(alliance=single_alliance, academic_year=YEAR, measure=M.TRAINEES)
    assert criterion.target == 20 and criterion.history.count() == 2
    assert criterion.history.first().history_user == lead_user
    found = by_measure(single_alliance)
    assert (found[M.TRAINEES].target_text, found[M.TRAINEES].set_by_alliance) == ("At least 20 trainees", True)
    assert found[M.TRAINEES].area == DeliveryArea.ITT


def test_refusals_give_every_reason(single_alliance, lead_user, member_school, person):
    with pytest.raises(RuleBroken) as refused:
        kpis.set_criteria(lead_user, single_alliance, YEAR, {
            M.CPD_POSITIVE: (Decimal(120), member_school), M.TRAINEES: (None, None), M.CPD_DAYS: (Decimal("1.25"), single_alliance.lead_schools().get()),
        })
    assert refused.value.messages == [
        "Give a target for participants who say it improved practice and its benefits outweighed the workload of at most 100%.",
        "Brookside Primary does not lead Hilltop Alliance, so it cannot be accountable for participants who say it improved practice and its benefits outweighed the workload.",
        "Give a target for teachers trained per year.",
        "Choose the school accountable for teachers trained per year.",
        "Give the target for cpd and leadership days delivered to at most one decimal place.",
    ]
    with pytest.raises(NotAllowed):
        kpis.use_national_kpis(person("head@brookside.example", member_school), single_alliance, YEAR)
    assert not SuccessCriterion.objects.exists()
