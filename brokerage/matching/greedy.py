"""The greedy nearest-first baseline the engine is compared with.

Needs are taken one at a time in a fixed order: highest priority level first, then schools that
give support, then by need id. Each takes days from its nearest candidate with capacity left,
then the next nearest, until it is met or its candidates run out. It sees the same candidates
(the same travel limit and k nearest) as the engine.
"""
import time

import numpy as np

from .candidates import DEFAULT_K, nearest_candidates
from .refusals import refusals
from .result import MatchingResult


def greedy(problem, k=DEFAULT_K, candidates=None):
    started = time.perf_counter()
    reasons = refusals(problem)
    if reasons:
        return MatchingResult(problem, "greedy", problems=reasons)
    if candidates is None:
        candidates = nearest_candidates(problem, k)
    reasons = refusals(problem, candidates)
    if reasons:
        return MatchingResult(problem, "greedy", candidates=candidates, problems=reasons,
                              seconds=time.perf_counter() - started)
    c = candidates
    starts = np.searchsorted(c.need, np.arange(problem.needs + 1)).tolist()
    left = problem.offer_capacity.tolist()
    pool_of = problem.offer_pool.tolist()
    pool_left = problem.pool_capacity.tolist()
    offers = c.offer.tolist()
    order = np.lexsort((problem.need_ids, ~problem.need_gives, -problem.priority.astype(np.int64)))
    picked, taken = [], []
    for need in order.tolist():
        wanted = int(problem.need_days[need])
        for row in range(starts[need], starts[need + 1]):
            offer = offers[row]
            pool = pool_of[offer]
            give = min(wanted, left[offer], pool_left[pool] if pool >= 0 else wanted)
            if give:
                left[offer] -= give
                if pool >= 0:
                    pool_left[pool] -= give
                wanted -= give
                picked.append(row)
                taken.append(give)
                if not wanted:
                    break
    rows = np.asarray(picked, dtype=np.int64)
    return MatchingResult(
        problem, "greedy", need=c.need[rows], offer=c.offer[rows], days=np.asarray(taken, dtype=np.int64),
        distance_km=c.distance_km[rows], candidates=candidates, seconds=time.perf_counter() - started,
    )
