"""Requests to join an alliance, waiting for a decision."""
import heapq
from datetime import timedelta

from alliances.models import MembershipRequest

from .dates import _create_stamped
from .geography import _distance2_points
from .texts import REQUEST_MESSAGES


def write_membership_requests(rng, plans, schools, leaders, story, as_at):
    """Requests waiting for a decision: three for the demo alliance (so the demo leader has
    some to decide), and a few for other alliances."""
    # Teaching schools lead rather than join; the demo accounts' schools keep their own story.
    left_out = {lead.id for plan in plans for lead in plan.leads} | story.school_ids
    wanted = [(story.plan, school) for school in _nearby_non_members(story.plan, schools, left_out, 3)]
    others = [plan for plan in plans if plan is not story.plan]
    for plan in rng.sample(others, min(len(others), max(3, len(plans) // 25))):
        nearby = _nearby_non_members(plan, schools, left_out, 20)
        if nearby:
            wanted.append((plan, rng.choice(nearby)))
    leaders.ensure(school for _, school in wanted)
    requests = [
        (
            MembershipRequest(
                alliance=plan.alliance, school=school, requested_by=leaders[school],
                message=rng.choice(REQUEST_MESSAGES),
            ),
            as_at - timedelta(days=rng.randint(1, 20)),
        )
        for plan, school in wanted
    ]
    _create_stamped(rng, MembershipRequest, "requested_at", requests)


def _nearby_non_members(plan, schools, left_out, count):
    """The nearest schools that are not members of the alliance, nor in `left_out`."""
    inside = {p.school.id for p in plan.members} | left_out
    lat, lon = plan.centre
    return heapq.nsmallest(
        count,
        (s for s in schools if s.id not in inside),
        key=lambda s: (_distance2_points(lat, lon, s.latitude, s.longitude), s.urn),
    )
