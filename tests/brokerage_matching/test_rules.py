"""The matching rules a user would notice: who is served first, what is refused, and the words."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brokerage.matching import (
    MatchingInputError, explain_unmet, explanations, greedy, nearest_candidates, priority_levels, solve,
)
from brokerage.matching import candidates as candidates_module

from .problems import need, offer, problem


def matched(result):
    """{need row: [(offer row, days), ...]}"""
    pairs = {}
    for n, o, d in zip(result.need.tolist(), result.offer.tolist(), result.days.tolist()):
        pairs.setdefault(n, []).append((o, d))
    return pairs


def test_priority_levels_put_weak_unsupported_schools_first():
    levels = priority_levels([2, 1, 2, 1, 0, 0], [False, False, True, True, False, True])
    assert levels.tolist() == [3, 2, 2, 1, 1, 0]


def test_the_school_that_needs_it_most_is_served_even_from_further_away():
    # the routine need sits beside the offer; the urgent one is 40 km away, within the limit
    p = problem([need(0, 0, days=2), need(40, 0, days=2, inspection=2)], [offer(1, 0, capacity=2)])
    result = solve(p)
    assert matched(result) == {1: [(0, 2)]}
    assert "urgent priority: the school's last inspection was Inadequate and it has no current support" in (
        explanations(result)[0])
    assert explain_unmet(result, 0).startswith(
        "Not matched: the nearest offer for Maths (primary) within 50 km has no days left: they went to needs "
        "ranked higher (by priority,")


def test_a_school_that_gives_support_is_not_left_unsupported():
    # same priority; the school that gives is further away
    p = problem([need(1, 0, gives=False), need(30, 0, gives=True)], [offer(0, 0, capacity=1)])
    result = solve(p)
    assert matched(result) == {1: [(0, 1)]}
    assert "the school gives support itself" in explanations(result)[0]


def test_priority_outranks_reciprocity():
    p = problem([need(30, 0, inspection=1), need(1, 0, gives=True)], [offer(0, 0)])
    assert matched(solve(p)) == {0: [(0, 1)]}


def test_the_nearer_partner_is_proposed_when_all_else_is_equal():
    p = problem([need(0, 0)], [offer(20, 0), offer(5, 0)])
    result = solve(p)
    assert matched(result) == {0: [(1, 1)]}
    assert "5.0 km" in explanations(result)[0]


def test_a_partner_in_the_schools_own_alliance_breaks_a_tie():
    p = problem([need(0, 0, alliance=7)], [offer(10, 0, alliance=3), offer(0, 10, alliance=7)])
    result = solve(p)
    assert matched(result) == {0: [(1, 1)]}
    assert "a partner in the same alliance" in explanations(result)[0]


def test_distance_outranks_the_alliance():
    p = problem([need(0, 0, alliance=7)], [offer(3, 0, alliance=3), offer(9, 0, alliance=7)])
    assert matched(solve(p)) == {0: [(0, 1)]}


def test_area_and_phase_must_fit():
    p = problem([need(0, 0, area=0, phase=1)],
                [offer(0, 0, area=1), offer(0, 0, area=0, phases=0b01), offer(20, 0, area=0, phases=0b10)])
    result = solve(p)
    assert matched(result) == {0: [(2, 1)]}
    assert explanations(result)[0].startswith("Maths (same area), secondary phase fit, 20 km")


def test_an_offer_beyond_the_travel_limit_is_never_proposed_and_the_refusal_says_how_far_it_is():
    p = problem([need(0, 0)], [offer(0, 60)], limit_km=50)
    for run in (solve, greedy):
        result = run(p)
        assert len(result.need) == 0
        assert result.problems == [
            "1 of 1 needs have offers in their area and phase, but none within the 50 km travel limit: "
            "the closest is 60 km away."
        ]
        assert explain_unmet(result, 0) == (
            "Not matched: the nearest offer for Maths (primary) is 60 km away, beyond the 50 km travel limit.")


def test_the_road_factor_stretches_distances_against_the_limit():
    p = problem([need(0, 0)], [offer(0, 40)], limit_km=50, road_factor=1.3)
    assert solve(p).problems  # 40 km in a straight line, 52 km by road


def test_a_need_met_in_part_is_reported_as_partly_met():
    p = problem([need(0, 0, days=5)], [offer(1, 0, capacity=3)])
    result = solve(p)
    figures = result.figures()
    assert (figures["needs_met"], figures["needs_partly_met"], figures["days_met"]) == (0, 1, 3)
    assert "3 of 5 days from this SLE (2 still unmet)" in explanations(result)[0]
    assert explain_unmet(result, 0).startswith("3 of 5 days matched")


def test_a_need_may_be_split_across_partners_and_says_so():
    p = problem([need(0, 0, days=3)], [offer(1, 0, capacity=2), offer(2, 0, capacity=2, kind=1)])
    result = solve(p)
    assert matched(result) == {0: [(0, 2), (1, 1)]}
    assert result.figures()["needs_split"] == 1
    assert "2 of 3 days from this SLE (the rest from another partner)" in explanations(result)[0]


@pytest.mark.parametrize("needs, offers, expected", [
    ([], [offer()], ["There are no needs to match."]),
    ([need()], [], ["There are no offers of support to match needs with."]),
    ([], [], ["There are no needs to match.", "There are no offers of support to match needs with."]),
    ([need()], [offer(capacity=0), offer(capacity=0)], ["Every offer has 0 days of capacity left."]),
    ([need(area=1), need(area=1, phase=1)], [offer(area=0)], ["2 of 2 needs have no offer with capacity in their area and phase."]),
])
def test_an_empty_run_says_why(needs, offers, expected):
    p = problem(needs, offers)
    for run in (solve, greedy):
        result = run(p)
        assert result.problems == expected
        assert len(result.need) == 0


def test_unusable_input_names_every_reason_at_once():
    p = problem([need(), need()], [offer()])
    fields = {k: v for k, v in p.__dict__.items() if k != "priority"}
    with pytest.raises(MatchingInputError) as error:
        type(p)(**fields | {"need_days": [0, 2], "need_x": [np.nan, 0.0], "offer_capacity": [-1],
                            "travel_limit_km": 0})
    reasons = error.value.reasons
    assert any(r.startswith("need_days: a need must ask for at least one whole day (row 0)") for r in reasons)
    assert any(r.startswith("need coordinates") for r in reasons)
    assert any(r.startswith("offer_capacity") for r in reasons)
    assert any(r.startswith("travel_limit_km") for r in reasons)


def test_mismatched_columns_are_refused():
    p = problem([need(), need()], [offer()])
    fields = {k: v for k, v in p.__dict__.items() if k != "priority"}
    with pytest.raises(MatchingInputError, match="need_days has 1 rows but there are 2 needs"):
        type(p)(**fields | {"need_days": [1]})


points = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(points, points, st.integers(1, 5), st.sampled_from([8.0, 20.0, 50.0]))
def test_candidates_are_the_k_nearest_fitting_offers_within_the_limit(need_points, offer_points, k, limit):
    p = problem([need(x, y) for x, y in need_points], [offer(x, y) for x, y in offer_points], limit_km=limit)
    old = candidates_module.CHUNK_CELLS
    candidates_module.CHUNK_CELLS = 7  # force several chunks
    try:
        c = nearest_candidates(p, k)
    finally:
        candidates_module.CHUNK_CELLS = old
    for i, (x, y) in enumerate(need_points):
        dist = sorted(np.hypot(np.array([o[0] - x for o in offer_points]), [o[1] - y for o in offer_points]))
        expected = [d for d in dist[:k] if d <= limit]
        got = c.distance_km[c.need == i]
        assert np.allclose(got, expected)
        assert np.isclose(c.nearest_km[i], dist[0])


def test_the_last_day_goes_where_it_meets_a_high_priority_need_in_full():
    # one day left: the nearer high-priority school wants 2 days and could only be partly met
    p = problem([need(0, 5, days=1, inspection=1), need(0, 0, days=2, inspection=1)], [offer(0, 0, capacity=1)])
    result = solve(p)
    assert matched(result) == {0: [(0, 1)]}
    assert result.figures()["high_priority_met"] == 1
    assert result.components_resolved == 1
    assert "has no days left: they went to needs ranked higher" in explain_unmet(result, 1)


def test_the_second_stage_leaves_the_flow_alone_when_every_high_priority_need_is_met():
    p = problem([need(0, 5, days=1, inspection=1), need(0, 0, days=2)], [offer(0, 0, capacity=2)])
    result = solve(p)
    assert result.components_resolved == 0
    assert result.figures()["high_priority_met"] == 1


def test_when_the_exact_stage_runs_out_of_time_the_flow_stands_and_the_result_says_so(monkeypatch):
    from brokerage.matching import completion
    monkeypatch.setattr(completion, "MIP_SECONDS", 0)
    p = problem([need(0, 5, days=1, inspection=1), need(0, 0, days=2, inspection=1)], [offer(0, 0, capacity=1)])
    result = solve(p)
    assert matched(result) == {1: [(0, 1)]}  # the flow's nearer, partly met need
    assert result.notes == ["1 part(s) of the matching could not be re-solved in time to meet more high-priority "
                            "needs in full; the first stage's proposal stands there."]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.data())
def test_components_join_exactly_the_needs_and_offers_linked_by_candidate_pairs(needs_n, offers_n, data):
    from brokerage.matching.completion import components
    pairs = data.draw(st.lists(st.tuples(st.integers(0, needs_n - 1), st.integers(0, offers_n - 1)), max_size=12))
    need = np.array([a for a, _ in pairs], dtype=np.int64)
    offer = np.array([b for _, b in pairs], dtype=np.int64)
    need_label, offer_label = components(needs_n, offers_n, need, offer)
    # reference: repeated merging of linked groups
    group = {("n", i): {("n", i)} for i in range(needs_n)} | {("o", j): {("o", j)} for j in range(offers_n)}
    for a, b in pairs:
        merged = group[("n", a)] | group[("o", b)]
        for node in merged:
            group[node] = merged
    label = {("n", i): need_label[i] for i in range(needs_n)} | {("o", j): offer_label[j] for j in range(offers_n)}
    for x in group:
        for y in group:
            assert (label[x] == label[y]) == (y in group[x])
