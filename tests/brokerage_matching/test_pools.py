"""Offers that share their days (an SLE offered in several areas): never promised twice, by the
engine, the greedy baseline or the yardstick; and the engine still finds the best assignment."""
import functools
import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from brokerage.matching import Assignment, HIGH_PRIORITY, greedy, objective, solve, violations
from brokerage.matching.candidates import distance_km, fits

from .problems import need, offer, problem
from .test_optimality import needs_st, offers_st


def test_an_sle_in_two_areas_gives_their_days_once_to_the_school_that_needs_it_most():
    # one SLE with 3 days, offered in Maths (row 0) and English (row 1); a need of 3 days in each
    p = problem([need(5, 0, area=0, days=3), need(20, 0, area=1, days=3, inspection=2)],
                [offer(0, 0, area=0, capacity=3), offer(0, 0, area=1, capacity=3)],
                offer_pool=[0, 0], pool_capacity=[3])
    for result in (solve(p), greedy(p)):
        assert result.days.sum() == 3
        assert result.need.tolist() == [1]  # the inadequate school, though further away
        assert violations(p, result.assignment) == []
    assert violations(p, Assignment([0, 1], [0, 1], [3, 3])) == ["pools [0] give more days than they hold"]


@st.composite
def pooled_problems(draw):
    needs = draw(st.lists(needs_st, min_size=1, max_size=4))
    offers = draw(st.lists(offers_st, min_size=1, max_size=4))
    pools = draw(st.lists(st.integers(-1, 1), min_size=len(offers), max_size=len(offers)))
    capacity = draw(st.lists(st.integers(0, 4), min_size=2, max_size=2))
    return problem(needs, offers, limit_km=draw(st.sampled_from([10.0, 25.0, 60.0])), offer_pool=pools, pool_capacity=capacity)


def exhaustive_best(p):
    """The best objective over every allowed assignment (as in test_optimality, with the days
    left in each pool as well as each offer)."""
    allowed = [
        [j for j in range(p.offers) if fits(p, np.array([i]), np.array([j]))[0]
         and distance_km(p, i, j) <= p.travel_limit_km and p.offer_capacity[j] > 0]
        for i in range(p.needs)
    ]

    @functools.lru_cache(maxsize=None)
    def best(i, left, pools):
        if i == p.needs:
            return 0
        top = best(i + 1, left, pools)
        options = [j for j in allowed[i] if left[j] > 0]
        for split in itertools.product(*(range(min(left[j], p.need_days[i]) + 1) for j in options)):
            if not 0 < sum(split) <= p.need_days[i]:
                continue
            now, pools_now = list(left), list(pools)
            for j, days in zip(options, split):
                now[j] -= days
                if p.offer_pool[j] >= 0:
                    pools_now[p.offer_pool[j]] -= days
            if min(pools_now, default=0) < 0:
                continue
            rows = [(i, j, days) for j, days in zip(options, split) if days]
            worth = objective(p, Assignment(*(np.array(col, dtype=np.int64) for col in zip(*rows))))
            top = max(top, worth + best(i + 1, tuple(now), tuple(pools_now)))
        return top

    return best(0, tuple(int(c) for c in p.offer_capacity), tuple(int(c) for c in p.pool_capacity))


@settings(max_examples=150, deadline=None)
@given(pooled_problems())
def test_with_shared_days_the_engine_finds_the_best_and_nobody_gives_more_than_they_hold(p):
    engine, baseline = solve(p, k=4), greedy(p, k=4)
    assert violations(p, engine.assignment) == [] and violations(p, baseline.assignment) == []
    best = exhaustive_best(p)
    assert (engine.score() if not engine.problems else 0) == best
    assert engine.score() >= baseline.score()
    high = p.priority >= HIGH_PRIORITY
    assert engine.figures()["high_priority_met"] >= baseline.figures()["high_priority_met"]
    assert engine.days[high[engine.need]].sum() >= baseline.days[high[baseline.need]].sum()
