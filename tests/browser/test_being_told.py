"""A member school's head asks to join an alliance; its lead sees the request under "For you" and
in their email, accepts, and sees it done; the head has the decision waiting."""
import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", number_of_pupils=600)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    member_of_another = make_school(name="Moorside Primary")
    Affiliation.objects.create(user=User.objects.create_user("lead@hilltop.example", PASSWORD, full_name="Lee Lead"), school=lead, role="leader")
    Affiliation.objects.create(user=User.objects.create_user("head@moorside.example", PASSWORD, full_name="Hana Head"), school=member_of_another, role="leader")
    return alliance


def test_the_lead_is_told_accepts_and_the_head_is_told(live_server, page, story, settings):
    settings.SITE_URL = live_server.url
    base = live_server.url
    sign_in(page, base, "head@moorside.example")
    page.goto(f"{base}/alliances/{story.slug}/join/")
    page.get_by_label("What would your school like from the alliance").fill("Support with early reading")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Moorside Primary has asked to join")).to_be_visible()

    [email] = [message for message in mail.outbox if message.to == ["lead@hilltop.example"]]
    assert "Moorside Primary asks to join Hilltop Teaching School Alliance" in email.subject
    assert f"{base}/alliances/{story.slug}/requests/" in email.body

    page.context.clear_cookies()
    sign_in(page, base, "lead@hilltop.example")
    page.goto(f"{base}/alliances/yours/")
    for_you = page.locator(".govuk-summary-list").first
    expect(for_you.get_by_role("link", name="Moorside Primary asks to join Hilltop Teaching School Alliance")).to_be_visible()
    assert accessibility_violations(page) == []
    for_you.get_by_role("link", name="Moorside Primary asks to join").click()
    page.wait_for_url(f"**/alliances/{story.slug}/requests/")
    page.get_by_role("button", name="Accept Moorside Primary").click()
    expect(page.get_by_text("Moorside Primary is now a member")).to_be_visible()

    page.goto(f"{base}/alliances/yours/")
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    page.get_by_text("Recently done").click()
    expect(page.locator(".govuk-details .govuk-tag")).to_have_text("Done")
    expect(page.locator(".govuk-details").get_by_role("link", name="Moorside Primary asks to join")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "head@moorside.example")
    page.goto(f"{base}/alliances/yours/")
    decision = "Hilltop Teaching School Alliance has accepted Moorside Primary's request to join"
    expect(page.get_by_role("link", name=decision)).to_be_visible()
    assert any(message.subject.endswith(decision) for message in mail.outbox)
    page.get_by_role("button", name=re.compile(f"^Mark done\\W+{re.escape(decision)}$")).click()
    page.wait_for_url("**/alliances/yours/")
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
