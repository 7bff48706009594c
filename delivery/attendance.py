"""Attendance: the alliance's managers record, for a session that has begun, who of the confirmed
participants was there. Recording again replaces the earlier answers (history keeps them).

An alliance that runs its bookings elsewhere uploads attendance instead: each participant is
recorded one at a time (`record_one`), and someone with no booking on the site is recorded as an
external participant of the programme (`record_external`), who takes one of its places."""
from django.db import transaction
from django.utils import timezone

from alliances.permissions import require
from alliances.permissions import can_run_programme
from alliances.rules import RuleBroken
from delivery.models import Attendance, Booking, ExternalAttendance, ExternalParticipant, Programme


def expected(session):
    """The confirmed participants, with their schools, in name order."""
    return (
        session.programme.bookings.filter(state=Booking.State.CONFIRMED)
        .select_related("participant", "school")
        .order_by("participant__full_name", "participant__email")
    )


def _require_runner(user, programme):
    require(can_run_programme(user, programme), f"Only the leads of {programme.alliance.name} take attendance at its sessions.")


def _session_problems(session):
    if session.starts > timezone.now():
        return ["The session has not started yet: take attendance on the day."]
    return []


@transaction.atomic
def take_attendance(user, session, present_ids):
    programme = session.programme
    _require_runner(user, programme)
    bookings = list(expected(session))
    problems = _session_problems(session)
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


@transaction.atomic
def record_one(user, session, booking, present):
    """One confirmed participant's attendance at one session, leaving everyone else's as it was."""
    _require_runner(user, session.programme)
    problems = _session_problems(session)
    if booking.programme_id != session.programme_id or booking.state != Booking.State.CONFIRMED:
        problems.append(f"{booking.participant}'s booking is {booking.get_state_display().lower()}: only confirmed participants are recorded.")
    if problems:
        raise RuleBroken(problems)
    made, _ = Attendance.objects.update_or_create(
        booking=booking, session=session, defaults={"present": present, "recorded_by": user}
    )
    return made


def find_external(programme, *, name, email, school):
    """The programme's external participant with this email, or else this name at this school."""
    found = programme.external_participants.all()
    if email:
        return found.filter(email__iexact=email).first()
    return found.filter(name__iexact=name.strip(), school=school, email="").first()


@transaction.atomic
def record_external(user, session, *, name, email, school, present):
    """Attendance of someone who booked elsewhere. The first time they are recorded they become
    an external participant of the programme and take one of its places, counted with the
    places the site's bookings hold, so a full programme refuses them."""
    from delivery.programmes import capacity, places_held

    programme = Programme.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=session.programme_id)
    _require_runner(user, programme)
    problems = _session_problems(session)
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        problems.append("Give the participant's name: they have no booking on the site.")
    if school is None:
        problems.append("Give the URN of the participant's school: they have no booking on the site.")
    participant = find_external(programme, name=name, email=email, school=school) if name and school else None
    if participant is None and name and school is not None:
        if places_held(programme) >= capacity(programme):
            problems.append(f"All {capacity(programme)} places on {programme.title} are taken: {name} cannot be added.")
    if problems:
        raise RuleBroken(problems)
    if participant is None:
        participant = ExternalParticipant.objects.create(programme=programme, name=name, email=email, school=school, recorded_by=user)
    made, _ = ExternalAttendance.objects.update_or_create(
        participant=participant, session=session, defaults={"present": present, "recorded_by": user}
    )
    return made
