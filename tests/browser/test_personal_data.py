"""A person downloads what the platform holds about them, then deletes their account: signed out,
they cannot sign in again, and the memorandum they signed still shows their name."""
import json
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances import memoranda, roles
from alliances.models import Alliance, Designation, MemorandumSignature
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_their_data_and_deletes_their_account(live_server, page, make_school):
    lead = make_school(name="Hilltop Teaching School")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = roles.create_alliance("Hilltop Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    member = make_school(name="Ashington First School")
    roles.add_member(alliance, member, date(2024, 9, 1))
    lee = User.objects.create_user("lee@hilltop.example", PASSWORD, full_name="Lee Lead")
    Affiliation.objects.create(user=lee, school=lead, role="leader")
    ada = User.objects.create_user("ada@ashington.example", PASSWORD, full_name="Ada Head")
    Affiliation.objects.create(user=ada, school=member, role="leader")
    memorandum = memoranda.publish_memorandum(alliance, lee, "We share training days.")
    memoranda.sign_memorandum(memorandum, member, ada)
    base = live_server.url

    sign_in(page, base, "ada@ashington.example")
    page.get_by_role("link", name="Your account").click()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download your data").click()
    download = downloading.value
    assert download.suggested_filename == f"teaching-school-alliances-your-data-{date.today():%Y-%m-%d}.json"
    held = json.loads(open(download.path()).read())
    assert held["account"]["email"] == "ada@ashington.example"
    assert len(held["records"]["alliances.memorandumsignature"]["signed_by"]) == 1

    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Delete your account")).to_be_visible()
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_role("button", name="Delete your account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The password is not right")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # signed out

    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill("ada@ashington.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    assert str(MemorandumSignature.objects.get().signed_by) == "Ada Head"
