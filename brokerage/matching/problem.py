"""What the matching engine is given: needs and offers as parallel numpy arrays.

Coordinates are metres on a flat grid (the registry's OSGB easting and northing), so the
straight-line distance is Euclidean; an estimated road distance is the straight line times
`road_factor` (1.3 is the usual rule of thumb; 1.0 means straight line). The travel limit applies
to that distance.

A school may belong to several alliances: alliance ids are a 2-D array padded with -1 (a 1-D array
means one alliance a school, -1 for none).

Offers may share their days: an SLE in three areas is three offer rows (one area each) drawing on
one capacity. `offer_pool` gives each offer row its pool (-1: none, the row's own capacity is all
that limits it) and `pool_capacity` each pool's whole days; the rows of a pool never give more
than the pool holds, in the engine, the baseline and the yardstick alike.
"""
from dataclasses import dataclass, field

import numpy as np

# How weak a school's latest graded inspection was; the words appear in explanations.
INSPECTION_WORDS = ("Good or better, or not graded", "Requires improvement", "Inadequate")

# Priority levels, highest last. A school needs support most when its latest inspection was weak
# and nobody is supporting it now.
PRIORITY_WORDS = ("routine", "raised", "high", "urgent")
HIGH_PRIORITY = 2  # "high-priority needs" in the figures are levels high and urgent

OFFER_KINDS = ("SLE", "school")


def priority_levels(inspection, has_support):
    """Priority level of each need from its school's latest inspection (0, 1 RI, 2 inadequate) and
    whether it has current support: weakness + 1 without support, so inadequate and unsupported is
    urgent (3), requires improvement and unsupported or inadequate and supported is high (2)."""
    return (np.asarray(inspection, dtype=np.int64) + ~np.asarray(has_support, dtype=bool)).astype(np.int8)


class MatchingInputError(ValueError):
    """The problem's arrays are unusable; `reasons` lists every one found, not just the first."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


def _alliances(values, rows):
    array = np.asarray(values, dtype=np.int64)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.size == 0:
        array = np.full((rows, 1), -1, dtype=np.int64)
    return array


@dataclass
class MatchingProblem:
    """Needs (one row each) and offers (one row each), with the run's travel limit.

    Needs: `need_ids` (caller's ids, kept for the result), `need_area` (index into `area_names`),
    `need_phase` (index into `phase_names`), `need_days` (whole days wanted, at least 1), `need_x`,
    `need_y` (metres), `need_school`, `need_alliances`, `need_inspection` (0 good or not graded,
    1 requires improvement, 2 inadequate), `need_has_support` (the school has current support),
    `need_gives` (the school itself gives support: reciprocity).

    Offers: `offer_ids`, `offer_area`, `offer_phases` (bit mask of phase indexes served),
    `offer_capacity` (whole days), `offer_x`, `offer_y`, `offer_school` (the SLE's or giving
    school's own school), `offer_alliances`, `offer_kind` (0 SLE, 1 school), `offer_pool` and
    `pool_capacity` (days shared by several rows; see the module notes).
    """

    need_ids: np.ndarray
    need_area: np.ndarray
    need_phase: np.ndarray
    need_days: np.ndarray
    need_x: np.ndarray
    need_y: np.ndarray
    need_school: np.ndarray
    need_inspection: np.ndarray
    need_has_support: np.ndarray
    need_gives: np.ndarray
    offer_ids: np.ndarray
    offer_area: np.ndarray
    offer_phases: np.ndarray
    offer_capacity: np.ndarray
    offer_x: np.ndarray
    offer_y: np.ndarray
    offer_school: np.ndarray
    offer_kind: np.ndarray
    travel_limit_km: float
    need_alliances: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    offer_alliances: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    offer_pool: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    pool_capacity: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    road_factor: float = 1.0
    area_names: tuple = ()
    phase_names: tuple = ()

    def __post_init__(self):
        as_int = {"need_ids", "need_area", "need_phase", "need_days", "need_school", "need_inspection",
                  "offer_ids", "offer_area", "offer_phases", "offer_capacity", "offer_school", "offer_kind"}
        for name in as_int:
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.int64).reshape(-1))
        for name in ("need_x", "need_y", "offer_x", "offer_y"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.float64).reshape(-1))
        for name in ("need_has_support", "need_gives"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=bool).reshape(-1))
        self.pool_capacity = np.asarray(self.pool_capacity, dtype=np.int64).reshape(-1)
        self.offer_pool = np.asarray(self.offer_pool, dtype=np.int64).reshape(-1)
        if self.offer_pool.size == 0:
            self.offer_pool = np.full(len(self.offer_ids), -1, dtype=np.int64)
        self.need_alliances = _alliances(self.need_alliances, len(self.need_ids))
        self.offer_alliances = _alliances(self.offer_alliances, len(self.offer_ids))
        self.validate()
        self.priority = priority_levels(self.need_inspection, self.need_has_support)

    @property
    def needs(self):
        return len(self.need_ids)

    @property
    def offers(self):
        return len(self.offer_ids)

    def validate(self):
        """Raise MatchingInputError naming every unusable field at once."""
        reasons = []
        for prefix, count, names in (
            ("need", len(self.need_ids), ("area", "phase", "days", "x", "y", "school", "inspection",
                                          "has_support", "gives", "alliances")),
            ("offer", len(self.offer_ids), ("area", "phases", "capacity", "x", "y", "school", "kind",
                                            "alliances", "pool")),
        ):
            for name in names:
                length = len(getattr(self, f"{prefix}_{name}"))
                if length != count:
                    reasons.append(f"{prefix}_{name} has {length} rows but there are {count} {prefix}s")
        if reasons:
            raise MatchingInputError(reasons)

        def bad(rows, field_name, why):
            where = np.flatnonzero(rows)
            if where.size:
                shown = ", ".join(str(i) for i in where[:5]) + (" …" if where.size > 5 else "")
                reasons.append(f"{field_name}: {why} (row {shown})")

        bad(self.need_days < 1, "need_days", "a need must ask for at least one whole day")
        bad(self.offer_capacity < 0, "offer_capacity", "capacity cannot be negative")
        bad(~np.isfinite(self.need_x) | ~np.isfinite(self.need_y), "need coordinates", "missing or not a number")
        bad(~np.isfinite(self.offer_x) | ~np.isfinite(self.offer_y), "offer coordinates", "missing or not a number")
        bad((self.need_inspection < 0) | (self.need_inspection > 2), "need_inspection", "must be 0, 1 or 2")
        bad((self.need_phase < 0) | (self.need_phase > 62), "need_phase", "must be a phase index from 0 to 62")
        bad((self.offer_kind < 0) | (self.offer_kind > 1), "offer_kind", "must be 0 (SLE) or 1 (school)")
        bad(self.need_area < 0, "need_area", "must be an area index")
        bad((self.offer_pool < -1) | (self.offer_pool >= len(self.pool_capacity)), "offer_pool",
            "must be -1 or an index into pool_capacity")
        bad(self.pool_capacity < 0, "pool_capacity", "capacity cannot be negative")
        bad(self.offer_area < 0, "offer_area", "must be an area index")
        if not (np.isfinite(self.travel_limit_km) and self.travel_limit_km > 0):
            reasons.append("travel_limit_km: the travel limit must be a positive number of kilometres")
        elif self.travel_limit_km > 2000:
            reasons.append("travel_limit_km: at most 2,000 km")
        if not (np.isfinite(self.road_factor) and 1.0 <= self.road_factor <= 3.0):
            reasons.append("road_factor: between 1.0 (straight line) and 3.0")
        if reasons:
            raise MatchingInputError(reasons)

    @property
    def pools(self):
        return len(self.pool_capacity)

    def pool_used(self, offer, days):
        """Days each pool gives, for offer rows `offer` giving `days`."""
        pooled = self.offer_pool[offer] >= 0
        return np.bincount(self.offer_pool[offer][pooled], weights=days[pooled], minlength=self.pools)

    def area_name(self, index):
        return self.area_names[index] if index < len(self.area_names) else f"area {index}"

    def phase_name(self, index):
        return self.phase_names[index] if index < len(self.phase_names) else f"phase {index}"
