"""Attendance: the alliance's managers record, for a session that has begun, who of the confirmed
participants was there. Recording again replaces the earlier answers (history keeps them)."""
from django.db import transaction
from django.utils import timezone

from alliances.permissions import require
from alliances.permissions import can_run_programme
from alliances.rules import RuleBroken
from delivery.models import Attendance, Booking


def expected(session):
    """The confirmed participants, with their schools, in name order."""
    return (
        session.programme.bookings.filter(state=Booking.State.CONFIRMED)
        .select_related("participant", "school")
        .order_by("participant__full_name", "participant__email")
    )


@transaction.atomic
def take_attendance(user, session, present_ids):
    programme = session.programme
    require(can_run_programme(user, programme), f"Only the leads of {programme.alliance.name} take attendance at its sessions.")
    bookings = list(expected(session))
    problems = []
    if session.starts > timezone.now():
        problems.append("The session has not started yet: take attendance on the day.")
    strangers = set(present_ids) - {b.pk for b in bookings}
    if strangers:
        problems.append("Only confirmed participants can be marked present.")
    if problems:
        raise RuleBroken(problems)
    for booking in bookings:
        Attendance.objects.update_or_create(
            booking=booking, session=session, defaults={"present": booking.pk in present_ids, "recorded_by": user}
        )
    return len([b for b in bookings if b.pk in present_ids])
