"""Certificates of attendance (PDF) and invoice lines: what they say, and who may have them."""
import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alliances.rules import NotAllowed
from delivery import bookings, certificates, invoices
from delivery.models import Attendance, Booking, Session
from delivery.spreadsheets import read_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(programme, member_school, person, no_approval):
    """Jo Teacher at Brookside, confirmed on the programme, present at two sessions of three
    (9:00 to 12:00 and 13:00 to 15:30), absent at the third."""
    no_approval(member_school)
    teacher = person("jo@brookside.example", member_school, "staff")
    teacher.full_name = "Jo Teacher"
    teacher.save()
    booking = bookings.book(teacher, programme, member_school)
    first = programme.sessions.get()
    second = Session.objects.create(programme=programme, date=first.date + timedelta(days=7), starts_at=time(13), ends_at=time(15, 30), venue="Hilltop hall")
    third = Session.objects.create(programme=programme, date=first.date + timedelta(days=14), starts_at=time(9), ends_at=time(10), venue="Hilltop hall")
    for session, present in ((first, True), (second, True), (third, False)):
        Attendance.objects.create(booking=booking, session=session, present=present)
    return booking


def _text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-leading-maths-jo-teacher')
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_certificate_names_the_participant_programme_sessions_and_hours(client, attended):
    client.force_login(attended.participant)
    text = _text(client.get(reverse("delivery:certificate", args=[attended.pk])))
    first = attended.programme.sessions.first().date
    for expected in ("Certificate of attendance", "Jo Teacher", "Brookside Primary", "Leading maths", "Hilltop Alliance",
                     "2 of 3 sessions, 5.5 hours in all", f"{first:%-d %B %Y}", "09:00 to 12:00", "13:00 to 15:30"):
        assert expected in text, expected
    assert "10:00" not in text  # the session missed is not on it


def test_the_certificate_is_a_tagged_pdf_in_english_for_screen_readers(attended):
    name, pdf = certificates.certificate(attended.participant, attended)
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert (root["/MarkInfo"]["/Marked"], root["/Lang"]) == (True, "en-GB")


def test_the_school_and_the_alliance_may_download_it_and_nobody_else(client, attended, person, member_school, lead_user, outside_school):
    url = reverse("delivery:certificate", args=[attended.pk])
    for who in (person("head@brookside.example", member_school), person("bm@brookside.example", member_school, "business_manager"), lead_user):
        client.force_login(who)
        assert "Jo Teacher" in _text(client.get(url))
    for who in (person("colleague@brookside.example", member_school, "staff"), person("head@faraway.example", outside_school)):
        client.force_login(who)
        assert client.get(url).status_code == 403
        with pytest.raises(NotAllowed):
            certificates.certificate(who, attended)


def test_no_attendance_no_certificate_with_a_clear_page(client, attended):
    Attendance.objects.filter(booking=attended).update(present=False)
    client.force_login(attended.participant)
    response = client.get(reverse("delivery:certificate", args=[attended.pk]))
    assert response.status_code == 404 and "has not been recorded as present" in response.content.decode()
    assert "Certificate of attendance (PDF)" not in client.get(reverse("delivery:your-bookings")).content.decode()


def test_the_certificate_is_offered_where_the_booking_is_listed(client, attended, lead_user):
    client.force_login(attended.participant)
    assert reverse("delivery:certificate", args=[attended.pk]) in client.get(reverse("delivery:your-bookings")).content.decode()
    client.force_login(lead_user)
    page = client.get(reverse("delivery:programme-bookings", args=[attended.programme_id])).content.decode()
    assert reverse("delivery:certificate", args=[attended.pk]) in page


@pytest.mark.parametrize("start, end, expected", [(time(9), time(12), "3"), (time(9), time(9, 45), "0.75"), (time(13), time(15, 30), "2.5")])
def test_hours_add_up_each_session(start, end, expected):
    assert str(certificates.hours([Session(date=date(2026, 1, 5), starts_at=start, ends_at=end)])) == expected


@pytest.fixture
def paid(programme, member_school, outside_school, person, no_approval):
    """At £120 a place, free to members: Brookside's member place is free; Faraway pays for one
    confirmed place; a second Faraway booking is cancelled and a third refused."""
    no_approval(member_school, outside_school)
    programme.places = 5
    programme.save()
    free = bookings.book(person("a@brookside.example", member_school, "staff"), programme, member_school)
    paying = bookings.book(person("b@faraway.example", outside_school, "staff"), programme, outside_school)
    cancelled = bookings.book(person("c@faraway.example", outside_school, "staff"), programme, outside_school)
    bookings.cancel(cancelled.participant, cancelled)
    Booking.objects.create(programme=programme, participant=person("d@faraway.example"), school=outside_school, state="refused", price_pence=12000)
    return {"free": free, "paying": paying}


def test_one_line_per_confirmed_paid_place_with_the_price_that_applied(paid, programme, lead_user, outside_school, person):
    lines = list(invoices.lines_for_programme(lead_user, programme))
    assert lines == [paid["paying"]]
    assert invoices.free_places(programme) == 1
    assert list(invoices.rows(lines))[0][2:4] + list(invoices.rows(lines))[0][7:] == ["Faraway Academy", outside_school.urn, invoices.pounds(12000), invoices.pounds(12000)]
    head = person("head@faraway.example", outside_school)
    assert list(invoices.lines_for_school(head, outside_school)) == [paid["paying"]]
    with pytest.raises(NotAllowed):
        invoices.lines_for_school(person("t@faraway.example", outside_school, "staff"), outside_school)
    with pytest.raises(NotAllowed):
        invoices.lines_for_programme(head, programme)


def test_managers_export_the_lines_as_csv_and_xlsx(client, paid, programme, lead_user):
    client.force_login(lead_user)
    page = client.get(reverse("delivery:programme-invoice-lines", args=[programme.pk])).content.decode()
    assert "1 line, £120.00 in all" in page and "1 confirmed place costs nothing" in page
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("delivery:programme-invoice-lines", args=[programme.pk]), {"download": fmt})
        assert response["Content-Disposition"] == f'attachment; filename="invoice-lines-programme-{programme.pk}.{fmt}"'
        table = read_table(f"lines.{fmt}", response.content)
        assert table.header == invoices.HEADER
        [(number, row)] = table.rows  # Brookside's free place is not a line
        assert (number, row["School"], row["Programme"], row["Full price (£)"], row["Charged (£)"]) == (
            2, "Faraway Academy", "Leading maths", "120", "120"
        )


def test_a_school_sees_what_it_is_invoiced(client, paid, outside_school, person):
    client.force_login(person("bm@faraway.example", outside_school, "business_manager"))
    page = client.get(reverse("delivery:school-invoice-lines", args=[outside_school.urn])).content.decode()
    assert "Leading maths" in page and "£120.00" in page and "1 line" in page
