"""Shared fixtures: paths to real-format files, a writer for GIAS files in the published format,
and small factories for schools and inspections."""
import csv
import io
import os
import secrets
from datetime import date
from itertools import count
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM refuses to run beside one
# unless told it is safe (it is: tests use one thread at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Tests sign sessions, so they need a secret key; config/settings.py has none unless
    DJANGO_SECRET_KEY is set (tests/config/test_settings.py checks that, in a clean process).
    A fresh random one each run: nothing may depend on its value."""
    from django.conf import settings

    settings.SECRET_KEY = "tests-only-" + secrets.token_urlsafe(32)
    # allauth's counts of sign-in attempts in memory rather than in the database cache table, so
    # the fixture below can empty them for every test, with or without a database.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Background tasks run when enqueued, in the test's own process; tests of the queue itself
    # switch back to the database backend and run the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A conftest imported before this hook (one in a folder named on the command line) may have
    # imported a task, and so made the configured backend already: tell django-tasks to forget it.
    from django.core.signals import setting_changed

    setting_changed.send(sender=type(settings), setting="TASKS", value=settings.TASKS, enter=True)


FIXTURES = Path(__file__).parent / "fixtures"
GIAS_SAMPLE_2026 = FIXTURES / "gias" / "edubasealldata_sample_2026_summer-born-info.csv"
GIAS_SAMPLE_2019 = FIXTURES / "gias" / "edubasealldata_sample_2019_schools-experience.csv"
GIAS_LINKS_SLICE = FIXTURES / "gias" / "links_edubasealldata20250422_slice.csv"
OFSTED_2024 = FIXTURES / "ofsted" / "mi_state_funded_schools_latest_inspections_as_at_31_Aug_2024__excerpt.csv"
OFSTED_2026 = FIXTURES / "ofsted" / "mi_state_funded_schools_latest_inspections_as_at_30_Jun_2026__excerpt.csv"
OFSTED_LEEDS = FIXTURES / "ofsted" / "mi_state_funded_schools_latest_inspections_as_at_28_Feb_2026__Leeds_subset.csv"
OFSTED_YTD = FIXTURES / "ofsted" / "mi_state_funded_schools_all_inspections_ytd_published_by_28_Feb_2026__excerpt.csv"

# GIAS writes these bare; every other column is quoted.
GIAS_BARE_COLUMNS = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}


def read_gias_rows(path=GIAS_SAMPLE_2026):
    with open(path, encoding="cp1252", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def gias_bytes(header, rows, encoding="cp1252"):
    """A GIAS file as DfE publishes it: quoted header, CRLF, no terminator after the last row."""

    def cell(column, value):
        if column in GIAS_BARE_COLUMNS and (value == "" or value.isdigit()):
            return value
        return '"' + value.replace('"', '""') + '"'

    lines = [",".join(f'"{name}"' for name in header)]
    lines += [",".join(cell(column, row.get(column, "")) for column in header) for row in rows]
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def write_gias(tmp_path):
    """write_gias(rows, name=..., header=...) -> path of a GIAS file made from sample rows."""

    def write(rows, name="edubasealldata20260115.csv", header=None, encoding="cp1252"):
        header = header or read_gias_rows()[0]
        path = tmp_path / name
        path.write_bytes(gias_bytes(header, rows, encoding))
        return path

    return write


def write_csv(path, header, rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(column, "NULL") for column in header] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


_urns = count(900001)


@pytest.fixture
def make_school(db):
    from registry.models import School

    def make(**fields):
        fields.setdefault("urn", next(_urns))
        fields.setdefault("name", f"Test School {fields['urn']}")
        fields.setdefault("type_name", "Community school")
        fields.setdefault("phase", "Primary")
        fields.setdefault("status", School.Status.OPEN)
        fields.setdefault("is_state_funded", True)
        return School.objects.create(**fields)

    return make


@pytest.fixture
def make_inspection(db):
    from registry.models import Inspection

    numbers = count(1)

    def make(school, start_date=date(2023, 5, 10), **fields):
        fields.setdefault("inspection_number", f"T{next(numbers):07d}")
        fields.setdefault("regime", Inspection.Regime.OEIF_GRADED)
        return Inspection.objects.create(school=school, start_date=start_date, **fields)

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many accounts; the real hasher's deliberate slowness would dominate their time."""
    # The real hashers stay listed, so passwords hashed ahead (the demo's) still check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded and demo documents go to a folder of the test's own, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: kept pages are keyed on the data version, which every
    test's rolled-back database starts again from, so one test could be shown another's pages; and
    allauth counts sign-in attempts, and remembers used two-factor codes, in the cache."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def reference_lists(request):
    """The SLE areas of expertise are loaded by a data migration. A test that runs in real
    transactions (the browser tests, the demo's) ends by emptying every table, so a test after it
    would find no areas: load them again where they are missing, as the migration did."""
    marker = request.node.get_closest_marker("django_db")
    in_transactions = bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if in_transactions else "db")
    import importlib

    from django.apps import apps

    from delivery.models import ExpertiseArea

    if not ExpertiseArea.objects.exists():
        importlib.import_module("delivery.migrations.0003_support_and_ledger").load_expertise_areas(apps, None)
