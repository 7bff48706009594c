"""Certificates of attendance: a PDF for a booking whose participant was marked present at one or
more sessions, naming the participant, their school, the programme, the alliance, each session
attended with its date and times, and the hours in all. Drawn by WeasyPrint from an HTML template
with its styles inline; it fetches nothing (no fonts, images or stylesheets from anywhere), so a
title cannot make the server reach out.

Who may download: the participant, their school's leaders and business managers, and the running
alliance's managers (alliances.permissions.can_see_booking: the people who see the booking)."""
from datetime import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from alliances.permissions import can_see_booking, require
from alliances.rules import RuleBroken
from delivery.models import Session


def attended_sessions(booking):
    return list(Session.objects.filter(attendance__booking=booking, attendance__present=True).order_by("date", "starts_at"))


def hours(sessions):
    """Hours in all, to the quarter hour: 9:00 to 12:30 is 3.5."""
    minutes = sum(
        (datetime.combine(s.date, s.ends_at) - datetime.combine(s.date, s.starts_at)).total_seconds() / 60 for s in sessions
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.25")).normalize()


def _refuse_fetching(url):
    raise ValueError(f"Certificates fetch nothing: {url}")


def certificate(user, booking):
    """(filename, PDF bytes) for the booking, or RuleBroken when nobody recorded the participant present."""
    require(can_see_booking(user, booking), "Only the participant, their school's leaders and the alliance's leads download this certificate.")
    sessions = attended_sessions(booking)
    if not sessions:
        raise RuleBroken(f"{booking.participant} has not been recorded as present at any session of {booking.programme.title}, so there is no certificate.")
    from weasyprint import HTML  # heavy: loaded only when a certificate is made

    html = render_to_string("delivery/certificate.html", {
        "booking": booking, "sessions": sessions, "hours": hours(sessions), "issued_on": timezone.localdate(),
        "all_sessions": booking.programme.sessions.count(),
    })
    # PDF/UA: tagged, with its language and title, so a screen reader reads it in order.
    pdf = HTML(string=html, url_fetcher=_refuse_fetching).write_pdf(pdf_variant="pdf/ua-1")
    name = f"certificate-{slugify(booking.programme.title)[:40]}-{slugify(str(booking.participant))[:40]}.pdf"
    return name, pdf
