"""Benchmark: one request at a time to each main page and API list, on the national demo.

For each page in bench/page_mix.py: 20 addresses × 3 rounds through Django's test client (the
whole request: URL routing, middleware, queries, templates; no network), the median and 95th
percentile, and the queries one request makes; first built for one person each time (as for
anyone signed in), then answered from the cache that keeps visitors' pages. Load the demo first (`manage.py load_demo`);
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.page_mix import page_mix  # noqa: E402

ROUNDS = 3


def timed(client, urls, before_each):
    timings = []
    for _ in range(ROUNDS):
        for url in urls:
            before_each()
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
    timings.sort()
    return statistics.median(timings) * 1000, timings[int(0.95 * len(timings)) - 1] * 1000


def main():
    client = Client()
    print(f"{'page':<18} {'built: median':>14} {'p95':>8} {'queries':>8} {'kept: median':>13} {'queries':>8}   ({connection.vendor})")
    for name, urls in page_mix().items():
        client.get(urls[0])  # warm-up: templates compiled, connection open
        # Built: the page made for one person, as for anyone signed in (a session cookie: pages
        # are kept only for visitors without one, registry/page_cache.py). Summaries such as the
        # finder's and the search choices stay kept, as in a running server.
        client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
        built, built_p95 = timed(client, urls, lambda: None)
        with CaptureQueriesContext(connection) as queries:
            client.get(urls[0])
        built_queries = len(queries)
        del client.cookies[settings.SESSION_COOKIE_NAME]
        # Kept: the same addresses asked for again by visitors, answered from the cache.
        kept, _ = timed(client, urls, lambda: None)
        with CaptureQueriesContext(connection) as queries:
            client.get(urls[0])
        print(f"{name:<18} {built:>11.1f} ms {built_p95:>5.1f} ms {built_queries:>8} {kept:>10.1f} ms {len(queries):>8}")


if __name__ == "__main__":
    main()
