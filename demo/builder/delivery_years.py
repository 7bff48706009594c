"""Three academic years of delivery for every alliance (the two before the demo date's year and
the current one): programmes with sessions, bookings, attendance and evaluations; ITT cohorts
with trainees, outcomes and placements; school-to-school support with ratings; and the ledger
entries attributing each record's effort.

Written with bulk inserts (delivery_rows: ids given up front, one prepared INSERT a table, and
simple-history's rows beside them where the model keeps history) instead of the service
functions, which check one record at a time: the national demo writes over 200,000 rows. The rules the services enforce are kept by construction, and
tests/demo/test_delivery_years.py checks them on the records written: shares add to 100 %, days
to the days delivered, every contributor held a role in the alliance, placements inside the
cohort's dates, places never overfilled.

A working alliance misses something now and then, and the demo shows it: in some years an
alliance delivers nothing in one of the three areas, and in some alliances one lead school
leaves the work to the others (a *quiet lead*: it leads no programme or support, so its share
of delivery falls below what its agreement asks).

`Scale` says how much: `DEMO` for load_demo, bench/delivery_data.py a much larger one.
"""
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Affiliation, User
from alliances.models import Agreement, DeliveryArea
from delivery import ledger
from delivery.models import (
    Attendance,
    Booking,
    Contribution,
    Evaluation,
    ExpertiseArea,
    NationalRate,
    Placement,
    Programme,
    Session,
    SupportAssignment,
    Trainee,
    TraineeCohort,
)

from .delivery_entries import CENT
from . import delivery_rows as rows
from .delivery_itt import itt_year
from .delivery_programmes import programme_year
from .delivery_rows import Ids
from .delivery_support import support_year
from .delivery_world import read_world, universities

AREAS = (DeliveryArea.CPD, DeliveryArea.SCHOOL_SUPPORT, DeliveryArea.ITT)
NATIONAL_RATES = {0: "80.5", 1: "81.0", 2: "79.5"}  # employed within six months, oldest year first


@dataclass(frozen=True)
class Scale:
    programmes: tuple = (2, 5)  # a year, an alliance
    support: tuple = (2, 5)
    cohorts: tuple = (1, 1, 1, 2)  # routes a year, chosen from
    trainees: tuple = (6, 18)  # a cohort
    bookings: tuple = (3, 6)  # a programme, at most its places and the alliance's staff
    sessions: tuple = (2, 3)
    staff: int = 6  # booking accounts an alliance, at its member schools
    missing_area: float = 0.08  # an alliance-year with nothing in one area
    quiet_lead: float = 0.35  # alliances with two or more leads where one leaves the work to others
    history: bool = True
    alliances_a_batch: int = 100
    people: str = "teacher"  # the booking accounts' email prefix (staff.N.K is taken by demo/builder/programmes.py)


DEMO = Scale()


@dataclass(frozen=True)
class Year:
    year: int  # 2026 for 2026 to 2027
    today: date

    @property
    def starts(self):
        return date(self.year, 9, 1)

    @property
    def ends(self):
        return date(self.year + 1, 8, 31)

    @property
    def label(self):
        return f"{self.year} to {self.year + 1}"

    def random_term_day(self, rng):
        """A weekday in term (September to mid-July), for the current year up to a term ahead of today."""
        last = min(date(self.year + 1, 7, 15), self.today + timedelta(days=90))
        span = max(0, (last - self.starts).days - 20)
        day = self.starts + timedelta(days=5 + rng.randint(0, span))
        return day + timedelta(days=max(0, 7 - day.isoweekday()) if day.isoweekday() > 5 else 0)


def academic_year_of(day):
    return day.year if day.month >= 9 else day.year - 1


@dataclass(frozen=True)
class CohortLedger:
    """How cohorts go in the ledger, when it knows them."""

    content_type_id: int
    unit: str
    total: Decimal = Decimal(100)
    step: Decimal = CENT


def cohort_ledger():
    kind = ledger.KINDS.get(TraineeCohort)
    if kind is None or kind.unit != Contribution.Unit.SHARE:
        return None
    return CohortLedger(ContentType.objects.get_for_model(TraineeCohort).pk, kind.unit)


class Batch:
    """Rows to write, by model, in an order that gives every row its parents' ids first."""

    ORDER = [Programme, TraineeCohort, SupportAssignment, Session, Programme.led_by.through, Booking, Trainee,
             Attendance, Evaluation, Placement, Contribution]

    def __init__(self, history):
        self.history, self.rows, self.corrections, self.counts = history, defaultdict(list), [], Counter()
        self.ids = Ids()

    def add(self, obj):
        self.rows[type(obj)].append(obj)

    def add_correction(self, entry):
        """A corrected entry, written after the entry it replaces."""
        self.corrections.append(entry)

    def flush(self):
        for model in self.ORDER:
            self._write(model, self.rows.pop(model, []))
        self._write(Contribution, self.corrections)
        self.corrections = []

    def _write(self, model, objects):
        if not objects:
            return
        if model is Contribution:
            for entry in objects:
                entry.object_id = entry._record.pk
        rows.write(model, objects, self.ids, history=self.history)
        self.counts[model._meta.model_name] += len(objects)


def write_delivery_years(seed=2026, *, as_at, scale=DEMO, today=None, stdout=None):
    """Write three years of delivery for every alliance; returns counts of rows written, by model."""
    rng = random.Random(seed)
    today = today or date.today()
    now = timezone.now()
    current = academic_year_of(as_at)
    years = [Year(y, today) for y in (current - 2, current - 1, current)]
    worlds = read_world(today)
    areas = list(ExpertiseArea.objects.filter(active=True).order_by("pk"))
    unis = universities()
    types = {model: ContentType.objects.get_for_model(model).pk for model in (Programme, SupportAssignment)}
    cohorts_in_ledger = cohort_ledger()
    batch = Batch(scale.history)
    # Years whose cohorts are already written by hand (demo/builder/itt.py) keep only those.
    has_cohorts = set(TraineeCohort.objects.values_list("alliance_id", "academic_year"))
    with transaction.atomic():
        _give_staff(rng, worlds, scale)
        for n, world in enumerate(worlds.values(), start=1):
            _choose_quiet_lead(rng, world, scale)
            for year in years:
                skipped = rng.choice(AREAS) if rng.random() < scale.missing_area else None
                if skipped != DeliveryArea.CPD:
                    programme_year(rng, batch, world, year, count=rng.randint(*scale.programmes), scale=scale,
                                   content_type_id=types[Programme], today=today, now=now)
                if skipped != DeliveryArea.SCHOOL_SUPPORT:
                    support_year(rng, batch, world, year, count=rng.randint(*scale.support), areas=areas,
                                 content_type_id=types[SupportAssignment], today=today, now=now)
                if skipped != DeliveryArea.ITT and (world.alliance_id, year.year) not in has_cohorts:
                    itt_year(rng, batch, world, year, cohorts=rng.choice(scale.cohorts), trainees=scale.trainees,
                             universities=unis, ledger=cohorts_in_ledger, today=today, now=now)
            if n % scale.alliances_a_batch == 0:
                batch.flush()
                if stdout is not None:
                    stdout.write(f"  delivery years: {n} of {len(worlds)} alliances\n")
        batch.flush()
        batch.ids.reset_sequences()
        _state_minimum_lead_shares(rng)
        for k, year in enumerate(years):
            NationalRate.objects.get_or_create(
                year=year.year, measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS,
                defaults={"value": Decimal(NATIONAL_RATES[k])},
            )
    return dict(batch.counts)


def _give_staff(rng, worlds, scale):
    """A few staff accounts at each alliance's member schools, to book its programmes. They cannot
    sign in (no usable password): they stand for the teachers whose bookings the pages count."""
    password = make_password(None)
    users, affiliations = [], []
    for world in worlds.values():
        schools = [h for h in world.members if h.school_id]
        rng.shuffle(schools)
        world.staff = []
        for k, holder in enumerate(schools[: scale.staff]):
            user = User(email=f"{scale.people}.{world.alliance_id}.{k}@schools.demo.example", full_name=f"Teacher {world.alliance_id}-{k}", password=password)
            users.append(user)
            affiliations.append(Affiliation(user=user, school_id=holder.school_id, role=Affiliation.Role.STAFF))
            world.staff.append((user, holder))
    User.objects.bulk_create(users, batch_size=500)
    bulk_create_with_history(affiliations, Affiliation, batch_size=500)


def _state_minimum_lead_shares(rng):
    """About half the leads' agreements state the minimum share of delivery each lead carries (the
    contribution review uses a default for the rest); written as the agreements' own wording, so
    before anyone signed them."""
    field = "minimum_lead_share"
    if field not in {f.name for f in Agreement._meta.get_fields()}:
        return
    ids = sorted(Agreement.objects.values_list("pk", flat=True))
    chosen = [pk for pk in ids if rng.random() < 0.5]
    for offset, share in enumerate((15, 20, 25)):
        Agreement.objects.filter(pk__in=chosen[offset::3]).update(**{field: share})
        Agreement.history.model.objects.filter(id__in=chosen[offset::3]).update(**{field: share})


def _choose_quiet_lead(rng, world, scale):
    """Most alliances share the work among their leads; in some, one lead leaves it to the others."""
    world.quiet_lead = None
    if len(world.leads) >= 2 and rng.random() < scale.quiet_lead:
        world.quiet_lead = rng.choice(world.leads)
    world.working_leads = [h for h in world.leads if h is not world.quiet_lead]
    world.strong_members = [h for h in world.members if h.at_least_good]

