"""Benchmark: a national matching run read from the database and carried out by its task.

Builds its own SQLite database (a temporary file, migrated afresh) with a national-sized
country: 24,000 open schools with coordinates spread over England, 24,000 open needs (one a
school, 1 to 15 days), 7,000 designated SLEs with one to three areas each (5 to 20 days) and
3,500 active school offers (10 to 40 days) over 27 areas, a graded inspection for a third of the
schools (about one in twelve below Good), 600 alliances with every school a member of one, and
support planned for 1,500 schools. Then it times, for a national run at 50 km:

- `build_inputs` (reading needs and offers into the engine's arrays) and its number of queries;
- the whole task (`brokerage.tasks.carry_out`: reading, the engine, greedy, explanations and
  saving the proposals in bulk), with the proposals saved and the process's peak memory.

    .venv/bin/python bench/matching_runs.py [--schools 24000] [--seed 2026]

Wall and CPU time are both given: on a shared machine CPU time is the steadier figure.
"""
import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
FOLDER = tempfile.mkdtemp(prefix="matching-runs-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{FOLDER}/bench.sqlite3"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

AREAS = 27


def build_country(schools_n, seed):
    from datetime import date
    from decimal import Decimal

    from accounts.models import User
    from alliances.models import Alliance, AllianceRole
    from brokerage.models import MatchingRun, SchoolNeed, SchoolOffer, SpecialistLeader
    from delivery.models import ExpertiseArea, SupportAssignment
    from registry.models import Inspection, School

    rng = np.random.default_rng(seed)
    areas = list(ExpertiseArea.objects.order_by("id").values_list("id", flat=True))[:AREAS]
    phases = rng.choice(["Primary", "Secondary", "Nursery", "16 plus"], schools_n, p=[0.81, 0.15, 0.02, 0.02])
    x = rng.uniform(200_000, 650_000, schools_n).astype(int)
    y = rng.uniform(50_000, 600_000, schools_n).astype(int)
    School.objects.bulk_create([
        School(urn=100_000 + i, name=f"School {i}", type_name="Community school", phase=str(phases[i]), status="open",
               is_state_funded=True, easting=int(x[i]), northing=int(y[i]))
        for i in range(schools_n)
    ], batch_size=2000)
    ids = np.array(School.objects.order_by("urn").values_list("id", flat=True))
    inspected = rng.choice(ids, schools_n // 3, replace=False)
    grades = rng.choice([1, 2, 3, 4], inspected.size, p=[0.17, 0.75, 0.065, 0.015])
    Inspection.objects.bulk_create([
        Inspection(school_id=int(s), inspection_number=f"B{i}", regime="oeif_graded", start_date=date(2024, 3, 1), overall_effectiveness=int(g))
        for i, (s, g) in enumerate(zip(inspected, grades))
    ], batch_size=2000)
    alliances = Alliance.objects.bulk_create([Alliance(name=f"Alliance {a}", slug=f"alliance-{a}", alliance_type="single") for a in range(600)])
    AllianceRole.objects.bulk_create([
        AllianceRole(alliance=alliances[int(a)], role="member", school_id=int(s), starts_on=date(2023, 9, 1))
        for s, a in zip(ids, rng.integers(0, 600, schools_n))
    ], batch_size=2000)
    area_weights = 1 / np.sqrt(np.arange(1, AREAS + 1))
    area_weights /= area_weights.sum()
    SchoolNeed.objects.bulk_create([
        SchoolNeed(school_id=int(s), area_id=areas[int(a)], phase=str(phases[i]), days_wanted=Decimal(int(d)))
        for i, (s, a, d) in enumerate(zip(ids, rng.choice(AREAS, schools_n, p=area_weights), np.minimum(1 + rng.poisson(4, schools_n), 15)))
    ], batch_size=2000)
    sles_n, offers_n = 7_000, 3_500
    User.objects.bulk_create([User(email=f"sle{i}@bench.example", password="!") for i in range(sles_n)], batch_size=2000)
    people = list(User.objects.filter(email__endswith="@bench.example").order_by("id").values_list("id", flat=True))
    hosts = rng.choice(ids, sles_n)
    SpecialistLeader.objects.bulk_create([
        SpecialistLeader(person_id=p, school_id=int(h), teaching_school_id=int(h), current_role="middle_leader", leadership_years=4,
                         evidence="-", state="designated", yearly_capacity_days=Decimal(int(c)))
        for p, h, c in zip(people, hosts, rng.integers(5, 21, sles_n))
    ], batch_size=2000)
    through = SpecialistLeader.areas.through
    links = []
    for sle in SpecialistLeader.objects.values_list("id", flat=True):
        for a in rng.choice(AREAS, int(rng.integers(1, 4)), replace=False, p=area_weights):
            links.append(through(specialistleader_id=sle, expertisearea_id=areas[int(a)]))
    through.objects.bulk_create(links, batch_size=5000)
    SchoolOffer.objects.bulk_create([
        SchoolOffer(school_id=int(s), area_id=areas[int(a)], given_by="Team", days_per_year=Decimal(int(d)))
        for s, a, d in zip(rng.choice(ids, offers_n), rng.choice(AREAS, offers_n, p=area_weights), rng.integers(10, 41, offers_n))
    ], batch_size=2000)
    SupportAssignment.objects.bulk_create([
        SupportAssignment(alliance_id=alliances[0].pk, supported_school_id=int(s), supporting_school_id=int(ids[0]), focus_area_id=areas[0], objectives="-",
                          success_criteria="-", starts_on=date(2026, 9, 1), ends_on=date(2027, 7, 1), days_planned=Decimal(5))
        for s in rng.choice(ids, 1_500, replace=False)
    ], batch_size=2000)
    return MatchingRun, len(links)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=24_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    MatchingRun, links = build_country(args.schools, args.seed)
    print(f"country built in {time.perf_counter() - started:.0f} s ({links} SLE areas) in {FOLDER}")

    from brokerage.matching_inputs import build_inputs
    from brokerage.tasks import carry_out

    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as captured:
        inputs = build_inputs("national", travel_limit_km=50)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    p = inputs.problem
    days = int(p.offer_capacity[p.offer_pool < 0].sum() + p.pool_capacity.sum())  # an SLE's days once
    print(f"build_inputs: {p.needs} needs ({int((p.priority >= 2).sum())} high priority, {int(p.need_days.sum())} days), "
          f"{p.offers} offer rows ({p.pools} SLEs' pools; {days} days); {wall:.2f} s wall, {cpu:.2f} s CPU, {len(captured)} queries")

    run = MatchingRun.objects.create(scope="national", travel_limit_km=50, state="running")
    wall, cpu = time.perf_counter(), time.process_time()
    carry_out(run)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    run.refresh_from_db()
    engine, greedy = run.figures["engine"], run.figures["greedy"]
    print(f"whole task: {wall:.2f} s wall, {cpu:.2f} s CPU; {run.proposals.count()} proposals saved; {run.progress}")
    print(f"engine: {engine['needs_met']} met, {engine['high_priority_met']} of {engine['high_priority_needs']} high priority, "
          f"{engine['days_met']} days, {engine['seconds']:.2f} s; greedy: {greedy['needs_met']} met, {greedy['high_priority_met']} high priority, "
          f"{greedy['days_met']} days")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
