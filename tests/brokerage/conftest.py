"""An alliance led by a teaching school, a member school with a headteacher and a teacher who
applies to be an SLE, a school outside the alliance, and helpers to move an application along."""
from datetime import date

import pytest

from alliances.models import AllianceRole
from brokerage import designations, sle_applications
from brokerage.models import CurrentRole
from delivery.models import ExpertiseArea
from tests.alliances.conftest import council_member, lead_user, person, single_alliance, teaching_school  # noqa: F401


@pytest.fixture
def tschool(single_alliance):
    return single_alliance.lead_schools().get()


@pytest.fixture
def member_school(single_alliance, make_school):
    school = make_school(name="Brookside Primary")
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=school, starts_on=date(2022, 9, 1))
    return school


@pytest.fixture
def outside_school(make_school):
    return make_school(name="Faraway Academy", phase="Secondary")


@pytest.fixture
def head(person, member_school):
    return person("head@brookside.example", member_school)


@pytest.fixture
def teacher(person, member_school):
    user = person("maths.lead@brookside.example", member_school, role="staff")
    user.full_name = "Asha Patel"
    user.save()
    return user


@pytest.fixture
def maths():
    return ExpertiseArea.objects.get(name="Maths")


@pytest.fixture
def phonics():
    return ExpertiseArea.objects.get(name="Phonics")


@pytest.fixture
def application(teacher, member_school, tschool, maths):
    """apply(**changes) -> the teacher's application, with good answers unless changed."""

    def make(**changes):
        fields = dict(
            school=member_school, teaching_school=tschool, areas=[maths], current_role=CurrentRole.MIDDLE_LEADER,
            leadership_years=4, evidence="Led maths across the school; KS2 results up 12 points in two years.",
        )
        fields.update(changes)
        return sle_applications.apply(changes.pop("user", teacher), **{k: v for k, v in fields.items() if k != "user"})

    return make


@pytest.fixture
def designated(application, head, lead_user):
    sle = application()
    sle_applications.decide_consent(head, sle, consents=True)
    return designations.assess(lead_user, sle, designate=True, yearly_capacity_days=15)
