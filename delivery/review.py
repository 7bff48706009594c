"""The contribution and effective-delivery review of an alliance over a period: who delivered what
share of each delivery area, whether every area has delivery, whether each lead teaching school
carries its agreed share, disputed entries, and progress against the success criteria.

Other parts of the site (returns, the demo and the benchmarks) import `academic_year_bounds`,
`review_for`, `reviews_for_all` and the dataclasses below: keep their names and fields.

How the figures are made (all from the contribution ledger, delivery/ledger.py):

- Only entries delivered in the period count, and only those recorded, confirmed or signed off.
  Disputed entries are left out of every figure until resolved, and shown beside them: counted
  per contributor and area, and flagged. Voided entries are corrections and never count.
- A contributor's **effort** in an area is its days (support) and its records' worth (a 40 %
  share of a programme or ITT cohort is 0.4 of a record). Its **share of the area** is its part
  of the area's days, or of its records' worth; where an area has both kinds of entry, the two
  parts are averaged, so each kind weighs the same. Shares are rounded to 0.1 % so that each
  area's add up to exactly 100 % (largest remainders).
- The **overall share** is the average of a contributor's shares of the areas that have delivery:
  each of the three core areas weighs the same, whatever its unit.
- **Minimum lead share**: each lead school's overall share should be at least the minimum the
  alliance's latest agreement signed by all its lead schools states. Where none states one, the
  default is half of an equal split between the schools that led the alliance in the period
  (50 % with one lead, 25 % with two, 16.7 % with three): a lead doing half its even part is
  carrying noticeably less than its partners.
- An **area is missing** when no entry in it counts in the period.
- **KPIs** are for the academic year the period starts in (delivery/kpis.py): the alliance's own
  targets where it has set them, the national 2018 targets otherwise.

Each review takes a fixed number of queries: `review_for` about fifteen whatever the size of the
ledger, `reviews_for_all` the same number for every alliance at once (grouped by alliance).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, Sum

from alliances.models import Accountability, Agreement, AgreementSignature, Alliance, AllianceRole, DeliveryArea
from delivery.kpis import (
    MEASURES, academic_year_bounds, academic_year_of, actual_text, actuals_for, is_met, signed_agreement,
)
from delivery.models import Contribution, SuccessCriterion
from delivery.ledger import COUNTED
from registry.models import Organisation, School

__all__ = [
    "AllianceReview", "AreaEffort", "AreaTotal", "ContributorReview", "Flag", "KpiStatus",
    "academic_year_bounds", "matches", "national", "review_for", "reviews_for_all",
]

State, Unit = Contribution.State, Contribution.Unit
AREAS = list(DeliveryArea)
TENTH = Decimal("0.1")
LEAD_BELOW_MINIMUM, AREA_MISSING, DISPUTED = "lead_below_minimum", "area_missing", "disputed"
FLAG_KINDS = {
    LEAD_BELOW_MINIMUM: "Lead school below its minimum share",
    AREA_MISSING: "No delivery in an area",
    DISPUTED: "Disputed entries",
}


@dataclass(frozen=True)
class AreaEffort:
    """One contributor's effort in one delivery area (all three areas are always given)."""

    area: str
    label: str
    days: Decimal  # days of support (or other day-counted work) attributed
    records: Decimal  # records' worth of share-counted work: programmes and ITT cohorts
    share: Decimal  # % of the area, 0.1 %; the area's shares add up to 100
    outputs: int  # records it has a counted entry for
    disputed: int  # its disputed entries in the area, left out of the figures
    disputed_days: Decimal
    disputed_records: Decimal


@dataclass(frozen=True)
class ContributorReview:
    name: str
    school_id: int | None
    organisation_id: int | None
    is_lead: bool  # led the alliance at some time in the period
    areas: tuple  # AreaEffort, in DeliveryArea order
    overall_share: Decimal  # the average of its shares of the areas with delivery
    outputs: int
    disputed: int  # disputed entries, all areas

    @property
    def key(self):
        return f"school-{self.school_id}" if self.school_id else f"organisation-{self.organisation_id}"

    def area(self, value):
        return next(effort for effort in self.areas if effort.area == value)


@dataclass(frozen=True)
class AreaTotal:
    area: str
    label: str
    days: Decimal
    records: Decimal
    outputs: int  # distinct records with counted entries
    contributors: int
    disputed: int
    delivered: bool


@dataclass(frozen=True)
class Flag:
    kind: str  # "lead_below_minimum" | "area_missing" | "disputed"
    message: str
    area: str = ""  # a DeliveryArea value, where it is about one
    contributor: str = ""  # the contributor's name, where it is about one

    @property
    def label(self):
        return FLAG_KINDS[self.kind]


@dataclass(frozen=True)
class KpiStatus:
    id: str  # "1.1" .. "3.2"
    measure: str  # SuccessCriterion.Measure value
    area: str
    measure_text: str
    target: Decimal | None
    target_text: str
    actual: Decimal | None
    actual_text: str
    detail: str  # what the actual is made of
    met: bool | None  # None: nothing to compare yet
    accountable_school: str  # the name, "" when the alliance has no lead school
    set_by_alliance: bool  # False: the national default, not yet set for the year
    compared_with: Decimal | None = None  # the figure `met` is judged against: the target, or the national rate

    @property
    def progress(self):
        """The actual as a percentage of what it is compared with (None when either is missing)."""
        if self.actual is None or not self.compared_with:
            return None
        return (self.actual * 100 / self.compared_with).quantize(TENTH)

    @property
    def area_label(self):
        return DeliveryArea(self.area).label


@dataclass(frozen=True)
class AllianceReview:
    alliance_id: int
    alliance_name: str
    alliance_slug: str
    start: date
    end: date
    year: int  # the academic year of the KPIs: the one the period starts in
    contributors: tuple  # ContributorReview: leads first, then by overall share
    areas: tuple  # AreaTotal, in DeliveryArea order
    flags: tuple  # Flag
    kpis: tuple  # KpiStatus, 1.1 to 3.2
    minimum_share: Decimal | None  # None when nobody led the alliance in the period
    minimum_share_source: str  # where it came from, in words
    minimum_share_agreement_version: int | None  # the agreement that states it, if one does
    disputed: int = 0
    delivered: bool = field(default=False)  # any counted delivery in the period

    @property
    def year_label(self):
        return f"{self.year} to {self.year + 1}"

    @property
    def kpis_met(self):
        return sum(1 for kpi in self.kpis if kpi.met)

    @property
    def kpis_not_met(self):
        return sum(1 for kpi in self.kpis if kpi.met is False)

    @property
    def flag_kinds(self):
        return sorted({flag.kind for flag in self.flags})

    def area(self, value):
        return next(total for total in self.areas if total.area == value)


# --- Arithmetic ------------------------------------------------------------------------------------


def rounded_shares(parts):
    """Exact fractions adding up to 1 (or all 0) -> percentages to 0.1 adding up to exactly 100,
    by largest remainders; a part of 0 stays 0."""
    if not parts or sum(parts) == 0:
        return [Decimal("0.0")] * len(parts)
    tenths = [part * 1000 for part in parts]
    floors = [int(t) for t in tenths]
    left = 1000 - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(tenths[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [(Decimal(f) / 10).quantize(TENTH) for f in floors]


def area_parts(efforts):
    """[(days, records), ...] of the contributors in one area -> each one's exact part of it: its
    part of the days and of the records' worth, averaged where the area has both."""
    total_days = sum((Fraction(days) for days, _ in efforts), Fraction(0))
    total_records = sum((Fraction(records) for _, records in efforts), Fraction(0))
    kinds = [(i, total) for i, total in ((0, total_days), (1, total_records)) if total > 0]
    if not kinds:
        return [Fraction(0)] * len(efforts)
    return [sum((Fraction(effort[i]) / total for i, total in kinds), Fraction(0)) / len(kinds) for effort in efforts]


def default_minimum(lead_count):
    """Half of an equal split between the leads, to 0.1 %."""
    return (Decimal(50) / lead_count).quantize(TENTH) if lead_count else None


# --- Building one review from what the bulk queries fetched --------------------------------------


def _build(alliance, start, end, rows, area_outputs, names, leads, agreements, criteria, actuals):
    day = min(end, date.today())
    lead_ids = {role.school_id for role in leads}
    leads_on_day = {role.school_id for role in leads if role.is_current(day)} or lead_ids

    # Per contributor and area: counted days and records' worth, outputs, and what is disputed.
    cells = defaultdict(lambda: {"days": Decimal(0), "records": Decimal(0), "outputs": 0, "disputed": 0,
                                 "disputed_days": Decimal(0), "disputed_records": Decimal(0)})
    for row in rows:
        key = ("school", row["school_id"]) if row["school_id"] else ("organisation", row["organisation_id"])
        cell = cells[(key, row["area"])]
        amount = row["total"] or Decimal(0)
        if row["state"] == State.DISPUTED:
            cell["disputed"] += row["n"]
            cell["disputed_days" if row["unit"] != Unit.SHARE else "disputed_records"] += amount if row["unit"] != Unit.SHARE else amount / 100
        else:
            cell["outputs"] += row["n"]
            if row["unit"] == Unit.SHARE:
                cell["records"] += amount / 100
            elif row["unit"] == Unit.DAYS:
                cell["days"] += amount
            else:  # hours: a day is six hours, as for CPD
                cell["days"] += amount / 6
    keys = {key for key, _ in cells} | {("school", school_id) for school_id in lead_ids}
    keys = sorted(keys)

    area_shares, delivered_areas = {}, []
    for area in AREAS:
        efforts = [(cells[(key, area.value)]["days"], cells[(key, area.value)]["records"]) if (key, area.value) in cells else (0, 0) for key in keys]
        parts = area_parts(efforts)
        area_shares[area.value] = dict(zip(keys, parts))
        if any(parts):
            delivered_areas.append(area.value)
    overall_parts = [
        sum((area_shares[area][key] for area in delivered_areas), Fraction(0)) / len(delivered_areas) if delivered_areas else Fraction(0)
        for key in keys
    ]
    overall = dict(zip(keys, rounded_shares(overall_parts)))
    rounded = {area: dict(zip(keys, rounded_shares([area_shares[area][key] for key in keys]))) for area in area_shares}

    contributors = []
    for key in keys:
        efforts = []
        for area in AREAS:
            cell = cells.get((key, area.value)) or cells.default_factory()
            efforts.append(AreaEffort(
                area=area.value, label=area.label, days=cell["days"].quantize(Decimal("0.01")), records=cell["records"].quantize(Decimal("0.01")),
                share=rounded[area.value][key], outputs=cell["outputs"], disputed=cell["disputed"],
                disputed_days=cell["disputed_days"], disputed_records=cell["disputed_records"].quantize(Decimal("0.01")),
            ))
        kind, pk = key
        contributors.append(ContributorReview(
            name=names.get(key, "Unknown"), school_id=pk if kind == "school" else None,
            organisation_id=pk if kind == "organisation" else None, is_lead=kind == "school" and pk in lead_ids,
            areas=tuple(efforts), overall_share=overall[key], outputs=sum(e.outputs for e in efforts),
            disputed=sum(e.disputed for e in efforts),
        ))
    contributors.sort(key=lambda c: (not c.is_lead, -c.overall_share, c.name))

    totals = []
    for area in AREAS:
        efforts = [c.area(area.value) for c in contributors]
        totals.append(AreaTotal(
            area=area.value, label=area.label, days=sum((e.days for e in efforts), Decimal(0)),
            records=sum((e.records for e in efforts), Decimal(0)), outputs=area_outputs.get(area.value, 0),
            contributors=sum(1 for e in efforts if e.outputs), disputed=sum(e.disputed for e in efforts),
            delivered=area.value in delivered_areas,
        ))

    # The minimum share: the signed agreement's, else the documented default.
    agreement = signed_agreement(agreements, sorted(leads_on_day))
    if agreement is not None and agreement.minimum_lead_share is not None:
        minimum = Decimal(agreement.minimum_lead_share)
        source = f"Version {agreement.version} of the agreement between the lead schools"
        version = agreement.version
        why = f"agreed in version {version} of the agreement between the lead schools"
    else:
        minimum, version = default_minimum(len(lead_ids)), None
        split = f"half of an equal split between the {len(lead_ids)} lead school{'s' if len(lead_ids) != 1 else ''}"
        source = f"Default: {split}, as no agreement signed by every lead school states a minimum" if lead_ids else "No lead school in the period"
        why = f"the default, {split}"

    flags = []
    if delivered_areas and minimum is not None:
        for c in contributors:
            if c.is_lead and c.overall_share < minimum:
                flags.append(Flag(
                    LEAD_BELOW_MINIMUM,
                    f"{c.name}'s share of the alliance's delivery is {c.overall_share}%, below the minimum of {minimum.normalize():f}% ({why}).",
                    contributor=c.name,
                ))
    for total in totals:
        if not total.delivered:
            waiting = f" {total.disputed} disputed entr{'ies wait' if total.disputed != 1 else 'y waits'} to be resolved." if total.disputed else ""
            flags.append(Flag(AREA_MISSING, f"No {DeliveryArea(total.area).in_sentence} delivery counts in this period.{waiting}", area=total.area))
    for c in contributors:
        if c.disputed:
            flags.append(Flag(
                DISPUTED,
                f"{c.disputed} entr{'ies' if c.disputed != 1 else 'y'} for {c.name} {'are' if c.disputed != 1 else 'is'} disputed: left out of these figures until resolved.",
                contributor=c.name,
            ))

    # KPIs: the alliance's own criteria for the year, the national defaults otherwise.
    accountable_by_area = {item.area: item.accountable_school.name for item in agreement.accountabilities.all() if item.area} if agreement else {}
    first_lead = min((role.school.name for role in leads if role.school_id in leads_on_day), default="")
    kpis = []
    for measure, definition in MEASURES.items():
        criterion = criteria.get(measure)
        target = criterion.target if criterion else definition.default_target
        actual = actuals[measure]
        kpis.append(KpiStatus(
            id=definition.kpi_id, measure=measure, area=definition.area, measure_text=definition.text, target=target,
            target_text=definition.target_text(target), actual=actual.value, actual_text=actual_text(definition, actual),
            detail=actual.text + (f"; national rate {actual.national_rate}%" if measure == SuccessCriterion.Measure.EMPLOYMENT and actual.national_rate is not None else ""),
            met=is_met(definition, target, actual),
            accountable_school=criterion.accountable_school.name if criterion else accountable_by_area.get(definition.area, first_lead),
            set_by_alliance=criterion is not None,
            compared_with=target if target is not None else actual.national_rate,
        ))

    return AllianceReview(
        alliance_id=alliance.pk, alliance_name=alliance.name, alliance_slug=alliance.slug, start=start, end=end,
        year=academic_year_of(start), contributors=tuple(contributors), areas=tuple(totals), flags=tuple(flags), kpis=tuple(kpis),
        minimum_share=minimum, minimum_share_source=source, minimum_share_agreement_version=version,
        disputed=sum(c.disputed for c in contributors), delivered=bool(delivered_areas),
    )


# --- The bulk queries -----------------------------------------------------------------------------


def _fetch(alliances, start, end, *, all_alliances=False):
    """Everything the reviews need, grouped by alliance, in a fixed number of queries."""
    ids = [alliance.pk for alliance in alliances]
    entries = Contribution.objects.filter(delivered_on__gte=start, delivered_on__lte=end).exclude(state=State.VOIDED)
    if not all_alliances:
        entries = entries.filter(alliance_id__in=ids)
    rows = defaultdict(list)
    grouped = entries.values("alliance_id", "school_id", "organisation_id", "area", "unit", "state").annotate(total=Sum("amount"), n=Count("id")).order_by()
    for row in grouped:
        rows[row["alliance_id"]].append(row)
    outputs = defaultdict(lambda: defaultdict(int))
    counted = entries.filter(state__in=COUNTED).values("alliance_id", "area", "content_type_id").annotate(n=Count("object_id", distinct=True)).order_by()
    for row in counted:
        outputs[row["alliance_id"]][row["area"]] += row["n"]

    names = {}
    school_ids = {row["school_id"] for alliance_rows in rows.values() for row in alliance_rows if row["school_id"]}
    organisation_ids = {row["organisation_id"] for alliance_rows in rows.values() for row in alliance_rows if row["organisation_id"]}
    if all_alliances:  # a subquery, not thousands of ids in one IN list
        schools = School.objects.filter(pk__in=entries.values("school_id"))
        organisations = Organisation.objects.filter(pk__in=entries.values("organisation_id"))
    else:
        schools, organisations = School.objects.filter(pk__in=school_ids), Organisation.objects.filter(pk__in=organisation_ids)
    names.update({("school", pk): name for pk, name in schools.values_list("pk", "name")})
    names.update({("organisation", pk): name for pk, name in organisations.values_list("pk", "name")})

    leads = defaultdict(list)
    roles = AllianceRole.objects.filter(role=AllianceRole.Role.LEAD, starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    if not all_alliances:
        roles = roles.filter(alliance_id__in=ids)
    for role in roles.select_related("school").order_by("starts_on", "id"):
        leads[role.alliance_id].append(role)
        names[("school", role.school_id)] = role.school.name

    agreements = defaultdict(list)
    versions = Agreement.objects.order_by("alliance_id", "-version").prefetch_related(
        Prefetch("signatures", queryset=AgreementSignature.objects.only("id", "agreement_id", "school_id")),
        Prefetch("accountabilities", queryset=Accountability.objects.select_related("accountable_school")),
    )
    if not all_alliances:
        versions = versions.filter(alliance_id__in=ids)
    for agreement in versions:
        agreements[agreement.alliance_id].append(agreement)

    criteria = defaultdict(dict)
    chosen = SuccessCriterion.objects.filter(academic_year=academic_year_of(start)).select_related("accountable_school")
    if not all_alliances:
        chosen = chosen.filter(alliance_id__in=ids)
    for criterion in chosen:
        criteria[criterion.alliance_id][criterion.measure] = criterion

    actuals = actuals_for(ids, start, end)
    return rows, outputs, names, leads, agreements, criteria, actuals


def _period(start, end):
    if start is None or end is None or end < start:
        raise ValueError("A review needs a start and an end on or after it.")
    return start, end


def review_for(alliance, start, end) -> AllianceReview:
    """The review of one alliance over a period (both days included)."""
    start, end = _period(start, end)
    rows, outputs, names, leads, agreements, criteria, actuals = _fetch([alliance], start, end)
    pk = alliance.pk
    return _build(alliance, start, end, rows[pk], outputs[pk], names, leads[pk], agreements[pk], criteria[pk], actuals[pk])


def reviews_for_all(start, end, alliances=None):
    """The review of every alliance (or of the given ones), by name, in the same fixed number of
    queries as one: the national roll-up and the Council's list."""
    return reviews_with_ledger_rows(start, end, alliances)[0]


def reviews_with_ledger_rows(start, end, alliances=None):
    """reviews_for_all's reviews and the grouped ledger rows they were made from, for callers that
    need both (the annual return's national figures): on a national ledger of a million entries
    each read takes seconds, so it is read once."""
    start, end = _period(start, end)
    every = alliances is None
    alliances = list(Alliance.objects.order_by("name", "id") if every else alliances)
    rows, outputs, names, leads, agreements, criteria, actuals = _fetch(alliances, start, end, all_alliances=every)
    reviews = [
        _build(alliance, start, end, rows[alliance.pk], outputs[alliance.pk], names, leads[alliance.pk],
               agreements[alliance.pk], criteria[alliance.pk], actuals[alliance.pk])
        for alliance in alliances
    ]
    return reviews, rows


# --- The national roll-up -------------------------------------------------------------------------

FILTERS = [*FLAG_KINDS, "kpi_not_met", "none"]


def matches(result, flag):
    """Whether a review has the flag asked for: a flag kind, "kpi_not_met" or "none" (no flags)."""
    if flag == "none":
        return not result.flags
    if flag == "kpi_not_met":
        return result.kpis_not_met > 0
    return flag in result.flag_kinds


def national(start, end):
    """Every alliance's review, kept until the data changes (or the day does: who leads is read
    for today), so filtering the Council's list does not recount the ledger on each page."""
    from registry import data_version

    name = f"reviews:{start.isoformat()}:{end.isoformat()}:{date.today().isoformat()}"
    return data_version.cached(name, lambda: reviews_for_all(start, end))
