"""A year of an alliance's school-to-school support, as delivery/support.py would have left it:
weaker schools (requires improvement or inadequate at their latest inspection, among the
alliance's members or in its leads' local authorities) supported by a lead, deliverer or strong
member whose role had begun; the outcome before kept from the registry once started; support
that has ended completed with its days delivered and outcome (a few withdrawn), and mostly rated
by the school. Each completed record's days go in the ledger, to the supporter and sometimes a
lead school that helped."""
from datetime import timedelta
from decimal import Decimal

from alliances.models import DeliveryArea
from delivery.models import SupportAssignment

from .delivery_entries import ledger_entries, moment, shared, split

State, Rating = SupportAssignment.State, SupportAssignment.Rating
OUTCOMES = [
    "Reading at the expected standard rose from {a}% to {b}% by the end of the year.",
    "Leaders now check the curriculum's sequencing each half term; pupils' books show the change.",
    "Persistent absence fell from {a}% to {b}%.",
    "Behaviour incidents halved; staff use one agreed approach.",
    "Maths results at the expected standard rose from {a}% to {b}%.",
]
RATING_COMMENTS = ["Practical, and our teachers kept the approach.", "Helpful, though it took time to start.",
                   "The supporting school understood our context.", ""]


def support_year(rng, batch, world, year, *, count, areas, content_type_id, today, now):
    if not world.weaker_nearby:
        return
    for _ in range(count):
        starts = year.random_term_day(rng)
        supported_id, outcome = world.weaker_nearby[rng.randrange(len(world.weaker_nearby))]
        supporter = _supporter(rng, world, starts, supported_id)
        if supporter is None:
            continue
        ends = starts + timedelta(days=rng.choice((42, 70, 100, 140)))
        planned = Decimal(rng.choice((3, 4, 5, 6, 8, 10, 12)))
        state, delivered = _state(rng, starts, ends, planned, today)
        area = areas[rng.randrange(len(areas))]
        assignment = SupportAssignment(
            alliance_id=world.alliance_id, supported_school_id=supported_id, focus_area_id=area.pk,
            supporter_name=rng.choice(("", "A specialist leader of education", "A national leader of education")),
            objectives=f"Strengthen {area.name[0].lower()}{area.name[1:]} across the school.",
            success_criteria="Leaders evaluate the change with the supporting school each half term.",
            starts_on=starts, ends_on=ends, days_planned=planned, days_delivered=delivered, state=state,
            outcome_before=outcome if starts <= today else "", recorded_by_id=world.manager_id,
            **supporter.fields("supporting_school", "supporting_organisation"),
        )
        assignment._history_date = moment(rng, starts - timedelta(days=rng.randint(5, 30)), now)
        if state == State.COMPLETED:
            a = rng.randint(45, 70)
            assignment.outcome = rng.choice(OUTCOMES).format(a=a, b=a + rng.randint(4, 18))
            if rng.random() < 0.8:
                assignment.rating = rng.choices(Rating.values, weights=(3, 5, 2, 0.3))[0]
                assignment.rating_comment = rng.choice(RATING_COMMENTS)
                assignment.rated_by_id = world.leader_of.get(supported_id)
                assignment.rated_at = moment(rng, ends + timedelta(days=rng.randint(3, 30)), now)
        batch.add(assignment)
        if state == State.COMPLETED:
            ledger_entries(
                rng, batch, assignment, content_type_id=content_type_id, alliance_id=world.alliance_id, unit="days",
                area=DeliveryArea.SCHOOL_SUPPORT, delivered_on=ends, amounts=_days(rng, world, supporter, delivered, starts),
                world=world, now=now, recent=ends > today - timedelta(days=60),
            )


def _supporter(rng, world, day, supported_id):
    """A lead school more often than not, else a deliverer or a strong member, whose role had begun."""
    leads = [h for h in world.on(world.working_leads, day) if h.school_id != supported_id]
    others = [h for h in world.on([*world.deliverers, *world.strong_members], day) if h.school_id != supported_id]
    if leads and (rng.random() < 0.7 or not others):
        return rng.choice(leads)
    return rng.choice(others) if others else None


def _state(rng, starts, ends, planned, today):
    if starts > today:
        return State.PLANNED, Decimal(0)
    if ends > today:
        return (State.IN_PROGRESS if rng.random() < 0.95 else State.WITHDRAWN), Decimal(0)
    if rng.random() < 0.05:
        return State.WITHDRAWN, Decimal(0)
    return State.COMPLETED, max(Decimal("0.5"), planned + Decimal(rng.choice((-2, -1, -0.5, 0, 0, 0, 0.5, 1))))


def _days(rng, world, supporter, delivered, starts):
    """The supporter's days, and sometimes a lead school's (the ledger accepts the supporter and
    today's leads and deliverers), in half days adding up to the days delivered."""
    others = [h for h in world.on(world.working_leads, starts) if h.key != supporter.key]
    if others and delivered >= 2 and rng.random() < 0.3:
        helper = rng.choice(others)
        return shared((supporter, helper), split(delivered, (3, 1), step=Decimal("0.5")))
    return [(supporter, delivered)]
