"""A year of an alliance's CPD and leadership programmes, as delivery/programmes.py, bookings.py,
attendance.py and evaluations.py would have left them: led by lead schools and deliverers whose
roles had begun, sessions in term time, bookings by member schools' staff within the places
(cancelled and refused ones too), attendance for the sessions held and evaluations, mostly
positive on the national question, from those with a confirmed place once the first session
has ended. Each programme delivered is shared in the ledger among those who led it."""
from datetime import time, timedelta
from decimal import Decimal

from alliances.models import DeliveryArea
from delivery.models import Attendance, Booking, Evaluation, Programme, Session

from .delivery_entries import ledger_entries, moment, shared, split

TITLES = [
    ("Teaching early reading", Programme.Kind.SUBJECT_CPD), ("Mastery in primary maths", Programme.Kind.SUBJECT_CPD),
    ("Adaptive teaching in secondary science", Programme.Kind.SUBJECT_CPD), ("Assessment that informs teaching", Programme.Kind.SUBJECT_CPD),
    ("Leading a department", Programme.Kind.MIDDLE_LEADERSHIP), ("Middle leaders: coaching a team", Programme.Kind.MIDDLE_LEADERSHIP),
    ("Early career teachers' induction network", Programme.Kind.EARLY_CAREER), ("Mentoring early career teachers", Programme.Kind.EARLY_CAREER),
    ("Senior leadership (NPQ-style)", Programme.Kind.NPQ), ("Leading behaviour and culture (NPQ-style)", Programme.Kind.NPQ),
    ("Aspiring headteachers", Programme.Kind.LEADERSHIP), ("New headteachers' support group", Programme.Kind.LEADERSHIP),
]
PRICES = [0, 0, 4500, 12000, 24000, 48000]
# (rating, improved practice, outweighed workload): the national question is positive when practice
# improved (yes or partly) and the benefits outweighed the workload; most answers are.
POSITIVE = [(5, "yes", "yes"), (4, "yes", "yes"), (4, "partly", "yes"), (5, "partly", "yes")]
OTHER = [(3, "not_yet", "unsure"), (2, "no", "no"), (3, "partly", "unsure"), (3, "yes", "no")]
COMMENTS = ["", "", "Practical ideas I used the next day.", "Good to meet colleagues from other schools.",
            "Too much reading between sessions.", "The coaching model has changed how our team meets."]


def programme_year(rng, batch, world, year, *, count, scale, content_type_id, today, now):
    offset = rng.randrange(len(TITLES))
    for n in range(count):
        first = year.random_term_day(rng)
        led = _leaders(rng, world, first)
        if not led:
            continue
        title, kind = TITLES[(offset + n) % len(TITLES)]
        group = f", group {n // len(TITLES) + 1}" if n >= len(TITLES) else ""
        price = rng.choice(PRICES)
        places = rng.choice((12, 16, 20, 24, 30))
        programme = Programme(
            alliance_id=world.alliance_id, title=f"{title} ({year.label}{group})",
            kind=kind, area=DeliveryArea.CPD, places=places, price_pence=price, free_to_members=price == 0 or rng.random() < 0.4,
            published=True, published_at=moment(rng, first - timedelta(days=rng.randint(20, 60)), now),
            description=f"{title}: {rng.randint(2, 6)} sessions with gap tasks in school, led by the alliance's specialists.",
            created_by_id=world.manager_id,
        )
        programme._history_date = programme.published_at
        batch.add(programme)
        for holder in led:
            batch.add(Programme.led_by.through(programme=programme, alliancerole_id=holder.role_id))
        sessions = []
        for k in range(rng.randint(*scale.sessions)):
            online = rng.random() < 0.3
            session = Session(
                programme=programme, date=first + timedelta(days=14 * k), starts_at=time(9 if k else 13, 30), ends_at=time(15, 30),
                online=online, online_link="https://meet.example/cpd" if online else "", venue="" if online else "Lead school training centre",
            )
            sessions.append(session)
            batch.add(session)
        held = [s for s in sessions if s.date <= today]
        _bookings(rng, batch, world, programme, sessions, held, first, scale, today, now)
        if sessions[-1].date <= today:  # delivered: its share goes in the ledger, mostly the leads'
            holders = list({h.key: h for h in led}.values())
            weights = [3 if h.role == "lead" else 1 for h in holders]
            ledger_entries(
                rng, batch, programme, content_type_id=content_type_id, alliance_id=world.alliance_id, unit="share",
                area=DeliveryArea.CPD, delivered_on=sessions[-1].date, amounts=shared(holders, split(Decimal(100), weights)),
                world=world, now=now, recent=sessions[-1].date > today - timedelta(days=60),
            )


def _leaders(rng, world, day):
    """Mostly a lead school, sometimes two, often with a deliverer; whose roles had begun by the
    first session. A quiet lead leads none."""
    leads, deliverers = world.on(world.working_leads, day), world.on(world.deliverers, day)
    chosen = []
    if leads and (rng.random() < 0.85 or not deliverers):
        chosen.append(rng.choice(leads))
        if len(leads) > 1 and rng.random() < 0.5:
            chosen.append(rng.choice(leads))
    if deliverers and (not chosen or rng.random() < 0.4):
        chosen.append(rng.choice(deliverers))
    return list({h.key: h for h in chosen}.values())


def _bookings(rng, batch, world, programme, sessions, held, first, scale, today, now):
    staff = world.on_staff(first)
    rng.shuffle(staff)
    started = first <= today
    wanted = min(len(staff), programme.places, rng.randint(*scale.bookings))
    for user_id, school_id, is_member in staff[:wanted]:
        requested = moment(rng, first - timedelta(days=rng.randint(7, 40)), now)
        roll = rng.random()
        if started:
            state = "confirmed" if roll < 0.8 else "cancelled" if roll < 0.92 else "refused"
        else:
            state = "confirmed" if roll < 0.6 else "awaiting_approval" if roll < 0.85 else "cancelled"
        booking = Booking(
            programme=programme, participant_id=user_id, school_id=school_id, state=state, requested_at=requested,
            price_pence=0 if programme.free_to_members and is_member else programme.price_pence,
            decided_at=requested + timedelta(days=2) if state in ("confirmed", "refused") else None,
            refusal_reason="Cover is short this term." if state == "refused" else "",
            cancelled_at=requested + timedelta(days=3) if state == "cancelled" else None,
        )
        booking._history_date = requested
        batch.add(booking)
        if state != "confirmed" or not held:
            continue
        for session in held:
            attendance = Attendance(booking=booking, session=session, present=rng.random() < 0.92, recorded_by_id=world.manager_id)
            attendance._history_date = moment(rng, session.date, now)
            batch.add(attendance)
        if first < today and rng.random() < 0.75:
            rating, improved, outweighed = rng.choice(POSITIVE) if rng.random() < 0.88 else rng.choice(OTHER)
            batch.add(Evaluation(
                booking=booking, rating=rating, improved_practice=improved, outweighed_workload=outweighed,
                comments=rng.choice(COMMENTS), submitted_at=moment(rng, min(today, held[-1].date + timedelta(days=rng.randint(1, 10))), now),
            ))
