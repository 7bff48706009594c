"""A school's needs and offers: who changes them, bad input refused with reasons, and the
gives-and-receives summary from real support records."""
from datetime import date
from decimal import Decimal

import pytest

from alliances.rules import NotAllowed, RuleBroken
from brokerage import expertise_areas, profiles
from brokerage.models import SchoolNeed
from delivery.models import ExpertiseArea, SupportAssignment

pytestmark = pytest.mark.django_db


def need(user, school, area, **changes):
    fields = dict(area=area, phase="Primary", priority="high", wanted_by=date(2027, 3, 1), days_wanted=Decimal(6), notes="Year 6 reasoning")
    fields.update(changes)
    return profiles.add_need(user, school, **fields)


def test_leaders_and_business_managers_keep_the_profile(head, teacher, person, member_school, maths, lead_user):
    bursar = person("bursar@brookside.example", member_school, role="business_manager")
    assert need(head, member_school, maths).state == SchoolNeed.State.OPEN
    assert need(bursar, member_school, maths).priority == "high"
    for who in (teacher, lead_user):
        with pytest.raises(NotAllowed):
            need(who, member_school, maths)


def test_bad_needs_are_refused_with_every_reason(head, member_school, phonics):
    phonics.active = False
    phonics.save()
    with pytest.raises(RuleBroken) as refused:
        need(head, member_school, phonics, phase=" ", priority="urgent", days_wanted=Decimal(0))
    assert refused.value.messages == [
        "“Phonics” is no longer on the list of areas of expertise.",
        "Give the phase of education the support is for.",
        "Choose a priority: high, medium or low.",
        "Give the days wanted: more than 0 and at most 200.",
    ]


def test_a_need_keeps_its_retired_area_when_edited(head, member_school, phonics):
    made = need(head, member_school, phonics)
    phonics.active = False
    phonics.save()
    changed = profiles.update_need(head, made, area=phonics, phase="Primary", priority="low", wanted_by=None,
                                   days_wanted=Decimal(3), state=SchoolNeed.State.MET)
    assert changed.state == "met" and changed.priority == "low"


def test_an_offer_may_name_only_a_designated_sle_of_the_school_in_that_area(head, member_school, designated, maths, phonics, outside_school, person):
    offer = profiles.add_offer(head, member_school, area=maths, given_by="Asha Patel", days_per_year=Decimal(10), specialist_leader=designated)
    assert offer.specialist_leader == designated
    with pytest.raises(RuleBroken, match="is not designated for Phonics"):
        profiles.add_offer(head, member_school, area=phonics, given_by="Asha", days_per_year=Decimal(5), specialist_leader=designated)
    other_head = person("head@faraway.example", outside_school)
    with pytest.raises(RuleBroken, match="Link only a designated SLE of this school"):
        profiles.add_offer(other_head, outside_school, area=maths, given_by="Asha", days_per_year=Decimal(5), specialist_leader=designated)
    with pytest.raises(RuleBroken) as refused:
        profiles.add_offer(head, member_school, area=None, given_by="", days_per_year=None)
    assert refused.value.messages == [
        "Choose an area of expertise from the list.", "Say who gives the support: a person or a team.",
        "Give the days available a year: more than 0 and at most 200.",
    ]


def test_summary_counts_what_the_school_gives_and_receives(head, member_school, outside_school, single_alliance, tschool, maths):
    profiles.add_offer(head, member_school, area=maths, given_by="Maths team", days_per_year=Decimal(8))
    retired = profiles.add_offer(head, member_school, area=maths, given_by="Old team", days_per_year=Decimal(4))
    profiles.update_offer(head, retired, area=maths, given_by="Old team", days_per_year=Decimal(4), active=False)
    need(head, member_school, maths, days_wanted=Decimal(5))
    withdrawn = need(head, member_school, maths, days_wanted=Decimal(50))
    profiles.update_need(head, withdrawn, area=maths, phase="Primary", priority="low", wanted_by=None, days_wanted=Decimal(50), state="withdrawn")

    def support(supported, supporter, days, state="completed"):
        SupportAssignment.objects.create(
            alliance=single_alliance, supported_school=supported, supporting_school=supporter, focus_area=maths, objectives="o",
            success_criteria="s", starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 1), days_planned=days, days_delivered=days, state=state,
        )

    support(member_school, tschool, Decimal(4))
    support(member_school, tschool, Decimal("2.5"))
    support(member_school, tschool, Decimal(9), state="withdrawn")  # not counted
    support(outside_school, member_school, Decimal(3))
    support(outside_school, member_school, Decimal(0), state="in_progress")
    summary = profiles.summary(member_school)
    assert summary.days_offered == 8 and summary.days_needed == 5
    assert summary.days_received == Decimal("6.5") and summary.support_received == 2
    assert summary.days_given == 3 and summary.support_given == 2
    assert profiles.summary(tschool).days_given == Decimal("6.5")


def test_council_keeps_the_list_of_areas(council_member, head):
    area = expertise_areas.add(council_member, name="Oracy", ofsted_focus="Pupil achievement")
    assert area.active
    with pytest.raises(RuleBroken, match="There is already an area called “maths”"):
        expertise_areas.add(council_member, name="maths", ofsted_focus="Pupil achievement")
    with pytest.raises(RuleBroken) as refused:
        expertise_areas.add(council_member, name=" ", ofsted_focus="")
    assert refused.value.messages == ["Give the area a name.", "Give the Ofsted focus area it belongs under."]
    expertise_areas.change(council_member, area, name="Oracy and talk", ofsted_focus="Pupil achievement", active=False)
    area.refresh_from_db()
    assert area.name == "Oracy and talk" and not area.active
    with pytest.raises(NotAllowed):
        expertise_areas.add(head, name="Something", ofsted_focus="Leadership")
    assert ExpertiseArea.objects.filter(name="Something").count() == 0
