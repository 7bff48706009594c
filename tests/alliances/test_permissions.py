"""Who may see members-only information and manage an alliance."""
from datetime import date

import pytest

from accounts.models import Affiliation
from alliances.roles import add_member
from alliances.models import Alliance, AllianceRole
from alliances.permissions import can_manage, can_see_members_only, is_council_member, terms_visible_to

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


def test_council_members_read_every_alliance_but_run_none(two_alliances, council_member):
    a = two_alliances
    assert is_council_member(council_member)
    assert can_see_members_only(council_member, a["other"])
    assert not can_manage(council_member, a["alliance"]) and not can_manage(council_member, a["other"])


def test_site_administrators_have_no_powers_on_the_site_beyond_their_affiliations(two_alliances, person):
    admin = person("admin@example.org")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    assert not is_council_member(admin)
    assert not can_see_members_only(admin, a := two_alliances["alliance"]) and not can_manage(admin, a)


def test_member_terms_are_private_to_the_school_its_managers_and_the_council(two_alliances, council_member, make_school, person):
    a = two_alliances
    second = make_school(name="Second Member Primary")
    add_member(a["alliance"], second, date(2024, 9, 1), subscription_pence=25000, period="year")
    members = list(a["alliance"].roles_on().filter(role="member"))
    everyone = {role.pk for role in members}
    assert terms_visible_to(a["lead"], a["alliance"], members) == everyone
    assert terms_visible_to(a["bursar"], a["alliance"], members) == everyone
    assert terms_visible_to(council_member, a["alliance"], members) == everyone
    own = {role.pk for role in members if role.school.name == "Member Primary"}
    assert terms_visible_to(a["member"], a["alliance"], members) == own
    assert terms_visible_to(a["lead_teacher"], a["alliance"], members) == set()
