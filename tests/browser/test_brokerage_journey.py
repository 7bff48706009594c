"""Brokerage from end to end in the browser: a school judged Inadequate records a need, runs the
matching engine, and asks for the SLE it proposes; the SLE's home school releases them; the
school agrees the days, the fee and the objectives brokered by the teaching school; the SLE writes the final
report; the school confirms the impact; and the home school's days appear in the alliance's
contribution records. Every page on the way passes axe-core, the key ones at 375 px too."""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from brokerage.models import Deployment, SpecialistLeader
from delivery.models import ExpertiseArea
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import sign_in_as
from tests.browser.test_delivery_journey import checked, fill_date, photograph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
X, Y = 430_000, 433_000  # metres east and north on the national grid: Leeds, roughly


@pytest.fixture
def story(make_school, make_inspection):
    hilltop = make_school(name="Hilltop Teaching School", easting=X, northing=Y)
    Designation.objects.create(school=hilltop, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["school_support"])
    AllianceRole.objects.create(alliance=alliance, role="lead", school=hilltop, starts_on=date(2023, 9, 1))
    moorside = make_school(name="Moorside Primary", easting=X + 2000, northing=Y)
    AllianceRole.objects.create(alliance=alliance, role="member", school=moorside, starts_on=date(2024, 9, 1))
    quarry = make_school(name="Quarry Lane Primary", easting=X + 6000, northing=Y + 3000, latest_outcome="inadequate")
    make_inspection(quarry, start_date=date.today() - timedelta(days=200), overall_effectiveness=4)
    people = {}
    for key, email, name, school, role in (
        ("broker", "lee@hilltop.example", "Lee Lead", hilltop, "leader"),
        ("home_head", "mo@moorside.example", "Mo Head", moorside, "leader"),
        ("sle_person", "ann@moorside.example", "Ann Able", moorside, "staff"),
        ("quarry_head", "quinn@quarry.example", "Quinn Head", quarry, "leader"),
    ):
        people[key] = User.objects.create_user(email, PASSWORD, full_name=name)
        Affiliation.objects.create(user=people[key], school=school, role=role)
    sle = SpecialistLeader.objects.create(
        person=people["sle_person"], school=moorside, teaching_school=hilltop, current_role="middle_leader", leadership_years=5,
        evidence="Led maths across the school for five years.", state="designated", designated_on=date(2024, 9, 1),
    )
    sle.areas.set([ExpertiseArea.objects.get(name="Maths")])
    return {"alliance": alliance, "hilltop": hilltop, "moorside": moorside, "quarry": quarry, "sle": sle, **people}


def test_a_need_is_matched_released_agreed_reported_and_confirmed_into_the_ledger(live_server, page, story):
    base, quarry = live_server.url, story["quarry"]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Quarry Lane's head records what the school needs.
    sign_in_as(page, base, story["quarry_head"])
    page.goto(f"{base}/schools/{quarry.urn}/needs-and-offers/")
    checked(page)
    page.get_by_role("link", name="Add a need").click()
    page.get_by_label("Area of expertise").select_option(label="Maths (pupil achievement)")
    page.get_by_label("Phase").fill("Primary")
    page.get_by_label("High").check()
    page.get_by_label("Days of support wanted").fill("4")
    checked(page)
    page.get_by_role("button", name="Save the need").click()
    expect(page.get_by_text("The need is added.")).to_be_visible()

    # ... runs the matching engine over its needs, and reads why it proposes Moorside's SLE.
    page.get_by_role("link", name="Run the matching engine for these needs").click()
    expect(page.get_by_label("Quarry Lane Primary's needs")).to_be_checked()
    page.get_by_label("Travel limit in kilometres").fill("20")
    checked(page)
    page.get_by_role("button", name="Start the run").click()
    expect(page.get_by_text("Finished").first).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("An SLE at Moorside Primary"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"urgent priority: the school's last inspection was Inadequate"))).to_be_visible()
    expect(page.get_by_role("cell", name="Greedy nearest-first").or_(page.get_by_role("columnheader", name="Greedy nearest-first"))).to_be_visible()
    assert "Ann Able" not in page.content()  # the run names the SLE's school, never the SLE
    checked(page, phone=True)
    photograph(page, "matching-run")

    # ... and asks for the proposed SLE.
    page.get_by_role("link", name=re.compile("Ask for this support")).click()
    checked(page)
    page.get_by_role("button", name="Ask for this support").click()
    expect(page.get_by_text("Moorside Primary is asked to release")).to_be_visible()
    expect(page.get_by_text("Awaiting the home school's release").first).to_be_visible()
    deployment = Deployment.objects.get()
    assert deployment.route == Deployment.Route.ENGINE
    checked(page, phone=True)

    # Moorside's head releases Ann.
    sign_in_as(page, base, story["home_head"])
    page.goto(f"{base}/deployments/")
    checked(page)
    page.goto(f"{base}/deployments/{deployment.pk}/")
    page.get_by_role("link", name="Decide on the release").click()
    page.get_by_label("Yes, the school releases them").check()
    checked(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Released: awaiting the agreement").first).to_be_visible()

    # Quarry Lane agrees the deployment with Hilltop, the brokering teaching school: days, fee and
    # objectives. (Quarry Lane is outside Hilltop's alliance, so its terms are its own to agree.)
    sign_in_as(page, base, story["quarry_head"])
    page.goto(f"{base}/deployments/{deployment.pk}/")
    page.get_by_role("link", name="Agree the deployment").click()
    page.get_by_label("Days agreed").fill("4")
    page.get_by_label("Day rate in pounds").fill("400")
    page.get_by_label("Home school's share of the fee (%)").fill("75")
    page.get_by_label("Objectives").fill("Secure place value and fluency in Years 3 and 4.")
    page.get_by_label("Success criteria").fill("Year 4 multiplication check average up by 3 marks.")
    fill_date(page, "starts_on", date.today() - timedelta(days=20))
    fill_date(page, "ends_on", date.today() + timedelta(days=40))
    checked(page)
    page.get_by_role("button", name="Agree the deployment").click()
    expect(page.get_by_text("Agreed: in progress").first).to_be_visible()
    expect(page.get_by_text("£1,600.00").first).to_be_visible()  # 4 days at £400
    expect(page.get_by_text("Outside the SLE's alliance").first).to_be_visible()
    checked(page, phone=True)
    photograph(page, "deployment-agreed")

    # Ann, the SLE, reviews progress and writes the final report.
    sign_in_as(page, base, story["sle_person"])
    page.goto(f"{base}/deployments/{deployment.pk}/")
    page.get_by_role("link", name="Review progress").click()
    fill_date(page, "reviewed_on", date.today())
    page.get_by_label("Days used so far").fill("2")
    page.get_by_label("On track").check()
    page.get_by_label("What has happened, and what comes next").fill("Two days of team teaching; fluency routines in place.")
    checked(page)
    page.get_by_role("button", name="Record the review").click()
    page.get_by_role("link", name="Write the final report").click()
    page.get_by_label("Days delivered").fill("4")
    page.get_by_label("Final report").fill("Fluency routines in every Year 3 and 4 class; the check average rose by 4 marks.")
    page.get_by_role("button", name="Send the final report").click()
    expect(page.get_by_text("awaiting the school's confirmation").first).to_be_visible()

    # Quarry Lane's head confirms the impact.
    sign_in_as(page, base, story["quarry_head"])
    page.goto(f"{base}/deployments/{deployment.pk}/")
    page.get_by_role("link", name="Confirm the impact").click()
    page.get_by_label("Good").check()
    checked(page)
    page.get_by_role("button", name="Confirm the impact").click()
    expect(page.get_by_text("Impact confirmed").first).to_be_visible()
    checked(page)

    # The alliance's contribution records credit Moorside with the 4 days, confirmed by the school.
    sign_in_as(page, base, story["broker"])
    slug = story["alliance"].slug
    page.goto(f"{base}/alliances/{slug}/support/")
    expect(page.get_by_text("Confirmed by the school").first).to_be_visible()
    page.goto(f"{base}/alliances/{slug}/contributions/")
    expect(page.get_by_text("4 days by Moorside Primary").first).to_be_visible()
    checked(page)
    assert errors == []
