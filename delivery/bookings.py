"""Booking a place: staff of any school book themselves onto a published programme; their
school's leader or business manager approves or refuses, when the school's policy asks for that;
a full programme keeps a waiting list, first asked first offered; cancelling frees the place for
the first in line. Every change locks the programme's row, so places are counted one at a time."""
from django.db import transaction
from django.utils import timezone

from alliances.permissions import can_commit_school, can_decide_booking, require, schools_acting_for
from alliances.rules import NotAllowed, RuleBroken
from delivery import booking_notices
from delivery.models import Booking, BookingPolicy, Programme
from delivery.programmes import capacity, places_held, price_for

State = Booking.State


def _locked(programme):
    return Programme.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=programme.pk)


def _held(programme):
    return places_held(programme)


def _state_with_a_place(school):
    return State.AWAITING_APPROVAL if BookingPolicy.requires_approval(school) else State.CONFIRMED


def booking_problems(user, programme, school):
    problems = []
    if not programme.published:
        problems.append(f"{programme.title} is not open for booking yet.")
    first = programme.sessions.first()
    if first is None or first.starts <= timezone.now():
        problems.append(f"{programme.title} has already started, so it is closed for booking.")
    if programme.bookings.filter(participant=user, state__in=Booking.ACTIVE).exists():
        problems.append(f"You have already booked {programme.title}.")
    if not school.is_open:
        problems.append(f"{school.name} is {school.get_status_display().lower()}.")
    return problems


@transaction.atomic
def book(user, programme, school):
    """The person books themselves, for the school they work at. Returns the booking: confirmed,
    awaiting their school's approval, or on the waiting list."""
    if not (user and user.is_authenticated):
        raise NotAllowed("Sign in to book a place.")
    require(school.pk in schools_acting_for(user), f"Your account does not act for {school.name}.")
    programme = _locked(programme)
    problems = booking_problems(user, programme, school)
    if problems:
        raise RuleBroken(problems)
    full = _held(programme) >= capacity(programme)
    booking = Booking.objects.create(
        programme=programme, participant=user, school=school, price_pence=price_for(programme, school),
        state=State.WAITING_LIST if full else _state_with_a_place(school),
    )
    booking_notices.booked(booking)
    return booking


def waiting_list(programme):
    return programme.bookings.filter(state=State.WAITING_LIST).order_by("requested_at", "id")


def offer_freed_places(programme):
    """Give free places to the waiting list in the order they asked; the programme is locked by the caller."""
    free = capacity(programme) - _held(programme)
    promoted = []
    for booking in waiting_list(programme).select_related("school", "participant")[: max(0, free)]:
        booking.state = _state_with_a_place(booking.school)
        booking.save(update_fields=["state"])
        booking.programme = programme
        booking_notices.promoted(booking)
        promoted.append(booking)
    return promoted


def _decision(user, booking):
    require(
        can_decide_booking(user, booking),
        f"Only {booking.school.name}'s leaders and business managers decide its staff's bookings.",
    )
    programme = _locked(booking.programme)
    booking = Booking.objects.select_related("school", "participant").get(pk=booking.pk)
    booking.programme = programme
    return booking


@transaction.atomic
def approve(user, booking):
    booking = _decision(user, booking)
    if booking.state != State.AWAITING_APPROVAL:
        raise RuleBroken(f"This booking is {booking.get_state_display().lower()}: there is nothing to approve.")
    booking.state, booking.decided_by, booking.decided_at = State.CONFIRMED, user, timezone.now()
    booking.save(update_fields=["state", "decided_by", "decided_at"])
    booking_notices.decided(booking)
    return booking


@transaction.atomic
def refuse(user, booking, reason):
    booking = _decision(user, booking)
    problems = []
    if booking.state not in (State.AWAITING_APPROVAL, State.WAITING_LIST):
        problems.append(f"This booking is {booking.get_state_display().lower()}: it cannot be refused now.")
    if not reason.strip():
        problems.append(f"Give {booking.participant} a reason for refusing.")
    if problems:
        raise RuleBroken(problems)
    held_a_place = booking.state == State.AWAITING_APPROVAL
    booking.state, booking.refusal_reason = State.REFUSED, reason.strip()
    booking.decided_by, booking.decided_at = user, timezone.now()
    booking.save(update_fields=["state", "refusal_reason", "decided_by", "decided_at"])
    booking_notices.decided(booking)
    if held_a_place:
        offer_freed_places(booking.programme)
    return booking


@transaction.atomic
def cancel(user, booking):
    """The participant cancels their own booking; a place it held goes to the first in line."""
    require(user and user.is_authenticated and booking.participant_id == user.pk, "Only the person who booked can cancel the booking.")
    programme = _locked(booking.programme)
    booking = Booking.objects.get(pk=booking.pk)
    problems = []
    if not booking.is_active:
        problems.append(f"This booking is already {booking.get_state_display().lower()}.")
    first = programme.sessions.first()
    if booking.state == State.CONFIRMED and first is not None and first.starts <= timezone.now():
        problems.append(f"{programme.title} has started: ask the alliance if you cannot carry on.")
    if problems:
        raise RuleBroken(problems)
    held_a_place = booking.state in Booking.HOLDING_A_PLACE
    booking.state, booking.cancelled_at = State.CANCELLED, timezone.now()
    booking.save(update_fields=["state", "cancelled_at"])
    booking_notices.cancelled(booking)
    if held_a_place:
        offer_freed_places(programme)
    return booking


@transaction.atomic
def set_policy(user, school, approval_required):
    require(can_commit_school(user, school), f"Only {school.name}'s leaders and business managers set how its bookings are approved.")
    policy, _ = BookingPolicy.objects.update_or_create(
        school=school, defaults={"approval_required": approval_required, "changed_by": user}
    )
    return policy
