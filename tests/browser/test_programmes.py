"""A lead publishes a programme with one place; two teachers book (one confirmed, one waiting);
the first cancels and the second gets the place; the lead takes attendance; the participant
evaluates; the lead reads the summary. Every page on the way, and a refused form, pass axe-core."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.models import Alliance, AllianceRole, Designation
from delivery.models import BookingPolicy, Session
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_school):
    lead = make_school(name="Hilltop Teaching School", region="Yorkshire and the Humber")
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(name="Hilltop Teaching School Alliance", alliance_type="single", delivery_areas=["cpd"])
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    school = make_school(name="Moorside Primary")
    AllianceRole.objects.create(alliance=alliance, role="member", school=school, starts_on=date(2024, 9, 1))
    BookingPolicy.objects.create(school=school, approval_required=False)
    User.objects.create_user("lead@hilltop.example", PASSWORD, full_name="Lee Lead")
    Affiliation.objects.create(user=User.objects.get(email="lead@hilltop.example"), school=lead, role="leader")
    for email, name in (("ann@moorside.example", "Ann Able"), ("bob@moorside.example", "Bob Baker")):
        Affiliation.objects.create(user=User.objects.create_user(email, PASSWORD, full_name=name), school=school, role="staff")
    return alliance


def no_violations(page):
    assert accessibility_violations(page) == [], page.url


def test_publish_book_wait_cancel_attend_evaluate(live_server, page, story):
    base, slug = live_server.url, story.slug
    sign_in(page, base, "lead@hilltop.example")
    page.goto(f"{base}/alliances/{slug}/programmes/")
    no_violations(page)
    page.get_by_role("link", name="Create a programme").click()
    page.get_by_role("button", name="Save programme").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # the refused form
    no_violations(page)
    page.get_by_label("Title").fill("Leading early reading")
    page.get_by_label("Kind of programme").select_option("subject_cpd")
    page.get_by_label("Hilltop Teaching School (lead teaching school)").check()
    page.get_by_label("Places").fill("1")
    page.get_by_label("Price per place in pounds").fill("95")
    page.get_by_label("Free to the alliance's member schools").check()
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_text("Add its sessions, then publish it")).to_be_visible()
    soon = date.today() + timedelta(days=14)
    page.get_by_label("Day").fill(str(soon.day))
    page.get_by_label("Month").fill(str(soon.month))
    page.get_by_label("Year").fill(str(soon.year))
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Venue").fill("Hilltop library")
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_text("added.")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Publish programme").click()
    expect(page.get_by_text("is published")).to_be_visible()
    no_violations(page)

    for email in ("ann@moorside.example", "bob@moorside.example"):
        page.context.clear_cookies()
        sign_in(page, base, email)
        page.goto(f"{base}/programmes/")
        no_violations(page)
        page.get_by_role("link", name="Leading early reading").click()
        expect(page.get_by_text("Free").first).to_be_visible()  # a member school pays nothing
        no_violations(page)
        page.get_by_role("button", name="Book").click()
        page.wait_for_url("**/account/bookings/")
    expect(page.get_by_role("cell", name="On the waiting list")).to_be_visible()
    no_violations(page)

    page.context.clear_cookies()
    sign_in(page, base, "ann@moorside.example")
    page.goto(f"{base}/account/bookings/")
    expect(page.get_by_role("cell", name="Confirmed")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("is cancelled")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "bob@moorside.example")
    page.goto(f"{base}/account/bookings/")
    expect(page.get_by_role("cell", name="Confirmed")).to_be_visible()
    Session.objects.update(date=date.today() - timedelta(days=1))  # the day comes and goes

    page.context.clear_cookies()
    sign_in(page, base, "lead@hilltop.example")
    programme = story.programmes.get()
    page.goto(f"{base}/programmes/{programme.pk}/bookings/")
    expect(page.get_by_role("cell", name="Ann Able")).to_be_visible()
    no_violations(page)
    page.get_by_role("link", name="Take attendance").click()
    no_violations(page)
    page.get_by_label("Bob Baker (Moorside Primary)").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 1 of 1 present")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "bob@moorside.example")
    page.goto(f"{base}/account/bookings/")
    page.get_by_role("link", name="Evaluate").click()
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    no_violations(page)
    page.get_by_label("4: good").check()
    page.locator("#id_improved_practice_0").check()
    page.locator("#id_outweighed_workload_0").check()
    page.get_by_label("Comments (optional)").fill("Practical and well paced.")
    page.get_by_role("button", name="Send evaluation").click()
    expect(page.get_by_text("your evaluation of Leading early reading is sent")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "lead@hilltop.example")
    page.goto(f"{base}/programmes/{programme.pk}/evaluations/")
    expect(page.get_by_text("1 of 1 positive: 100%")).to_be_visible()
    expect(page.get_by_text("Practical and well paced.")).to_be_visible()
    expect(page.get_by_text("Bob Baker")).to_have_count(0)  # comments without names
    no_violations(page)
    page.goto(f"{base}/alliances/yours/")
    no_violations(page)


def test_school_approval_page_is_accessible(live_server, page, story):
    from delivery import bookings, programmes

    school = User.objects.get(email="ann@moorside.example").affiliations.get().school
    BookingPolicy.objects.filter(school=school).update(approval_required=True)
    head = User.objects.create_user("head@moorside.example", PASSWORD, full_name="Hana Head")
    Affiliation.objects.create(user=head, school=school, role="leader")
    lead_user = User.objects.get(email="lead@hilltop.example")
    made = programmes.create_programme(
        lead_user, story, title="Middle leaders' course", kind="middle_leadership", led_by=list(story.roles.filter(role="lead")), places=5,
    )
    programmes.add_session(lead_user, made, date=date.today() + timedelta(days=9), starts_at="09:00", ends_at="12:00", venue="Hall")
    programmes.publish(lead_user, made)
    bookings.book(User.objects.get(email="ann@moorside.example"), made, school)
    sign_in(page, live_server.url, "head@moorside.example")
    page.goto(f"{live_server.url}/schools/{school.urn}/bookings/")
    no_violations(page)
    page.get_by_role("button", name="Refuse Ann Able").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    no_violations(page)
    page.get_by_role("button", name="Approve Ann Able").click()
    expect(page.get_by_text("place on Middle leaders' course is confirmed")).to_be_visible()
