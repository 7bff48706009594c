"""The contribution ledger: which schools and organisations delivered each delivery record, and how
much, in entries that move as the DfE's evidence services do:

    recorded ──confirm──▶ confirmed ──sign_off──▶ signed off (in a return)
       │  └──dispute (reason)──▶ disputed
       └──────────── void (reason) ◀── (recorded, confirmed or disputed)

- The running alliance's managers record and void; the contributor's leaders and business
  managers confirm or dispute (never the person who recorded the entry).
- Per record, the live entries (all but the voided) are in one unit and never add up to more
  than the record's total: shares of a programme to 100 %, days of support to its days delivered.
- Nothing is edited or deleted: a correction voids the entry with a reason and records a new one
  (`replaces` links them); simple-history keeps every change with who and when.

Each kind of record says its unit, total, area, date and contributors in `KINDS`: programmes and
ITT cohorts in shares (%), support in days. A cohort counts on the first day of its academic year,
and is delivered by its lead school, the alliance's leads and deliverers and the schools that
hosted its trainees' placements.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Callable

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from alliances.models import AllianceRole, DeliveryArea
from alliances.permissions import can_answer_contribution, can_manage, require
from alliances.rules import RuleBroken
from delivery.models import Contribution, Placement, Programme, SupportAssignment, Trainee, TraineeCohort
from registry.models import School

State, Unit = Contribution.State, Contribution.Unit
ANSWERABLE = (State.RECORDED, State.CONFIRMED)  # a contributor may dispute what it confirmed, until signed off
VOIDABLE = (State.RECORDED, State.CONFIRMED, State.DISPUTED)
COUNTED = (State.RECORDED, State.CONFIRMED, State.SIGNED_OFF)  # in totals: not voided, not in dispute
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RecordKind:
    label: str
    unit: str
    total: Callable
    area: Callable
    delivered_on: Callable
    contributors: Callable


def _leads_and_deliverers(alliance):
    roles = alliance.roles_on().filter(role__in=(AllianceRole.Role.LEAD, AllianceRole.Role.DELIVERER))
    return [role.holder for role in roles.select_related("school", "organisation")]


def _programme_contributors(programme):
    return [role.holder for role in programme.led_by.select_related("school", "organisation")]


def _programme_day(programme):
    last = programme.sessions.order_by("-date").first()
    return last.date if last else date.today()


def _support_contributors(assignment):
    return [assignment.supporter, *_leads_and_deliverers(assignment.alliance)]


def _cohort_contributors(cohort):
    placed = School.objects.filter(
        pk__in=Placement.objects.filter(trainee__cohort=cohort).values("school_id")
    ).order_by("name")
    return [cohort.lead_school, *_leads_and_deliverers(cohort.alliance), *placed]


KINDS = {
    Programme: RecordKind(
        "Programme", Unit.SHARE, total=lambda record: Decimal(100), area=lambda record: record.area,
        delivered_on=_programme_day, contributors=_programme_contributors,
    ),
    SupportAssignment: RecordKind(
        "School-to-school support", Unit.DAYS, total=lambda record: record.days_delivered,
        area=lambda record: DeliveryArea.SCHOOL_SUPPORT, delivered_on=lambda record: record.ends_on,
        contributors=_support_contributors,
    ),
    TraineeCohort: RecordKind(
        "ITT cohort", Unit.SHARE, total=lambda record: Decimal(100), area=lambda record: DeliveryArea.ITT,
        delivered_on=lambda record: record.starts_on, contributors=_cohort_contributors,
    ),
}


def kind_of(record):
    return KINDS[type(record)]


def entries_for(record):
    return Contribution.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


def live_total(record):
    return entries_for(record).live().aggregate(total=Sum("amount"))["total"] or Decimal(0)


def remaining(record):
    return kind_of(record).total(record) - live_total(record)


def unit_label(unit, amount=None):
    if unit == Unit.SHARE:
        return "%"
    return {Unit.DAYS: "day", Unit.HOURS: "hour"}[unit] + ("" if amount == 1 else "s")


def amount_text(amount, unit):
    amount = amount.normalize() if isinstance(amount, Decimal) else amount
    shown = f"{amount:f}" if isinstance(amount, Decimal) else str(amount)
    return f"{shown}%" if unit == Unit.SHARE else f"{shown} {unit_label(unit, amount)}"


def _holder_fields(holder):
    return {"school": holder, "organisation": None} if isinstance(holder, School) else {"school": None, "organisation": holder}


def _same(a, b):
    return type(a) is type(b) and a.pk == b.pk


def _lock(record):
    """Entries of one record are counted one change at a time: its row is locked first."""
    return type(record).objects.select_for_update(of=("self",)).select_related("alliance").get(pk=record.pk)


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools keep its ledger.")


def _record_problems(record, entries, *, ignoring=None):
    kind = kind_of(record)
    total = kind.total(record)
    live = list(entries_for(record).live().exclude(pk=getattr(ignoring, "pk", None)).select_related("school", "organisation"))
    allowed = kind.contributors(record)
    problems = []
    if not entries:
        problems.append("Give at least one contributor and amount.")
    if total <= 0:
        problems.append(f"Nothing has been delivered for {record} yet: record the {unit_label(kind.unit)} delivered first.")
    seen = []
    for holder, amount in entries:
        if holder is None:
            problems.append("Choose who contributed.")
            continue
        if not any(_same(holder, other) for other in allowed):
            problems.append(f"{holder.name} did not deliver {record}.")
        if any(_same(holder, entry.contributor) for entry in live) or any(_same(holder, other) for other in seen):
            problems.append(f"{holder.name} already has an entry for {record}: correct that entry instead.")
        seen.append(holder)
        if amount is None or amount <= 0:
            problems.append(f"Give {holder.name}'s {unit_label(kind.unit)} as more than 0.")
        elif amount != amount.quantize(CENT):
            problems.append(f"Give {holder.name}'s amount to at most two decimal places.")
    new_total = sum((entry.amount for entry in live), Decimal(0)) + sum((a for _, a in entries if a and a > 0), Decimal(0))
    if total > 0 and new_total > total:
        problems.append(
            f"That makes {amount_text(new_total, kind.unit)} for {record}, more than its {amount_text(total, kind.unit)}."
        )
    return problems


def _create(user, record, holder, amount, replaces=None):
    kind = kind_of(record)
    return Contribution.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, alliance=record.alliance,
        unit=kind.unit, amount=amount, area=kind.area(record), delivered_on=kind.delivered_on(record),
        recorded_by=user, replaces=replaces, **_holder_fields(holder),
    )


@transaction.atomic
def record(user, delivery_record, entries):
    """Record entries [(school or organisation, amount), ...] for one record, all or none."""
    delivery_record = _lock(delivery_record)
    _require_manager(user, delivery_record.alliance)
    return _checked_and_created(user, delivery_record, entries)


@transaction.atomic
def record_checked_elsewhere(user, delivery_record, entries):
    """Record entries as `record` does (the same checks on amounts, contributors and totals, all
    or none), for a rule that has already decided this person may: the caller checked permission.
    A brokered deployment's receiving school confirming the impact credits the home school's days
    this way (brokerage/deployment_progress.py), though it does not run the alliance."""
    return _checked_and_created(user, _lock(delivery_record), entries)


def _checked_and_created(user, delivery_record, entries):
    problems = _record_problems(delivery_record, entries)
    if problems:
        raise RuleBroken(problems)
    return [_create(user, delivery_record, holder, amount) for holder, amount in entries]


def _locked_entry(entry):
    return Contribution.objects.select_for_update(of=("self",)).select_related("alliance", "school", "organisation").get(pk=entry.pk)


@transaction.atomic
def void(user, entry, reason):
    entry = _locked_entry(entry)
    _require_manager(user, entry.alliance)
    problems = []
    if entry.state not in VOIDABLE:
        problems.append(f"This entry is {entry.get_state_display().lower()}: it can no longer be voided.")
    if not (reason or "").strip():
        problems.append("Give the reason for voiding the entry.")
    if problems:
        raise RuleBroken(problems)
    entry.state, entry.void_reason, entry.voided_by, entry.voided_at = State.VOIDED, reason.strip(), user, timezone.now()
    entry.save(update_fields=["state", "void_reason", "voided_by", "voided_at"])
    return entry


@transaction.atomic
def correct(user, entry, *, amount, reason, contributor=None):
    """Void the entry with the reason and record its replacement (for the same contributor unless
    another is given), in one step: both or neither."""
    entry = _locked_entry(entry)
    _require_manager(user, entry.alliance)
    delivery_record = _lock(entry.record)
    holder = contributor or entry.contributor
    problems = []
    if entry.state not in VOIDABLE:
        problems.append(f"This entry is {entry.get_state_display().lower()}: it can no longer be corrected.")
    if not (reason or "").strip():
        problems.append("Give the reason for the correction.")
    problems += _record_problems(delivery_record, [(holder, amount)], ignoring=entry)
    if problems:
        raise RuleBroken(problems)
    void(user, entry, reason)
    return _create(user, delivery_record, holder, amount, replaces=entry)


def _answering(user, entry):
    entry = _locked_entry(entry)
    require(
        can_answer_contribution(user, entry),
        f"Only {entry.contributor.name}'s leaders and business managers confirm or dispute its entries.",
    )
    problems = []
    if entry.state not in ANSWERABLE:
        problems.append(f"This entry is {entry.get_state_display().lower()}: it cannot be answered now.")
    if entry.recorded_by_id == user.pk:
        problems.append(f"You recorded this entry: another leader or business manager at {entry.contributor.name} answers it.")
    return entry, problems


@transaction.atomic
def confirm(user, entry):
    entry, problems = _answering(user, entry)
    if entry.state == State.CONFIRMED:
        problems = [f"This entry is already confirmed by {entry.answered_by or 'the contributor'}."]
    if problems:
        raise RuleBroken(problems)
    entry.state, entry.answered_by, entry.answered_at = State.CONFIRMED, user, timezone.now()
    entry.save(update_fields=["state", "answered_by", "answered_at"])
    return entry


@transaction.atomic
def dispute(user, entry, reason):
    entry, problems = _answering(user, entry)
    if not (reason or "").strip():
        problems.append("Give the reason for disputing the entry.")
    if problems:
        raise RuleBroken(problems)
    entry.state, entry.dispute_reason = State.DISPUTED, reason.strip()
    entry.answered_by, entry.answered_at = user, timezone.now()
    entry.save(update_fields=["state", "dispute_reason", "answered_by", "answered_at"])
    return entry


@transaction.atomic
def sign_off(entries, return_ref):
    """Sign confirmed entries off in a return (the returns to come call this): all or none."""
    entries = list(Contribution.objects.select_for_update(of=("self",)).filter(pk__in=[entry.pk for entry in entries]).select_related("school", "organisation"))
    problems = []
    if not (return_ref or "").strip():
        problems.append("Name the return the entries are signed off in.")
    if not entries:
        problems.append("There are no entries to sign off.")
    for entry in entries:
        if entry.state != State.CONFIRMED:
            problems.append(f"{entry} is {entry.get_state_display().lower()}: only confirmed entries are signed off.")
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    for entry in entries:
        entry.state, entry.return_ref, entry.signed_off_at = State.SIGNED_OFF, return_ref.strip(), now
        entry.save(update_fields=["state", "return_ref", "signed_off_at"])
    return entries


# --- Suggested entries -----------------------------------------------------------------------------


def suggestions(delivery_record):
    """Default entries for what is not yet attributed: a programme's share split equally across
    those who led it; a support assignment's days to the school or organisation that gave it; an
    ITT cohort's share to its lead school (placement schools are added by hand where they shared it).
    Contributors that already have a live entry are left out. Empty when nothing is left."""
    kind = kind_of(delivery_record)
    left = remaining(delivery_record)
    if left <= 0:
        return []
    live = list(entries_for(delivery_record).live().select_related("school", "organisation"))
    if isinstance(delivery_record, SupportAssignment):
        candidates = [delivery_record.supporter]
    elif isinstance(delivery_record, TraineeCohort):
        candidates = [delivery_record.lead_school]
    else:
        candidates = []
        for holder in kind.contributors(delivery_record):
            if not any(_same(holder, other) for other in candidates):
                candidates.append(holder)
    candidates = [h for h in candidates if not any(_same(h, entry.contributor) for entry in live)]
    if not candidates:
        return []
    each = (left / len(candidates)).quantize(CENT, rounding=ROUND_DOWN)
    amounts = [each] * (len(candidates) - 1) + [left - each * (len(candidates) - 1)]  # the last takes the rounding
    return [(holder, amount) for holder, amount in zip(candidates, amounts) if amount > 0]


def accept_suggestions(user, delivery_record):
    return record(user, delivery_record, suggestions(delivery_record))


SHOWN_AWAITING = 20  # records listed as not yet attributed; the page says how many more


def _attributed(model):
    """Each record's live total in the ledger, worked out in the database beside the record."""
    return Coalesce(
        Subquery(
            Contribution.objects.live()
            .filter(content_type__app_label="delivery", content_type__model=model._meta.model_name, object_id=OuterRef("pk"))
            .values("object_id").annotate(total=Sum("amount")).values("total")[:1]
        ),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=9, decimal_places=2),
    )


def _awaiting_querysets(alliance):
    """The alliance's records whose live entries do not yet add up to their totals: published
    programmes, support with days delivered and ITT cohorts with trainees, each annotated `done`."""

    def short(records, model):
        return records.annotate(done=_attributed(model))

    return [
        short(alliance.programmes.filter(published=True), Programme).filter(done__lt=100).order_by("title", "pk"),
        short(
            alliance.support_assignments.filter(days_delivered__gt=0).exclude(state=SupportAssignment.State.WITHDRAWN)
            .select_related("supported_school", "focus_area"), SupportAssignment,
        ).filter(done__lt=F("days_delivered")).order_by("-ends_on", "pk"),
        short(
            alliance.trainee_cohorts.filter(Exists(Trainee.objects.filter(cohort=OuterRef("pk")))).select_related("lead_school"),
            TraineeCohort,
        ).filter(done__lt=100).order_by("-academic_year", "pk"),
    ]


def awaiting_entries(alliance, limit=SHOWN_AWAITING):
    """The first `limit` records not yet attributed in full (programmes, then support, then ITT
    cohorts), each as (record, kind, total, attributed, model name). Found in the database, so
    an alliance with thousands of records costs three queries, not thousands of objects."""
    found = []
    for records in _awaiting_querysets(alliance):
        for delivery_record in records[: max(limit - len(found), 0)]:
            kind = kind_of(delivery_record)
            found.append((delivery_record, kind, kind.total(delivery_record), delivery_record.done, delivery_record._meta.model_name))
    return found


def count_awaiting(alliance):
    return sum(records.count() for records in _awaiting_querysets(alliance))


# --- The ledger as a table -------------------------------------------------------------------------


def totals(entries):
    """Each contributor's days, hours and programme shares by delivery area, from entries counted
    (recorded, confirmed or signed off), with its part of the area's days. One query."""
    rows = (
        entries.filter(state__in=COUNTED)
        .values("school__name", "organisation__name", "area", "unit")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    table, area_days = {}, defaultdict(Decimal)
    for row in rows:
        name = row["school__name"] or row["organisation__name"]
        cell = table.setdefault((name, row["area"]), {"days": Decimal(0), "hours": Decimal(0), "share": Decimal(0)})
        cell[row["unit"]] += row["total"]
        if row["unit"] == Unit.DAYS:
            area_days[row["area"]] += row["total"]
    result = []
    for (name, area), cell in sorted(table.items(), key=lambda item: (item[0][0], item[0][1])):
        part = (cell["days"] * 100 / area_days[area]).quantize(Decimal("0.1")) if area_days[area] else None
        result.append({
            "name": name, "area": DeliveryArea(area).label, "days": cell["days"], "hours": cell["hours"],
            "programmes": (cell["share"] / 100).quantize(CENT), "part_of_area_days": part,
        })
    return result


def filtered(alliance, *, state="", contributor="", area="", kind="", start=None, end=None):
    """The alliance's entries narrowed by the ledger page's filters; `contributor` is 'school-<id>'
    or 'organisation-<id>', `kind` a model name ('programme', 'supportassignment', 'traineecohort')."""
    entries = Contribution.objects.filter(alliance=alliance)
    if state:
        entries = entries.filter(state=state)
    if contributor:
        field, _, pk = contributor.partition("-")
        if field in ("school", "organisation") and pk.isdigit():
            entries = entries.filter(**{f"{field}_id": int(pk)})
    if area:
        entries = entries.filter(area=area)
    if kind:
        entries = entries.filter(content_type__app_label="delivery", content_type__model=kind)
    if start:
        entries = entries.filter(delivered_on__gte=start)
    if end:
        entries = entries.filter(delivered_on__lte=end)
    return entries


def contributors_in(alliance):
    """(value, name) for each school and organisation with an entry in the alliance's ledger."""
    rows = Contribution.objects.filter(alliance=alliance).values("school_id", "school__name", "organisation_id", "organisation__name").distinct().order_by()
    choices = {(f"school-{r['school_id']}" if r["school_id"] else f"organisation-{r['organisation_id']}"): (r["school__name"] or r["organisation__name"]) for r in rows}
    return sorted(choices.items(), key=lambda item: item[1])


def with_records(entries):
    """Entries with their records and what each record's name needs, one query per kind of record."""
    return entries.select_related(
        "alliance", "school", "organisation", "content_type", "recorded_by", "answered_by", "voided_by"
    ).prefetch_related(GenericPrefetch("record", [
        Programme.objects.all(), SupportAssignment.objects.select_related("supported_school", "focus_area"),
        TraineeCohort.objects.all(),
    ]))


def for_contributor(body):
    """Entries attributed to a school or organisation, newest first, with what they need to show."""
    field = "school" if isinstance(body, School) else "organisation"
    return with_records(Contribution.objects.filter(**{field: body}))

