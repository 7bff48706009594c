"""Applying to be an SLE, the headteacher's consent, designation by a teaching school, ending,
capacity, and the notices that carry each step."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from alliances.rules import NotAllowed, RuleBroken
from brokerage import designations, sle_applications
from brokerage.capacity import days_committed, days_remaining
from brokerage.eligibility import MINIMUM_LEADERSHIP_YEARS, eligibility_problems
from brokerage.models import CurrentRole, SpecialistLeader
from notices.models import Kind, Notice

pytestmark = pytest.mark.django_db
State = SpecialistLeader.State
REFUSED_ROLES = {CurrentRole.HEADTEACHER, CurrentRole.HLTA, CurrentRole.TEACHER}


@given(role=st.sampled_from(CurrentRole.values), years=st.integers(min_value=0, max_value=40))
def test_eligible_exactly_when_a_leader_below_head_for_two_years(role, years):
    problems = eligibility_problems(role, years)
    eligible = role not in REFUSED_ROLES and years >= MINIMUM_LEADERSHIP_YEARS
    assert (problems == []) == eligible
    # Both reasons at once when both are broken.
    assert len(problems) == (role in REFUSED_ROLES) + (years < MINIMUM_LEADERSHIP_YEARS)


def test_hlta_and_headteacher_are_refused_with_a_clear_reason():
    assert "Higher level teaching assistants are not eligible" in eligibility_problems(CurrentRole.HLTA, 10)[0]
    assert "Headteachers cannot be" in eligibility_problems(CurrentRole.HEADTEACHER, 10)[0]
    assert "at least 2 years" in eligibility_problems(CurrentRole.SENIOR_LEADER, 1)[0]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(role=st.sampled_from(CurrentRole.values), years=st.integers(min_value=0, max_value=6))
def test_applying_stores_only_eligible_applications(application, teacher, role, years):
    SpecialistLeader.objects.filter(person=teacher).delete()
    eligible = role not in REFUSED_ROLES and years >= 2
    if eligible:
        assert application(current_role=role, leadership_years=years).state == State.AWAITING_CONSENT
    else:
        with pytest.raises(RuleBroken):
            application(current_role=role, leadership_years=years)
        assert not SpecialistLeader.objects.filter(person=teacher).exists()


def test_the_school_need_not_be_outstanding(application, member_school, make_inspection):
    make_inspection(member_school, overall_effectiveness=3)  # requires improvement
    assert application().state == State.AWAITING_CONSENT


def test_every_reason_at_once(application, member_school, outside_school, make_school, phonics):
    phonics.active = False
    phonics.save()
    with pytest.raises(RuleBroken) as refused:
        application(school=outside_school, teaching_school=make_school(name="Not A Teaching School"), areas=[phonics],
                    current_role=CurrentRole.HLTA, leadership_years=1, evidence="  ")
    reasons = refused.value.messages
    assert "You do not act for Faraway Academy: apply for a school you work at." in reasons
    assert "Not A Teaching School is not a designated teaching school, so it cannot designate SLEs." in reasons
    assert "“Phonics” is no longer on the list of areas of expertise." in reasons
    assert any("Higher level teaching assistants" in r for r in reasons)
    assert any("at least 2 years" in r for r in reasons)
    assert "Describe your track record: the evidence the teaching school assesses." in reasons


def test_no_areas_and_no_school(application, person):
    loner = person("loner@example.org")
    with pytest.raises(RuleBroken) as refused:
        application(user=loner, school=None, areas=[])
    assert refused.value.messages[0].startswith("You apply for your school: you do not act for a school on this site yet.")
    assert "Choose at least one area of expertise." in refused.value.messages


def test_one_live_application_at_a_time(application):
    application()
    with pytest.raises(RuleBroken, match="already have an application in progress"):
        application()


def test_headteacher_is_asked_and_consent_moves_it_to_the_teaching_school(application, head, lead_user, teacher):
    sle = application()
    asked = Notice.objects.get(recipient=head, kind=Kind.SLE_CONSENT)
    assert "Asha Patel asks your consent" in asked.text
    sle_applications.decide_consent(head, sle, consents=True)
    sle.refresh_from_db()
    assert sle.state == State.AWAITING_ASSESSMENT and sle.consent_by == head
    asked.refresh_from_db()
    assert asked.is_done
    assert Notice.objects.filter(recipient=lead_user, kind=Kind.SLE_TO_ASSESS, done_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=teacher, kind=Kind.SLE_DECISION).exists()


def test_refusing_consent_needs_a_reason_the_teacher_is_told(application, head, teacher):
    sle = application()
    with pytest.raises(RuleBroken, match="Give the reason you do not consent"):
        sle_applications.decide_consent(head, sle, consents=False, reason=" ")
    sle_applications.decide_consent(head, sle, consents=False, reason="We need you here this year.")
    sle.refresh_from_db()
    assert sle.state == State.CONSENT_REFUSED
    assert "has not consented" in Notice.objects.get(recipient=teacher, kind=Kind.SLE_DECISION).text
    with pytest.raises(RuleBroken, match="consent is no longer asked"):
        sle_applications.decide_consent(head, sle, consents=True)


def test_only_the_schools_leader_consents(application, teacher, person, member_school, lead_user):
    sle = application()
    bursar = person("bursar@brookside.example", member_school, role="business_manager")
    for who in (teacher, bursar, lead_user):
        with pytest.raises(NotAllowed):
            sle_applications.decide_consent(who, sle, consents=True)


def test_teaching_school_designates_with_a_capacity(designated, teacher):
    assert designated.state == State.DESIGNATED and designated.designated_on == date.today()
    assert designated.yearly_capacity_days == 15
    assert days_committed(designated) == 0 and days_remaining(designated) == 15
    assert "has designated you" in Notice.objects.filter(recipient=teacher, kind=Kind.SLE_DECISION).first().text


def test_not_designated_needs_reasons(application, head, lead_user):
    sle = application()
    with pytest.raises(RuleBroken, match="not waiting for assessment"):
        designations.assess(lead_user, sle, designate=True)  # no consent yet
    sle_applications.decide_consent(head, sle, consents=True)
    with pytest.raises(RuleBroken, match="Give the reasons for not designating"):
        designations.assess(lead_user, sle, designate=False)
    sle = designations.assess(lead_user, sle, designate=False, reasons="Too little evidence of impact beyond your school.")
    assert sle.state == State.NOT_DESIGNATED


@pytest.mark.parametrize("days", [Decimal(0), Decimal(-3), Decimal(101), None])
def test_capacity_must_be_sensible(application, head, lead_user, days):
    sle = application()
    sle_applications.decide_consent(head, sle, consents=True)
    with pytest.raises(RuleBroken, match="yearly capacity"):
        designations.assess(lead_user, sle, designate=True, yearly_capacity_days=days)


def test_only_the_chosen_teaching_schools_leaders_assess(application, head, teaching_school, person, tschool):
    sle = application()
    sle_applications.decide_consent(head, sle, consents=True)
    elsewhere = person("head@elsewhere.example", teaching_school(name="Elsewhere Teaching School"))
    bursar = person("bursar@hilltop.example", tschool, role="business_manager")
    for who in (elsewhere, bursar, head):
        with pytest.raises(NotAllowed):
            designations.assess(who, sle, designate=True)


def test_a_teaching_school_that_lost_its_designation_cannot_assess(application, head, lead_user, tschool):
    sle = application()
    sle_applications.decide_consent(head, sle, consents=True)
    tschool.designations.update(status="de_designated")
    with pytest.raises(NotAllowed):
        designations.assess(lead_user, sle, designate=True)


def test_ending_a_designation(designated, lead_user, teacher, application):
    with pytest.raises(RuleBroken) as refused:
        designations.end(lead_user, designated, reason="", ends_on=date.today() - timedelta(days=3))
    assert "Give the reason the designation ends: the SLE is told it." in refused.value.messages
    assert any("cannot end before it began" in r for r in refused.value.messages)
    sle = designations.end(lead_user, designated, reason="Moved to a headship.")
    assert sle.state == State.ENDED and sle.ended_on == date.today() and sle.ended_by == lead_user
    assert "ended your designation" in Notice.objects.filter(recipient=teacher).first().text
    with pytest.raises(RuleBroken, match="Only a designation in force"):
        designations.end(lead_user, sle, reason="Again")
    # The record is kept; the teacher may apply again.
    assert application().state == State.AWAITING_CONSENT
    assert SpecialistLeader.objects.filter(person=teacher).count() == 2


def test_changing_capacity_changes_remaining(designated, lead_user):
    sle = designations.set_capacity(lead_user, designated, Decimal("12.5"))
    assert days_remaining(sle) == Decimal("12.5")


def test_withdrawing(application, teacher, head):
    sle = application()
    with pytest.raises(NotAllowed):
        sle_applications.withdraw(head, sle)
    sle = sle_applications.withdraw(teacher, sle)
    assert sle.state == State.WITHDRAWN
    assert not Notice.objects.filter(kind=Kind.SLE_CONSENT, done_at__isnull=True).exists()


def test_history_is_kept(designated):
    """Each step is kept (choosing the areas adds a row of its own when applying)."""
    steps = [(h.state, h.history_user) for h in designated.history.order_by("history_date", "history_id")]
    changes = [step for i, step in enumerate(steps) if i == 0 or step[0] != steps[i - 1][0]]
    assert [state for state, _ in changes] == ["awaiting_consent", "awaiting_assessment", "designated"]
