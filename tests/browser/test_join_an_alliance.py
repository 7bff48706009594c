"""A school finds an alliance, asks to join, the lead accepts, the school signs the memorandum;
axe-core finds nothing wrong on any of those pages."""
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances import memoranda
from alliances.models import Alliance, AllianceRole, Designation
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", latitude=53.80, longitude=-1.55, number_of_pupils=600, region="Yorkshire and the Humber")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(
        name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["itt", "cpd", "school_support"],
        specialisms="Early reading\nMathematics", description="Schools across West Yorkshire and beyond.",
    )
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    # A school in another region (across a county border) that needs early reading support.
    joiner = make_school(name="Moorside Primary", latitude=54.57, longitude=-1.23, region="North East")
    lead_user = User.objects.create_user("lead@hilltop.example", PASSWORD, full_name="Lee Lead")
    Affiliation.objects.create(user=lead_user, school=lead, role="leader")
    head = User.objects.create_user("head@moorside.example", PASSWORD, full_name="Hana Head")
    Affiliation.objects.create(user=head, school=joiner, role="leader")
    memoranda.publish_memorandum(alliance, lead_user, "Members share CPD and take part in peer review.")
    return alliance, joiner


def test_find_join_accept_and_sign(live_server, page, story):
    alliance, joiner = story
    base = live_server.url
    sign_in(page, base, "head@moorside.example")

    page.goto(f"{base}/alliances/find/")
    assert accessibility_violations(page) == []
    page.get_by_label("Your school's URN").fill(str(joiner.urn))
    page.get_by_label("Specialisms you need").fill("early reading")
    page.get_by_role("button", name="Find alliances").click()
    page.wait_for_url("**/alliances/find/?*")
    expect(page.get_by_text("Specialisms match: early reading")).to_be_visible()
    expect(page.get_by_text("km away").first).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Hilltop Teaching School Alliance").click()
    page.wait_for_url(f"**/alliances/{alliance.slug}/")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Ask to join this alliance").click()
    page.wait_for_url("**/join/")
    assert accessibility_violations(page) == []
    page.get_by_label("What would your school like from the alliance").fill("Support with early reading")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Moorside Primary has asked to join")).to_be_visible()

    page.context.clear_cookies()  # sign out
    sign_in(page, base, "lead@hilltop.example")
    page.goto(f"{base}/alliances/{alliance.slug}/requests/")
    expect(page.get_by_text("Support with early reading")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Subscription in pounds").fill("450")
    page.get_by_label("Paid every").select_option("annual")
    page.get_by_role("button", name="Accept Moorside Primary").click()
    expect(page.get_by_text("Moorside Primary is now a member")).to_be_visible()
    page.goto(f"{base}/alliances/{alliance.slug}/manage/")
    expect(page.get_by_role("cell", name="£450.00 a year: not paid Mark paid for Moorside Primary")).to_be_visible()
    assert accessibility_violations(page) == []
    for path in (f"/alliances/{alliance.slug}/edit/", "/alliances/start/", "/alliances/yours/"):
        page.goto(f"{base}{path}")
        assert accessibility_violations(page) == [], path

    page.context.clear_cookies()
    sign_in(page, base, "head@moorside.example")
    page.goto(f"{base}/alliances/{alliance.slug}/memorandum/")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("Moorside Primary has signed version 1")).to_be_visible()
    expect(page.get_by_text("Moorside Primary, signed by Hana Head")).to_be_visible()
    page.goto(f"{base}/alliances/{alliance.slug}/")
    expect(page.get_by_text("£450.00 a year, not paid")).to_be_visible()
