"""The yardstick: one score for any assignment, used by the engine, the greedy baseline and the
tests alike.

An assignment gives whole days of an offer to a need. It scores first by the number of
high-priority needs (problem.HIGH_PRIORITY) met in full, and then by its matched days. Each
matched day scores

    priority_value[level] + reciprocity * gives - distance_units + alliance * same_alliance

where distance_units is the distance in tenths of a km (rounded) times 2 and the alliance bonus
is 1, so own alliance only breaks ties between partners at the same distance (to 100 m). The
weights are lexicographic *per day*: the reciprocity bonus is larger than any distance difference
within the travel limit, and one priority level is worth more than the reciprocity bonus plus any
distance difference. Unmet days score 0 and every matched day scores more than 0.

Per-day dominance is enough for priority to dominate the whole run: in a flow network any change
from one assignment to another is a sum of exchanges that each move one day from one need to
another (or into spare capacity), so an optimum never gives up a day of a higher level for any
number of days of lower levels (see engine.py).
"""
from dataclasses import dataclass

import numpy as np

from .candidates import distance_km, fits
from .problem import HIGH_PRIORITY

DISTANCE_UNIT_KM = 0.1
DISTANCE_WEIGHT = 2
ALLIANCE_BONUS = 1


@dataclass(frozen=True)
class Weights:
    distance_weight: int
    alliance_bonus: int
    reciprocity: int
    priority_value: tuple


def weights(problem):
    most_units = int(np.ceil(problem.travel_limit_km / DISTANCE_UNIT_KM)) + 1
    span = DISTANCE_WEIGHT * most_units + ALLIANCE_BONUS  # largest swing of distance and alliance
    reciprocity = span + 1
    step = reciprocity + span + 1
    base = span + 1
    return Weights(DISTANCE_WEIGHT, ALLIANCE_BONUS, reciprocity, tuple(base + level * step for level in range(4)))


def same_alliance(problem, need, offer):
    """True where the need's school and the offer share an alliance (ids -1 mean none)."""
    a = problem.need_alliances[need][:, :, None]
    b = problem.offer_alliances[offer][:, None, :]
    return ((a == b) & (a >= 0)).any(axis=(1, 2))


def day_values(problem, need, offer):
    """Score of one matched day for each (need, offer) row pair."""
    need = np.asarray(need, dtype=np.int64)
    offer = np.asarray(offer, dtype=np.int64)
    w = weights(problem)
    units = np.rint(distance_km(problem, need, offer) / DISTANCE_UNIT_KM).astype(np.int64)
    value = np.asarray(w.priority_value, dtype=np.int64)[problem.priority[need]]
    value = value + w.reciprocity * problem.need_gives[need] - w.distance_weight * units
    return value + w.alliance_bonus * same_alliance(problem, need, offer)


@dataclass
class Assignment:
    """Rows of (need row, offer row, whole days)."""

    need: np.ndarray
    offer: np.ndarray
    days: np.ndarray

    def __post_init__(self):
        self.need = np.asarray(self.need, dtype=np.int64).reshape(-1)
        self.offer = np.asarray(self.offer, dtype=np.int64).reshape(-1)
        self.days = np.asarray(self.days, dtype=np.int64).reshape(-1)


def violations(problem, assignment):
    """Every way the assignment breaks the rules (empty when it is allowed)."""
    a = assignment
    found = []
    if a.need.size == 0:
        return found
    if (a.days < 1).any():
        found.append("an assignment row gives fewer than one day")
    met = np.bincount(a.need, weights=a.days, minlength=problem.needs)
    if (met > problem.need_days).any():
        found.append(f"need rows {np.flatnonzero(met > problem.need_days)[:5].tolist()} get more days than they asked for")
    used = np.bincount(a.offer, weights=a.days, minlength=problem.offers)
    if (used > problem.offer_capacity).any():
        found.append(f"offer rows {np.flatnonzero(used > problem.offer_capacity)[:5].tolist()} give more days than their capacity")
    pooled = problem.pool_used(a.offer, a.days)
    if (pooled > problem.pool_capacity).any():
        found.append(f"pools {np.flatnonzero(pooled > problem.pool_capacity)[:5].tolist()} give more days than they hold")
    if not fits(problem, a.need, a.offer).all():
        found.append("a need is matched with an offer in another area or phase")
    if (distance_km(problem, a.need, a.offer) > problem.travel_limit_km).any():
        found.append("a match is beyond the travel limit")
    return found


def completion_weight(problem):
    """Worth of one high-priority need met in full: more than the day scores of any assignment."""
    return int(problem.need_days.sum()) * max(weights(problem).priority_value) + 1


def high_priority_met(problem, assignment):
    met = np.bincount(assignment.need, weights=assignment.days, minlength=problem.needs) == problem.need_days
    return int((met & (problem.priority >= HIGH_PRIORITY)).sum())


def objective(problem, assignment):
    """Total score of an allowed assignment (higher is better); ValueError if it breaks a rule.

    First the number of high-priority needs met in full (times completion_weight), then the sum
    of the matched days' scores: lexicographic, as a Python int so it cannot overflow.
    """
    broken = violations(problem, assignment)
    if broken:
        raise ValueError("; ".join(broken))
    days = int((day_values(problem, assignment.need, assignment.offer) * assignment.days).sum())
    return completion_weight(problem) * high_priority_met(problem, assignment) + days
