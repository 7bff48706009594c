"""Every demo school's profile, as brokerage/profiles.py would have left it: one to three needs
and one to three offers.

- Needs: schools judged requires improvement or inadequate at their latest inspection want more
  (two or three), mostly in the areas inspections ask such schools to strengthen, at higher
  priority (an inadequate school's are mostly high). Phase is the school's; wanted by a date in
  the coming months (some give none); 2 to 15 days. A few older needs are met or withdrawn.
- Offers: a named team or leader, 3 to 20 days a year, in areas the school does not itself need;
  a school with designated SLEs offers each of them (up to three) in one of their areas, for
  their yearly capacity. A few offers are no longer offered."""
from datetime import timedelta
from decimal import Decimal

from brokerage.models import Priority, SchoolNeed, SchoolOffer, SpecialistLeader

from .brokerage_texts import NEED_NOTES, team
from .delivery_entries import moment

PRIORITIES = {  # weights for high, medium, low
    "inadequate": (8, 2, 0),
    "requires_improvement": (5, 4, 1),
    None: (1, 5, 4),
}


def plan_needs(rng, world, areas, *, today, now, story_school_id=None):
    """[SchoolNeed] for every demo school; the demo member school's are open, one of them high."""
    needs = []
    for school in world.schools:
        count = rng.randint(2, 3) if school.weak else rng.choices((1, 2, 3), weights=(5, 3.5, 1.5))[0]
        weights = PRIORITIES.get(school.outcome, PRIORITIES[None])
        for k, area_id in enumerate(areas.choose(rng, school.phase, count, weak=school.weak)):
            priority = rng.choices((Priority.HIGH, Priority.MEDIUM, Priority.LOW), weights=weights)[0]
            recorded = today - timedelta(days=rng.randint(3, 150))
            state = SchoolNeed.State.OPEN
            if school.id == story_school_id:
                priority = Priority.HIGH if k == 0 else priority
            elif recorded < today - timedelta(days=90) and rng.random() < 0.12:
                state = rng.choice((SchoolNeed.State.MET, SchoolNeed.State.WITHDRAWN))
            need = SchoolNeed(
                school_id=school.id, area_id=area_id, phase=school.phase or "Not applicable", priority=priority,
                wanted_by=None if rng.random() < 0.15 else today + timedelta(days=rng.randint(21, 240)),
                days_wanted=Decimal(rng.randint(2, 15)), notes=rng.choice(NEED_NOTES), state=state,
                recorded_by_id=world.leaders.get(school.id), recorded_at=moment(rng, recorded, now),
            )
            need._history_date = need.recorded_at
            needs.append(need)
    return needs


def plan_offers(rng, world, areas, sles, needs, *, today, now):
    """[SchoolOffer] for every demo school; `sles` are the planned SLEs (PlannedSle)."""
    designated = {}
    for planned in sles:
        if planned.record.state == SpecialistLeader.State.DESIGNATED:
            designated.setdefault(planned.record.school_id, []).append(planned)
    needed = {}
    for need in needs:
        needed.setdefault(need.school_id, set()).add(need.area_id)
    offers = []
    for school in world.schools:
        count = rng.choices((1, 2, 3), weights=(3, 5, 2) if not school.weak else (6, 3, 1))[0]
        made = []
        for planned in designated.get(school.id, [])[:3]:
            area_id = planned.area_ids[rng.randrange(len(planned.area_ids))]
            offer = SchoolOffer(
                school_id=school.id, area_id=area_id, given_by=f"{planned.name}, specialist leader of education",
                days_per_year=min(planned.record.yearly_capacity_days, Decimal(20)),
            )
            offer._sle = planned.record
            made.append(offer)
        taken = {offer.area_id for offer in made} | needed.get(school.id, set())
        for area_id in areas.choose(rng, school.phase, max(0, count - len(made)), avoid=taken):
            made.append(SchoolOffer(
                school_id=school.id, area_id=area_id, given_by=team(rng, areas.name[area_id]),
                days_per_year=Decimal(rng.randint(3, 20)),
            ))
        for offer in made:
            offer.active = rng.random() < 0.92
            offer.recorded_by_id = world.leaders.get(school.id)
            offer.recorded_at = moment(rng, today - timedelta(days=rng.randint(3, 300)), now)
            offer._history_date = offer.recorded_at
        offers.extend(made)
    return offers


def link_offers_to_sles(offers):
    """Once the SLEs have ids."""
    for offer in offers:
        sle = getattr(offer, "_sle", None)
        if sle is not None:
            offer.specialist_leader_id = sle.pk
