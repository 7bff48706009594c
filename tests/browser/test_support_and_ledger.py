"""A lead records support for a school by a member school, completes it and shares its days
between the member school and a deliverer trust; the member school confirms its entry, the trust
disputes its own with a reason; the lead corrects it (voiding with the reason); the supported
school rates the support. The pages on the way, and a refused form, pass axe-core; the ledger and
the assignment page are photographed at desktop and phone widths."""
import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from delivery.models import Contribution, SupportAssignment
from registry.models import Organisation
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/ledger-screenshots"))


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", region="Yorkshire and the Humber")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["school_support"])
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    member = make_school(name="Moorside Primary")
    AllianceRole.objects.create(alliance=alliance, role="member", school=member, starts_on=date(2024, 9, 1))
    trust = Organisation.objects.create(name="Northern Lights Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="TR5")
    AllianceRole.objects.create(alliance=alliance, role="deliverer", organisation=trust, starts_on=date(2024, 1, 1))
    supported = make_school(name="Quarry Lane Infant School", latest_outcome="requires_improvement")
    for email, name, body in (
        ("lead@hilltop.example", "Lee Lead", {"school": lead}), ("head@moorside.example", "Mo Head", {"school": member}),
        ("ceo@lights.example", "Nia Chief", {"organisation": trust}), ("head@quarry.example", "Quinn Head", {"school": supported}),
    ):
        Affiliation.objects.create(user=User.objects.create_user(email, PASSWORD, full_name=name), role="leader", **body)
    return {"alliance": alliance, "member": member, "trust": trust, "supported": supported}


def no_violations(page):
    assert accessibility_violations(page) == [], page.url


def photograph(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_date(page, name, day):
    page.locator(f"[name={name}_day]").fill(str(day.day))
    page.locator(f"[name={name}_month]").fill(str(day.month))
    page.locator(f"[name={name}_year]").fill(str(day.year))


def test_record_share_confirm_dispute_correct_and_rate(live_server, browser, story):
    base, slug = live_server.url, story["alliance"].slug

    def signed_in(email):
        """Each person in their own browser, as they would be."""
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, base, email)
        return page

    page = signed_in("lead@hilltop.example")
    page.get_by_role("link", name="school-to-school support").click()
    no_violations(page)
    page.get_by_role("link", name="Record support").click()
    page.get_by_role("button", name="Save support").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # the refused form
    no_violations(page)
    page.get_by_label("URN of the school being supported").fill(str(story["supported"].urn))
    page.get_by_label("Supporting school or organisation").select_option(label="Moorside Primary")
    page.get_by_label("Named supporter (optional)").fill("Sam Specialist, SLE")
    page.get_by_label("Area of expertise").select_option(label="Maths (pupil achievement)")
    page.get_by_label("Objectives").fill("Secure place value in Year 2.")
    page.get_by_label("Success criteria").fill("Year 2 at the expected standard up by 10 points.")
    fill_date(page, "starts_on", date(2025, 1, 6))
    fill_date(page, "ends_on", date(2025, 3, 28))
    page.get_by_label("Days planned").fill("6")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save support").click()
    expect(page.get_by_text("Support for Quarry Lane Infant School is recorded")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    no_violations(page)
    page.go_back()
    page.get_by_role("link", name="Complete support").click()
    page.get_by_role("button", name="Complete support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Outcome")  # refused: no outcome
    no_violations(page)
    page.get_by_label("Days delivered").fill("6")
    page.get_by_label("Outcome").fill("Year 2 reached 78% at the expected standard.")
    page.get_by_role("button", name="Complete support").click()
    expect(page.get_by_text("The support is completed")).to_be_visible()
    for name, days in (("Moorside Primary", "4"), ("Northern Lights Learning Trust", "2")):
        page.get_by_label("Contributor").select_option(label=name)
        page.get_by_label("Amount (days)").fill(days)
        page.get_by_role("button", name="Record entry").click()
        expect(page.get_by_text(f"{name}'s days are recorded")).to_be_visible()
    assignment_url = page.url
    no_violations(page)

    page = signed_in("head@moorside.example")
    page.get_by_role("link", name="Contributions by Moorside Primary").click()
    no_violations(page)
    page.get_by_role("button", name="Confirm 4 days by Moorside Primary").click()
    expect(page.get_by_text("Confirmed: 4 days by Moorside Primary")).to_be_visible()

    page = signed_in("ceo@lights.example")
    page.goto(f"{base}/organisations/{story['trust'].pk}/contributions/")
    no_violations(page)
    page.get_by_role("button", name="Dispute 2 days by Northern Lights Learning Trust").click()
    expect(page.get_by_text("Give the reason for disputing the entry")).to_be_visible()  # refused: no reason
    page.get_by_label("Reason to dispute 2 days by Northern Lights Learning Trust").fill("We gave one and a half days.")
    page.get_by_role("button", name="Dispute 2 days by Northern Lights Learning Trust").click()
    expect(page.get_by_text("Disputed: 2 days by Northern Lights Learning Trust")).to_be_visible()

    page = signed_in("lead@hilltop.example")
    page.goto(f"{base}/alliances/{slug}/contributions/")
    expect(page.get_by_text("Disputed: We gave one and a half days.")).to_be_visible()
    page.get_by_role("link", name="Correct 2 days by Northern Lights Learning Trust").click()
    no_violations(page)
    page.get_by_label("Correct amount").fill("1.5")
    page.get_by_label("Reason for the correction").fill("The trust gave one and a half days, as it said.")
    page.get_by_role("button", name="Void and record the correction").click()
    expect(page.get_by_text("Corrected: 2 days by Northern Lights Learning Trust is voided")).to_be_visible()
    page.goto(f"{base}/alliances/{slug}/contributions/")
    no_violations(page)
    photograph(page, "ledger")

    page = signed_in("head@quarry.example")
    page.get_by_role("link", name="Rate Hilltop Teaching School Alliance's maths support").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a rating for the support")
    no_violations(page)
    page.get_by_label("Good").check()
    page.get_by_label("Comments (optional)").fill("Practical and well judged.")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("your rating of the support is saved")).to_be_visible()
    assert page.url == assignment_url
    no_violations(page)
    photograph(page, "assignment")

    assignment = SupportAssignment.objects.get()
    assert (assignment.get_rating_display(), assignment.outcome_before) == ("Good", "requires_improvement")
    states = sorted((str(e), e.state) for e in Contribution.objects.all())
    assert states == [
        ("1.5 days by Northern Lights Learning Trust", "recorded"),
        ("2 days by Northern Lights Learning Trust", "voided"),
        ("4 days by Moorside Primary", "confirmed"),
    ]
