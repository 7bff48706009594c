"""Benchmark: delivery at national scale (the database bench/delivery_data.py builds: 800 teaching
schools, 600 alliances, three years of records, at least 1,000,000 ledger entries).

Measured, each as the median of several runs after a warm-up (wall time, and the process's CPU
time, steadier on a shared machine), with the queries one run makes and the peak of Python's
allocations in one more run (tracemalloc):

- the national roll-up for the last complete academic year, as the Council's roll-up task builds
  it (delivery.documents: every alliance's contribution review from delivery.review, the tables,
  the XLSX and CSV files); every alliance's review alone (reviews_for_all); and the ledger query at
  the heart of both (every entry of the year summed by alliance, area, contributor and unit);
- one alliance's evidence pack (delivery.evidence_pack.pdf_bytes), for the alliance with the most
  entries that year;
- the contribution pages, built for a signed-in manager of that alliance through Django's test
  client: the ledger (`/alliances/<slug>/contributions/`, first page, a later page, filtered to
  a year), the contribution review page (`/alliances/<slug>/review/?year=`) and the alliance's
  annual return for the year (`/returns/<id>/`; prepared first if there is none).

    DATABASE_URL=sqlite:////work/benchdb/delivery.sqlite3 .venv/bin/python bench/delivery.py
"""
import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DATABASE_URL", "sqlite:////work/benchdb/delivery.sqlite3")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402
from types import SimpleNamespace  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Affiliation  # noqa: E402
from alliances.models import Alliance, AllianceRole, Designation  # noqa: E402
from delivery.models import Contribution  # noqa: E402

COUNTED = ("recorded", "confirmed", "signed_off")


def measure(name, action, runs, memory=True):
    action()  # warm-up: templates compiled, connection open
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with CaptureQueriesContext(connection) as queries:
        action()
    peak = ""
    if memory:
        tracemalloc.start()
        action()
        peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB"
        tracemalloc.stop()
    median, median_cpu = statistics.median(timings), statistics.median(cpu)
    print(f"{name:<48} wall {_ms(median):>8} (min {_ms(min(timings))}), CPU {_ms(median_cpu):>8}, {runs} runs, "
          f"{len(queries)} queries {peak}", flush=True)
    return median


def _ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ledger_rollup(start, end):
    """The query every roll-up needs: the year's counted entries by alliance, area, contributor, unit."""
    return list(
        Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end, state__in=COUNTED)
        .values("alliance_id", "area", "school_id", "organisation_id", "unit").annotate(total=Sum("amount")).order_by()
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2025, help="academic year (2025 for 2025 to 2026)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page-runs", type=int, default=20)
    parser.add_argument("--only", default="", help="comma-separated: query, reviews, rollup, pack, pages")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    year, start, end = args.year, date(args.year, 9, 1), date(args.year + 1, 8, 31)

    entries = Contribution.objects.count()
    teaching = Designation.objects.filter(status__in=("designated", "under_review")).count()
    print(f"{connection.vendor}: {teaching:,} teaching schools, "
          f"{Alliance.objects.count():,} alliances, {entries:,} ledger entries "
          f"({Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end).count():,} in {year} to {year + 1})")
    busiest = (
        Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end).values("alliance_id")
        .annotate(n=Count("id")).order_by("-n").first()
    )
    alliance = Alliance.objects.get(pk=busiest["alliance_id"])
    print(f"one alliance: {alliance.name} ({busiest['n']:,} entries that year, "
          f"{Contribution.objects.filter(alliance=alliance).count():,} in all)")

    from delivery import documents, returns
    from delivery.evidence_pack import pdf_bytes
    from delivery.review import reviews_for_all

    only = set(args.only.split(",")) if args.only else None

    def wanted(key):
        return only is None or key in only

    if wanted("query"):
        measure("ledger query alone (all alliances, one year)", lambda: ledger_rollup(start, end), args.runs)
    if wanted("reviews"):
        measure("reviews_for_all (every alliance's review)", lambda: reviews_for_all(start, end), args.runs)
    if wanted("rollup"):
        # What the national roll-up task builds (delivery.documents.prepare_document): the tables,
        # then the XLSX and CSV files.
        document = SimpleNamespace(academic_year=year)
        measure("national roll-up: tables, XLSX and CSV", lambda: documents._national_rollup_files(document), args.runs)
    if wanted("pack"):
        measure("evidence pack PDF, the busiest alliance", lambda: pdf_bytes(alliance, year), args.runs)

    if not wanted("pages"):
        return
    lead_ids = AllianceRole.objects.on().filter(alliance=alliance, role="lead").values("school_id")
    manager = Affiliation.objects.filter(school_id__in=lead_ids, role=Affiliation.Role.LEADER).order_by("pk").first().user
    annual_return = alliance.annual_returns.filter(academic_year=year).exclude(state="superseded").first() or returns.prepare(manager, alliance, year)
    client = Client()
    client.force_login(manager)
    ledger_url = reverse("delivery:alliance-ledger", args=[alliance.slug])
    pages = {
        "ledger page, first page": ledger_url,
        "ledger page, page 40": f"{ledger_url}?page=40",
        "ledger page, one year's confirmed entries": f"{ledger_url}?state=confirmed&start={start}&end={end}",
    }
    # The contribution review as the leads see it (delivery.review), and their annual return.
    pages["contribution review page"] = f"{reverse('delivery:alliance-review', args=[alliance.slug])}?year={year}"
    pages["annual return page"] = reverse("delivery:annual-return", args=[annual_return.pk])

    def get(url):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    for name, url in pages.items():
        measure(f"{name} ({url.split('?')[-1] if '?' in url else 'signed-in manager'})", lambda url=url: get(url), args.page_runs, memory=False)


if __name__ == "__main__":
    main()
