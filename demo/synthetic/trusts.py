"""Academy trusts: about 1,100 multi-academy trusts (per 24,000 schools) plus single-academy trusts.

Multi-academy trusts grow within a region and mostly within an LA; Catholic schools join
Catholic trusts. Sizes have a long tail, as in England (a few trusts run 50+ schools).
"""

import itertools
import math

from .establishments import Trust
from .names import single_trust_name, trust_name
from .sampling import apportion


MATS_PER_24000_SCHOOLS = 1_100


def _mat_sizes(rng, n_trusts, n_schools):
    """Sizes with a long tail (a few trusts of 50+, none much over 80), each at least 2."""
    raw = [min(rng.lognormvariate(math.log(5), 0.8), 60) for _ in range(n_trusts)]
    sizes = apportion(n_schools - 2 * n_trusts, raw)
    return [size + 2 for size in sizes]


def assign_trusts(rng, schools, open_count):
    """Put every academy and free school in a trust; return the trusts."""
    academies = [s for s in schools if s.etype.in_trust]
    used_names, trusts = set(), []
    # Four-digit codes as asked; past 9,000 trusts (a very large run) five digits follow.
    codes = itertools.chain(rng.sample(range(1000, 10000), 9000), itertools.count(10000))
    sponsor_uids = itertools.chain(rng.sample(range(2000, 18000), 16000), itertools.count(18000))
    in_mat = []
    for school in academies:
        single = {"academy_converter": 0.22 if school.kind == "secondary" else 0.04,
                  "academy_special_converter": 0.08, "free_school": 0.2, "free_school_16_19": 0.3,
                  "utc": 0.5, "studio": 0.3}.get(school.type_key, 0.0)
        if rng.random() < single:
            trust = Trust(code=f"{next(codes)}", name="", multi=False,
                          companies_house=f"{rng.randint(7_000_000, 14_999_999):08d}")
            trust.name = single_trust_name(school, used_names)
            trust.ofsted_name = trust.name
            school.trust = trust
            trusts.append(trust)
        else:
            in_mat.append(school)
    n_mats = max(1, round(MATS_PER_24000_SCHOOLS * open_count / 24_000))
    by_region = {}
    for school in in_mat:
        by_region.setdefault(school.la.region.name, []).append(school)
    regions = sorted(by_region)
    per_region = apportion(n_mats, [len(by_region[r]) for r in regions])
    for region, n_trusts in zip(regions, per_region):
        members = by_region[region]
        # Catholic schools join Catholic trusts; otherwise trusts grow within an LA.
        members.sort(key=lambda s: (s.religion == "Roman Catholic", s.la.name, rng.random()))
        n_trusts = max(1, min(n_trusts, len(members) // 2))
        start = 0
        for size in _mat_sizes(rng, n_trusts, len(members)) if len(members) >= 2 else [len(members)]:
            group = members[start:start + size]
            start += size
            trust = Trust(code=f"{next(codes)}", name=trust_name(rng, group, used_names), multi=True,
                          companies_house=f"{rng.randint(7_000_000, 14_999_999):08d}")
            trust.sponsor_uid = f"{next(sponsor_uids)}" if rng.random() < 0.9 else None
            trust.ofsted_name = trust.name.upper() if rng.random() < 0.55 else trust.name
            trusts.append(trust)
            for school in group:
                school.trust = trust
                school.sponsored = "sponsor_led" in school.type_key or rng.random() < 0.25
    return trusts
