"""A lead sets the national KPIs for the year and reads the alliance's contribution review: the
flags, both charts drawn beside their tables; the Council reads every alliance's flags; each page
passes axe-core and fits a phone, and the public profile's summary too."""
import pytest
from playwright.sync_api import expect

from delivery import kpis
from tests.alliances.conftest import council_member, person, teaching_school  # noqa: F401
from tests.browser.test_accessibility import problems_at_each_width, sign_in_as
from tests.delivery.test_review import entry, job_share  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_sets_kpis_and_reads_the_review_and_the_council_every_alliance(live_server, page, job_share, council_member):
    base, day = live_server.url, kpis.academic_year_bounds(kpis.current_academic_year())[0]
    entry(job_share, job_share.east, "cpd", "share", 100, on=day)
    entry(job_share, job_share.trust, "school_support", "days", 19, on=day, record_id=2)
    entry(job_share, job_share.west, "school_support", "days", 1, on=day, record_id=2)
    entry(job_share, job_share.west, "itt", "share", 100, state="disputed", on=day, record_id=3)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in_as(page, base, job_share.east_head)
    page.goto(f"{base}/alliances/{job_share.slug}/success-criteria/")
    assert problems_at_each_width(page) == []
    page.get_by_role("button", name="Use the national KPIs").click()
    expect(page.get_by_text("6 national KPIs set for")).to_be_visible()

    page.goto(f"{base}/alliances/{job_share.slug}/review/")
    warnings = page.locator(".govuk-warning-text")
    expect(warnings).to_have_count(3)
    expect(warnings.first).to_contain_text("West Teaching School's share of the alliance's delivery is 2.5%")
    expect(page.locator("[data-app-chart='shares'] canvas")).to_be_visible()
    expect(page.locator("[data-app-chart='kpis'] canvas")).to_be_visible()
    expect(page.locator("#shares-table")).to_contain_text("1 disputed")
    assert problems_at_each_width(page) == []

    sign_in_as(page, base, council_member)
    page.goto(f"{base}/council/reviews/")
    page.get_by_label("Showing").select_option("disputed")
    page.get_by_role("button", name="Show alliances").click()
    expect(page.get_by_role("link", name="Riverside Alliance")).to_be_visible()
    assert problems_at_each_width(page) == []

    page.context.clear_cookies()
    page.goto(f"{base}/alliances/{job_share.slug}/")
    expect(page.get_by_text("KPIs met")).to_be_visible()
    assert problems_at_each_width(page) == []
    assert errors == []
