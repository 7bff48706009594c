"""Coming to act for a school, from nothing: a head signs up and follows the verification link
from the email, asks to act for their school, support (no leader there yet) approves, the head
invites their business manager by email, who follows the link, signs in, accepts and asks an
alliance to join."""
import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation, MembershipRequest
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in
from tests.sign_in import verified, with_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", number_of_pupils=600)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["cpd"])
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    school = make_school(name="Moorside Primary", postcode="DL1 4AB")
    support = verified(User.objects.create_user("sam@support.example", PASSWORD, full_name="Sam Support", is_staff=True))
    with_two_factor(support)
    verified(User.objects.create_user("bea@moorside.example", PASSWORD, full_name="Bea Bursar"))
    return alliance, school


def test_a_head_is_approved_by_support_and_invites_a_business_manager_who_asks_to_join(live_server, page, story):
    alliance, school = story
    base = live_server.url

    page.goto(base + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Hana Head")
    page.get_by_label("Email address").fill("head@moorside.example")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    verification = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(verification)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/alliances/yours/")

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Act for a school or organisation").click()
    page.get_by_label("School name, URN or postcode").fill("DL1 4AB")
    page.get_by_role("button", name="Find a school").click()
    page.get_by_role("link", name="Moorside Primary").click()
    page.get_by_label("Leader").check()
    page.get_by_label("Your job title, or how you work there").fill("Headteacher")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("You have asked to act for Moorside Primary")).to_be_visible()
    assert mail.outbox[-1].to == ["sam@support.example"]

    page.context.clear_cookies()
    sign_in(page, base, "sam@support.example")
    page.get_by_role("link", name="Hana Head asks to act for Moorside Primary as leader").click()
    page.get_by_role("button", name="Approve Hana Head for Moorside Primary").click()
    expect(page.get_by_text("Give the reason for approving Hana Head")).to_be_visible()  # nothing changed
    assert not Affiliation.objects.exists()
    page.get_by_label("Reason (required)").fill("Named as headteacher on the school's website")
    page.get_by_role("button", name="Approve Hana Head for Moorside Primary").click()
    expect(page.get_by_text("Hana Head now acts for Moorside Primary as leader")).to_be_visible()
    assert "approved" in mail.outbox[-1].subject and mail.outbox[-1].to == ["head@moorside.example"]

    page.context.clear_cookies()
    sign_in(page, base, "head@moorside.example")
    page.goto(f"{base}/account/schools/")
    page.get_by_role("link", name="People at Moorside Primary").click()
    page.get_by_label("Their email address").fill("bea@moorside.example")
    page.get_by_label("Business manager").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("bea@moorside.example is invited to act for Moorside Primary")).to_be_visible()
    invitation = mail.outbox[-1]
    assert invitation.to == ["bea@moorside.example"] and "Moorside Primary as business manager" in invitation.subject
    link = re.search(r"https?://\S+/invitations/accept/\S+/", invitation.body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("link", name="Sign in to accept").click()
    page.get_by_label("Email address").fill("bea@moorside.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(link)
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Accept: act for Moorside Primary").click()
    expect(page.get_by_text("You now act for Moorside Primary as business manager")).to_be_visible()

    page.goto(f"{base}/alliances/{alliance.slug}/join/")
    page.get_by_label("What would your school like from the alliance").fill("Help with early reading.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Moorside Primary has asked to join Hilltop Teaching School Alliance")).to_be_visible()
    assert MembershipRequest.objects.get().requested_by.email == "bea@moorside.example"
