"""In a multiple alliance of three leads whose agreement lets a majority of the other leads end
a lead's role, one lead proposes ending the third's role, the second agrees on Your alliances,
and the third's role shows as ended, with the reason, in the alliance's history."""
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances import agreements
from alliances.models import Agreement, Alliance, AllianceRole, DeliveryArea, Designation
from alliances.roles import create_alliance
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMES = ("Ashby", "Barwell", "Coalville")


@pytest.fixture
def alliance(make_school):
    schools = []
    for name in NAMES:
        school = make_school(name=f"{name} Teaching School", number_of_pupils=600)
        Designation.objects.create(school=school, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
        user = User.objects.create_user(f"head@{name.lower()}.example", PASSWORD, full_name=f"{name} Head")
        Affiliation.objects.create(user=user, school=school, role="leader")
        schools.append((school, user))
    alliance = create_alliance("Charnwood Teaching Schools", Alliance.Type.MULTIPLE, [s for s, _ in schools], starts_on=date(2023, 9, 1))
    agreement = agreements.record_agreement(
        alliance, schools[0][1], "Each lead runs one strand.", "A joint board meets each term.",
        {area: schools[0][0] for area in DeliveryArea.values}, Agreement.LeadRemoval.MAJORITY_OF_OTHERS,
    )
    for school, user in schools:
        agreements.sign_agreement(agreement, school, user)
    return alliance


def test_two_leads_end_the_third_leads_role(live_server, page, alliance):
    base = live_server.url
    sign_in(page, base, "head@ashby.example")
    page.goto(f"{base}/alliances/{alliance.slug}/manage/")
    page.get_by_role("link", name="Propose ending this lead school's role (Coalville Teaching School)").click()
    today = date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Reason").fill("Coalville has stopped delivering its strand")
    page.get_by_role("button", name="Propose ending the role").click()
    expect(page.get_by_text("You proposed ending Coalville Teaching School's role.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw the proposal to end Coalville Teaching School's role")).to_be_visible()
    assert accessibility_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, base, "head@barwell.example")  # lands on Your alliances
    expect(page.get_by_text("Reason: Coalville has stopped delivering its strand")).to_be_visible()
    page.get_by_role("button", name="Agree to end Coalville Teaching School's role, for Barwell Teaching School", exact=True).click()
    expect(page.get_by_text(f"Agreed: Coalville Teaching School's role as a lead ends on {today:%-d %B %Y}.")).to_be_visible()
    expect(page.get_by_text(f"Last day {today:%-d %b %Y}")).to_be_visible()

    page.goto(f"{base}/alliances/{alliance.slug}/history/")
    history = page.content()
    assert "Coalville Teaching School: lead teaching school" in history
    assert "Coalville has stopped delivering its strand" in history
    role = AllianceRole.objects.get(alliance=alliance, school__name="Coalville Teaching School")
    assert role.ends_on == today and role.ended_by.email == "head@barwell.example"
