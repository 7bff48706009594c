"""Member schools: which alliance each joins, earlier and ended periods, and their terms."""
import heapq
from datetime import timedelta

from alliances.models import AllianceRole, MembershipTerms

from .dates import EARLIEST_ROLE, _next_anniversary, _next_term, _random_day
from .geography import _distance2_points
from .plans import Period
from .shares import (
    BEYOND_BORDERS_SHARE,
    FREE_MEMBER_SHARE,
    LEFT_SHARE,
    MEMBER_SHARE,
    MOVED_SHARE,
    PAID_SHARE,
    TERMLY_SHARE,
    _group,
)
from .texts import LEAVING_REASONS


def plan_memberships(rng, plans, schools, as_at):
    """Most schools join the alliance of their nearest lead in their region; some deliberately
    join one beyond their local authority; some moved from another alliance; some left."""
    spots = [(lead.latitude, lead.longitude, plan) for plan in plans for lead in plan.leads]
    spots_by_region = _group(spots, lambda spot: spot[2].region)
    leading = {lead.id for plan in plans for lead in plan.leads}
    periods = []
    for school in schools:
        earliest = max(EARLIEST_ROLE, school.open_date or EARLIEST_ROLE)
        if school.id in leading or earliest > as_at or not spots:
            continue
        nearby = spots_by_region.get(school.region) or spots
        if rng.random() >= MEMBER_SHARE:
            if rng.random() < LEFT_SHARE:
                periods += _left_period(rng, school, _nearest_plans(school, nearby, 1)[0], earliest, as_at)
            continue
        if rng.random() < BEYOND_BORDERS_SHARE:
            plan = _alliance_beyond_borders(rng, school, spots)
        else:
            plan = _nearest_plans(school, nearby, 1)[0]
        current = Period(plan, school, _random_day(rng, max(plan.created_on, earliest), as_at))
        if rng.random() < MOVED_SHARE:
            periods += _moved_period(rng, school, current, _nearest_plans(school, nearby, 3), earliest)
        periods.append(current)
        plan.members.append(current)
    return periods


def _nearest_plans(school, spots, count):
    """The alliances of the nearest leads, nearest first (several leads may share one)."""
    lat, lon = school.latitude, school.longitude
    nearest = heapq.nsmallest(count * 3 + 2, spots, key=lambda spot: _distance2_points(lat, lon, spot[0], spot[1]))
    found = []
    for _, _, plan in nearest:
        if plan not in found:
            found.append(plan)
    return found[:count]


def _alliance_beyond_borders(rng, school, spots):
    """One of the nearest alliances whose leads are all in another local authority."""
    nearest = _nearest_plans(school, spots, 8)
    elsewhere = [plan for plan in nearest if school.local_authority_id not in plan.lead_la_ids]
    if elsewhere:
        return rng.choice(elsewhere[:3])
    return nearest[min(1, len(nearest) - 1)]


def _moved_period(rng, school, current, nearest, earliest):
    """An earlier membership of another alliance, ending the day before the current one began."""
    before = [plan for plan in nearest if plan is not current.plan]
    if not before:
        return []
    plan = before[0]
    starts_from, starts_by = max(plan.created_on, earliest), current.starts_on - timedelta(days=365)
    if starts_from > starts_by:
        return []
    return [
        Period(
            plan, school, _random_day(rng, starts_from, starts_by), current.starts_on - timedelta(days=1),
            f"Moved to {current.plan.alliance.name}",
        )
    ]


def _left_period(rng, school, plan, earliest, as_at):
    starts_from, starts_by = max(plan.created_on, earliest), as_at - timedelta(days=400)
    if starts_from > starts_by:
        return []
    starts_on = _random_day(rng, starts_from, starts_by)
    ends_on = _random_day(rng, starts_on + timedelta(days=180), as_at - timedelta(days=30))
    return [Period(plan, school, starts_on, ends_on, rng.choice(LEAVING_REASONS))]


def write_member_roles(rng, periods, as_at):
    roles = [
        AllianceRole(
            alliance=period.plan.alliance,
            role=AllianceRole.Role.MEMBER,
            school=period.school,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            end_reason=period.end_reason,
        )
        for period in periods
    ]
    AllianceRole.objects.bulk_create(roles)
    MembershipTerms.objects.bulk_create(_terms(rng, period, role, as_at) for period, role in zip(periods, roles))


def _terms(rng, period, role, as_at):
    """Free, or the alliance's fee scaled to the school's size, within £250 to £2,500 a year."""
    fee = period.plan.fee_pence
    if not fee or rng.random() < FREE_MEMBER_SHARE:
        return MembershipTerms(role=role)
    pupils = period.school.number_of_pupils or 0
    scale = 1.5 if pupils >= 700 else 0.6 if pupils < 150 else 1
    yearly = min(250_000, max(25_000, round(fee * scale / 5000) * 5000))
    ended = period.ends_on is not None
    if rng.random() < TERMLY_SHARE:
        return MembershipTerms(
            role=role, subscription_pence=round(yearly / 3 / 100) * 100, period=MembershipTerms.Period.TERMLY,
            renewal_due_on=None if ended else _next_term(as_at), paid=ended or rng.random() < PAID_SHARE,
        )
    return MembershipTerms(
        role=role, subscription_pence=yearly, period=MembershipTerms.Period.ANNUAL,
        renewal_due_on=None if ended else _next_anniversary(period.starts_on, as_at),
        paid=ended or rng.random() < PAID_SHARE,
    )
