"""Teaching schools, people and alliances for the alliance tests."""
from datetime import date

import pytest
from django.contrib.auth.models import Group

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from alliances.permissions import COUNCIL_GROUP
from tests.sign_in import with_two_factor


@pytest.fixture
def teaching_school(make_school):
    """A designated teaching school (Good, open, state-funded by default)."""

    def make(**fields):
        fields.setdefault("number_of_pupils", 420)
        fields.setdefault("at_least_good", True)
        school = make_school(**fields)
        Designation.objects.create(
            school=school, status=Designation.Status.DESIGNATED, designated_on=date(2022, 9, 1), review_due_on=date(2026, 9, 1)
        )
        return school

    return make


@pytest.fixture
def person(db):
    """person(email, school_or_organisation=None, role="leader") -> a user acting for it."""

    def make(email, body=None, role=Affiliation.Role.LEADER):
        user = User.objects.create_user(email, "a long test password")
        if body is not None:
            field = "school" if body.__class__.__name__ == "School" else "organisation"
            Affiliation.objects.create(user=user, role=role, **{field: body})
        return user

    return make


@pytest.fixture
def council_member(person):
    user = person("council@example.org")
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(user)  # the site requires it of Council members
    return user


@pytest.fixture
def single_alliance(teaching_school):
    lead = teaching_school(name="Hilltop Teaching School")
    alliance = Alliance.objects.create(name="Hilltop Alliance", alliance_type=Alliance.Type.SINGLE)
    AllianceRole.objects.create(alliance=alliance, role=AllianceRole.Role.LEAD, school=lead, starts_on=date(2020, 9, 1))
    return alliance


@pytest.fixture
def lead_user(single_alliance, person):
    """The leader of Hilltop Alliance's lead school."""
    return person("lead@example.org", single_alliance.lead_schools().get())
