"""The national matching engine: an exact min-cost flow over whole days (OR-Tools).

Network: each need is a node supplying its days; each offer a node; each pool of shared days a
node; one sink. Arcs: need -> offer for each candidate (capacity: the smaller of the need's days
and the offer's capacity; unit cost: minus the day's score, objective.day_values), offer -> sink,
or offer -> its pool (capacity: the offer's days, cost 0), pool -> sink (capacity: the pool's
days) and need -> sink "unmet" (capacity: the need's days, cost 0). Supplies
balance, so the problem is always feasible, and an optimal flow maximises the objective over the
candidate pairs. Arcs are loaded in bulk from numpy arrays.

Needs may be split across offers, in whole days. Keeping each need whole with one partner would
make this a generalised assignment problem (NP-hard; a MIP), and a flow cannot express it: a flow
in days that were only allowed whole would need every need to ask for the same number of days.
The price of splitting is that some needs are met by two or more partners (the figures count
them: `needs_split`).

Splitting also means that maximising matched days is not maximising needs met in full: with one
day left and two high-priority needs, one asking for 1 day and one for 2, the flow gives the day to
the nearer, even if that is the 2-day need, which stays partly met, where greedy would have met
the 1-day need in full. The objective therefore ranks high-priority needs met in full first
(objective.py), and a second stage (completion.py) re-solves, exactly, as a small MIP through
HiGHS, only the parts of the candidate graph where the flow left a high-priority need short that
could have been met in full. Nationally the flow usually leaves none, and the second stage costs
nothing.

Optimality on priority: any difference between two flows decomposes into cycles that each move
one day from one need to another (or into or out of spare capacity), and by the per-day weights a
cycle that gains a day of a higher level at the cost of one of a lower level always improves the
score; so the flow matches, level by level from urgent down, as many days as any allowed
assignment over the same candidates can; the second stage keeps that where it does not conflict
with meeting more high-priority needs in full.
"""
import time

import numpy as np
from ortools.graph.python import min_cost_flow

from .candidates import DEFAULT_K, nearest_candidates
from .completion import complete_high_priority
from .objective import day_values
from .refusals import refusals
from .result import MatchingResult


def solve(problem, k=DEFAULT_K, candidates=None):
    """Propose matches for every need; see MatchingResult.problems when none are proposed."""
    started = time.perf_counter()
    reasons = refusals(problem)
    if reasons:
        return MatchingResult(problem, "engine", problems=reasons)
    if candidates is None:
        candidates = nearest_candidates(problem, k)
    reasons = refusals(problem, candidates)
    if reasons:
        return MatchingResult(problem, "engine", candidates=candidates, problems=reasons,
                              seconds=time.perf_counter() - started)

    n, o, pools = problem.needs, problem.offers, problem.pools
    sink = n + o + pools
    c = candidates
    values = day_values(problem, c.need, c.offer)
    need_nodes = np.arange(n, dtype=np.int64)
    offer_nodes = np.arange(n, n + o, dtype=np.int64)
    # An offer sharing a pool's days flows through the pool's node, whose arc to the sink holds them.
    offer_heads = np.where(problem.offer_pool >= 0, n + o + problem.offer_pool, sink)
    tails = np.concatenate([c.need, offer_nodes, n + o + np.arange(pools, dtype=np.int64), need_nodes])
    heads = np.concatenate([c.offer + n, offer_heads, np.full(pools + n, sink, dtype=np.int64)])
    capacities = np.concatenate([
        np.minimum(problem.need_days[c.need], problem.offer_capacity[c.offer]),
        problem.offer_capacity,
        problem.pool_capacity,
        problem.need_days,
    ])
    costs = np.concatenate([-values, np.zeros(o + pools + n, dtype=np.int64)])

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(
        np.arange(sink + 1, dtype=np.int64),
        np.concatenate([problem.need_days, np.zeros(o + pools, dtype=np.int64), [-int(problem.need_days.sum())]]),
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        return MatchingResult(problem, "engine", candidates=candidates, seconds=time.perf_counter() - started,
                              problems=[f"The solver stopped without an optimal matching (status {status})."])
    days = flow.flows(arcs[: len(c)]).astype(np.int64)
    days, resolved, unresolved = complete_high_priority(problem, c, values, days)
    used = days > 0
    return MatchingResult(
        problem, "engine", need=c.need[used], offer=c.offer[used], days=days[used],
        distance_km=c.distance_km[used], candidates=candidates, seconds=time.perf_counter() - started,
        components_resolved=resolved,
        notes=[f"{unresolved} part(s) of the matching could not be re-solved in time to meet more high-priority "
               f"needs in full; the first stage's proposal stands there."] if unresolved else [],
    )
