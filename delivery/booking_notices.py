"""Who is told what about bookings (notices.sending.tell: in the site, and by email as each person
chooses at /account/emails/), called from delivery/bookings.py inside its transaction:

- the person who books: what became of it (confirmed, waiting for the school, on the waiting
  list), the school's decision, and a place given from the waiting list;
- the school's leaders and business managers: a booking waiting for their approval (settled when
  it is approved, refused or cancelled).
"""
from django.urls import reverse

from delivery.models import Booking
from notices.sending import Kind, people_of, settle, tell

State = Booking.State


def _to_participant(booking, text, detail=""):
    tell([booking.participant], Kind.BOOKING_NEWS, booking, text, reverse("delivery:your-bookings"), detail)


def _to_approvers(booking):
    tell(
        people_of([booking.school], exclude=[booking.participant]), Kind.BOOKING_TO_APPROVE, booking,
        f"{booking.participant} asks to attend {booking.programme.title}: approve or refuse for {booking.school.name}",
        reverse("delivery:school-bookings", args=[booking.school.urn]),
    )


def booked(booking):
    title = booking.programme.title
    if booking.state == State.CONFIRMED:
        _to_participant(booking, f"Your place on {title} is confirmed")
    elif booking.state == State.AWAITING_APPROVAL:
        _to_participant(booking, f"Your booking on {title} waits for {booking.school.name} to approve it")
        _to_approvers(booking)
    else:
        _to_participant(booking, f"{title} is full: you are on its waiting list")


def decided(booking):
    settle(booking, [Kind.BOOKING_TO_APPROVE])
    title = booking.programme.title
    if booking.state == State.CONFIRMED:
        _to_participant(booking, f"{booking.school.name} approved your booking: your place on {title} is confirmed")
    else:
        _to_participant(
            booking, f"{booking.school.name} refused your booking on {title}", f"The reason given: {booking.refusal_reason}"
        )


def cancelled(booking):
    settle(booking, [Kind.BOOKING_TO_APPROVE, Kind.BOOKING_NEWS])


def promoted(booking):
    """A place freed up and went to this booking from the waiting list."""
    title = booking.programme.title
    if booking.state == State.CONFIRMED:
        _to_participant(booking, f"A place on {title} came free and is yours: your booking is confirmed")
    else:
        _to_participant(booking, f"A place on {title} came free: your booking now waits for {booking.school.name} to approve it")
        _to_approvers(booking)
