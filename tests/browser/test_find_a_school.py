"""A visitor finds a school and opens its profile; both pages pass axe-core."""
from datetime import date

import pytest
from playwright.sync_api import expect

from registry.importers.gias import import_gias
from registry.importers.ofsted import import_ofsted
from tests.browser.conftest import accessibility_violations
from tests.conftest import GIAS_SAMPLE_2019, GIAS_SAMPLE_2026, OFSTED_2024

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(make_school):
    import_gias(GIAS_SAMPLE_2026)
    import_gias(GIAS_SAMPLE_2019)
    import_ofsted(OFSTED_2024)
    for number in range(30):  # enough schools for the results to be paged
        make_school(name=f"Riverside School {number:02d}", open_date=date(2010, 9, 1))


def test_find_a_school_then_open_its_profile(live_server, page, registry):
    page.goto(f"{live_server.url}/schools/")
    assert page.get_by_role("heading", level=1).inner_text() == "Find a school"
    assert accessibility_violations(page) == []
    expect(page.get_by_role("navigation", name="Results pages")).to_be_visible()

    page.get_by_label("School name, URN or postcode").fill("aldgate")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/schools/?q=aldgate*")
    expect(page.get_by_role("heading", name="1 school")).to_be_visible()

    page.get_by_role("link", name="The Aldgate School").click()
    page.wait_for_url("**/schools/100000/")
    assert page.get_by_role("heading", level=1).inner_text() == "The Aldgate School"
    expect(page.get_by_text("At least Good at its most recent graded inspection")).to_be_visible()
    expect(page.get_by_role("cell", name="12 Jun 2024")).to_be_visible()
    assert accessibility_violations(page) == []


def test_filters_narrow_the_results(live_server, page, registry):
    page.goto(f"{live_server.url}/schools/")
    page.get_by_label("Most recent graded inspection").select_option(label="Outstanding")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**latest_outcome=outstanding*")
    names = page.locator("tbody .govuk-link").all_inner_texts()
    assert "The Aldgate School" in names
    assert not any(name.startswith("Riverside") for name in names)


def test_home_sign_in_and_organisation_pages_are_accessible(live_server, page, registry):
    for path in ("/", "/sign-in/", "/organisations/", "/data-sources/"):
        page.goto(f"{live_server.url}{path}")
        assert accessibility_violations(page) == [], path


def test_the_accessibility_check_does_catch_problems(page):
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert "image-alt" in [rule for rule, impact, elements in accessibility_violations(page)]
