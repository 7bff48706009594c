"""Small matching problems written as lists of needs and offers, for the tests."""
import numpy as np

from brokerage.matching import MatchingProblem

AREAS = ("Maths", "English")
PHASES = ("primary", "secondary")


def need(x_km=0.0, y_km=0.0, area=0, phase=0, days=1, inspection=0, has_support=False, gives=False, alliance=-1):
    return dict(x=x_km * 1000, y=y_km * 1000, area=area, phase=phase, days=days, inspection=inspection,
                has_support=has_support, gives=gives, alliance=alliance)


def offer(x_km=0.0, y_km=0.0, area=0, phases=0b11, capacity=1, kind=0, alliance=-1):
    return dict(x=x_km * 1000, y=y_km * 1000, area=area, phases=phases, capacity=capacity, kind=kind,
                alliance=alliance)


def problem(needs, offers, limit_km=50.0, **extra):
    def column(rows, key, dtype):
        return np.array([row[key] for row in rows], dtype=dtype)

    return MatchingProblem(
        need_ids=np.arange(len(needs)) + 100,
        need_area=column(needs, "area", np.int64),
        need_phase=column(needs, "phase", np.int64),
        need_days=column(needs, "days", np.int64),
        need_x=column(needs, "x", float),
        need_y=column(needs, "y", float),
        need_school=np.arange(len(needs)) + 1000,
        need_inspection=column(needs, "inspection", np.int64),
        need_has_support=column(needs, "has_support", bool),
        need_gives=column(needs, "gives", bool),
        need_alliances=column(needs, "alliance", np.int64),
        offer_ids=np.arange(len(offers)) + 500,
        offer_area=column(offers, "area", np.int64),
        offer_phases=column(offers, "phases", np.int64),
        offer_capacity=column(offers, "capacity", np.int64),
        offer_x=column(offers, "x", float),
        offer_y=column(offers, "y", float),
        offer_school=np.arange(len(offers)) + 2000,
        offer_kind=column(offers, "kind", np.int64),
        offer_alliances=column(offers, "alliance", np.int64),
        travel_limit_km=limit_km,
        area_names=AREAS,
        phase_names=PHASES,
        **extra,
    )
