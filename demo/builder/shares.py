"""The proportions the demo aims for, and how totals are shared out and items grouped."""
from collections import defaultdict

JOB_SHARE_SHARE = 0.05
MULTIPLE_SHARE = 0.20
THREE_LEADS_SHARE = 0.3  # of multiple alliances; the rest have two leads
ALLIANCE_PREDATES_DESIGNATION_SHARE = 0.55  # re-designated teaching schools lead older alliances
PATCH_SHARE = 0.30
ALL_AREAS_SHARE = 0.85
# Of the open state-funded schools that do not lead one: with the leads, about 85% of all such
# schools are in an alliance.
MEMBER_SHARE = 0.87
BEYOND_BORDERS_SHARE = 0.10  # schools are not bound by county borders
MOVED_SHARE = 0.10  # members that were earlier in another alliance
LEFT_SHARE = 0.20  # of non-members: left an alliance, kept for history
FREE_ALLIANCE_SHARE = 0.35
FREE_MEMBER_SHARE = 0.08  # members of charging alliances let in free
TERMLY_SHARE = 0.15
PAID_SHARE = 0.8
MEMORANDUM_SHARE = 0.5
SIGNED_MEMORANDUM_SHARE = 0.6
NO_AGREEMENT_SHARE = 0.07
UNSIGNED_AGREEMENT_SHARE = 0.08
SECOND_VERSION_SHARE = 0.3
ENDED_DELIVERER_SHARE = 0.08


def share_out(total, weights, minimum=0):
    """Split `total` in proportion to `weights` (largest remainder first), giving each at least
    `minimum` when there is enough to go round."""
    keys = sorted(weights)
    if not keys:
        return {}
    floor = minimum if total >= minimum * len(keys) else 0
    rest, whole = total - floor * len(keys), sum(weights.values()) or 1
    exact = {key: rest * weights[key] / whole for key in keys}
    shares = {key: floor + int(exact[key]) for key in keys}
    left = total - sum(shares.values())
    for key in sorted(keys, key=lambda k: (int(exact[k]) - exact[k], k))[:left]:
        shares[key] += 1
    return shares


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
