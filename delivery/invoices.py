"""Invoice lines: one line for each booking that is confirmed (approved by the school, or
confirmed at once where the school needs no approval) and costs something. The price is the one
that applied when the place was booked (Booking.price_pence), so a programme made free to member
schools shows those schools' places as free, not as lines to invoice; they are counted apart.

There is no refund rule: a booking cancelled or refused is never invoiced, so it has no line.
Fees are the school's business: the running alliance's managers see the lines of their
programmes (and export them as CSV or XLSX), a school's leaders and business managers see their
own school's, and nobody else sees any."""
from decimal import Decimal

from alliances.permissions import can_commit_school, can_run_programme, require
from delivery.models import Booking

HEADER = [
    "Programme", "Alliance", "School", "URN", "Participant", "Booked on", "Confirmed on", "Full price (£)", "Charged (£)",
]


def _confirmed(bookings):
    return bookings.filter(state=Booking.State.CONFIRMED).select_related("programme__alliance", "school", "participant").order_by(
        "programme__title", "school__name", "participant__full_name", "pk"
    )


def lines_for_programme(user, programme):
    require(can_run_programme(user, programme), f"Only the leads of {programme.alliance.name} see its programmes' invoice lines.")
    return _confirmed(programme.bookings.filter(price_pence__gt=0))


def free_places(programme):
    """Confirmed places that cost nothing (free to member schools, or a free programme)."""
    return programme.bookings.filter(state=Booking.State.CONFIRMED, price_pence=0).count()


def lines_for_school(user, school):
    require(can_commit_school(user, school), f"Only {school.name}'s leaders and business managers see what it is invoiced.")
    return _confirmed(school.bookings.filter(price_pence__gt=0))


def pounds(pence):
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def rows(lines):
    for booking in lines:
        yield [
            booking.programme.title, booking.programme.alliance.name, booking.school.name, booking.school.urn,
            str(booking.participant), booking.requested_at.date(), (booking.decided_at or booking.requested_at).date(),
            pounds(booking.programme.price_pence), pounds(booking.price_pence),
        ]


def total(lines):
    return pounds(sum(booking.price_pence for booking in lines))
