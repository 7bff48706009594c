"""Build the national delivery benchmark database: the national demo (800 teaching schools, 600
alliances, three years of delivery as `load_demo` writes it) plus three years of delivery at
benchmark scale from the same generator (demo/builder/delivery_years.py), until the ledger
holds at least 1,000,000 entries.

The demo database is copied, not changed: build it once with

    DATABASE_URL=sqlite:////work/benchdb/demo.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////work/benchdb/demo.sqlite3 .venv/bin/python manage.py load_demo

then

    .venv/bin/python bench/delivery_data.py --from /work/benchdb/demo.sqlite3 --to /work/benchdb/delivery.sqlite3

A first pass at `BENCH` scale, then smaller passes (`TOP_UP`) until the ledger holds 1,000,000
entries (`--no-copy` adds passes to the database already at `--to`).

The benchmark's rows are written without simple-history's rows (the pages and the roll-up never
read history; writing it would double the build for nothing measured).
"""
import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

# About 700 entries an alliance a year once the current year's undelivered records are left out.
BENCH = dict(programmes=(240, 260), support=(200, 220), cohorts=(4,), trainees=(4, 8), bookings=(0, 2), sessions=(1, 2),
             staff=3, missing_area=0.05, history=False, alliances_a_batch=20, people="bench")
# Further passes, until the ledger holds the target: smaller, and without bookings.
TOP_UP = dict(BENCH, programmes=(90, 100), support=(75, 85), bookings=(0, 0))
TARGET_ENTRIES = 1_000_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", default="/work/benchdb/demo.sqlite3")
    parser.add_argument("--to", dest="target", default="/work/benchdb/delivery.sqlite3")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-copy", action="store_true", help="add to the database already at --to")
    args = parser.parse_args()
    if args.no_copy and not args.target.startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{args.target}"
    elif not args.target.startswith("postgres"):
        shutil.copyfile(args.source, args.target)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.target}"
    else:  # a PostgreSQL database the demo was loaded into: written to in place
        os.environ["DATABASE_URL"] = args.target

    import django

    django.setup()
    from django.db import connection

    from accounts.models import User
    from delivery.models import Contribution
    from demo.builder.dates import DEMO_DATE
    from demo.builder.delivery_years import Scale, write_delivery_years

    n = 0
    while (entries := Contribution.objects.count()) < TARGET_ENTRIES:
        # Each pass adds records to every alliance, with its own seed and its own staff accounts.
        full = n == 0 and not args.no_copy
        scale = Scale(**BENCH) if full else Scale(**{**TOP_UP, "people": f"bench{User.objects.count()}"})
        started = time.perf_counter()
        counts = write_delivery_years(args.seed + n, as_at=DEMO_DATE, scale=scale, stdout=sys.stdout)
        print(f"pass {n + 1}: wrote {counts} in {time.perf_counter() - started:.0f} s")
        n += 1
    print(f"the ledger holds {entries:,} entries")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


if __name__ == "__main__":
    main()
