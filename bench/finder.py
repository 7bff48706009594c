"""Benchmark: the alliance finder at national scale.

Runs against the demo database (load it first with `scripts/serve` or `manage.py load_demo`):
600 alliances, about 24,000 role periods. For 200 schools chosen with a fixed seed it times

- `find_alliances` (every alliance ranked for that school), and
- one whole request, `GET /alliances/find/?urn=...&areas=itt&specialisms=...`, through Django's
  test client (middleware, form, ranking, template; no network),

and reports the median and 95th percentile of each, and the number of database queries. Wall
time and CPU time (`time.process_time`) are both given: on a shared machine the CPU time is the
steadier figure.

    DATABASE_URL=sqlite:///var/demo.sqlite3 DJANGO_SECRET_KEY=bench .venv/bin/python bench/finder.py [schools]
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from alliances.finder import FinderQuery, find_alliances  # noqa: E402
from alliances.models import Alliance, AllianceRole  # noqa: E402
from registry.models import School  # noqa: E402

SCHOOLS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
NEEDS = {"areas": ["itt"], "specialisms": "early reading, mathematics"}


def timed(action):
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def summary(name, timings):
    walls = sorted(wall for wall, _ in timings)
    cpus = sorted(cpu for _, cpu in timings)
    p95 = int(0.95 * len(walls))
    return (
        f"{name}: median {statistics.median(walls) * 1000:.0f} ms wall ({statistics.median(cpus) * 1000:.0f} ms CPU), "
        f"95th percentile {walls[p95] * 1000:.0f} ms wall ({cpus[p95] * 1000:.0f} ms CPU)"
    )


def main():
    alliances, roles = Alliance.objects.count(), AllianceRole.objects.count()
    if not alliances:
        raise SystemExit("No alliances: load the demo first (manage.py load_demo).")
    urns = list(School.objects.open().state_funded().exclude(latitude=None).order_by("urn").values_list("urn", flat=True))
    chosen = random.Random(2026).sample(urns, SCHOOLS)
    client = Client()
    client.get("/alliances/find/", {"urn": chosen[0], **NEEDS})  # warm up: templates, URL resolver
    searches, requests = [], []
    for urn in chosen:
        school = School.objects.get(urn=urn)
        query = FinderQuery.for_school(school, **NEEDS)
        wall, cpu, results = timed(lambda: find_alliances(query))
        assert len(results) == alliances  # never excludes an alliance
        searches.append((wall, cpu))
        wall, cpu, response = timed(lambda: client.get("/alliances/find/", {"urn": urn, **NEEDS}))
        assert response.status_code == 200
        requests.append((wall, cpu))
    with CaptureQueriesContext(connection) as search_queries:
        find_alliances(query)
    with CaptureQueriesContext(connection) as request_queries:
        client.get("/alliances/find/", {"urn": urn, **NEEDS})
    print(f"{alliances:,} alliances, {roles:,} role periods, {SCHOOLS} schools, on {connection.vendor}")
    print(summary("find_alliances", searches) + f", {len(search_queries.captured_queries)} queries")
    print(summary("one request   ", requests) + f", {len(request_queries.captured_queries)} queries")


if __name__ == "__main__":
    main()
