"""Deployments of designated SLEs to schools' needs, in every state, as the brokerage workflow
would have left them: asked for and waiting for the home school's release; released; not
released; agreed and in progress, with progress reviews; reported; completed with the receiving
school's rating of the impact; cancelled.

The rules are kept by construction (tests/demo/test_brokerage.py checks them): the SLE is
designated before they are asked for and in the need's area; the brokering school is the SLE's
teaching school and the alliance one it leads; an SLE's deployments holding days in an academic
year never add up to more than their yearly capacity (counted as brokerage.capacity counts
them). Deployments of a school's offer (a team or a named leader, not an SLE) are brokered by a
teaching school leading an alliance the offering school holds a role in, never beyond the offer's
days a year. Asked for by the receiving school or, about one in three, proposed by a broker (a
leader of the brokering teaching school). As brokerage.deployments and deployment_progress leave them: once agreed, a deployment is
a school-to-school support record (delivery.SupportAssignment) of the brokering alliance, given by
the SLE's school, whose role in that alliance had begun by the start (so its ledger entries are
ones the ledger accepts), and its need is met if the agreed days cover the days wanted; the final
report completes the support record with its days and outcome; the school's confirmation rates
it and puts the home school's days delivered in the ledger."""
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from alliances.models import DeliveryArea
from brokerage.models import Deployment, ProgressReview, SchoolNeed
from delivery.models import Contribution, SupportAssignment

from .brokerage_texts import (
    CANCEL_REASONS, IMPACT_COMMENTS, OBJECTIVES, RELEASE_REFUSED, REPORTS, REVIEW_NOTES, SUCCESS, subject_of,
)
from .delivery_entries import moment
from .delivery_years import academic_year_of

State = Deployment.State
STATES = {
    State.REQUESTED: 14, State.RELEASED: 9, State.NOT_RELEASED: 6, State.AGREED: 22, State.REPORTED: 9,
    State.COMPLETED: 32, State.CANCELLED: 8,
}
AGREED_OR_LATER = (State.AGREED, State.REPORTED, State.COMPLETED)
NEEDS_A_DEPLOYMENT = 0.11  # deployments for about one designated SLE in nine
RANK = {"high": 0, "medium": 1, "low": 2}


class Deployments:
    """What is planned, and each SLE's and offer's days held in each academic year."""

    def __init__(self, world, areas, *, today, now, content_type_id):
        self.world, self.today, self.now, self.content_type_id = world, today, now, content_type_id
        self.area_name = areas.name
        self.outcome_of = {school.id: school.outcome or "" for school in world.schools}
        self.school_name = {school.id: school.name for school in world.schools}
        self.held = defaultdict(Decimal)  # (SLE record id() or ("offer", offer id), academic year) -> days
        self.deployments, self.support, self.reviews, self.entries = [], [], [], []
        self.brokered = set()  # needs with a deployment: one each

    def remaining(self, planned, year):
        return planned.record.yearly_capacity_days - self.held[(id(planned.record), year)]

    def add(self, rng, need, planned, state, *, days=None):
        """A deployment of the SLE to the need in `state`, or None if the rules do not allow it."""
        dates = _dates(rng, state, self.today)
        sle = planned.record
        if sle.designated_on is None or sle.designated_on > dates["requested"] or sle.school_id == need.school_id:
            return None
        if need.area_id not in planned.area_ids or id(need) in self.brokered:
            return None
        alliance_id = self._alliance(sle, dates.get("starts") if state in AGREED_OR_LATER else None)
        if alliance_id is None:
            return None
        return self._deploy(
            rng, need, state, dates, days=days, key=id(sle), capacity=sle.yearly_capacity_days, name=planned.name,
            reporter_id=sle.person_id, specialist_leader=sle, home_school_id=sle.school_id,
            brokering_school_id=sle.teaching_school_id, alliance_id=alliance_id,
        )

    def add_offer(self, rng, need, offer, state):
        """A deployment of a school's offer (a team or a named leader, no SLE) to the need, or None.
        As brokerage.deployments brokers an offer: by a teaching school leading an alliance in
        which the offering school holds a role (from the start, once agreed); never beyond the
        offer's days a year."""
        dates = _dates(rng, state, self.today)
        if not offer.active or offer.specialist_leader_id or offer.area_id != need.area_id:
            return None
        if offer.school_id == need.school_id or id(need) in self.brokered:
            return None
        starts = dates.get("starts") if state in AGREED_OR_LATER else None
        broker = self._offer_broker(offer.school_id, starts)
        if broker is None:
            return None
        return self._deploy(
            rng, need, state, dates, key=("offer", offer.id), capacity=offer.days_per_year, name=offer.given_by,
            reporter_id=self.world.leaders.get(offer.school_id), offer_id=offer.id, home_school_id=offer.school_id,
            brokering_school_id=broker[0], alliance_id=broker[1],
        )

    def _offer_broker(self, school_id, starts):
        """(teaching school, alliance): a teaching school leading an alliance the school holds a role in."""
        for alliance_id, _, since in self.world.roles[school_id]:
            if starts is not None and since > starts:
                continue
            for lead_id in self.world.leads.get(alliance_id, []):
                if lead_id in self.world.leaders:
                    return lead_id, alliance_id
        return None

    def _deploy(self, rng, need, state, dates, *, key, capacity, name, reporter_id, days=None, **supporter):
        year = academic_year_of(dates.get("starts", self.today))
        wanted = days if days is not None else min(need.days_wanted, Decimal(rng.choice((3, 4, 5, 6, 8, 10))))
        days = min(wanted, capacity - self.held[(key, year)])
        if days < 1:
            return None
        leaders = self.world.leaders
        deployment = Deployment(
            need_id=need.pk, receiving_school_id=need.school_id, state=state,
            route=rng.choices((Deployment.Route.SCHOOL, Deployment.Route.BROKER), weights=(2, 1))[0],
            days_requested=days, requested_at=moment(rng, dates["requested"], self.now), **supporter,
        )
        broker_asks = deployment.route == Deployment.Route.BROKER
        deployment.requested_by_id = leaders.get(deployment.brokering_school_id if broker_asks else need.school_id)
        deployment._history_date = deployment.requested_at
        home_head = leaders.get(deployment.home_school_id)
        if "released" in dates:
            deployment.released_by_id, deployment.released_at = home_head, moment(rng, dates["released"], self.now)
        if state == State.NOT_RELEASED:
            deployment.release_reason = rng.choice(RELEASE_REFUSED)
        if state == State.CANCELLED:
            deployment.cancelled_by_id = leaders.get(need.school_id)
            deployment.cancelled_at = moment(rng, dates["cancelled"], self.now)
            deployment.cancel_reason = rng.choice(CANCEL_REASONS)
        if state in Deployment.COMMITTING_STATES:
            self.held[(key, year)] += days
        if state in AGREED_OR_LATER:
            self._agree(rng, deployment, need, name, reporter_id, dates)
        self.deployments.append(deployment)
        self.brokered.add(id(need))
        return deployment

    def _alliance(self, sle, starts):
        """An alliance the SLE's teaching school leads: once agreed, one in which the SLE's school
        held its role from the start (the support record's supporter is then one of its schools)."""
        led = self.world.led_by.get(sle.teaching_school_id, [])
        if starts is None:
            own = [a for a in led if self.world.role_since(sle.school_id, a)]
            return (own or led or [None])[0]
        fitting = [a for a in led if (since := self.world.role_since(sle.school_id, a)) and since <= starts]
        return fitting[0] if fitting else None

    def _agree(self, rng, deployment, need, name, reporter_id, dates):
        leaders, state = self.world.leaders, deployment.state
        area = subject_of(self.area_name[need.area_id])
        deployment.days = deployment.days_requested
        deployment.day_rate = Decimal(rng.randrange(350, 501, 25))
        deployment.home_school_share = Decimal(rng.choice((50, 60, 60, 70, 70, 75, 80)))
        deployment.objectives = rng.choice(OBJECTIVES).format(area=area)
        deployment.success_criteria = rng.choice(SUCCESS)
        deployment.starts_on, deployment.ends_on = dates["starts"], dates["ends"]
        deployment.agreed_by_id = leaders.get(deployment.brokering_school_id)
        deployment.agreed_at = moment(rng, dates["agreed"], self.now)
        completed, reported = state == State.COMPLETED, state in (State.REPORTED, State.COMPLETED)
        if reported:
            deployment.days_delivered = max(Decimal(1), deployment.days - Decimal(rng.choice((0, 0, 0, 0.5, 1))))
            a = rng.randint(45, 70)
            deployment.final_report = rng.choice(REPORTS).format(area=area, a=a, b=a + rng.randint(6, 18))
            deployment.reported_by_id = reporter_id
            deployment.reported_at = moment(rng, dates["reported"], self.now)
        if completed:
            deployment.impact_rating = rng.choices(SupportAssignment.Rating.values, weights=(4, 5, 1.5, 0.2))[0]
            deployment.impact_comment = rng.choice(IMPACT_COMMENTS)
            deployment.impact_confirmed_by_id = leaders.get(need.school_id)
            deployment.impact_confirmed_at = moment(rng, dates["confirmed"], self.now)
        # As brokerage.deployments keeps it: a need is met once its agreed days cover the days wanted.
        if deployment.days >= need.days_wanted:
            need.state = SchoolNeed.State.MET
        # Agreed: support in progress. The final report completes the support record with its days
        # and outcome; the school's confirmation rates it and credits the home school in the ledger.
        support = SupportAssignment(
            alliance_id=deployment.alliance_id, supported_school_id=need.school_id, supporting_school_id=deployment.home_school_id,
            supporter_name=self._supporter_name(deployment, name), focus_area_id=need.area_id,
            objectives=deployment.objectives, success_criteria=deployment.success_criteria,
            starts_on=deployment.starts_on, ends_on=deployment.ends_on, days_planned=deployment.days,
            days_delivered=deployment.days_delivered if reported else Decimal(0),
            state=SupportAssignment.State.COMPLETED if reported else SupportAssignment.State.IN_PROGRESS,
            outcome_before=self.outcome_of.get(need.school_id, ""), outcome=deployment.final_report,
            recorded_by_id=deployment.agreed_by_id, recorded_at=deployment.agreed_at,
        )
        support._history_date = deployment.agreed_at
        if completed:
            support.rating, support.rating_comment = deployment.impact_rating, deployment.impact_comment
            support.rated_by_id, support.rated_at = deployment.impact_confirmed_by_id, deployment.impact_confirmed_at
            support.school_check = SupportAssignment.SchoolCheck.CONFIRMED
            self._ledger(rng, support, deployment)
        deployment.support_record = support
        self.support.append(support)
        self._reviews(rng, deployment)

    def _supporter_name(self, deployment, name):
        """As the workflow names it: an SLE by school (the record is read more widely than the
        SLE's details), an offer by who gives it."""
        if deployment.specialist_leader_id:
            return f"SLE from {self.school_name[deployment.home_school_id]}"[:200]
        return name

    def _ledger(self, rng, support, deployment):
        """The home school's days delivered, recorded as the receiving school confirms the impact
        (as brokerage.deployment_progress credits the home school); most confirmed by it since."""
        entry = Contribution(
            content_type_id=self.content_type_id, alliance_id=support.alliance_id, unit=Contribution.Unit.DAYS,
            amount=support.days_delivered, area=DeliveryArea.SCHOOL_SUPPORT, delivered_on=support.ends_on,
            school_id=support.supporting_school_id, recorded_by_id=deployment.impact_confirmed_by_id,
            recorded_at=deployment.impact_confirmed_at,
        )
        answerer = self.world.leaders.get(support.supporting_school_id)
        if rng.random() < 0.75 and answerer and answerer != entry.recorded_by_id:
            entry.state = Contribution.State.CONFIRMED
            entry.answered_by_id = answerer
            entry.answered_at = min(self.now, entry.recorded_at + timedelta(days=rng.randint(1, 20)))
        entry._record = support
        entry._history_date = entry.recorded_at
        self.entries.append(entry)

    def _reviews(self, rng, deployment):
        last = min(deployment.ends_on, self.today)
        span = (last - deployment.starts_on).days
        count = min(rng.randint(1, 3), max(1, span // 21))
        used = Decimal(0)
        total = deployment.days_delivered or deployment.days
        for k in range(count):
            reviewed_on = deployment.starts_on + timedelta(days=max(1, span * (k + 1) // (count + 1)))
            used = min(total, used + max(Decimal("0.5"), (total / (count + 1)).quantize(Decimal("0.5"))))
            progress = rng.choices(list(REVIEW_NOTES), weights=(7, 2.5, 0.5))[0]
            self.reviews.append(ProgressReview(
                deployment=deployment, reviewed_on=reviewed_on, days_used=used, progress=progress,
                notes=rng.choice(REVIEW_NOTES[progress]), written_at=moment(rng, reviewed_on, self.now),
                written_by_id=self.world.leaders.get(deployment.receiving_school_id if k % 2 == 0 else deployment.brokering_school_id),
            ))


def _dates(rng, state, today):
    """The days of each step for a deployment in `state`, none after today."""
    if state == State.REQUESTED:
        return {"requested": today - timedelta(days=rng.randint(1, 20))}
    if state in (State.RELEASED, State.NOT_RELEASED):
        requested = today - timedelta(days=rng.randint(8, 60))
        return {"requested": requested, "released": requested + timedelta(days=rng.randint(2, 7))}
    if state == State.CANCELLED:
        requested = today - timedelta(days=rng.randint(20, 150))
        found = {"requested": requested, "cancelled": requested + timedelta(days=rng.randint(5, 18))}
        if rng.random() < 0.5:
            found["released"] = requested + timedelta(days=rng.randint(2, 4))
        return found
    if state == State.AGREED:
        starts = today - timedelta(days=rng.randint(10, 90))
        ends = today + timedelta(days=rng.randint(20, 120))
    elif state == State.REPORTED:
        ends = today - timedelta(days=rng.randint(8, 30))
        starts = ends - timedelta(days=rng.randint(60, 150))
    else:  # completed: this year's and last year's
        ends = today - timedelta(days=rng.randint(40, 420))
        starts = ends - timedelta(days=rng.randint(60, 150))
    agreed = starts - timedelta(days=rng.randint(3, 10))
    released = agreed - timedelta(days=rng.randint(2, 10))
    found = {"requested": released - timedelta(days=rng.randint(2, 10)), "released": released, "agreed": agreed,
             "starts": starts, "ends": ends}
    if state in (State.REPORTED, State.COMPLETED):
        found["reported"] = min(today, ends + timedelta(days=rng.randint(1, 5)))
    if state == State.COMPLETED:
        found["confirmed"] = min(today, found["reported"] + timedelta(days=rng.randint(3, 20)))
    return found


def deployment_order(rng, world, needs, skip_school_ids=()):
    """The open needs in the order deployments are tried: high priority and weaker schools first."""
    weak = {school.id for school in world.schools if school.weak}
    found = [n for n in needs if n.state == SchoolNeed.State.OPEN and n.school_id not in skip_school_ids]
    found.sort(key=lambda n: (RANK[n.priority] - (n.school_id in weak), rng.random()))
    return found


def plan_deployments(rng, plan, sles, ordered_needs, *, count):
    """About `count` deployments for the needs, in order, by designated SLEs in their area (in the
    same region where there is one); the first of each state come first, so every state is there."""
    by_area = defaultdict(list)
    for planned in sles:
        if planned.record.state == "designated" and not planned.reserved:
            for area_id in planned.area_ids:
                by_area[area_id].append(planned)
    region = {school.id: school.region for school in plan.world.schools}
    order = list(STATES)
    made = 0
    for need in ordered_needs:
        if made >= count:
            break
        state = order[made] if made < len(order) else rng.choices(order, weights=list(STATES.values()))[0]
        candidates = by_area.get(need.area_id, [])
        near = [p for p in candidates if region.get(p.record.school_id) == region.get(need.school_id)]
        for planned in rng.sample(near, min(len(near), 6)) + rng.sample(candidates, min(len(candidates), 6)):
            if plan.add(rng, need, planned, state):
                made += 1
                break
    return made


OFFER_SHARE = 0.3  # deployments of schools' offers (teams, named leaders), beside those of SLEs


def plan_offer_deployments(rng, plan, offers, ordered_needs, *, count):
    """About `count` deployments of schools' offers that name no SLE (an SLE's offer is the SLE's
    own time) to needs no deployment has taken, in the same region where there is one; the first
    of each state come first. Offers only of schools with a leader on the site, who releases."""
    region = {school.id: school.region for school in plan.world.schools}
    by_area, near_by = defaultdict(list), defaultdict(list)  # tens of thousands of offers: indexed once
    for offer in offers:
        if offer.active and offer.specialist_leader_id is None and offer.school_id in plan.world.leaders:
            by_area[offer.area_id].append(offer)
            near_by[(offer.area_id, region.get(offer.school_id))].append(offer)
    order = list(STATES)
    made = 0
    for need in ordered_needs:
        if made >= count:
            break
        if id(need) in plan.brokered:
            continue
        state = order[made] if made < len(order) else rng.choices(order, weights=list(STATES.values()))[0]
        candidates = by_area.get(need.area_id, [])
        near = near_by.get((need.area_id, region.get(need.school_id)), [])
        for offer in rng.sample(near, min(len(near), 6)) + rng.sample(candidates, min(len(candidates), 6)):
            if plan.add_offer(rng, need, offer, state):
                made += 1
                break
    return made
