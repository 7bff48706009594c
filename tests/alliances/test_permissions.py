"""Who may see members-only information and manage an alliance."""
from datetime import date

import pytest

from accounts.models import Affiliation
from alliances.membership import add_member
from alliances.models import Alliance, AllianceRole
from alliances.permissions import can_manage, can_see_members_only, is_council_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_alliances(single_alliance, teaching_school, make_school, person):
    other_lead = teaching_school(name="Riverside Teaching School")
    other = Alliance.objects.create(name="Riverside Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=other, role="lead", school=other_lead, starts_on=date(2021, 1, 1))
    member = make_school(name="Member Primary")
    add_member(single_alliance, member, date(2024, 9, 1))
    return {
        "alliance": single_alliance,
        "other": other,
        "lead": person("lead@example.org", single_alliance.lead_schools().get()),
        "bursar": person("bursar@example.org", single_alliance.lead_schools().get(), Affiliation.Role.BUSINESS_MANAGER),
        "lead_teacher": person("teacher@example.org", single_alliance.lead_schools().get(), Affiliation.Role.STAFF),
        "member": person("member@example.org", member),
        "other_lead": person("other@example.org", other_lead),
    }


def test_leads_manage_their_own_alliance_only(two_alliances):
    a = two_alliances
    assert can_manage(a["lead"], a["alliance"]) and can_manage(a["bursar"], a["alliance"])
    assert not can_manage(a["lead_teacher"], a["alliance"])
    assert not can_manage(a["member"], a["alliance"])
    assert not can_manage(a["other_lead"], a["alliance"])


def test_members_see_members_only_information_of_their_alliance_only(two_alliances):
    a = two_alliances
    assert can_see_members_only(a["member"], a["alliance"])
    assert not can_see_members_only(a["member"], a["other"])
    assert not can_see_members_only(a["other_lead"], a["alliance"])


def test_former_members_lose_access(two_alliances):
    a = two_alliances
    role = a["alliance"].roles.get(role="member")
    role.ends_on = date(2025, 8, 31)
    role.save()
    assert not can_see_members_only(a["member"], a["alliance"])


def test_council_members_see_all(two_alliances, council_member):
    a = two_alliances
    assert is_council_member(council_member)
    assert can_see_members_only(council_member, a["other"]) and can_manage(council_member, a["alliance"])
