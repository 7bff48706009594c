"""Benchmark: the alliance finder and the alliance profile at national scale.

Runs against the demo database (load it first with `scripts/serve` or `manage.py load_demo`):
600 alliances, about 25,000 role periods. For 200 schools chosen with a fixed seed, times
`find_alliances` (every alliance ranked for that school) and reports the median and 95th
percentile, and the number of database queries one search makes.

    .venv/bin/python bench/finder.py
"""
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from alliances.finder import FinderQuery, find_alliances  # noqa: E402
from alliances.models import Alliance, AllianceRole  # noqa: E402
from registry.models import School  # noqa: E402

SCHOOLS = 200


def main():
    alliances, roles = Alliance.objects.count(), AllianceRole.objects.count()
    if not alliances:
        raise SystemExit("No alliances: load the demo first (manage.py load_demo).")
    urns = list(School.objects.open().state_funded().exclude(latitude=None).order_by("urn").values_list("urn", flat=True))
    chosen = random.Random(2026).sample(urns, SCHOOLS)
    timings = []
    for urn in chosen:
        school = School.objects.get(urn=urn)
        query = FinderQuery.for_school(school, areas=["itt"], specialisms="early reading, mathematics")
        started = time.perf_counter()
        results = find_alliances(query)
        timings.append(time.perf_counter() - started)
        assert len(results) == alliances  # never excludes an alliance
    with CaptureQueriesContext(connection) as queries:
        find_alliances(query)
    timings.sort()
    print(f"{alliances:,} alliances, {roles:,} role periods, {SCHOOLS} searches on {connection.vendor}")
    print(f"median {statistics.median(timings) * 1000:.0f} ms, 95th percentile {timings[int(0.95 * len(timings))] * 1000:.0f} ms, "
          f"{len(queries.captured_queries)} queries a search")


if __name__ == "__main__":
    main()
