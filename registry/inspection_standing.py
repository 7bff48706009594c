"""Was this school at least Good at its most recent inspection?

Teaching school designation (and much else) turns on this question, and Ofsted has answered it
in three different ways:

1. Until 1 September 2024: an overall effectiveness grade, 1 (Outstanding) to 4 (Inadequate).
   At least Good means grade 1 or 2.
2. From 2 September 2024 to 9 November 2025: no overall grade, but four key judgements
   (quality of education; behaviour and attitudes; personal development; leadership and
   management) on the same 1 to 4 scale, and safeguarding effective or not. With
   `subjudgement_rule = "all"` (the default) every key judgement must be Good or better; with
   `"leadership"` only leadership and management counts. Ineffective safeguarding is never Good.
3. From 10 November 2025: report cards, each evaluation area graded Exceptional, Strong
   standard, Expected standard, Needs attention or Urgent improvement, and safeguarding met or
   not met. At least Good means every graded area at `report_card_minimum` (default: Expected
   standard) or better, and safeguarding met.

Ungraded inspections do not change a school's grade (Ofsted's own rule: "School remains Good"),
so the most recent *graded* inspection decides; a later ungraded one is mentioned in the reason.
The rules are read from settings.AT_LEAST_GOOD and can be passed in to compare readings.
"""
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from registry.importers.bulk_sql import in_slices, update_rows
from registry.models import Inspection, OEIFGrade, ReportCardGrade, School

GOOD = OEIFGrade.GOOD


@dataclass(frozen=True)
class Standing:
    at_least_good: bool | None  # None: never inspected under any graded regime
    reason: str
    inspection: Inspection | None = None


def _rules(rules):
    merged = dict(settings.AT_LEAST_GOOD)
    merged.update(rules or {})
    if merged["subjudgement_rule"] not in {"all", "leadership"}:
        raise ValueError("subjudgement_rule must be 'all' or 'leadership'")
    ReportCardGrade.rank(merged["report_card_minimum"])  # raises ValueError if unknown
    return merged


def _when(inspection):
    return f"{inspection.start_date:%-d %B %Y}" if inspection.start_date else "an undated inspection"


def standing_of_inspection(inspection: Inspection, rules=None) -> Standing:
    """Read one graded inspection under its own regime."""
    rules = _rules(rules)
    when = _when(inspection)
    if inspection.regime == Inspection.Regime.OEIF_GRADED:
        grade = inspection.overall_effectiveness
        return Standing(
            grade <= GOOD, f"Overall effectiveness {OEIFGrade(grade).label} at the inspection of {when}.", inspection
        )
    if inspection.regime == Inspection.Regime.OEIF_NO_OVERALL:
        if inspection.safeguarding_effective is False:
            return Standing(False, f"Safeguarding was not effective at the inspection of {when}.", inspection)
        names = Inspection.KEY_JUDGEMENTS if rules["subjudgement_rule"] == "all" else ("leadership_and_management",)
        below = [
            Inspection._meta.get_field(name).verbose_name
            for name in names
            if getattr(inspection, name) is None or getattr(inspection, name) > GOOD
        ]
        if below:
            return Standing(
                False,
                f"Below Good or not judged in {', '.join(below)} at the inspection of {when} (no overall grade).",
                inspection,
            )
        return Standing(True, f"Key judgements Good or better at the inspection of {when} (no overall grade).", inspection)
    if inspection.regime == Inspection.Regime.REPORT_CARD:
        if inspection.safeguarding_standards_met is not True:
            return Standing(False, f"Safeguarding standards not met at the report-card inspection of {when}.", inspection)
        minimum = ReportCardGrade.rank(rules["report_card_minimum"])
        graded = [(name, getattr(inspection, name)) for name in Inspection.REPORT_CARD_AREAS if getattr(inspection, name)]
        below = [
            f"{Inspection._meta.get_field(name).verbose_name} ({ReportCardGrade(grade).label})"
            for name, grade in graded
            if ReportCardGrade.rank(grade) > minimum
        ]
        threshold = ReportCardGrade(rules["report_card_minimum"]).label
        if below:
            return Standing(False, f"Below {threshold}: {', '.join(below)}, at the report-card inspection of {when}.", inspection)
        if not graded:
            return Standing(None, f"No evaluation areas graded at the report-card inspection of {when}.", inspection)
        return Standing(True, f"Every area {threshold} or better at the report-card inspection of {when}.", inspection)
    raise ValueError(f"{inspection.get_regime_display()} has no grade to read")


def _latest(inspections):
    """The most recent inspection; undated ones count as oldest."""
    return max(inspections, key=lambda i: (i.start_date or date.min, i.publication_date or date.min), default=None)


def standing_from_inspections(inspections, rules=None) -> Standing:
    """The standing given a school's inspections (any order)."""
    inspections = list(inspections)
    graded = _latest([i for i in inspections if i.is_graded])
    if graded is None:
        return Standing(None, "No graded inspection on record.")
    standing = standing_of_inspection(graded, rules)
    later = _latest(
        [i for i in inspections if i.regime == Inspection.Regime.UNGRADED and i.start_date and graded.start_date and i.start_date > graded.start_date]
    )
    if later is not None:
        standing = Standing(
            standing.at_least_good,
            f"{standing.reason} A later ungraded inspection ({_when(later)}) found: {later.ungraded_outcome}.",
            graded,
        )
    return standing


def at_least_good(school: School, rules=None) -> Standing:
    """Was this school at least Good at its most recent graded inspection? See the module notes."""
    return standing_from_inspections(school.inspections.all(), rules)


def _outcome(inspection):
    if inspection is None:
        return School.Outcome.NOT_INSPECTED
    if inspection.regime == Inspection.Regime.OEIF_GRADED:
        return {
            1: School.Outcome.OUTSTANDING,
            2: School.Outcome.GOOD,
            3: School.Outcome.REQUIRES_IMPROVEMENT,
            4: School.Outcome.INADEQUATE,
        }[inspection.overall_effectiveness]
    if inspection.regime == Inspection.Regime.OEIF_NO_OVERALL:
        return School.Outcome.NO_OVERALL_GRADE
    return School.Outcome.REPORT_CARD


def refresh_inspection_summaries(school_ids) -> int:
    """Recompute the searchable summary (latest outcome, at least Good) of these schools."""
    school_ids = set(school_ids)
    if not school_ids:
        return 0
    by_school = {school_id: [] for school_id in school_ids}
    for ids in in_slices(school_ids):
        for inspection in Inspection.objects.filter(school_id__in=ids):
            by_school[inspection.school_id].append(inspection)
    summaries = []
    for school_id, inspections in by_school.items():
        standing = standing_from_inspections(inspections)
        latest_any = _latest(inspections)
        latest_date = latest_any.start_date if latest_any else None
        summaries.append((_outcome(standing.inspection).value, standing.at_least_good, latest_date, school_id))
    # One prepared UPDATE for every school: bulk_update's CASE statements took most of an import.
    update_rows(School, ("latest_outcome", "at_least_good", "latest_inspection_date"), summaries)
    return len(summaries)
