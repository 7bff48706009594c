"""Programmes (delivery/): a handful for the demo alliance and a few others, with sessions past and
to come, bookings in every state, attendance and evaluations for the sessions already held.
Dates are from today, not the demo's date, so there is always something to book."""
from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Affiliation, User
from alliances.models import AllianceRole
from delivery.models import Attendance, Booking, BookingPolicy, Evaluation, Programme, Session

TITLES = [
    ("Leading early reading", Programme.Kind.SUBJECT_CPD, 1200),
    ("Middle leaders: leading a team", Programme.Kind.MIDDLE_LEADERSHIP, 24000),
    ("Early career teachers' network", Programme.Kind.EARLY_CAREER, 0),
    ("Senior leadership (NPQ-style)", Programme.Kind.NPQ, 65000),
    ("Headship: leading the whole school", Programme.Kind.LEADERSHIP, 48000),
]
ANSWERS = [(5, "yes", "yes"), (4, "yes", "yes"), (4, "partly", "yes"), (3, "not_yet", "unsure"), (5, "yes", "yes"), (2, "no", "no")]


def write_programmes(rng, plans, story, password):
    """Returns the demo accounts it adds: a teacher at the member school with bookings."""
    today = date.today()
    teacher = User.objects.create(email="teacher@demo.example", full_name="Robin Evans", password=password)
    Affiliation.objects.create(user=teacher, school=story.member_school, role=Affiliation.Role.STAFF)
    EmailAddress.objects.create(user=teacher, email=teacher.email, verified=True, primary=True)  # signs in at once
    others = [p for p in plans if p is not story.plan and p.members][:3]
    for n, plan in enumerate([story.plan, *others]):
        alliance = plan.alliance
        lead_role = AllianceRole.objects.filter(alliance=alliance, role="lead").first()
        staff = _staff(plan, n, password)
        for index, (title, kind, price) in enumerate(TITLES[: 5 if n == 0 else 2]):
            past = index % 2 == 1  # alternate: one already running, one to come
            programme = Programme.objects.create(
                alliance=alliance, title=title, kind=kind, price_pence=price, free_to_members=index != 3,
                places=4 if index == 0 else 12, published=True, published_at=timezone.now(),
                description=f"{title}, run by {alliance.name}'s schools and partners.",
            )
            programme.led_by.add(lead_role)
            start = today - timedelta(days=20) if past else today + timedelta(days=14 + 7 * index)
            sessions = [
                Session.objects.create(
                    programme=programme, date=start + timedelta(days=14 * k), starts_at=time(9, 30), ends_at=time(15, 30),
                    venue="" if k == 1 else f"{lead_role.school.name}", online=k == 1,
                    online_link="https://meet.example/demo" if k == 1 else "",
                )
                for k in range(3)
            ]
            _book(rng, programme, sessions, staff, past, today)
            if n == 0 and index in (0, 1):
                state = "confirmed" if past else "awaiting_approval"
                Booking.objects.create(programme=programme, participant=teacher, school=story.member_school, state=state)
    BookingPolicy.objects.get_or_create(school=story.lead_school, defaults={"approval_required": False})
    return [("teacher@demo.example", f"staff at {story.member_school.name}: bookings on programmes (one to evaluate), waiting for the school's approval")]


def _staff(plan, n, password):
    people = []
    current = [period for period in plan.members if period.ends_on is None]
    for k, period in enumerate(current[:4]):
        user = User.objects.create(email=f"staff.{n}.{k}@schools.demo.example", full_name=f"Demo Teacher {n}-{k}", password=password)
        Affiliation.objects.create(user=user, school=period.school, role=Affiliation.Role.STAFF)
        people.append((user, period.school))
    return people


def _book(rng, programme, sessions, staff, past, today):
    """Held places first, then the rest on the line, cancelled or refused: every state appears."""
    # Only a full programme has a line: the four-place one fills with three bookings and the
    # demo teacher's (written after), so approving never overfills it.
    last = "waiting_list" if programme.places <= 4 else "cancelled"
    states = ["confirmed", "confirmed", "awaiting_approval", last] if not past else ["confirmed", "confirmed", "cancelled", "refused"]
    for (user, school), state in zip(staff, states):
        booking = Booking.objects.create(
            programme=programme, participant=user, school=school, state=state,
            refusal_reason="Cover is short this term." if state == "refused" else "",
            cancelled_at=timezone.now() if state == "cancelled" else None,
        )
        if past and state == "confirmed":
            for session in sessions:
                if session.date < today:
                    Attendance.objects.create(booking=booking, session=session, present=rng.random() < 0.9)
            rating, improved, outweighed = rng.choice(ANSWERS)
            Evaluation.objects.create(
                booking=booking, rating=rating, improved_practice=improved, outweighed_workload=outweighed,
                comments=rng.choice(["", "Practical ideas I used the next day.", "Too much reading between sessions."]),
            )
