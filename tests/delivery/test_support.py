"""School-to-school support: recording, updating, completing and rating, each refusal with every
reason; the inspection outcome before (stored) and after (read from the registry)."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from alliances.permissions import can_see_support
from alliances.rules import NotAllowed, RuleBroken
from delivery import support
from delivery.models import ExpertiseArea, SupportAssignment

pytestmark = pytest.mark.django_db
State = SupportAssignment.State


def test_the_areas_of_expertise_are_loaded_from_the_published_list():
    assert ExpertiseArea.objects.count() == 27
    assert set(ExpertiseArea.objects.values_list("ofsted_focus", flat=True)) == {
        "Leadership and management", "Pupil achievement", "Quality of teaching", "Behaviour and safety",
    }
    assert ExpertiseArea.objects.get(name="Phonics").ofsted_focus == "Pupil achievement"


def test_a_manager_records_support_and_the_outcome_before_is_kept(lead_user, support_for, supported_school):
    assignment = support_for(lead_user)
    assert (assignment.state, assignment.outcome_before, assignment.recorded_by) == (State.PLANNED, "requires_improvement", lead_user)
    supported_school.latest_outcome = "good"
    supported_school.save()
    assignment.refresh_from_db()
    assert assignment.outcome_before == "requires_improvement"  # stored, not read again
    assert assignment.history.count() == 2


def test_support_starting_later_keeps_the_outcome_when_it_starts(lead_user, support_for, supported_school):
    later = date.today() + timedelta(days=40)
    assignment = support_for(lead_user, starts_on=later, ends_on=later + timedelta(days=60))
    assert assignment.outcome_before == ""
    fields = dict(
        supported_school=supported_school, supporter=assignment.supporting_school, focus_area=assignment.focus_area,
        objectives="x", success_criteria="y", starts_on=later, ends_on=later + timedelta(days=60), days_planned=Decimal(3),
    )
    support.update_assignment(lead_user, assignment, state=State.IN_PROGRESS, **fields)
    assignment.refresh_from_db()
    assert assignment.outcome_before == "requires_improvement"


def test_refusals_give_every_reason_and_write_nothing(lead_user, single_alliance, outside_school, maths):
    maths.active = False
    maths.save()
    with pytest.raises(RuleBroken) as refused:
        support.record_assignment(
            lead_user, single_alliance, supported_school=outside_school, supporter=outside_school, focus_area=maths,
            objectives=" ", success_criteria="", starts_on=date(2025, 3, 1), ends_on=date(2025, 2, 1), days_planned=Decimal(0),
        )
    assert refused.value.messages == [
        "Faraway Academy is not a current lead, deliverer or member of Hilltop Alliance.",
        "A school cannot support itself.",
        "Maths is no longer offered as an area of expertise.",
        "Give the objectives of the support.",
        "Give the success criteria.",
        "The support must end on or after the day it starts.",
        "Plan at least part of a day of support.",
    ]
    assert not SupportAssignment.objects.exists()


def test_only_the_alliances_managers_record_and_update(support_for, person, member_school, lead_user):
    for who in (person("head@brookside.example", member_school), person("nobody@example.org")):
        with pytest.raises(NotAllowed):
            support_for(who)
    assignment = support_for(lead_user)
    with pytest.raises(NotAllowed):
        support.complete(person("head2@brookside.example", member_school), assignment, days_delivered=Decimal(5), outcome="Done")


def test_completing_needs_days_and_an_outcome_and_ends_editing(lead_user, support_for):
    assignment = support_for(lead_user)
    with pytest.raises(RuleBroken) as refused:
        support.complete(lead_user, assignment, days_delivered=Decimal(0), outcome="")
    assert refused.value.messages == ["Give the days delivered: more than 0.", "Say what the outcome of the support was."]
    support.complete(lead_user, assignment, days_delivered=Decimal("5.5"), outcome="Year 2 maths at 78% expected.")
    assignment.refresh_from_db()
    assert (assignment.state, assignment.days_delivered) == (State.COMPLETED, Decimal("5.5"))
    with pytest.raises(RuleBroken, match="already completed"):
        support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Again")
    with pytest.raises(RuleBroken, match="can no longer be changed"):
        support.update_assignment(
            lead_user, assignment, supported_school=assignment.supported_school, supporter=assignment.supporting_school,
            focus_area=assignment.focus_area, objectives="x", success_criteria="y", starts_on=assignment.starts_on,
            ends_on=assignment.ends_on, days_planned=Decimal(6), state=State.PLANNED,
        )


def test_the_supported_schools_leader_rates_once_after_completion(lead_user, support_for, person, supported_school):
    head = person("head@quarry.example", supported_school)
    assignment = support_for(lead_user)
    with pytest.raises(RuleBroken, match="rated once completed"):
        support.rate(head, assignment, rating=2)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    for who in (lead_user, person("teacher@quarry.example", supported_school, "staff")):
        with pytest.raises(NotAllowed):
            support.rate(who, assignment, rating=1)
    with pytest.raises(RuleBroken, match="Choose a rating"):
        support.rate(head, assignment, rating=7)
    support.rate(head, assignment, rating=2, comment="Practical and well judged.")
    assignment.refresh_from_db()
    assert (assignment.get_rating_display(), assignment.rated_by) == ("Good", head)
    with pytest.raises(RuleBroken, match="already rated it Good"):
        support.rate(person("bm@quarry.example", supported_school, "business_manager"), assignment, rating=1)


def test_the_outcome_after_is_the_first_graded_inspection_after_the_end(lead_user, support_for, supported_school, make_inspection):
    assignment = support_for(lead_user)
    make_inspection(supported_school, date(2024, 11, 1), overall_effectiveness=3)
    assert support.outcome_after(assignment) is None
    make_inspection(supported_school, date(2025, 6, 1), regime="ungraded", ungraded_outcome="School remains Good")
    make_inspection(supported_school, date(2026, 2, 1), overall_effectiveness=1)
    make_inspection(supported_school, date(2025, 10, 1), overall_effectiveness=2)
    outcome, inspection = support.outcome_after(assignment)
    assert (outcome, inspection.start_date) == ("Good", date(2025, 10, 1))


def test_who_sees_a_support_record(lead_user, support_for, person, member_school, supported_school, outside_school, council_member, trust):
    assignment = support_for(lead_user)
    seeing = [lead_user, council_member, person("t@quarry.example", supported_school, "staff"), person("t@brookside.example", member_school, "staff")]
    assert all(can_see_support(who, assignment) for who in seeing)
    for who in (person("t@faraway.example", outside_school, "staff"), person("staff@trust.example", trust, "staff"), None):
        assert not can_see_support(who, assignment)
