"""Who leads which alliance: job-share pairs, groups of multiple leads, and single leads."""
from collections import Counter
from itertools import combinations

from alliances.models import Alliance

from .geography import _distance2
from .plans import AlliancePlan
from .shares import JOB_SHARE_SHARE, MULTIPLE_SHARE, THREE_LEADS_SHARE, _group


def plan_lead_groups(rng, teaching_schools, count):
    """Who leads which alliance: job-share pairs, multiple groups, then single leads. A few
    teaching schools may be left without an alliance (newly designated, still forming one)."""
    free = list(teaching_schools)
    rng.shuffle(free)
    plans = pair_job_share_leads(free, round(count * JOB_SHARE_SHARE))
    taken = {lead.id for plan in plans for lead in plan.leads}
    plans += group_multiple_leads(rng, [s for s in free if s.id not in taken], round(count * MULTIPLE_SHARE))
    taken = {lead.id for plan in plans for lead in plan.leads}
    singles = [s for s in free if s.id not in taken][: max(0, count - len(plans))]
    return plans + [AlliancePlan(Alliance.Type.SINGLE, [school]) for school in singles]


def pair_job_share_leads(schools, count):
    """The closest pairs of small or special teaching schools within a region, a few per region
    so that job-shares are found all over the country."""
    eligible = _group([s for s in schools if s.is_small or s.is_special], lambda s: s.region)
    pairs = sorted(
        (_distance2(a, b), a.urn, b.urn, a, b)
        for region in sorted(eligible)
        for a, b in combinations(eligible[region], 2)
    )
    per_region_cap = max(1, -(-2 * count // max(1, len(eligible))))
    used, per_region, plans = set(), Counter(), []
    for _, _, _, a, b in pairs:
        if len(plans) == count:
            break
        if a.id in used or b.id in used or per_region[a.region] == per_region_cap:
            continue
        used |= {a.id, b.id}
        per_region[a.region] += 1
        plans.append(AlliancePlan(Alliance.Type.JOB_SHARE, sorted([a, b], key=lambda s: s.urn)))
    return plans


def group_multiple_leads(rng, schools, count):
    """Each group starts from a teaching school and takes its one or two nearest free
    neighbours in the same region."""
    by_region = _group(schools, lambda s: s.region)
    used, plans = set(), []
    for first in schools:
        if len(plans) == count:
            break
        if first.id in used:
            continue
        size = 3 if rng.random() < THREE_LEADS_SHARE else 2
        free = [s for s in by_region[first.region] if s.id not in used and s is not first]
        neighbours = sorted(free, key=lambda s: (_distance2(first, s), s.urn))[: size - 1]
        if not neighbours:
            continue
        used |= {first.id, *(s.id for s in neighbours)}
        plans.append(AlliancePlan(Alliance.Type.MULTIPLE, [first, *neighbours]))
    return plans
