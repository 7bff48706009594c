"""The engine against exhaustive search and against the greedy baseline, on small random cases."""
import functools
import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from brokerage.matching import HIGH_PRIORITY, Assignment, greedy, objective, solve, violations
from brokerage.matching.candidates import distance_km, fits

from .problems import need, offer, problem

needs_st = st.builds(
    need, x_km=st.integers(0, 40), y_km=st.integers(0, 40), area=st.integers(0, 1), phase=st.integers(0, 1),
    days=st.integers(1, 3), inspection=st.integers(0, 2), has_support=st.booleans(), gives=st.booleans(),
    alliance=st.integers(-1, 1),
)
offers_st = st.builds(
    offer, x_km=st.integers(0, 40), y_km=st.integers(0, 40), area=st.integers(0, 1), phases=st.integers(1, 3),
    capacity=st.integers(0, 4), kind=st.integers(0, 1), alliance=st.integers(-1, 1),
)
problems_st = st.builds(
    problem, st.lists(needs_st, min_size=1, max_size=5), st.lists(offers_st, min_size=1, max_size=4),
    limit_km=st.sampled_from([10.0, 25.0, 60.0]),
)


def exhaustive_best(p):
    """The best objective over every allowed assignment, found by trying every way of giving each
    need whole days from the offers it may use (memoised on the capacity left), and one assignment
    reaching it. The objective adds up need by need, so each need's way is scored on its own by
    objective() itself."""
    allowed = []
    for i in range(p.needs):
        offers = [j for j in range(p.offers)
                  if fits(p, np.array([i]), np.array([j]))[0] and distance_km(p, i, j) <= p.travel_limit_km
                  and p.offer_capacity[j] > 0]
        allowed.append(offers)

    @functools.lru_cache(maxsize=None)
    def worth(i, rows):
        return objective(p, Assignment(*(np.array(col, dtype=np.int64) for col in zip(*rows))))

    @functools.lru_cache(maxsize=None)
    def best(i, left):
        if i == p.needs:
            return 0, ()
        top = best(i + 1, left)
        options = [j for j in allowed[i] if left[j] > 0]
        for split in itertools.product(*(range(min(left[j], p.need_days[i]) + 1) for j in options)):
            if not 0 < sum(split) <= p.need_days[i]:
                continue
            now = list(left)
            for j, days in zip(options, split):
                now[j] -= days
            rows = tuple((i, j, days) for j, days in zip(options, split) if days)
            rest, rest_rows = best(i + 1, tuple(now))
            if rest + worth(i, rows) > top[0]:
                top = (rest + worth(i, rows), rows + rest_rows)
        return top

    value, rows = best(0, tuple(int(c) for c in p.offer_capacity))
    return value, Assignment(*(np.array(col, dtype=np.int64) for col in zip(*rows))) if rows else None


@settings(max_examples=200, deadline=None)
@given(problems_st)
def test_the_engine_finds_the_best_assignment_that_exhaustive_search_finds(p):
    best, witness = exhaustive_best(p)
    if witness is not None:
        assert objective(p, witness) == best  # the search scores assignments on the same yardstick
    result = solve(p, k=4)  # k covers every offer, so sparsifying removes nothing here
    if result.problems:
        assert best == 0 and len(result.need) == 0
    else:
        assert result.score() == best


@settings(max_examples=200, deadline=None)
@given(problems_st, st.integers(1, 4))
def test_the_engine_never_does_worse_than_greedy_within_the_same_travel_limit(p, k):
    engine, baseline = solve(p, k=k), greedy(p, k=k)
    assert engine.problems == baseline.problems
    assert violations(p, engine.assignment) == [] and violations(p, baseline.assignment) == []
    assert engine.score() >= baseline.score()
    high = p.priority >= HIGH_PRIORITY
    assert engine.figures()["high_priority_met"] >= baseline.figures()["high_priority_met"]
    assert engine.days[high[engine.need]].sum() >= baseline.days[high[baseline.need]].sum()


@settings(max_examples=200, deadline=None)
@given(problems_st, st.integers(1, 4))
def test_matches_keep_within_capacity_days_and_the_travel_limit(p, k):
    result = solve(p, k=k)
    assert violations(p, result.assignment) == []
    if len(result.need):
        assert result.distance_km.max() <= p.travel_limit_km
        used = np.bincount(result.offer, weights=result.days, minlength=p.offers)
        assert (used <= p.offer_capacity).all()
        assert (result.met_days <= p.need_days).all()
