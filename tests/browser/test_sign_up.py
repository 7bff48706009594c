"""Starting alone: a person signs up, follows the link emailed to them and lands signed in; a
Council member sets up two-factor before reaching the Council's queue."""
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from alliances.permissions import COUNCIL_GROUP
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in
from tests.sign_in import has_two_factor, totp_code, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_up_follows_the_emailed_link_and_lands_signed_in(live_server, page):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Email address").fill("Nia.Jones@School.example")
    page.get_by_label("Create a password").fill("mossy stones by the river")
    page.get_by_label("Confirm your password").fill("mossy stones by the river")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.jones@school.example"]
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_text("nia.jones@school.example")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/alliances/yours/")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("Nia Jones")).to_be_visible()
    assert accessibility_violations(page) == []


def test_a_council_member_sets_up_two_factor_before_reaching_the_queue(live_server, page):
    base = live_server.url
    council = verified(User.objects.create_user("cara@council.example", PASSWORD, full_name="Cara Council"))
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])

    sign_in_with_password(page, base, council.email)
    page.goto(base + "/council/")

    expect(page.get_by_text("You must set up two-factor authentication before you continue")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)  # asked again before changing how one signs in
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text()  # typed into the app instead of scanning
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert has_two_factor(council)
    page.goto(base + "/council/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Council")
    # Next time, signing in asks for the app's code too.
    page.context.clear_cookies()
    sign_in(page, base, council.email)


def sign_in_with_password(page, base, email):
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
