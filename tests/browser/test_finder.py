"""A head signs in and the finder starts from their school; they search from a postcode instead and
see each alliance's distance and reasons; axe-core finds nothing wrong on either page."""
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole
from tests.browser.conftest import accessibility_violations
from tests.sign_in import verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long test password"


@pytest.fixture
def head(make_school):
    school = make_school(name="Hyde Park Primary", postcode="LS6 1AA", town="Leeds", latitude=53.80, longitude=-1.55)
    lead = make_school(name="Headingley Teaching School", postcode="LS6 3XY", town="Leeds", latitude=53.82, longitude=-1.58)
    near = Alliance.objects.create(name="Headingley Alliance", alliance_type="single", delivery_areas=["cpd"], specialisms="Early reading")
    AllianceRole.objects.create(alliance=near, role="lead", school=lead, starts_on=date(2023, 9, 1))
    AllianceRole.objects.create(alliance=near, role="member", school=school, starts_on=date(2024, 9, 1))
    oxford_lead = make_school(name="Cherwell School", postcode="OX2 7AA", town="Oxford", latitude=51.77, longitude=-1.26)
    far = Alliance.objects.create(name="Cherwell Alliance", alliance_type="single", delivery_areas=["itt"])
    AllianceRole.objects.create(alliance=far, role="lead", school=oxford_lead, starts_on=date(2023, 9, 1))
    user = verified(User.objects.create_user("head@hydepark.example", PASSWORD, full_name="Hana Head"))
    Affiliation.objects.create(user=user, school=school, role="leader")
    return school


def test_a_head_starts_from_their_school_then_searches_by_postcode(live_server, page, head):
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill("head@hydepark.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/alliances/yours/")

    page.goto(f"{base}/alliances/find/")
    expect(page.get_by_label("Your school's URN, or a postcode or town")).to_have_value(str(head.urn))
    expect(page.get_by_role("heading", name="2 alliances, for Hyde Park Primary")).to_be_visible()
    expect(page.get_by_text("Your school is a member")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Your school's URN, or a postcode or town").fill("LS6 2ZZ")
    page.get_by_label("Specialisms you need").fill("early reading")
    page.get_by_role("button", name="Find alliances").click()
    page.wait_for_url("**/alliances/find/?*")

    expect(page.get_by_role("heading", name="2 alliances, near LS6 2ZZ")).to_be_visible()
    expect(page.get_by_text("LS6 2ZZ is not a school")).to_be_visible()
    first = page.locator("ol > li").first
    expect(first.get_by_role("link", name="Headingley Alliance")).to_be_visible()
    expect(first.get_by_text("Single alliance, 1.5 km away")).to_be_visible()
    expect(first.get_by_text("Specialisms match: early reading")).to_be_visible()
    expect(first.get_by_text("1.5 km away: +1.92")).to_be_visible()
    expect(page.get_by_text("Your school is a member")).to_have_count(0)  # a postcode is not a school
    assert accessibility_violations(page) == []
