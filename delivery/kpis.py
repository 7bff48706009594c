"""Success criteria: the targets an alliance sets itself per delivery area and academic year, with
the school accountable for each. Progress is computed from the records and never typed in.

The six national KPIs teaching schools were asked to meet from 2018 (three areas, two each) are
the measures, and their targets the defaults "Use the national KPIs" sets in one press (facts
copied from the 2018 KPI list; see delivery/data/SOURCES.md):

- 1.1 Teachers trained per year: at least 15. Counted: trainees in the alliance's cohorts for the
  academic year (as the ITT pages count them, delivery/itt_progress.py).
- 1.2 Trainees who secure a teaching post within six months: at or above the national rate the
  Council enters for the year. Of trainees awarded QTS whose employment is known.
- 2.1 CPD and leadership days delivered: at least 50. Counted: each session of the alliance's
  published CPD and leadership programmes held in the period gives its length in hours divided by
  6 (a day of CPD is six hours of sessions), whatever the number of participants.
- 2.2 Participants positive: at least 90 %. Of the evaluations submitted in the period for those
  programmes, the share that answer the national question positively: practice improved (yes or
  partly) and the benefits outweighed the workload (delivery/evaluations.is_positive).
- 3.1 Days of support to schools needing it: at least 30. Counted: days delivered of support
  (not withdrawn) ending in the period, where the supported school's latest inspection when the
  support started (`outcome_before`) was Requires improvement or Inadequate.
- 3.2 Support rated good or better: at least 90 %. Of the support ending in the period that the
  supported school has rated, the share rated Outstanding or Good.

An academic year starts on 1 September: year 2026 runs from 1 September 2026 to 31 August 2027.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from alliances.models import Agreement, DeliveryArea
from alliances.permissions import can_manage, require
from alliances.rules import RuleBroken
from delivery.models import (
    Evaluation, NationalRate, Session, SuccessCriterion, SupportAssignment, Trainee, academic_year_label, academic_year_starts,
)
from registry.models import School

Measure = SuccessCriterion.Measure
HOURS_PER_CPD_DAY = 6
NEEDING_SUPPORT = (School.Outcome.REQUIRES_IMPROVEMENT, School.Outcome.INADEQUATE)
GOOD_OR_BETTER = (SupportAssignment.Rating.OUTSTANDING, SupportAssignment.Rating.GOOD)
# The national question answered positively (the same rule as delivery.evaluations.is_positive).
POSITIVE = Q(improved_practice__in=("yes", "partly"), outweighed_workload="yes")
TENTH = Decimal("0.1")


def academic_year_bounds(year):
    """(1 September of the year, 31 August of the next): 2026 -> 2026-09-01 .. 2027-08-31."""
    return academic_year_starts(year), academic_year_starts(year + 1) - timedelta(days=1)


def academic_year_of(day):
    return day.year if day.month >= 9 else day.year - 1


def current_academic_year(today=None):
    return academic_year_of(today or date.today())


@dataclass(frozen=True)
class MeasureDefinition:
    measure: str
    kpi_id: str
    area: str
    text: str
    default_target: Decimal | None
    percentage: bool
    unit: str  # how the target and the actual read: "trainees", "days" or "%"

    def target_text(self, target):
        if target is None:
            return "At or above the national rate"
        shown = f"{target.normalize():f}" if isinstance(target, Decimal) else str(target)
        return f"At least {shown}%" if self.percentage else f"At least {shown} {self.unit}"


MEASURES = {
    Measure.TRAINEES: MeasureDefinition(
        Measure.TRAINEES, "1.1", DeliveryArea.ITT, "Teachers trained per year", Decimal(15), False, "trainees"
    ),
    Measure.EMPLOYMENT: MeasureDefinition(
        Measure.EMPLOYMENT, "1.2", DeliveryArea.ITT, "Trainees who secure a teaching post within six months", None, True, "%"
    ),
    Measure.CPD_DAYS: MeasureDefinition(
        Measure.CPD_DAYS, "2.1", DeliveryArea.CPD, "CPD and leadership days delivered", Decimal(50), False, "days"
    ),
    Measure.CPD_POSITIVE: MeasureDefinition(
        Measure.CPD_POSITIVE, "2.2", DeliveryArea.CPD,
        "Participants who say it improved practice and its benefits outweighed the workload", Decimal(90), True, "%",
    ),
    Measure.SUPPORT_DAYS: MeasureDefinition(
        Measure.SUPPORT_DAYS, "3.1", DeliveryArea.SCHOOL_SUPPORT, "Days of support to schools needing it", Decimal(30), False, "days"
    ),
    Measure.SUPPORT_GOOD: MeasureDefinition(
        Measure.SUPPORT_GOOD, "3.2", DeliveryArea.SCHOOL_SUPPORT, "Support rated good or better by the supported school",
        Decimal(90), True, "%",
    ),
}


@dataclass(frozen=True)
class Actual:
    value: Decimal | None  # None: nothing to compute it from yet
    text: str  # what it is made of, in words
    national_rate: Decimal | None = None  # for employment


def _day_starts(day):
    """Midnight at the start of the day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _years_in(start, end):
    return list(range(academic_year_of(start), academic_year_of(end) + 1))


def actuals_for(alliance_ids, start, end):
    """{alliance id: {measure: Actual}} for the period, in six queries whatever the number of
    alliances or records: each measure is counted in the database, grouped by alliance."""
    alliance_ids = list(alliance_ids)
    years = _years_in(start, end)
    found = {pk: {} for pk in alliance_ids}

    qts = Q(state=Trainee.State.QTS_AWARDED)
    trainees = (
        Trainee.objects.filter(cohort__alliance_id__in=alliance_ids, cohort__academic_year__in=years)
        .values("cohort__alliance_id").order_by()
        .annotate(
            n=Count("id"), employed=Count("id", filter=qts & Q(employed_within_six_months=Trainee.Employed.YES)),
            not_employed=Count("id", filter=qts & Q(employed_within_six_months=Trainee.Employed.NO)),
        )
    )
    itt = {row["cohort__alliance_id"]: row for row in trainees}
    rate = (
        NationalRate.objects.filter(measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS, year=years[0])
        .values_list("value", flat=True).first()
    )

    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    sessions = (
        Session.objects.filter(
            programme__alliance_id__in=alliance_ids, programme__published=True, programme__area=DeliveryArea.CPD,
            date__gte=start, date__lte=end,
        )
        .values("programme__alliance_id").order_by().annotate(length=Sum(length), n=Count("id"))
    )
    cpd = {row["programme__alliance_id"]: row for row in sessions}

    evaluations = (
        Evaluation.objects.filter(
            booking__programme__alliance_id__in=alliance_ids, booking__programme__area=DeliveryArea.CPD,
            # The moments themselves, not __date: SQLite would call Python for every row's date.
            submitted_at__gte=_day_starts(start), submitted_at__lt=_day_starts(end + timedelta(days=1)),
        )
        .values("booking__programme__alliance_id").order_by().annotate(n=Count("id"), positive=Count("id", filter=POSITIVE))
    )
    views = {row["booking__programme__alliance_id"]: row for row in evaluations}

    support = (
        SupportAssignment.objects.filter(alliance_id__in=alliance_ids, ends_on__gte=start, ends_on__lte=end)
        .exclude(state=SupportAssignment.State.WITHDRAWN)
        .values("alliance_id").order_by()
        .annotate(
            needing_days=Sum("days_delivered", filter=Q(outcome_before__in=NEEDING_SUPPORT)),
            needing=Count("id", filter=Q(outcome_before__in=NEEDING_SUPPORT, days_delivered__gt=0)),
            rated=Count("id", filter=Q(rating__isnull=False)),
            good=Count("id", filter=Q(rating__in=GOOD_OR_BETTER)),
        )
    )
    s2s = {row["alliance_id"]: row for row in support}

    for pk in alliance_ids:
        row = itt.get(pk, {"n": 0, "employed": 0, "not_employed": 0})
        known = row["employed"] + row["not_employed"]
        found[pk][Measure.TRAINEES] = Actual(Decimal(row["n"]), f"{row['n']} trainee{'s' if row['n'] != 1 else ''} in the year's cohorts")
        found[pk][Measure.EMPLOYMENT] = Actual(
            _percent(row["employed"], known),
            f"{row['employed']} of {known} trainees awarded QTS whose employment is known" if known else "No QTS trainee's employment is known yet",
            national_rate=rate,
        )
        row = cpd.get(pk)
        hours = Decimal(row["length"].total_seconds()) / 3600 if row and row["length"] else Decimal(0)
        days = (hours / HOURS_PER_CPD_DAY).quantize(TENTH, rounding=ROUND_HALF_UP)
        sessions_n = row["n"] if row else 0
        found[pk][Measure.CPD_DAYS] = Actual(days, f"{sessions_n} session{'s' if sessions_n != 1 else ''}, {hours.quantize(TENTH)} hours")
        row = views.get(pk, {"n": 0, "positive": 0})
        found[pk][Measure.CPD_POSITIVE] = Actual(
            _percent(row["positive"], row["n"]),
            f"{row['positive']} of {row['n']} evaluations positive" if row["n"] else "No evaluations yet",
        )
        row = s2s.get(pk, {"needing_days": None, "needing": 0, "rated": 0, "good": 0})
        needing_days = Decimal(row["needing_days"] or 0).quantize(TENTH)
        found[pk][Measure.SUPPORT_DAYS] = Actual(
            needing_days, f"{row['needing']} assignment{'s' if row['needing'] != 1 else ''} to schools needing support"
        )
        found[pk][Measure.SUPPORT_GOOD] = Actual(
            _percent(row["good"], row["rated"]),
            f"{row['good']} of {row['rated']} rated good or better" if row["rated"] else "No support rated yet",
        )
    return found


def is_met(definition, target, actual):
    """True or False; None when there is nothing to compare yet (no figure, or no national rate)."""
    if actual.value is None:
        return None
    if definition.measure == Measure.EMPLOYMENT and target is None:
        return None if actual.national_rate is None else actual.value >= actual.national_rate
    if target is None:
        return None
    return actual.value >= target


def actual_text(definition, actual):
    if actual.value is None:
        return "None yet"
    shown = f"{actual.value.normalize():f}"
    return f"{shown}%" if definition.percentage else f"{shown} {definition.unit}"


# --- Who is accountable -----------------------------------------------------------------------------


def signed_agreement(agreements, lead_ids):
    """The newest of the agreement versions (newest first, signatures prefetched) that every one of
    the given lead schools has signed, or None."""
    for agreement in agreements:
        signed = {signature.school_id for signature in agreement.signatures.all()}
        if lead_ids and set(lead_ids) <= signed:
            return agreement
    return None


def default_accountable(alliance, area):
    """The school the alliance's latest signed agreement makes accountable for the area, else the
    first of its current lead schools by name."""
    leads = list(alliance.lead_schools())
    agreements = Agreement.objects.filter(alliance=alliance).order_by("-version").prefetch_related("signatures", "accountabilities__accountable_school")
    agreement = signed_agreement(agreements, [school.pk for school in leads])
    if agreement:
        for item in agreement.accountabilities.all():
            if item.area == area:
                return item.accountable_school
    return leads[0] if leads else None


# --- Setting targets ------------------------------------------------------------------------------


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools set its success criteria.")


def _target_problems(definition, target):
    if target is None:
        return [] if definition.measure == Measure.EMPLOYMENT else [f"Give a target for {definition.text.lower()}."]
    problems = []
    if target < 0:
        problems.append(f"Give a target for {definition.text.lower()} of 0 or more.")
    if definition.percentage and target > 100:
        problems.append(f"Give a target for {definition.text.lower()} of at most 100%.")
    if target != target.quantize(TENTH):
        problems.append(f"Give the target for {definition.text.lower()} to at most one decimal place.")
    return problems


@transaction.atomic
def set_criteria(user, alliance, year, targets):
    """Set or change the targets for a year: `targets` maps a measure to (target, accountable school).
    All or none; every reason at once. simple-history keeps each change with who and when."""
    _require_manager(user, alliance)
    leads = {school.pk for school in alliance.lead_schools()}
    problems = []
    if year is None or not 2000 <= year <= date.today().year + 5:
        problems.append("Choose an academic year.")
    if not targets:
        problems.append("Give at least one target.")
    for measure, (target, school) in targets.items():
        definition = MEASURES.get(measure)
        if definition is None:
            problems.append(f"{measure} is not a measure the site can compute.")
            continue
        problems += _target_problems(definition, target)
        if school is None:
            problems.append(f"Choose the school accountable for {definition.text.lower()}.")
        elif school.pk not in leads:
            problems.append(f"{school.name} does not lead {alliance.name}, so it cannot be accountable for {definition.text.lower()}.")
    if problems:
        raise RuleBroken(problems)
    saved = []
    for measure, (target, school) in targets.items():
        criterion = SuccessCriterion.objects.select_for_update().filter(alliance=alliance, academic_year=year, measure=measure).first()
        if criterion is None:
            criterion = SuccessCriterion(alliance=alliance, academic_year=year, measure=measure, area=MEASURES[measure].area)
        criterion.target, criterion.accountable_school, criterion.changed_by = target, school, user
        criterion._history_user = user  # kept in the history outside a request too
        criterion.save()
        saved.append(criterion)
    return saved


def use_national_kpis(user, alliance, year):
    """Create the six national KPIs as the year's criteria, each with its default accountable
    school; measures the alliance already set for the year are left as they are."""
    _require_manager(user, alliance)
    have = set(SuccessCriterion.objects.filter(alliance=alliance, academic_year=year).values_list("measure", flat=True))
    missing = [definition for measure, definition in MEASURES.items() if measure not in have]
    if not missing:
        raise RuleBroken(f"Every national KPI is already set for {academic_year_label(year)}: change the targets instead.")
    accountable = {area: default_accountable(alliance, area) for area in DeliveryArea.values}
    if not any(accountable.values()):
        raise RuleBroken(f"{alliance.name} has no lead school to be accountable.")
    return set_criteria(user, alliance, year, {d.measure: (d.default_target, accountable[d.area]) for d in missing})


def criteria_for(alliance, year):
    return list(alliance.success_criteria.filter(academic_year=year).select_related("accountable_school"))

