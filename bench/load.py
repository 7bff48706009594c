"""Benchmark: the page mix (bench/page_mix.py) under load, served by gunicorn on 127.0.0.1.

Two bounded runs against a gunicorn started here (sync workers, 2 by default; only 127.0.0.1):
- capacity: 8 clients, each sending its next request as soon as the last is answered, for
  30 s: requests per second;
- realistic: 50 users, each pausing 1 to 3 s (uniformly at random) between requests, for 60 s:
  requests per second served, p50, p95 and p99 response time, errors.

Each client walks the mix in a random order (fixed seed). Visitors' pages are kept once built
(registry/page_cache.py); --built-share sends that share of requests with a session cookie, as
signed-in people's are, so the server builds them. Load the demo first; DATABASE_URL selects
PostgreSQL.

    .venv/bin/python bench/load.py [--workers 2] [--capacity-seconds 30] [--realistic-seconds 60] [--built-share 0.25]
"""
import argparse
import http.client
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from bench.page_mix import page_mix  # noqa: E402

HOST, PORT = "127.0.0.1", 8765


def start_server(workers):
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", f"--workers={workers}", f"--bind={HOST}:{PORT}", "--log-level=warning"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_ALLOWED_HOSTS": HOST},
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run(clients, seconds, pause, urls, seed, built_share=0.0):
    """Each client loops until the time is up; returns (latencies in s, errors, elapsed s).
    A share of requests (built_share) carry a session cookie, as a signed-in person's do, so the
    server builds their page instead of answering with the one kept for visitors."""
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number):
        rng = random.Random(seed + number)
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        while time.monotonic() < deadline:
            url = rng.choice(urls)
            headers = {"Cookie": "sessionid=bench-no-such-session"} if rng.random() < built_share else {}
            started, status = time.perf_counter(), None
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{url}: {status or 'no answer'}")
            if pause:
                time.sleep(rng.uniform(*pause))

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.monotonic() - started


def report(label, latencies, errors, elapsed):
    latencies = sorted(latencies)

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    served = len(latencies) / elapsed
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    print(
        f"{label}: {served:.1f} requests/s served, p50 {percentile(0.50):.0f} ms, p95 {percentile(0.95):.0f} ms, "
        f"p99 {percentile(0.99):.0f} ms, {len(errors)} errors, {len(latencies) + len(errors)} requests in {elapsed:.0f} s"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--capacity-seconds", type=float, default=30)
    parser.add_argument("--realistic-seconds", type=float, default=60)
    parser.add_argument(
        "--built-share", type=float, default=0.0,
        help="share of requests sent with a session cookie, so built rather than kept (0 to 1)",
    )
    args = parser.parse_args()
    share = args.built_share
    urls = [url for addresses in page_mix().values() for url in addresses]
    server = start_server(args.workers)
    try:
        run(4, 5, None, urls, seed=1)  # warm-up: every worker has compiled templates and connected
        built = f", {share:.0%} built" if share else ""
        report(f"capacity, 8 clients, {args.workers} workers{built}", *run(8, args.capacity_seconds, None, urls, 100, share))
        report(
            f"realistic, 50 users pausing 1-3 s, {args.workers} workers{built}",
            *run(50, args.realistic_seconds, (1, 3), urls, 200, share),
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
