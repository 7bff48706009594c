"""The alliances API keeps the pages' permissions."""
from datetime import date

import pytest

from alliances import roles
from alliances.models import Alliance, AllianceRole, Designation

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliances(single_alliance, teaching_school, make_school, person):
    other = Alliance.objects.create(name="Riverside Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=other, role="lead", school=teaching_school(name="Riverside TS"), starts_on=date(2021, 1, 1))
    member, other_member = make_school(name="Member A"), make_school(name="Member B")
    roles.add_member(single_alliance, member, date(2024, 9, 1), subscription_pence=50000, period="annual")
    roles.add_member(other, other_member, date(2024, 9, 1))
    return single_alliance, other, person("a@example.org", member), person("b@example.org", other_member)


def test_alliance_profiles_are_public_with_roles(client, alliances):
    alliance, *_ = alliances
    body = client.get(f"/api/alliances/{alliance.slug}/").json()
    assert body["alliance_type"] == "single" and body["agreement_in_place"] is True
    assert {(r["role"], r["school"]["name"]) for r in body["roles"]} == {("lead", "Hilltop Teaching School"), ("member", "Member A")}
    assert "terms" not in str(body)


def test_roles_as_on_a_date(client, alliances):
    alliance, *_ = alliances
    body = client.get(f"/api/alliances/{alliance.slug}/", {"on": "2023-01-01"}).json()
    assert [r["role"] for r in body["roles"]] == ["lead"]
    assert client.get(f"/api/alliances/{alliance.slug}/", {"on": "yesterday"}).status_code == 400


def test_membership_terms_only_for_the_alliances_own_people(client, alliances):
    alliance, other, member_a, member_b = alliances
    url = f"/api/alliances/{alliance.slug}/memberships/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(member_b)
    assert client.get(url).status_code == 403
    client.force_login(member_a)
    body = client.get(url).json()
    assert body[0]["school"]["name"] == "Member A" and body[0]["terms"]["subscription_pence"] == 50000


def test_applications_are_seen_by_the_school_and_the_council_only(client, make_school, person, council_member, alliances):
    school = make_school(name="Applicant")
    Designation.objects.create(school=school)  # applied
    assert "Applicant" not in client.get("/api/designations/").content.decode()
    client.force_login(person("h@applicant.example", school))
    assert "Applicant" in client.get("/api/designations/").content.decode()
    client.force_login(council_member)
    assert client.get("/api/designations/", {"status": "applied"}).json()["count"] == 1


def test_the_list_gives_each_alliances_leads_and_counts(client, alliances):
    alliance, *_ = alliances
    listed = {row["slug"]: row for row in client.get("/api/alliances/").json()["results"]}
    row = listed[alliance.slug]
    assert row["leads"] == [{"urn": alliance.lead_schools().get().urn, "name": "Hilltop Teaching School"}]
    assert (row["member_count"], row["deliverer_count"]) == (1, 0)
    assert "roles" not in row
    then = {row["slug"]: row for row in client.get("/api/alliances/", {"on": "2023-01-01"}).json()["results"]}
    assert then[alliance.slug]["member_count"] == 0
