"""An alliance running a programme, a member school and a school outside it, and their people."""
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from alliances.models import AllianceRole
from delivery.models import BookingPolicy, Programme, Session
from tests.alliances.conftest import council_member, lead_user, person, single_alliance, teaching_school  # noqa: F401

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


@pytest.fixture
def trust(single_alliance):
    """An academy trust delivering for Hilltop Alliance."""
    from registry.models import Organisation

    made = Organisation.objects.create(name="Northern Lights Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="TR77")
    AllianceRole.objects.create(alliance=single_alliance, role="deliverer", organisation=made, starts_on=date(2022, 9, 1))
    return made


@pytest.fixture
def supported_school(make_school):
    return make_school(name="Quarry Lane Infant School", latest_outcome="requires_improvement")


@pytest.fixture
def maths():
    from delivery.models import ExpertiseArea

    return ExpertiseArea.objects.get(name="Maths")


@pytest.fixture
def support_for(single_alliance, member_school, supported_school, maths):
    """support_for(user, **changes) -> support by the member school, 6 days planned, last term."""
    from delivery import support

    def make(user, **changes):
        fields = dict(
            supported_school=supported_school, supporter=member_school, focus_area=maths, supporter_name="Sam Specialist",
            objectives="Raise attainment in Year 2 maths.", success_criteria="Year 2 at expected standard up 10 points.",
            starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 28), days_planned=Decimal("6"),
        )
        fields.update(changes)
        return support.record_assignment(user, single_alliance, **fields)

    return make
