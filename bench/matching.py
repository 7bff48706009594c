"""Benchmark: the national matching engine against the greedy nearest-first baseline.

The national instance: every open state-funded school in England has one need (24,000 needs) and
10,500 offers (7,000 SLEs and 3,500 schools offering their expertise) are spread over 27 areas of
expertise. With `--db` the schools, their coordinates (easting/northing), latest inspection
outcomes, current support (support assignments in progress or planned) and alliances (current
lead and member roles) come from a loaded demo database; without it, a synthetic England-shaped
spread with the national outcome mix stands in.

How demand and supply are drawn (fixed by the seed, the same for both methods, and not tuned to
widen the gap): a need's area is drawn from the same skewed popularity (weight 1/sqrt(rank)) as
an offer's, independently; a need asks for 1 + Poisson(4) days (at most 15); an SLE offers 5 to
20 days and a school 10 to 40, uniformly; offers are hosted by schools whose latest inspection
was Good or Outstanding (or, if none, any school), and the hosting schools are the ones that
"give support". An offer serves its host's phase and the neighbouring phases.

    .venv/bin/python bench/matching.py --db /work/benchdb/demo.sqlite3 [--method engine|greedy|both]
        [--limit 50] [--k 8] [--seed 2026] [--sles 7000] [--school-offers 3500]

Prints the figures of each method (solve time, wall and CPU, includes finding the candidates) and the process's
peak resident memory (ru_maxrss). Run each method as its own process to get its own peak memory.
"""
import argparse
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brokerage.matching import MatchingProblem, greedy, solve  # noqa: E402

AREAS = 27
PHASES = ("early years", "primary", "secondary", "post-16", "all-through", "special or other")
PHASE_OF = {"Nursery": 0, "Primary": 1, "Middle deemed primary": 1, "Secondary": 2, "Middle deemed secondary": 2,
            "16 plus": 3, "All-through": 4}
REACH = {0: (0, 1), 1: (0, 1, 4), 2: (2, 3, 4), 3: (2, 3), 4: (1, 2, 3, 4), 5: (5, 1, 2)}
INSPECTION = {"requires_improvement": 1, "inadequate": 2}


def schools_from_db(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT id, easting, northing, phase, latest_outcome FROM registry_school "
        "WHERE status IN ('open', 'open_proposed_to_close') AND is_state_funded AND easting IS NOT NULL ORDER BY id"
    ).fetchall()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    supported = {r[0] for r in db.execute(
        "SELECT DISTINCT supported_school_id FROM delivery_supportassignment WHERE state IN ('in_progress', 'planned')")}
    alliances = {}
    for school, alliance in db.execute(
            "SELECT school_id, alliance_id FROM alliances_alliancerole WHERE role IN ('lead', 'member') "
            "AND ends_on IS NULL AND school_id IS NOT NULL ORDER BY school_id, alliance_id"):
        alliances.setdefault(school, []).append(alliance)
    return dict(
        ids=ids,
        x=np.array([r[1] for r in rows], dtype=float), y=np.array([r[2] for r in rows], dtype=float),
        phase=np.array([PHASE_OF.get(r[3], 5) for r in rows], dtype=np.int64),
        inspection=np.array([INSPECTION.get(r[4], 0) for r in rows], dtype=np.int64),
        good=np.array([r[4] in ("good", "outstanding") for r in rows]),
        supported=np.isin(ids, list(supported)),
        alliances=np.array([(alliances.get(i, []) + [-1, -1, -1])[:3] for i in ids.tolist()], dtype=np.int64),
    )


def synthetic_schools(rng, count=24_000):
    """Schools clustered round England's cities, with the national outcome and phase mix."""
    centres = np.array([(530, 180), (407, 287), (384, 398), (430, 433), (359, 173), (425, 564), (436, 387),
                        (458, 303), (290, 92), (335, 390), (460, 100), (620, 300), (352, 530), (545, 258)]) * 1000
    which = rng.integers(0, len(centres) + 4, count)
    spread = rng.normal(0, 25_000, (count, 2))
    uniform = np.column_stack([rng.uniform(200_000, 650_000, count), rng.uniform(50_000, 600_000, count)])
    xy = np.where((which < len(centres))[:, None], centres[np.minimum(which, len(centres) - 1)] + spread, uniform)
    outcome = rng.choice(4, count, p=[0.92, 0.065, 0.015, 0.0])
    return dict(
        ids=np.arange(count), x=xy[:, 0], y=xy[:, 1], phase=rng.choice(6, count, p=[0.02, 0.81, 0.14, 0.005, 0.01, 0.015]),
        inspection=np.minimum(outcome, 2), good=rng.random(count) < 0.65, supported=rng.random(count) < 0.07,
        alliances=np.column_stack([rng.integers(-1, 600, count), np.full(count, -1), np.full(count, -1)]),
    )


def national_problem(schools, rng, limit_km, sles=7_000, school_offers=3_500):
    n = len(schools["ids"])
    popularity = 1 / np.sqrt(np.arange(1, AREAS + 1))
    popularity /= popularity.sum()
    hosts_pool = np.flatnonzero(schools["good"]) if schools["good"].any() else np.arange(n)
    offers = sles + school_offers
    host = rng.choice(hosts_pool, offers)
    phase_mask = np.array([sum(1 << p for p in REACH[int(ph)]) for ph in range(6)], dtype=np.int64)
    kind = np.r_[np.zeros(sles, dtype=np.int64), np.ones(school_offers, dtype=np.int64)]
    capacity = np.where(kind == 0, rng.integers(5, 21, offers), rng.integers(10, 41, offers))
    gives = np.zeros(n, dtype=bool)
    gives[host] = True
    return MatchingProblem(
        need_ids=schools["ids"], need_area=rng.choice(AREAS, n, p=popularity), need_phase=schools["phase"],
        need_days=np.minimum(1 + rng.poisson(4, n), 15), need_x=schools["x"], need_y=schools["y"],
        need_school=schools["ids"], need_inspection=schools["inspection"], need_has_support=schools["supported"],
        need_gives=gives, need_alliances=schools["alliances"],
        offer_ids=np.arange(offers), offer_area=rng.choice(AREAS, offers, p=popularity),
        offer_phases=phase_mask[schools["phase"][host]], offer_capacity=capacity,
        offer_x=schools["x"][host], offer_y=schools["y"][host], offer_school=schools["ids"][host], offer_kind=kind,
        offer_alliances=schools["alliances"][host], travel_limit_km=limit_km,
        phase_names=PHASES, area_names=tuple(f"area {a + 1}" for a in range(AREAS)),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a loaded demo database (SQLite) to take schools from")
    parser.add_argument("--method", choices=["engine", "greedy", "both"], default="both")
    parser.add_argument("--limit", type=float, default=50.0, help="travel limit in km")
    parser.add_argument("--k", type=int, default=8, help="candidates per need")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sles", type=int, default=7_000, help="SLE offers")
    parser.add_argument("--school-offers", type=int, default=3_500, help="schools' offers")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    schools = schools_from_db(args.db) if args.db else synthetic_schools(rng)
    problem = national_problem(schools, rng, args.limit, args.sles, args.school_offers)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{problem.needs} needs ({int((problem.priority >= 2).sum())} high priority, {int(problem.need_days.sum())} days), "
          f"{problem.offers} offers ({int(problem.offer_capacity.sum())} days), limit {args.limit:g} km, k {args.k}; "
          f"peak memory before solving {before / 1024:.0f} MiB")
    for method in (["engine", "greedy"] if args.method == "both" else [args.method]):
        started, cpu = time.perf_counter(), time.process_time()
        result = (solve if method == "engine" else greedy)(problem, k=args.k)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        figures = result.figures()
        figures.update(method=method, wall_seconds=round(wall, 3), cpu_seconds=round(cpu, 3), candidates=len(result.candidates),
                       peak_memory_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                       problems=result.problems)
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
