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

Ungraded inspections give no grade of their own, but their outcome says in words what became of
the last one. That matters because Ofsted's recent files list graded inspections only from
September 2019: for a school last graded before then, the ungraded outcome is the only place
its grade appears. The most recent inspection that names a grade decides, and what the ungraded
inspections since then said can keep or withdraw it. The wordings in Ofsted's files are read so
(without regard to case or spacing):

- "School remains Good", "School remains Outstanding", "... (Improving) - S5 Next": that grade.
- "Standards maintained", "Improved significantly" (the outcomes from September 2024): the
  grade before carries forward; with none on record there is no answer.
- "... (Concerns) - S5 Next", "Some aspects not as strong": the inspector doubted the grade
  would hold at a graded inspection, so it is not counted as kept: no answer until Ofsted grades
  the school again, even when the grade before is on record.
- any other wording: no answer, and the reason quotes it.

The rules are read from settings.AT_LEAST_GOOD and can be passed in to compare readings.
"""
import re
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import lru_cache

from django.conf import settings

from registry.importers.bulk_sql import in_slices, update_rows
from registry.models import Inspection, OEIFGrade, ReportCardGrade, School

GOOD = OEIFGrade.GOOD
OUTCOME_OF_GRADE = {
    OEIFGrade.OUTSTANDING: School.Outcome.OUTSTANDING,
    OEIFGrade.GOOD: School.Outcome.GOOD,
    OEIFGrade.REQUIRES_IMPROVEMENT: School.Outcome.REQUIRES_IMPROVEMENT,
    OEIFGrade.INADEQUATE: School.Outcome.INADEQUATE,
}


@dataclass(frozen=True)
class Standing:
    at_least_good: bool | None  # None: no grade on record, or one in doubt
    reason: str
    inspection: Inspection | None = None  # the inspection the answer rests on
    outcome: str = School.Outcome.NOT_INSPECTED  # the searchable summary stored on the school


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
    return _graded(inspection, _rules(rules))


def _graded(inspection, rules):
    return replace(_read_graded(inspection, rules), outcome=_graded_outcome(inspection))


def _graded_outcome(inspection):
    if inspection.regime == Inspection.Regime.OEIF_GRADED:
        return OUTCOME_OF_GRADE[inspection.overall_effectiveness]
    if inspection.regime == Inspection.Regime.OEIF_NO_OVERALL:
        return School.Outcome.NO_OVERALL_GRADE
    return School.Outcome.REPORT_CARD


def _read_graded(inspection, rules):
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


class Says(Enum):
    """What an ungraded inspection's outcome says about the school's grade."""

    GRADE_KEPT = "names the grade it keeps"
    GRADE_DOUBTED = "names the grade but doubts it would hold"
    STANDARDS_KEPT = "keeps the grade before without naming it"
    STANDARDS_DOUBTED = "doubts the grade before without naming it"
    UNREAD = "a wording this module does not know"


@dataclass(frozen=True)
class UngradedWords:
    says: Says
    grade: OEIFGrade | None = None


# Ofsted's wordings, lower case with single spaces (see the module notes).
STANDARDS_KEPT = {"standards maintained", "improved significantly"}
STANDARDS_DOUBTED = {"some aspects not as strong"}
GRADE_OF_WORD = {grade.label.casefold(): grade for grade in OEIFGrade}
SCHOOL_REMAINS = re.compile(
    rf"school remains (?P<grade>{'|'.join(GRADE_OF_WORD)}) ?(?:\((?P<note>improving|concerns)\))? ?(?:[-–—] ?s5 next)?"
)


@lru_cache(maxsize=256)  # a national file repeats a handful of wordings thousands of times
def read_ungraded_outcome(outcome: str) -> UngradedWords:
    words = " ".join(outcome.split()).casefold()
    if words in STANDARDS_KEPT:
        return UngradedWords(Says.STANDARDS_KEPT)
    if words in STANDARDS_DOUBTED:
        return UngradedWords(Says.STANDARDS_DOUBTED)
    remains = SCHOOL_REMAINS.fullmatch(words)
    if remains:
        grade = GRADE_OF_WORD[remains["grade"]]
        return UngradedWords(Says.GRADE_DOUBTED if remains["note"] == "concerns" else Says.GRADE_KEPT, grade)
    return UngradedWords(Says.UNREAD)


def _recency(inspection):
    """Sort key: undated inspections count as oldest."""
    return (inspection.start_date or date.min, inspection.publication_date or date.min)


def _latest(inspections):
    return max(inspections, key=_recency, default=None)


def _found(inspection):
    return f'an ungraded inspection on {_when(inspection)} found \u201c{inspection.ungraded_outcome}\u201d'


def _named_grade(ungraded, words, graded_before):
    """The standing an ungraded inspection gives by naming the grade."""
    label = words.grade.label
    if graded_before is None:
        # Ofsted's files list graded inspections from September 2019 only.
        before = "last graded before September 2019"
    else:
        before = f"last graded at the inspection of {_when(graded_before)}"
    if words.says == Says.GRADE_DOUBTED:
        return Standing(
            None,
            f"No answer: {_found(ungraded)} ({before}). The school keeps its {label} grade for now, but the inspector "
            f"doubted it would hold at a graded inspection, so it is not counted as kept until Ofsted grades the school again.",
            ungraded,
            OUTCOME_OF_GRADE[words.grade],
        )
    # Variants such as "(Improving) - S5 Next" are quoted as Ofsted wrote them.
    plain = ungraded.ungraded_outcome.strip() == f"School remains {label}"
    words_used = "" if plain else f" Ofsted's words: \u201c{ungraded.ungraded_outcome}\u201d."
    return Standing(
        words.grade <= GOOD,
        f"{label}: an ungraded inspection on {_when(ungraded)} found the school remains {label} ({before}).{words_used}",
        ungraded,
        OUTCOME_OF_GRADE[words.grade],
    )


def _since(standing, later):
    """What later ungraded inspections (newest first, none naming a grade) make of a standing."""
    if not later:
        return standing
    doubting = [i for i in later if read_ungraded_outcome(i.ungraded_outcome).says != Says.STANDARDS_KEPT]
    if standing is None:
        latest = (doubting or later)[0]
        return Standing(
            None,
            f"No answer: {_found(latest)}, which names no grade, and no earlier grade is on record "
            "(Ofsted's files list graded inspections from September 2019 only).",
            latest,
            School.Outcome.UNGRADED_ONLY,
        )
    if doubting:
        latest = doubting[0]
        return Standing(
            None,
            f"No answer: later, {_found(latest)}, so the grade before it is not counted as kept until Ofsted "
            f"grades the school again. The grade before: {standing.reason}",
            latest,
            standing.outcome,
        )
    return replace(standing, reason=f"{standing.reason} Since then {_found(later[0])}, so that grade carries forward.")


def standing_from_inspections(inspections, rules=None) -> Standing:
    """The standing given a school's inspections (any order). See the module notes."""
    return _standing(inspections, _rules(rules))


def _standing(inspections, rules):
    history = sorted(inspections, key=_recency, reverse=True)
    if not history:
        return Standing(None, "No inspection on record.")
    later = []  # ungraded inspections newer than any grade found so far (none names one), newest first
    for position, inspection in enumerate(history):
        if inspection.is_graded:
            return _since(_graded(inspection, rules), later)
        if inspection.regime != Inspection.Regime.UNGRADED:
            continue
        words = read_ungraded_outcome(inspection.ungraded_outcome)
        if words.grade is not None:
            graded_before = next((i for i in history[position:] if i.is_graded), None)
            return _since(_named_grade(inspection, words, graded_before), later)
        later.append(inspection)
    if later:
        return _since(None, later)
    return Standing(
        None, "No graded inspection on record, and no ungraded outcome to read.", history[0], School.Outcome.UNGRADED_ONLY
    )


def at_least_good(school: School, rules=None) -> Standing:
    """Was this school at least Good at its most recent inspection? See the module notes."""
    return standing_from_inspections(school.inspections.all(), rules)


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
    rules = _rules(None)  # checked once, not once a school
    for school_id, inspections in by_school.items():
        standing = _standing(inspections, rules)
        latest_any = _latest(inspections)
        latest_date = latest_any.start_date if latest_any else None
        summaries.append((School.Outcome(standing.outcome).value, standing.at_least_good, latest_date, school_id))
    # One prepared UPDATE for every school: bulk_update's CASE statements took most of an import.
    update_rows(School, ("latest_outcome", "at_least_good", "latest_inspection_date"), summaries)
    return len(summaries)
