"""An alliance running a programme, a member school and a school outside it, and their people."""
from datetime import date, time, timedelta

import pytest

from alliances.models import AllianceRole
from delivery.models import BookingPolicy, Programme, Session
from tests.alliances.conftest import lead_user, person, single_alliance, teaching_school  # noqa: F401

NEXT_MONTH = date.today() + timedelta(days=30)


@pytest.fixture
def member_school(single_alliance, make_school):
    school = make_school(name="Brookside Primary")
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=school, starts_on=date(2022, 9, 1))
    return school


@pytest.fixture
def outside_school(make_school):
    return make_school(name="Faraway Academy")


@pytest.fixture
def programme(single_alliance):
    """Published, two places, £120 a place and free to members, first session next month."""
    made = Programme.objects.create(
        alliance=single_alliance, title="Leading maths", kind=Programme.Kind.SUBJECT_CPD, places=2,
        price_pence=12000, free_to_members=True, published=True,
    )
    made.led_by.add(single_alliance.roles.get(role="lead"))
    Session.objects.create(programme=made, date=NEXT_MONTH, starts_at=time(9), ends_at=time(12), venue="Hilltop hall")
    return made


@pytest.fixture
def no_approval():
    """Schools whose bookings are confirmed at once."""

    def set_for(*schools):
        for school in schools:
            BookingPolicy.objects.update_or_create(school=school, defaults={"approval_required": False})

    return set_for
