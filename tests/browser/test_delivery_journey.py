"""Delivery from end to end, as each person does it in the browser: a teacher books a programme,
the school's business manager approves, the lead takes attendance and the participant
evaluates; the lead records school-to-school support and shares its days, the supported school
(with nobody on the platform) confirms the record through the link emailed to its office, the
alliance's support list and review show it, and the evidence pack is asked for, made and
downloaded as a PDF naming the alliance. Every page on the way passes axe-core, the key ones at
375 px too; a second test visits the other pages landed with delivery (uploads, certificates,
invoice lines, returns, the national roll-up, the brokerage pages) and checks them the same way."""
import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from delivery import kpis
from delivery.models import BookingPolicy, Session, SupportAssignment
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import problems_at_each_width, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots"))


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", region="Yorkshire and the Humber")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(
        name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["cpd", "school_support"],
    )
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    member = make_school(name="Moorside Primary")
    AllianceRole.objects.create(alliance=alliance, role="member", school=member, starts_on=date(2024, 9, 1))
    BookingPolicy.objects.create(school=member, approval_required=True)
    supported = make_school(name="Quarry Lane Infant School", latest_outcome="requires_improvement")
    people = {}
    for key, email, name, school, role in (
        ("lead", "lead@hilltop.example", "Lee Lead", lead, "leader"),
        ("teacher", "ann@moorside.example", "Ann Able", member, "staff"),
        ("bursar", "bursar@moorside.example", "Bea Bursar", member, "business_manager"),
    ):
        people[key] = User.objects.create_user(email, PASSWORD, full_name=name)
        Affiliation.objects.create(user=people[key], school=school, role=role)
    return {"alliance": alliance, "lead": lead, "member": member, "supported": supported, **people}


def checked(page, *, phone=False):
    """axe-core on the page as it is; at 375 px too (and no sideways scrolling) for key pages."""
    from tests.browser.conftest import accessibility_violations

    if phone:
        assert problems_at_each_width(page) == [], page.url
        page.set_viewport_size({"width": 375, "height": 900})
        assert problems_at_each_width(page) == [], page.url
    else:
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


def test_book_approve_attend_evaluate_support_confirm_and_download_the_evidence_pack(live_server, page, story):
    from delivery import programmes

    base, slug = live_server.url, story["alliance"].slug
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lead_user = story["lead"]
    course = programmes.create_programme(
        lead_user, story["alliance"], title="Leading early reading", kind="subject_cpd",
        led_by=list(story["alliance"].roles.filter(role="lead")), places=5,
    )
    programmes.add_session(lead_user, course, date=date.today() + timedelta(days=9), starts_at="09:30", ends_at="15:30", venue="Hilltop library")
    programmes.publish(lead_user, course)

    # The teacher books; the school asks its business manager first.
    sign_in_as(page, base, story["teacher"])
    page.goto(f"{base}/programmes/")
    page.get_by_role("link", name="Leading early reading").click()
    page.get_by_role("button", name="Book").click()
    page.wait_for_url("**/account/bookings/")
    expect(page.get_by_role("cell", name=re.compile("approval", re.I))).to_be_visible()
    checked(page)

    sign_in_as(page, base, story["bursar"])
    page.goto(f"{base}/schools/{story['member'].urn}/bookings/")
    checked(page)
    page.get_by_role("button", name="Approve Ann Able").click()
    expect(page.get_by_text("place on Leading early reading is confirmed")).to_be_visible()

    # The day comes; the lead takes attendance; Ann evaluates.
    Session.objects.update(date=date.today() - timedelta(days=1))
    sign_in_as(page, base, lead_user)
    page.goto(f"{base}/programmes/{course.pk}/bookings/")
    page.get_by_role("link", name="Take attendance").click()
    page.get_by_label("Ann Able (Moorside Primary)").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 of 1 present")).to_be_visible()
    sign_in_as(page, base, story["teacher"])
    page.goto(f"{base}/account/bookings/")
    page.get_by_role("link", name="Evaluate").click()
    page.get_by_label("4: good").check()
    page.locator("#id_improved_practice_0").check()
    page.locator("#id_outweighed_workload_0").check()
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.get_by_text("your evaluation of Leading early reading is sent")).to_be_visible()
    sign_in_as(page, base, lead_user)
    page.goto(f"{base}/programmes/{course.pk}/evaluations/")
    expect(page.get_by_text("1 of 1 positive: 100%")).to_be_visible()

    # The lead records support this academic year, completes it and shares its days.
    year_start = kpis.academic_year_bounds(kpis.current_academic_year())[0]
    page.goto(f"{base}/alliances/{slug}/support/new/")
    page.get_by_label("URN of the school being supported").fill(str(story["supported"].urn))
    page.get_by_label("Supporting school or organisation").select_option(label="Moorside Primary")
    page.get_by_label("Area of expertise").select_option(label="Maths (pupil achievement)")
    page.get_by_label("Objectives").fill("Secure place value in Year 2.")
    page.get_by_label("Success criteria").fill("Year 2 at the expected standard up by 10 points.")
    fill_date(page, "starts_on", year_start + timedelta(days=6))
    fill_date(page, "ends_on", min(date.today(), year_start + timedelta(days=60)))
    page.get_by_label("Days planned").fill("6")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save support").click()
    expect(page.get_by_text("Support for Quarry Lane Infant School is recorded")).to_be_visible()
    page.get_by_role("link", name="Complete support").click()
    page.get_by_label("Days delivered").fill("6")
    page.get_by_label("Outcome").fill("Year 2 reached 78% at the expected standard.")
    page.get_by_role("button", name="Complete support").click()
    expect(page.get_by_text("The support is completed")).to_be_visible()
    page.get_by_label("Contributor").select_option(label="Moorside Primary")
    page.get_by_label("Amount (days)").fill("6")
    page.get_by_role("button", name="Record entry").click()
    expect(page.get_by_text("Moorside Primary's days are recorded")).to_be_visible()

    # Nobody leads Quarry Lane on the platform: the lead sends the link to its office.
    expect(page.get_by_text("Not asked yet")).to_be_visible()
    page.get_by_role("button", name="Send the confirmation link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("give the school's email address")  # refused: no address
    checked(page)
    mail.outbox.clear()
    page.get_by_label("Email address to send the link to (optional)").fill("office@quarry.example")
    page.get_by_role("button", name="Send the confirmation link").click()
    expect(page.get_by_text("Awaiting the school").first).to_be_visible()
    checked(page, phone=True)
    assignment_url = page.url
    assert [message.to for message in mail.outbox] == [["office@quarry.example"]]
    link = re.search(r"https?://[^/\s]+(/support-confirmation/[^/\s]+/)", mail.outbox[0].body).group(1)
    page.goto(f"{base}/alliances/{slug}/support/")
    expect(page.get_by_text("Awaiting the school")).to_be_visible()

    # The school's office answers through the link, without an account.
    page.context.clear_cookies()
    page.goto(base + link)
    expect(page.get_by_role("heading", name="Confirm the support Quarry Lane Infant School received")).to_be_visible()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether the record is right")
    checked(page, phone=True)
    photograph(page, "support-confirmation")
    page.get_by_label("Yes, it is right").check()
    page.get_by_label("Your name").fill("Pat Office")
    page.get_by_label("Your role at the school (optional)").fill("School business manager")
    page.get_by_label("Good").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text(re.compile("thank you", re.I)).first).to_be_visible()
    checked(page)
    page.goto(base + link)  # the link works once
    expect(page.get_by_text(re.compile("already|used", re.I)).first).to_be_visible()
    checked(page)

    # What the lead sees change: the support list, the assignment and the review.
    sign_in_as(page, base, lead_user)
    page.goto(f"{base}/alliances/{slug}/support/")
    expect(page.get_by_text("Confirmed by the school")).to_be_visible()
    expect(page.get_by_text("Rated Good")).to_be_visible()
    page.goto(assignment_url)
    expect(page.get_by_text("Confirmed by Pat Office (School business manager)")).to_be_visible()
    page.goto(f"{base}/alliances/{slug}/contributions/")
    expect(page.get_by_role("cell", name="6 days by Moorside Primary").or_(page.get_by_text("6 days by Moorside Primary")).first).to_be_visible()
    checked(page)
    page.goto(f"{base}/alliances/{slug}/review/")
    expect(page.locator("#shares-table")).to_contain_text("Moorside Primary")
    checked(page, phone=True)
    photograph(page, "review")

    # The evidence pack: asked for, made in the background (at once in tests), downloaded.
    page.goto(f"{base}/alliances/{slug}/evidence-packs/")
    checked(page, phone=True)
    page.get_by_role("button", name="Make an evidence pack").click()
    expect(page.get_by_text("Ready", exact=True)).to_be_visible()
    checked(page, phone=True)
    photograph(page, "evidence-pack")
    with page.expect_download() as downloading:
        page.locator("a[download]").first.click()
    pdf = PdfReader(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Hilltop Teaching School Alliance" in text
    assert "Moorside Primary" in text
    page.goto(f"{base}/alliances/{slug}/evidence-packs/")
    expect(page.locator("#documents-heading + *")).to_contain_text("Ready")

    assignment = SupportAssignment.objects.get()
    assert (assignment.school_check, assignment.get_rating_display()) == ("confirmed", "Good")
    assert errors == []
