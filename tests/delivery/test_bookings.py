"""Booking rules: who books, approval by the school, places and the waiting list, cancelling,
prices, attendance and evaluations; every refusal with its reasons."""
from datetime import date, time, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from alliances.rules import NotAllowed, RuleBroken
from delivery import attendance, bookings, evaluations, programmes
from delivery.models import Attendance, Booking, Evaluation, Programme, Session

State = Booking.State
pytestmark = pytest.mark.django_db


def test_booking_waits_for_the_school_by_default_and_its_leader_approves(programme, member_school, person):
    teacher = person("teacher@brookside.example", member_school, "staff")
    head = person("head@brookside.example", member_school)
    booking = bookings.book(teacher, programme, member_school)
    assert booking.state == State.AWAITING_APPROVAL
    assert programmes.places_left(programme) == 1  # awaiting approval holds a place
    bookings.approve(head, booking)
    booking.refresh_from_db()
    assert (booking.state, booking.decided_by) == (State.CONFIRMED, head)


def test_a_school_without_approval_is_confirmed_at_once(programme, member_school, person, no_approval):
    no_approval(member_school)
    booking = bookings.book(person("t@b.example", member_school, "staff"), programme, member_school)
    assert booking.state == State.CONFIRMED


def test_staff_and_the_alliance_cannot_approve_for_the_school(programme, member_school, person, lead_user):
    teacher = person("teacher@brookside.example", member_school, "staff")
    booking = bookings.book(teacher, programme, member_school)
    for who in (teacher, person("colleague@brookside.example", member_school, "staff"), lead_user):
        with pytest.raises(NotAllowed):
            bookings.approve(who, booking)


def test_refusing_needs_a_reason_and_frees_the_place(programme, member_school, person, no_approval, outside_school):
    head = person("head@brookside.example", member_school)
    first = bookings.book(person("a@b.example", member_school, "staff"), programme, member_school)
    bookings.book(person("b@b.example", member_school, "staff"), programme, member_school)
    no_approval(outside_school)
    waiting = bookings.book(person("c@f.example", outside_school, "staff"), programme, outside_school)
    assert waiting.state == State.WAITING_LIST
    with pytest.raises(RuleBroken) as refused:
        bookings.refuse(head, first, "  ")
    assert "reason" in refused.value.messages[0]
    bookings.refuse(head, first, "Not this term")
    waiting.refresh_from_db()
    assert waiting.state == State.CONFIRMED


def test_refusals_to_book_give_every_reason(single_alliance, member_school, person):
    teacher = person("teacher@brookside.example", member_school, "staff")
    draft = Programme.objects.create(alliance=single_alliance, title="Draft", kind="leadership", places=3)
    Session.objects.create(programme=draft, date=date.today() - timedelta(days=1), starts_at=time(9), ends_at=time(10), venue="Hall")
    with pytest.raises(RuleBroken) as refused:
        bookings.book(teacher, draft, member_school)
    assert refused.value.messages == ["Draft is not open for booking yet.", "Draft has already started, so it is closed for booking."]
    assert not Booking.objects.exists()


def test_a_second_active_booking_is_refused_but_booking_again_after_cancelling_is_not(programme, member_school, person):
    teacher = person("teacher@brookside.example", member_school, "staff")
    booking = bookings.book(teacher, programme, member_school)
    with pytest.raises(RuleBroken, match="already booked"):
        bookings.book(teacher, programme, member_school)
    bookings.cancel(teacher, booking)
    assert bookings.book(teacher, programme, member_school).state == State.AWAITING_APPROVAL


def test_only_people_acting_for_the_school_book_for_it(programme, member_school, outside_school, person):
    with pytest.raises(NotAllowed):
        bookings.book(person("t@f.example", outside_school, "staff"), programme, member_school)
    with pytest.raises(NotAllowed):
        bookings.book(person("nobody@example.org"), programme, member_school)


def test_cancelling_offers_the_place_to_the_first_in_line_who_may_need_approval(programme, member_school, outside_school, person, no_approval):
    no_approval(member_school)
    first = bookings.book(person("a@b.example", member_school, "staff"), programme, member_school)
    bookings.book(person("b@b.example", member_school, "staff"), programme, member_school)
    outsider = bookings.book(person("c@f.example", outside_school, "staff"), programme, outside_school)
    later = bookings.book(person("d@b.example", member_school, "staff"), programme, member_school)
    assert [outsider.state, later.state] == [State.WAITING_LIST, State.WAITING_LIST]
    bookings.cancel(first.participant, first)
    outsider.refresh_from_db(), later.refresh_from_db()
    # First asked, first offered; the outside school still approves its own.
    assert (outsider.state, later.state) == (State.AWAITING_APPROVAL, State.WAITING_LIST)


def test_only_the_participant_cancels_and_only_once(programme, member_school, person):
    teacher = person("teacher@brookside.example", member_school, "staff")
    booking = bookings.book(teacher, programme, member_school)
    with pytest.raises(NotAllowed):
        bookings.cancel(person("head@brookside.example", member_school), booking)
    bookings.cancel(teacher, booking)
    with pytest.raises(RuleBroken, match="already cancelled"):
        bookings.cancel(teacher, booking)


def test_price_is_free_for_members_and_recorded_on_the_booking(programme, member_school, outside_school, person):
    member = bookings.book(person("a@b.example", member_school, "staff"), programme, member_school)
    outsider = bookings.book(person("b@f.example", outside_school, "staff"), programme, outside_school)
    assert (member.price_pence, outsider.price_pence) == (0, 12000)
    programme.free_to_members = False
    programme.save()
    assert programmes.price_for(programme, member_school) == 12000


def test_a_smaller_room_limits_the_places(programme, member_school, person, no_approval):
    no_approval(member_school)
    Session.objects.create(programme=programme, date=programmes.date.today() + timedelta(days=40), starts_at=time(9), ends_at=time(10), venue="Small room", places=1)
    bookings.book(person("a@b.example", member_school, "staff"), programme, member_school)
    assert bookings.book(person("b@b.example", member_school, "staff"), programme, member_school).state == State.WAITING_LIST


def test_managers_create_and_publish_and_others_cannot(single_alliance, lead_user, member_school, person):
    lead_role = single_alliance.roles.get(role="lead")
    member_role = single_alliance.roles.get(role="member")
    with pytest.raises(NotAllowed):
        programmes.create_programme(person("head@brookside.example", member_school), single_alliance, title="X", kind="npq", led_by=[lead_role], places=3)
    with pytest.raises(RuleBroken) as refused:
        programmes.create_programme(lead_user, single_alliance, title=" ", kind="npq", led_by=[member_role], places=0)
    assert len(refused.value.messages) == 3  # title, a member cannot lead, places
    made = programmes.create_programme(lead_user, single_alliance, title="NPQ for heads", kind="npq", led_by=[lead_role], places=3)
    with pytest.raises(RuleBroken, match="at least one session"):
        programmes.publish(lead_user, made)
    programmes.add_session(lead_user, made, date=date.today() + timedelta(days=7), starts_at=time(9), ends_at=time(12), venue="Hall")
    programmes.publish(lead_user, made)
    assert Programme.objects.get(pk=made.pk).published
    with pytest.raises(RuleBroken) as refused:
        programmes.add_session(lead_user, made, date=date.today(), starts_at=time(12), ends_at=time(9))
    assert refused.value.messages == ["The session must end after it starts.", "Give the venue, or say the session is online."]


def _begun(programme):
    programme.sessions.update(date=date.today() - timedelta(days=1))  # time has passed


def test_attendance_by_managers_after_the_session_begins(programme, member_school, person, no_approval, lead_user):
    no_approval(member_school)
    booking = bookings.book(person("a@b.example", member_school, "staff"), programme, member_school)
    session = programme.sessions.get()
    with pytest.raises(RuleBroken, match="not started"):
        attendance.take_attendance(lead_user, session, {booking.pk})
    with pytest.raises(NotAllowed):
        attendance.take_attendance(booking.participant, session, {booking.pk})
    _begun(programme)
    session.refresh_from_db()
    assert attendance.take_attendance(lead_user, session, {booking.pk}) == 1
    assert Attendance.objects.get().present and Attendance.history.count() == 1


def test_evaluation_once_after_the_first_session_and_the_summary_has_no_names(programme, member_school, person, no_approval):
    no_approval(member_school)
    teacher = person("a@b.example", member_school, "staff")
    booking = bookings.book(teacher, programme, member_school)
    answers = {"rating": 5, "improved_practice": "yes", "outweighed_workload": "yes", "comments": "Useful"}
    with pytest.raises(RuleBroken, match="after the first session"):
        evaluations.evaluate(teacher, booking, **answers)
    _begun(programme)
    with pytest.raises(NotAllowed):
        evaluations.evaluate(person("b@b.example", member_school, "staff"), booking, **answers)
    evaluations.evaluate(teacher, booking, **answers)
    with pytest.raises(RuleBroken, match="already evaluated"):
        evaluations.evaluate(teacher, booking, **answers)
    summary = evaluations.summarise(programme)
    assert (summary.count, summary.positive, summary.meets_target, summary.comments) == (1, 1, True, ["Useful"])
    assert Evaluation.objects.count() == 1


_runs = count()
ACTIONS = st.lists(st.tuples(st.sampled_from(["book", "cancel"]), st.integers(0, 5)), max_size=25)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_book_and_cancel_never_overfill_and_keep_the_waiting_order(programme, member_school, person, no_approval, actions):
    no_approval(member_school)
    Booking.objects.all().delete()
    run = next(_runs)
    people = [person(f"p{n}-{run}@b.example", member_school, "staff") for n in range(6)]
    was_waiting = set()
    for action, n in actions:
        mine = Booking.objects.filter(programme=programme, participant=people[n], state__in=Booking.ACTIVE).first()
        try:
            if action == "book" and mine is None:
                bookings.book(people[n], programme, member_school)
            elif action == "cancel" and mine is not None:
                bookings.cancel(people[n], mine)
        except RuleBroken:
            pass
        held = Booking.objects.filter(programme=programme, state__in=Booking.HOLDING_A_PLACE).count()
        waiting = list(bookings.waiting_list(programme))
        assert held <= programme.places
        assert not waiting or held == programme.places  # nobody waits while a place is free
        # First asked, first offered: the line is in the order people booked, and everyone given a
        # place from the line asked before everyone still in it.
        assert [w.pk for w in waiting] == sorted(w.pk for w in waiting)
        promoted = Booking.objects.filter(programme=programme, state=State.CONFIRMED, pk__in=was_waiting)
        assert not waiting or all(p.pk < waiting[0].pk for p in promoted)
        was_waiting.update(w.pk for w in waiting)


# --- Who is told (delivery/booking_notices.py) -------------------------------------------------------


def _open(user, kind):
    from notices.models import Notice

    return list(Notice.objects.filter(recipient=user, kind=kind, done_at__isnull=True).values_list("text", flat=True))


def test_the_school_is_asked_to_approve_and_the_booker_told_the_decision_by_email(
    programme, member_school, person, django_capture_on_commit_callbacks, mailoutbox
):
    teacher = person("teacher@brookside.example", member_school, "staff")
    head = person("head@brookside.example", member_school)
    bursar = person("bursar@brookside.example", member_school, "business_manager")
    with django_capture_on_commit_callbacks(execute=True):
        booking = bookings.book(teacher, programme, member_school)
    assert _open(head, "booking_to_approve") == [f"{teacher} asks to attend Leading maths: approve or refuse for Brookside Primary"]
    assert _open(bursar, "booking_to_approve") and _open(teacher, "booking_news") == [
        "Your booking on Leading maths waits for Brookside Primary to approve it"
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["bursar@brookside.example", "head@brookside.example", "teacher@brookside.example"]
    with django_capture_on_commit_callbacks(execute=True):
        bookings.refuse(head, booking, "Cover is short that week")
    assert _open(head, "booking_to_approve") == [] and _open(bursar, "booking_to_approve") == []  # settled for both
    assert "Brookside Primary refused your booking on Leading maths" in _open(teacher, "booking_news")
    assert "The reason given: Cover is short that week" in mailoutbox[-1].body


def test_a_place_from_the_waiting_list_is_told_and_the_email_can_be_turned_off(programme, outside_school, member_school, person, no_approval):
    from notices.models import EmailChoice, Notice

    no_approval(outside_school)
    first, second = (bookings.book(person(f"{n}@faraway.example", outside_school, "staff"), programme, outside_school) for n in "ab")
    waiting = person("c@brookside.example", member_school, "staff")
    EmailChoice.objects.create(user=waiting, kind="booking_news", wants_email=False)
    late = bookings.book(waiting, programme, member_school)
    assert late.state == State.WAITING_LIST and _open(waiting, "booking_news") == ["Leading maths is full: you are on its waiting list"]
    head = person("head@brookside.example", member_school)
    bookings.cancel(first.participant, first)
    assert "A place on Leading maths came free: your booking now waits for Brookside Primary to approve it" in _open(waiting, "booking_news")
    assert _open(head, "booking_to_approve")
    assert _open(first.participant, "booking_news") == []  # cancelling settles one's own
    assert not Notice.objects.filter(recipient=waiting, emailed_at__isnull=False).exists()
