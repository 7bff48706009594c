"""A small country for matching runs: Hilltop Alliance (its lead teaching school and Brookside
Primary, a member with a designated SLE in Maths and English), three primary schools near them
that need Maths support (one judged Inadequate last year with nobody supporting it, one
Inadequate with support planned, one Good), a school offer at the teaching school, and a school
in another alliance far away. Coordinates are easting and northing in metres."""
from datetime import date
from decimal import Decimal

import pytest

from alliances.models import Alliance, AllianceRole
from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
from delivery.models import ExpertiseArea, SupportAssignment
from registry.models import School

X, Y = 430_000, 433_000  # Leeds, roughly


def place(school, km_east, km_north=0):
    School.objects.filter(pk=school.pk).update(easting=X + int(km_east * 1000), northing=Y + int(km_north * 1000))
    school.refresh_from_db()
    return school


@pytest.fixture
def country(single_alliance, tschool, member_school, make_school, make_inspection, person, head, lead_user, teacher):
    maths, english = ExpertiseArea.objects.get(name="Maths"), ExpertiseArea.objects.get(name="English")
    place(tschool, 0)
    place(member_school, 2)
    weak = make_school(name="Weak Lane Primary", easting=X + 5000, northing=Y)
    supported = make_school(name="Supported Street Primary", easting=X + 6000, northing=Y)
    fine = make_school(name="Fine View Primary", easting=X + 3000, northing=Y)
    far = make_school(name="Far Fell Primary", easting=X + 300_000, northing=Y)
    nowhere = make_school(name="Nowhere Primary")
    for school in (weak, supported, fine):
        AllianceRole.objects.create(alliance=single_alliance, role="member", school=school, starts_on=date(2023, 9, 1))
    other = Alliance.objects.create(name="Fellside Alliance", alliance_type=Alliance.Type.SINGLE)
    AllianceRole.objects.create(alliance=other, role="member", school=far, starts_on=date(2023, 9, 1))
    make_inspection(weak, start_date=date(2025, 11, 4), overall_effectiveness=4)
    make_inspection(supported, start_date=date(2025, 6, 4), overall_effectiveness=4)
    make_inspection(fine, start_date=date(2019, 1, 10), overall_effectiveness=4)  # too long ago to count
    make_inspection(fine, start_date=date(2024, 1, 10), overall_effectiveness=2)
    SupportAssignment.objects.create(
        alliance=single_alliance, supported_school=supported, supporting_school=tschool, focus_area=english,
        objectives="Reading", success_criteria="Phonics check", starts_on=date(2026, 9, 1), ends_on=date(2027, 3, 1),
        days_planned=Decimal(6), state=SupportAssignment.State.PLANNED,
    )
    sle = SpecialistLeader.objects.create(
        person=teacher, school=member_school, teaching_school=tschool, current_role="middle_leader", leadership_years=4,
        evidence="Led maths", state=SpecialistLeader.State.DESIGNATED, yearly_capacity_days=Decimal(6),
    )
    sle.areas.set([maths, english])
    offer = SchoolOffer.objects.create(school=tschool, area=maths, given_by="Maths hub team", days_per_year=Decimal("4.5"))
    needs = {
        school.name.split()[0].lower(): SchoolNeed.objects.create(school=school, area=maths, phase="Primary", days_wanted=Decimal(4))
        for school in (weak, supported, fine, far, nowhere)
    }
    return {
        "maths": maths, "english": english, "weak": weak, "supported": supported, "fine": fine, "far": far,
        "nowhere": nowhere, "other": other, "sle": sle, "offer": offer, "needs": needs,
    }
