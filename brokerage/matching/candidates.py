"""Which offers each need may be matched with: the nearest k that fit.

An offer fits a need when it is in the same area of expertise, serves the need's phase, has some
capacity, and is within the travel limit. Of those, each need keeps only its k nearest. Why k:
a need is met by one or two partners in practice, and a partner further away than the k-th
nearest fitting one is only worth proposing when the k nearer ones are all taken; k = 8 keeps the
national flow network to about 200,000 arcs while the benchmark shows that raising k to 32 changes
the needs met by a fraction of a per cent (docs/benchmarks.md). Both the engine and the greedy
baseline see the same candidates.

Distances are computed by (area, phase) group in row chunks, so a group's distance matrix never
holds more than about four million numbers (32 MB) whatever the country's size.
"""
from dataclasses import dataclass

import numpy as np

CHUNK_CELLS = 4_000_000
DEFAULT_K = 8


def distance_km(problem, need, offer):
    """Straight-line (times the road factor) distance in km between need and offer rows."""
    dx = problem.need_x[need] - problem.offer_x[offer]
    dy = problem.need_y[need] - problem.offer_y[offer]
    return np.sqrt(dx * dx + dy * dy) * (problem.road_factor / 1000.0)


def fits(problem, need, offer):
    """Area and phase fit of need and offer rows (arrays of the same length)."""
    phase_bit = np.left_shift(np.int64(1), problem.need_phase[need])
    return (problem.need_area[need] == problem.offer_area[offer]) & ((problem.offer_phases[offer] & phase_bit) != 0)


@dataclass
class Candidates:
    """Candidate pairs, sorted by need and then by distance; `nearest_km` is each need's nearest
    fitting offer with capacity whatever the limit (inf when there is none), for explaining why a
    need has no candidate."""

    need: np.ndarray
    offer: np.ndarray
    distance_km: np.ndarray
    nearest_km: np.ndarray
    k: int

    def __len__(self):
        return len(self.need)


def nearest_candidates(problem, k=DEFAULT_K):
    if k < 1:
        raise ValueError("k must be at least 1")
    needs_n = problem.needs
    nearest = np.full(needs_n, np.inf)
    limit = problem.travel_limit_km
    open_offer = problem.offer_capacity > 0
    key = problem.need_area * 64 + problem.need_phase
    order = np.argsort(key, kind="stable")
    groups, starts = np.unique(key[order], return_index=True)
    bounds = list(starts) + [needs_n]
    parts_need, parts_offer, parts_dist = [], [], []
    for group, start, stop in zip(groups, bounds[:-1], bounds[1:]):
        area, phase = divmod(int(group), 64)
        rows = order[start:stop]
        offers = np.flatnonzero(open_offer & (problem.offer_area == area) & ((problem.offer_phases >> phase) & 1 == 1))
        if offers.size == 0:
            continue
        keep = min(k, offers.size)
        chunk = max(1, CHUNK_CELLS // offers.size)
        for first in range(0, rows.size, chunk):
            need = rows[first:first + chunk]
            dist = distance_km(problem, need[:, None], offers[None, :])
            nearest[need] = dist.min(axis=1)
            if keep < offers.size:
                pick = np.argpartition(dist, keep - 1, axis=1)[:, :keep]
            else:
                pick = np.broadcast_to(np.arange(offers.size), (need.size, offers.size))
            chosen = np.take_along_axis(dist, pick, axis=1)
            within = chosen <= limit
            parts_need.append(np.broadcast_to(need[:, None], pick.shape)[within])
            parts_offer.append(offers[pick][within])
            parts_dist.append(chosen[within])
    if parts_need:
        need = np.concatenate(parts_need)
        offer = np.concatenate(parts_offer)
        dist = np.concatenate(parts_dist)
        sort = np.lexsort((offer, dist, need))
        need, offer, dist = need[sort], offer[sort], dist[sort]
    else:
        need = offer = np.empty(0, dtype=np.int64)
        dist = np.empty(0)
    return Candidates(need=need, offer=offer, distance_km=dist, nearest_km=nearest, k=k)
