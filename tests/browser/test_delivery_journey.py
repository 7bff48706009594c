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
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from delivery import kpis
from delivery.models import BookingPolicy, Session, SupportAssignment
from tests.browser.conftest import PASSWORD, accessibility_violations
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
    """axe-core on the page as it is; for key pages also at 320 and 375 px, with no sideways scrolling."""
    if not phone:
        assert accessibility_violations(page) == [], page.url
        return
    assert problems_at_each_width(page) == [], page.url
    page.set_viewport_size({"width": 375, "height": 900})
    fitted(page, 375)
    found = (accessibility_violations(page), page.evaluate("document.documentElement.scrollWidth"))
    page.set_viewport_size({"width": 1280, "height": 900})
    assert found == ([], 375), page.url


def fitted(page, width):
    """Give the charts time to redraw for a new width: on a busy machine 300 ms is not always
    enough. Waits until the page fits, or 5 seconds; the caller's assertion says if it never did."""
    try:
        page.wait_for_function(f"document.documentElement.scrollWidth <= {width}", timeout=5000)
    except PlaywrightTimeout:
        pass
    page.wait_for_timeout(100)


def photograph(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # charts redraw for the new width
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
    expect(page.get_by_text("by Lee Lead")).to_be_visible()  # the person's name, not their address
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


# The other pages landed with delivery, each checked at desktop and phone widths (and a refused
# form where there is one): the brokerage fixtures give an alliance, a member school, its head,
# a teacher who is an SLE applicant and the Council.
from tests.alliances.conftest import council_member, lead_user, person, single_alliance, teaching_school  # noqa: E402,F401
from tests.brokerage.conftest import application, head, maths, member_school, outside_school, teacher, tschool  # noqa: E402,F401


def test_the_other_new_delivery_and_brokerage_pages_are_accessible_and_fit_a_phone(
    live_server, page, single_alliance, lead_user, head, teacher, member_school, maths, application, council_member,
):
    from decimal import Decimal

    from brokerage import profiles
    from brokerage.models import SchoolNeed
    from delivery import bookings, documents, returns
    from delivery.models import Attendance, BookingPolicy, PreparedDocument, Programme, Session

    base, slug = live_server.url, single_alliance.slug
    course = Programme.objects.create(
        alliance=single_alliance, title="Leading maths", kind=Programme.Kind.SUBJECT_CPD, places=5,
        price_pence=12000, free_to_members=False, published=True,
    )
    course.led_by.add(single_alliance.roles.get(role="lead"))
    session = Session.objects.create(programme=course, date=date.today() + timedelta(days=20), starts_at="09:00", ends_at="12:00", venue="Hall")
    BookingPolicy.objects.create(school=member_school, approval_required=False)
    booking = bookings.book(teacher, course, member_school)
    Attendance.objects.create(booking=booking, session=session, present=True)
    year = kpis.current_academic_year()
    annual = returns.prepare(lead_user, single_alliance, year)
    documents.ask_for_national_rollup(council_member, year)
    sle = application()
    profiles.add_need(head, member_school, area=maths, phase="Primary", priority="high", wanted_by=None, days_wanted=Decimal(6))
    profiles.add_offer(head, member_school, area=maths, given_by="Maths team", days_per_year=Decimal(8))
    need = SchoolNeed.objects.get()
    results = {}

    def check(state, path=None):
        if path:
            page.goto(base + path)
        results[state] = problems_at_each_width(page)

    def refused(state, button):
        page.get_by_role("button", name=button).first.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        check(state)

    sign_in_as(page, base, lead_user)
    check("uploads", f"/alliances/{slug}/uploads/")
    check("upload support", f"/alliances/{slug}/uploads/support/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "support.csv", "mimeType": "text/csv", "buffer": b"urn,days\nnot a urn,lots\n"}]
    )
    page.get_by_role("button", name="Check and upload").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("upload support, refused file")
    photograph(page, "upload-refused")
    check("upload attendance", f"/programmes/{course.pk}/attendance/upload/")
    check("programme invoice lines", f"/programmes/{course.pk}/invoice-lines/")
    expect(page.get_by_text("Brookside Primary").first).to_be_visible()
    check("returns", f"/alliances/{slug}/returns/")
    check("annual return", f"/returns/{annual.pk}/")
    check("evidence packs, none yet", f"/alliances/{slug}/evidence-packs/")
    check("SLE to assess", f"/specialist-leaders/{sle.pk}/assess/")
    check("teaching school's SLE assessments", f"/schools/{single_alliance.lead_schools().get().urn}/specialist-leaders/assessment/")
    assert page.request.get(f"{base}/bookings/{booking.pk}/certificate/").headers["content-type"] == "application/pdf"

    sign_in_as(page, base, head)
    check("school invoice lines", f"/schools/{member_school.urn}/invoice-lines/")
    check("SLE consent", f"/specialist-leaders/{sle.pk}/consent/")
    refused("SLE consent, refused", "Record the decision")
    check("school's SLEs", f"/schools/{member_school.urn}/specialist-leaders/")
    check("needs and offers", f"/schools/{member_school.urn}/needs-and-offers/")
    photograph(page, "needs-and-offers")
    check("new need", f"/schools/{member_school.urn}/needs/new/")
    refused("new need, refused", "Save the need")
    check("edit need", f"/needs/{need.pk}/edit/")
    check("new offer", f"/schools/{member_school.urn}/offers/new/")
    refused("new offer, refused", "Save the offer")

    sign_in_as(page, base, teacher)
    check("SLE directory", "/specialist-leaders/")
    check("your SLE record", "/specialist-leaders/yours/")
    check("SLE record", f"/specialist-leaders/{sle.pk}/")
    check("apply to be an SLE, with a live record", "/specialist-leaders/apply/")

    sign_in_as(page, base, council_member)
    check("national roll-up", "/returns/national/")
    check("national roll-up document", f"/documents/{PreparedDocument.objects.get().pk}/")
    check("expertise areas", "/expertise-areas/")
    check("edit an expertise area", f"/expertise-areas/{maths.pk}/edit/")
    check("council reviews", "/council/reviews/")

    found = {state: found for state, found in results.items() if found}
    assert found == {}, "\n".join(f"{state}: {problems}" for state, problems in found.items())
