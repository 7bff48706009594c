"""Benchmark: one request at a time to each main page and API list, on the national demo.

For each page in bench/page_mix.py: 20 addresses × 3 rounds through Django's test client (the
whole request: URL routing, middleware, queries, templates; no network), the median and 95th
percentile, and the queries one request makes. Load the demo first (`manage.py load_demo`);
DATABASE_URL selects PostgreSQL.

    .venv/bin/python bench/pages.py
"""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.page_mix import page_mix  # noqa: E402

ROUNDS = 3


def main():
    client = Client()
    print(f"{'page':<18} {'median':>8} {'p95':>8} {'queries':>8}   ({connection.vendor})")
    for name, urls in page_mix().items():
        client.get(urls[0])  # warm-up: templates compiled, connection open
        timings = []
        for _ in range(ROUNDS):
            for url in urls:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(urls[0])
        timings.sort()
        p95 = timings[int(0.95 * len(timings)) - 1]
        print(f"{name:<18} {statistics.median(timings) * 1000:>6.1f} ms {p95 * 1000:>5.1f} ms {len(queries):>8}")


if __name__ == "__main__":
    main()
