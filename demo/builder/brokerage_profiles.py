"""Every demo school's profile, as brokerage/profiles.py would have left it: one to three needs
and one to three offers.

- Needs: schools judged requires improvement or inadequate at their latest inspection want more
  (two or three), mostly in the areas inspections ask such schools to strengthen, at higher
  priority (an inadequate school's are mostly high). Phase is the school's; wanted by a date in
  the coming months (some give none); 2 to 15 days. A few older needs are met or withdrawn.
- Offers: a named team or leader, 3 to 20 days a year, in areas the school does not itself need;
  a school with designated SLEs offers each of them (up to three) in one of their areas, for
  their yearly capacity. A few offers are no longer offered.

Written as tuples (brokerage_rows): there are tens of thousands of each."""
from collections import namedtuple
from datetime import timedelta
from decimal import Decimal

from brokerage.models import Priority, SchoolNeed, SchoolOffer, SpecialistLeader

from .brokerage_rows import utc_moment, write_tuples
from .brokerage_texts import NEED_NOTES, team

PRIORITIES = {  # weights for high, medium, low
    "inadequate": (8, 2, 0),
    "requires_improvement": (5, 4, 1),
    None: (1, 5, 4),
}
DAYS = [Decimal(n) for n in range(21)]
NEED_FIELDS = ["id", "school_id", "area_id", "phase", "priority", "wanted_by", "days_wanted", "notes", "state",
               "recorded_by_id", "recorded_at"]
OFFER_FIELDS = ["id", "school_id", "area_id", "given_by", "specialist_leader_id", "days_per_year", "active",
                "recorded_by_id", "recorded_at"]

# An offer as written, for the deployments of offers (brokerage_deployments.plan_offer_deployments).
PlannedOffer = namedtuple("PlannedOffer", "id school_id area_id given_by specialist_leader_id days_per_year active")


class Need:
    """A need as planned: deployments point at it (by its id, given up front) and may mark it met."""

    __slots__ = NEED_FIELDS

    def __init__(self, *values):
        for name, value in zip(NEED_FIELDS, values):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id

    def row(self):
        return tuple(getattr(self, name) for name in NEED_FIELDS)


def plan_needs(rng, world, areas, ids, *, today, story_school_id=None):
    """[Need] for every demo school, with their ids; the demo member school's are open, one high."""
    needs = []
    for school in world.schools:
        count = rng.randint(2, 3) if school.weak else rng.choices((1, 2, 3), weights=(5, 3.5, 1.5))[0]
        weights = PRIORITIES.get(school.outcome, PRIORITIES[None])
        phase = school.phase or "Not applicable"
        leader = world.leaders.get(school.id)
        for k, area_id in enumerate(areas.choose(rng, school.phase, count, weak=school.weak)):
            priority = rng.choices((Priority.HIGH, Priority.MEDIUM, Priority.LOW), weights=weights)[0]
            recorded = today - timedelta(days=rng.randint(3, 150))
            state = SchoolNeed.State.OPEN
            if school.id == story_school_id:
                priority = Priority.HIGH if k == 0 else priority
            elif recorded < today - timedelta(days=90) and rng.random() < 0.12:
                state = rng.choice((SchoolNeed.State.MET, SchoolNeed.State.WITHDRAWN))
            wanted_by = None if rng.random() < 0.15 else today + timedelta(days=rng.randint(21, 240))
            needs.append(Need(None, school.id, area_id, phase, priority, wanted_by, DAYS[rng.randint(2, 15)],
                              rng.choice(NEED_NOTES), state, leader, utc_moment(rng, recorded)))
    for need, pk in zip(needs, ids.take(SchoolNeed, len(needs))):
        need.id = pk
    return needs


def write_needs(needs, ids):
    write_tuples(SchoolNeed, NEED_FIELDS, [need.row() for need in needs], ids, history_dates=[n.recorded_at for n in needs])


def write_offers(rng, world, areas, sles, needs, ids, *, today):
    """Offers for every demo school; `sles` are the planned SLEs (PlannedSle), written already.
    Returns them as PlannedOffer."""
    designated = {}
    for planned in sles:
        if planned.record.state == SpecialistLeader.State.DESIGNATED:
            designated.setdefault(planned.record.school_id, []).append(planned)
    needed = {}
    for need in needs:
        needed.setdefault(need.school_id, set()).add(need.area_id)
    rows = []
    for school in world.schools:
        count = rng.choices((1, 2, 3), weights=(3, 5, 2) if not school.weak else (6, 3, 1))[0]
        made = []
        for planned in designated.get(school.id, [])[:3]:
            area_id = planned.area_ids[rng.randrange(len(planned.area_ids))]
            made.append((area_id, f"{planned.name}, specialist leader of education", planned.record.pk,
                         min(planned.record.yearly_capacity_days, DAYS[20])))
        taken = {offer[0] for offer in made} | needed.get(school.id, set())
        for area_id in areas.choose(rng, school.phase, max(0, count - len(made)), avoid=taken):
            made.append((area_id, team(rng, areas.name[area_id]), None, DAYS[rng.randint(3, 20)]))
        leader = world.leaders.get(school.id)
        for area_id, given_by, sle_id, days in made:
            recorded_at = utc_moment(rng, today - timedelta(days=rng.randint(3, 300)))
            rows.append((school.id, area_id, given_by, sle_id, days, rng.random() < 0.92, leader, recorded_at))
    rows = [(pk, *row) for pk, row in zip(ids.take(SchoolOffer, len(rows)), rows)]
    write_tuples(SchoolOffer, OFFER_FIELDS, rows, ids, history_dates=[row[-1] for row in rows])
    return [PlannedOffer(*row[:7]) for row in rows]
