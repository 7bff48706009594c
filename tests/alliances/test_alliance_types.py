"""Single, job-share and multiple alliances: every rule, refused with a plain reason."""
from datetime import date

import pytest
from django.db import IntegrityError, transaction

from alliances.alliance_types import type_problems
from alliances.roles import add_lead, create_alliance, end_role
from alliances.models import Alliance, AllianceRole
from alliances.rules import RuleBroken

pytestmark = pytest.mark.django_db
SINGLE, JOB_SHARE, MULTIPLE = Alliance.Type.SINGLE, Alliance.Type.JOB_SHARE, Alliance.Type.MULTIPLE


def test_single_alliance_has_exactly_one_lead(teaching_school):
    one, two = teaching_school(), teaching_school()
    assert type_problems(SINGLE, [one]) == []
    assert type_problems(SINGLE, [one, two]) == ["A single alliance is led by exactly one teaching school; this would have 2."]
    assert type_problems(SINGLE, []) == ["An alliance needs at least one lead teaching school."]


def test_job_share_is_two_small_or_special_schools(teaching_school):
    small = teaching_school(name="Little Primary", number_of_pupils=95)
    special = teaching_school(name="Oak Special", is_special=True, type_name="Community special school")
    large = teaching_school(name="Big Primary", number_of_pupils=630)
    assert type_problems(JOB_SHARE, [small, special]) == []
    assert type_problems(JOB_SHARE, [small, large]) == [
        "Big Primary cannot share the lead of a job-share alliance: it is neither a small school "
        "(fewer than 210 pupils) nor a special school."
    ]
    assert "exactly two schools; this would have 1" in type_problems(JOB_SHARE, [small])[0]
    assert "exactly two schools; this would have 3" in " ".join(type_problems(JOB_SHARE, [small, special, teaching_school(number_of_pupils=50)]))


def test_small_follows_the_configured_threshold(teaching_school, settings):
    settings.SMALL_SCHOOL_PUPIL_THRESHOLD = 100
    a, b = teaching_school(number_of_pupils=150), teaching_school(number_of_pupils=90)
    assert len(type_problems(JOB_SHARE, [a, b])) == 1


def test_multiple_alliance_has_two_or_more_leads(teaching_school):
    schools = [teaching_school() for _ in range(3)]
    assert type_problems(MULTIPLE, schools) == []
    assert type_problems(MULTIPLE, schools[:1]) == ["A multiple alliance is led by two or more teaching schools; this would have 1."]


def test_every_lead_must_be_a_designated_open_teaching_school(teaching_school, make_school):
    plain = make_school(name="Not Designated Primary")
    closed = teaching_school(name="Closed Primary", status="closed")
    problems = type_problems(MULTIPLE, [plain, closed])
    assert "Not Designated Primary is not a designated teaching school, so it cannot lead an alliance." in problems
    assert "Closed Primary is closed, so it cannot lead an alliance." in problems


def test_creating_an_alliance_that_breaks_a_rule_saves_nothing(teaching_school):
    leads = [teaching_school(), teaching_school()]
    with pytest.raises(RuleBroken) as refused:
        create_alliance("Twin Oaks Alliance", SINGLE, leads)
    assert "exactly one teaching school" in refused.value.messages[0]
    assert not Alliance.objects.exists() and not AllianceRole.objects.exists()


def test_adding_a_second_lead_to_a_single_alliance_needs_a_change_of_type(single_alliance, teaching_school):
    second = teaching_school(name="Valley Teaching School")
    with pytest.raises(RuleBroken, match="single alliance is led by exactly one"):
        add_lead(single_alliance, second)
    add_lead(single_alliance, second, new_type=MULTIPLE)
    single_alliance.refresh_from_db()
    assert single_alliance.alliance_type == MULTIPLE
    assert single_alliance.lead_schools().count() == 2


def test_the_last_lead_cannot_leave(single_alliance):
    role = single_alliance.roles.get(role="lead")
    with pytest.raises(RuleBroken, match="at least one lead"):
        end_role(role, date(2025, 8, 31))
    role.refresh_from_db()
    assert role.ends_on is None


def test_a_role_cannot_end_before_it_starts_even_in_the_database(single_alliance):
    role = single_alliance.roles.get(role="lead")
    with pytest.raises(RuleBroken, match="cannot end"):
        end_role(role, date(2019, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceRole.objects.filter(pk=role.pk).update(ends_on=date(2019, 1, 1))


@pytest.mark.parametrize(
    "name, refused",
    [
        ("Hilltop Alliance", "There is already an alliance called Hilltop Alliance."),
        ("Hilltop  Alliance!", "The name is too close to Hilltop Alliance's"),
        ("!!!", "Give the alliance a name with letters or numbers in it."),
        ("Find", "“Find” cannot be an alliance's name"),
    ],
)
def test_a_new_alliance_name_must_give_a_free_address(single_alliance, teaching_school, name, refused):
    with pytest.raises(RuleBroken, match=refused):
        create_alliance(name, Alliance.Type.SINGLE, [teaching_school(name="Valley Teaching School")])
    assert Alliance.objects.count() == 1
