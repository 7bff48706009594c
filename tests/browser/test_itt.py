"""A lead records an ITT cohort, bulk-adds three trainees, places one at a member school, records
QTS and employment, and the summary counts them. Every ITT page, and refused forms, pass axe-core
and fit a phone; the Council's national rates page too."""
from datetime import date

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from alliances.permissions import COUNCIL_GROUP
from registry.models import Organisation
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import problems_at_each_width, sign_in_as
from tests.sign_in import with_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_school):
    lead = make_school(name="St Bartholomew's Church of England Voluntary Aided Primary Teaching School")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["itt"])
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2020, 9, 1))
    member = make_school(name="Moorside Primary")
    AllianceRole.objects.create(alliance=alliance, role="member", school=member, starts_on=date(2020, 9, 1))
    Organisation.objects.create(name="University of the Moors", kind=Organisation.Kind.UNIVERSITY)
    Affiliation.objects.create(user=User.objects.create_user("lead@hilltop.example", PASSWORD, full_name="Lee Lead"), school=lead, role="leader")
    council = User.objects.create_user("council@example.org", PASSWORD, full_name="Cara Council")
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    with_two_factor(council)
    return {"alliance": alliance, "member": member, "council": council}


def fill_date(page, label, day):
    group = page.get_by_role("group", name=label)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_lead_records_a_cohort_trainees_a_placement_and_outcomes(live_server, page, story):
    base, slug, found = live_server.url, story["alliance"].slug, {}

    def check(state):
        found[state] = problems_at_each_width(page)

    sign_in(page, base, "lead@hilltop.example")
    page.goto(f"{base}/alliances/{slug}/itt/")
    check("summary, empty")
    page.get_by_role("link", name="Record a cohort").click()
    page.get_by_role("button", name="Save cohort").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("new cohort, refused")
    page.get_by_label("Academic year it starts").fill("2024")
    page.get_by_label("School-led, salaried").check()
    page.get_by_label("Accredited provider", exact=True).select_option(label="University of the Moors")
    page.get_by_label("Subject or phase (optional)").fill("Primary")
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_text("The 2024 to 2025 cohort is saved")).to_be_visible()
    check("cohort, empty")

    page.get_by_label("How many trainees").fill("3")
    page.get_by_label("Reference prefix").fill("2024-SAL")
    page.get_by_role("button", name="Add trainees").click()
    expect(page.get_by_text("3 trainees added: 2024-SAL-001 to 2024-SAL-003")).to_be_visible()
    check("cohort with trainees")
    page.get_by_role("button", name="Add trainee", exact=True).click()
    check("add a trainee, refused")

    page.get_by_role("link", name="2024-SAL-001").click()
    check("trainee")
    page.get_by_label("School", exact=True).select_option(label="Moorside Primary")
    fill_date(page, "Starts on", date(2024, 9, 9))
    fill_date(page, "Ends on (optional)", date(2024, 8, 1))
    page.get_by_role("button", name="Add placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("end on or after the day it starts")
    check("placement, refused")
    fill_date(page, "Ends on (optional)", date(2025, 3, 28))
    page.get_by_role("button", name="Add placement").click()
    expect(page.get_by_text("2024-SAL-001 is placed at Moorside Primary")).to_be_visible()

    page.get_by_role("link", name="End the placement at Moorside Primary").click()
    check("end a placement")
    page.go_back()
    page.get_by_role("link", name="Record the outcome").click()
    check("outcome")
    page.get_by_label("QTS awarded").check()
    page.get_by_role("group", name="Employed as a teacher within six months of QTS?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the date of the outcome")
    check("outcome, refused")
    fill_date(page, "Date of the outcome", date(2025, 7, 14))
    page.get_by_label("Employing school's URN (optional)").fill(str(story["member"].urn))
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("at Moorside Primary, one of the alliance's schools")).to_be_visible()

    page.goto(f"{base}/alliances/{slug}/itt/")
    row = page.get_by_role("table", name="By academic year").get_by_role("row", name="2024 to 2025")
    expect(row).to_contain_text("Below 15")
    expect(row).to_contain_text("100.0% (1 of 1)")
    expect(row.locator("td").nth(1)).to_have_text("1")  # QTS awarded
    expect(row.locator("td").nth(2)).to_have_text("2")  # in training
    check("summary with a year")

    sign_in_as(page, base, story["council"])
    page.goto(f"{base}/itt/national-rates/")
    check("national rates, none")
    page.get_by_role("button", name="Save rate").click()
    check("national rates, refused")
    page.get_by_label("Academic year it starts").fill("2024")
    page.get_by_label("Trainees employed within six months, nationally (%)").fill("78.5")
    page.get_by_role("button", name="Save rate").click()
    expect(page.get_by_text("The national rate for 2024 to 2025 is 78.5%")).to_be_visible()
    page.goto(f"{base}/alliances/{slug}/itt/")
    expect(page.get_by_role("table", name="By academic year").get_by_role("row", name="2024 to 2025")).to_contain_text("At or above national")

    sign_in_as(page, base, User.objects.create_user("head@moorside.example", PASSWORD))
    Affiliation.objects.create(user=User.objects.get(email="head@moorside.example"), school=story["member"], role="leader")
    page.goto(f"{base}/schools/{story['member'].urn}/trainees/")
    expect(page.get_by_role("cell", name="2024-SAL-001")).to_be_visible()
    check("a placement school's trainees")

    assert {state: problems for state, problems in found.items() if problems} == {}
