"""Benchmark: import a national-size GIAS establishments file (>= 50,000 rows, open and closed,
as GIAS publishes it) into a fresh SQLite database and a fresh PostgreSQL database; import it
again unchanged, then with a third of schools changed; then import the two national Ofsted files
(2024 layout, report-card layout) and the report-card file again. Reports wall time, rows per
second and peak memory per run.

    .venv/bin/python bench/national_imports.py                 # both databases
    .venv/bin/python bench/national_imports.py --databases sqlite

PostgreSQL comes from scripts/postgres (started on 127.0.0.1 if it is not running). Each import
runs as its own `manage.py import_gias` process, so the figures are whole-process figures:
start-up, reading and checking the file, and writing it in one transaction.
"""
import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
WORK = ROOT / "var" / "bench"


def run(args, env):
    """Run a manage.py command; return (wall seconds, its own peak resident memory in MiB)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # the rusage of this one process, not all children
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed with exit code {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def write_changed_copy(source, target, every):
    """The same file with one school in `every` (of those with a pupil count) given one more pupil."""
    from demo.synthetic.gias import format_row, write_lines
    from demo.synthetic.headers import GIAS_INTEGER_COLUMNS

    with open(source, encoding="cp1252", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    for number, row in enumerate(rows):
        if number % every == 0 and row["NumberOfPupils"].isdigit():
            row["NumberOfPupils"] = str(int(row["NumberOfPupils"]) + 1)
    write_lines(target, header, (format_row(header, GIAS_INTEGER_COLUMNS, row) for row in rows))
    return sum(1 for number, row in enumerate(rows) if number % every == 0 and row["NumberOfPupils"])


def fresh_database(name):
    env = dict(os.environ)
    if name == "sqlite":
        path = WORK / "bench.sqlite3"
        path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        url = subprocess.run([str(ROOT / "scripts" / "postgres")], check=True, capture_output=True, text=True).stdout.strip()
        env["DATABASE_URL"] = url
        subprocess.run(
            [str(PYTHON), "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL
        )
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--open", type=int, default=24000)
    parser.add_argument("--closed", type=int, default=28000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write-changed", nargs=2, metavar=("SOURCE", "TARGET"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_changed:
        sys.path.insert(0, str(ROOT))
        print(write_changed_copy(*options.write_changed, every=3))
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    data = WORK / "national"
    subprocess.run(
        [str(PYTHON), "manage.py", "generate_national_data", "--output", str(data), "--seed", str(options.seed),
         "--open", str(options.open), "--closed", str(options.closed)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    gias = data / "edubasealldata.csv"
    with open(gias, "rb") as handle:
        rows = handle.read().count(b"\r\n")  # no terminator after the last row: lines - 1 = rows
    changed = data / "edubasealldata_changed.csv"
    # In its own process: a child's peak memory starts from its parent's, so the parent stays small.
    changed_rows = int(
        subprocess.run(
            [str(PYTHON), __file__, "--write-changed", str(gias), str(changed)], check=True, capture_output=True, text=True
        ).stdout
    )
    print(f"GIAS file: {rows:,} rows, {gias.stat().st_size / 2**20:.1f} MiB; changed copy: {changed_rows:,} schools changed\n")
    print("| database | run | wall (s) | rows per second | peak memory (MiB) |")
    print("|---|---|---:|---:|---:|")
    for database in options.databases:
        env = fresh_database(database)
        for label, path in (
            ("first import", gias),
            ("re-import, unchanged", gias),
            ("re-import, pupil numbers changed", changed),
            ("re-import of the first file again", gias),
        ):
            wall, peak = run(["import_gias", str(path)], env)
            print(f"| {database} | GIAS {label} | {wall:.1f} | {rows / wall:,.0f} | {peak:.0f} |")
        for label, name in (
            ("first import, 2024 layout", "ofsted_latest_inspections_2024-08-31.csv"),
            ("first import, report-card layout", "ofsted_latest_inspections_2026-06-30.csv"),
            ("re-import, report-card layout, unchanged", "ofsted_latest_inspections_2026-06-30.csv"),
        ):
            with open(data / name, "rb") as handle:
                ofsted_rows = handle.read().count(b"\n") - 1  # one header line
            wall, peak = run(["import_ofsted", str(data / name)], env)
            print(f"| {database} | Ofsted {label} ({ofsted_rows:,} rows) | {wall:.1f} | {ofsted_rows / wall:,.0f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
