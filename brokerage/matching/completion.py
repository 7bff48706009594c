"""Second stage of the engine: meet as many high-priority needs in full as any assignment can.

The min-cost flow maximises matched days, level by level, but a need may be split across
partners, so it can leave two high-priority needs each partly met where one could have been met
in full. Counting needs met in full needs 0/1 variables: a mixed-integer programme (HiGHS through
OR-Tools). It is solved only where it can change anything:

- the candidate graph splits into connected components (needs and offers linked by candidate
  pairs), which share nothing, so each can be optimised on its own;
- a component is left as the flow found it when the flow already meets in full every
  high-priority need there that its candidates could meet in full on their own (no assignment
  can do better, and the flow's days are then optimal too);
- otherwise the component is solved exactly and lexicographically, in two MIPs: the most
  high-priority needs met in full, then, with that many still met, the best day score.

Days are continuous in the MIPs: with the 0/1 choices fixed what remains is a flow with whole
numbers, whose optimal vertex is whole, and the solution is rounded (and checked) to whole days.
"""
import time

import numpy as np
from ortools.linear_solver import pywraplp

from .problem import HIGH_PRIORITY


def components(needs_n, offers_n, need, offer):
    """Component label of each need and each offer (labels shared by linked nodes)."""
    label = np.arange(needs_n + offers_n)
    tails, heads = need, offer + needs_n
    while True:  # min-label propagation with pointer jumping; a few dozen rounds nationally
        edge = np.minimum(label[tails], label[heads])
        before = label.copy()
        np.minimum.at(label, tails, edge)
        np.minimum.at(label, heads, edge)
        label = label[label]
        if np.array_equal(label, before):
            return label[:needs_n], label[needs_n:]


MIP_SECONDS = 6.0  # the whole stage's budget; a part not solved in time keeps the flow's answer


def _solve_component(problem, rows, c, values, seconds):
    """Exact (count, days) optimum over candidate rows `rows`; days per row, or None on failure."""
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    if solver is None or seconds <= 0:
        return None
    solver.SetTimeLimit(int(seconds * 1000))
    solver.SuppressOutput()
    solver.SetSolverSpecificParametersAsString("output_flag=false")  # no banner on a MIP's stdout
    need, offer = c.need[rows], c.offer[rows]
    caps = np.minimum(problem.need_days[need], problem.offer_capacity[offer])
    x = [solver.NumVar(0.0, float(cap), "") for cap in caps.tolist()]
    by_need, by_offer = {}, {}
    for index, (i, j) in enumerate(zip(need.tolist(), offer.tolist())):
        by_need.setdefault(i, []).append(index)
        by_offer.setdefault(j, []).append(index)
    met = []
    for i, indexes in by_need.items():
        days = float(problem.need_days[i])
        served = solver.Sum([x[k] for k in indexes])
        solver.Add(served <= days)
        if problem.priority[i] >= HIGH_PRIORITY and float(caps[indexes].sum()) >= days:
            z = solver.BoolVar("")
            solver.Add(served >= days * z)
            met.append(z)
    by_pool = {}
    for j, indexes in by_offer.items():
        solver.Add(solver.Sum([x[k] for k in indexes]) <= float(problem.offer_capacity[j]))
        if problem.offer_pool[j] >= 0:
            by_pool.setdefault(int(problem.offer_pool[j]), []).extend(indexes)
    for pool, indexes in by_pool.items():
        solver.Add(solver.Sum([x[k] for k in indexes]) <= float(problem.pool_capacity[pool]))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    solver.Maximize(solver.Sum(met))
    if solver.Solve(params) != pywraplp.Solver.OPTIMAL:
        return None
    best = round(solver.Objective().Value())
    solver.Add(solver.Sum(met) >= best)
    solver.Maximize(solver.Sum([float(v) * xi for v, xi in zip(values[rows].tolist(), x)]))
    if solver.Solve(params) != pywraplp.Solver.OPTIMAL:
        return None
    days = np.rint([xi.solution_value() for xi in x]).astype(np.int64)
    # whole days within every need's and offer's limits, or the flow's answer stands
    if (days < 0).any() or (days > caps).any():
        return None
    if (np.bincount(need, weights=days, minlength=problem.needs) > problem.need_days).any():
        return None
    if (np.bincount(offer, weights=days, minlength=problem.offers) > problem.offer_capacity).any():
        return None
    return days if solved_within_pools(problem, rows, c, days) else None


def solved_within_pools(problem, rows, c, days):
    """The component's days with every pool's days elsewhere left as they are: within each pool."""
    return not (problem.pool_used(c.offer[rows], days) > problem.pool_capacity).any()


def complete_high_priority(problem, c, values, days):
    """Improve the flow's `days` (per candidate row) so that the most high-priority needs are met
    in full; returns the new days per candidate row, the number of components re-solved and the
    number that could not be (out of time, or the solver failing), where the flow's days stand."""
    met_days = np.bincount(c.need, weights=days, minlength=problem.needs)
    high = problem.priority >= HIGH_PRIORITY
    reach = np.bincount(c.need, weights=np.minimum(problem.need_days[c.need], problem.offer_capacity[c.offer]),
                        minlength=problem.needs)
    short = high & (reach >= problem.need_days) & (met_days < problem.need_days)
    if not short.any():
        return days, 0, 0
    # Offers sharing a pool's days are one node here: a component holds all of a pool's offers.
    node = np.arange(problem.offers)
    pooled = np.flatnonzero(problem.offer_pool >= 0)
    if pooled.size:
        first_of_pool = np.zeros(problem.pools, dtype=np.int64)
        first_of_pool[problem.offer_pool[pooled]] = pooled  # any one offer of the pool stands for it
        node[pooled] = first_of_pool[problem.offer_pool[pooled]]
    need_label, _ = components(problem.needs, problem.offers, c.need, node[c.offer])
    days = days.copy()
    row_label = need_label[c.need]
    labels = np.unique(need_label[short])
    deadline = time.perf_counter() + MIP_SECONDS
    failed = 0
    for label in labels.tolist():
        rows = np.flatnonzero(row_label == label)
        solved = _solve_component(problem, rows, c, values, deadline - time.perf_counter())
        if solved is None:
            failed += 1
        else:
            days[rows] = solved
    return days, len(labels) - failed, failed
