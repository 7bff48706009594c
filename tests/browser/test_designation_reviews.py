"""The Council takes a designation from a due review to cleared, and another to de-designation,
after which the alliance it led is told to become single; axe-core finds nothing wrong."""
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.roles import create_alliance
from alliances.models import Alliance, Designation
from alliances.permissions import COUNCIL_GROUP
from tests.sign_in import with_two_factor
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviews(make_school, make_inspection):
    """Two teaching schools leading a multiple alliance; both designations' terms have ended."""
    leads = []
    for name in ("Hilltop Teaching School", "Valley Teaching School"):
        school = make_school(name=name, number_of_pupils=600)
        make_inspection(school, date(2022, 3, 1), overall_effectiveness=2)
        Designation.objects.create(school=school, status="designated", designated_on=date(2021, 9, 1), review_due_on=date(2025, 9, 1))
        leads.append(school)
    alliance = create_alliance("Hilltop and Valley Alliance", Alliance.Type.MULTIPLE, leads, starts_on=date(2021, 9, 1))
    council = User.objects.create_user("council@example.org", PASSWORD, full_name="Cara Council")
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(council)
    head = User.objects.create_user("head@hilltop.example", PASSWORD, full_name="Hal Head")
    Affiliation.objects.create(user=head, school=leads[0], role="leader")
    call_command("review_designations")  # the daily job
    return alliance, leads


def test_council_clears_one_review_and_de_designates_the_other(live_server, page, reviews):
    alliance, (hilltop, valley) = reviews
    base = live_server.url
    sign_in(page, base, "council@example.org")
    expect(page.get_by_role("link", name="2 designations under review")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="2 designations under review").click()
    expect(page.get_by_role("heading", name="Under review (2)")).to_be_visible()
    expect(page.get_by_text("Its four-year term ended on 1 September 2025").first).to_be_visible()
    assert accessibility_violations(page) == []

    # Hilltop: ask for evidence, the school answers, the Council clears the review.
    page.get_by_role("link", name="Hilltop Teaching School").click()
    expect(page.get_by_text("URN " + str(hilltop.urn))).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Reason").fill("Send your ITT outcomes for the last two years.")
    page.get_by_role("button", name="Ask the school for evidence").click()
    expect(page.get_by_text("Hilltop Teaching School has been asked for evidence.")).to_be_visible()
    hilltop_page = page.url

    page.context.clear_cookies()
    sign_in(page, base, "head@hilltop.example")
    page.goto(hilltop_page)
    page.get_by_label("Your evidence").fill("94% of trainees gained QTS; 90% employed within six months.")
    page.get_by_role("button", name="Send evidence").click()
    expect(page.get_by_text("Your evidence was sent to the Teaching Schools Council.")).to_be_visible()
    assert accessibility_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, base, "council@example.org")
    page.goto(hilltop_page)
    expect(page.get_by_text("94% of trainees gained QTS")).to_be_visible()
    page.get_by_role("button", name="Clear the review").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()  # no reason given
    expect(page.locator(".govuk-error-summary").get_by_text("Give the reasons for clearing the review.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Reason").fill("Strong ITT outcomes.")
    page.get_by_role("button", name="Clear the review").click()
    expect(page.get_by_text("The review is cleared")).to_be_visible()
    expect(page.get_by_text("Designated", exact=True)).to_be_visible()

    # Valley: de-designated; the alliance is left with one designated lead.
    page.goto(f"{base}/council/")
    page.get_by_role("link", name="Valley Teaching School").click()
    page.get_by_label("Reason").fill("No initial teacher training for two years.")
    page.get_by_role("button", name="Remove the designation").click()
    expect(page.get_by_text("Valley Teaching School is no longer a teaching school. It may appeal.")).to_be_visible()
    page.goto(f"{base}/council/")
    expect(page.get_by_text("Alliances without enough designated leads (1)")).to_be_visible()
    warning = "Hilltop and Valley Alliance is a multiple alliance with one designated lead (Hilltop Teaching School)"
    expect(page.get_by_text(warning)).to_be_visible()
    assert accessibility_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, base, "head@hilltop.example")
    expect(page.get_by_role("link", name=warning + ": become a single alliance or add a lead teaching school.")).to_be_visible()
    page.goto(f"{base}/alliances/{alliance.slug}/")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Become a single alliance").click()
    expect(page.get_by_text("Hilltop and Valley Alliance is now a single alliance.")).to_be_visible()
    expect(page.get_by_text(warning)).to_have_count(0)
    assert accessibility_violations(page) == []
