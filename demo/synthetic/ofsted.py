"""Ofsted "latest inspections" management information for the synthetic schools.

Each open state-funded school gets an inspection history; inspections before an academy
opened belong to its predecessor's URN (the files then say the inspection does not relate
to the current URN). Both files are views of the same histories at two dates, so
importing both gives every school several inspections that agree with each other:

- as at 31 Aug 2024 (74 columns): latest graded inspection (overall effectiveness 1-4)
  and the one before it, plus the latest ungraded inspection since;
- as at 30 Jun 2026 (85 columns): the latest report-card inspection, the latest graded
  inspection under the education inspection framework ("OEIF": from Sept 2019; from
  2 Sept 2024 "Not judged" overall) and the latest ungraded inspection.

Regimes in the 2026 file, by share of open state-funded schools (named constants below):
never inspected (new schools, ~2%), a report card (~12%), graded "Not judged" (~15%),
last graded before Sept 2019 with only ungraded inspections since (~5%: real files leave
their OEIF columns NULL, the 2024 file still has the grade), the rest graded 2019-2024.

Missing values are `NULL`; an empty category of concern means "inspected, no concern".
The 2026 file is UTF-8. The 2024 file is Windows-1252, as Ofsted's original appears to be
(its "Schools – Section 8 conversion" has a cp1252 en dash).
"""

import csv
import datetime as dt
from dataclasses import dataclass, field

from .establishment_types import RELIGIONS, ofsted_phase
from .headers import OFSTED_2024_COLUMNS, OFSTED_2026_COLUMNS
from .sampling import weighted

AS_AT_2024 = dt.date(2024, 8, 31)
AS_AT_2026 = dt.date(2026, 6, 30)
EIF_START = dt.date(2019, 9, 1)
NOT_JUDGED_FROM = dt.date(2024, 9, 2)
REPORT_CARDS_FROM = dt.date(2025, 11, 10)

REPORT_CARD_SHARE = 0.12
NOT_JUDGED_SHARE = 0.15
PRE_EIF_SHARE = 0.05
UNGRADED_CHANCE = 0.3  # of Good/Outstanding schools; the pre-EIF ones all have one

# Windows for each kind of latest inspection; graded ones end early enough to be
# published by 31 Aug 2024, report cards early enough to be published by 30 Jun 2026.
WINDOWS = {
    "pre_eif": (dt.date(2012, 9, 10), dt.date(2019, 7, 12)),
    "graded": (dt.date(2019, 9, 10), dt.date(2024, 7, 3)),
    "not_judged": (dt.date(2024, 9, 10), dt.date(2025, 11, 6)),
    "report_card": (dt.date(2025, 11, 11), dt.date(2026, 5, 5)),
}
ESCALATION = ("pre_eif", "graded", "not_judged", "report_card")
LAST_UNGRADED = dt.date(2025, 11, 6)

NULL = "NULL"
REPORT_CARD_GRADES = ("Exceptional", "Strong standard", "Expected standard", "Needs attention", "Urgent improvement")
REPORT_CARD_AREAS = (
    ("Inclusion", "Inclusion - date of grade"),
    ("Curriculum and teaching", "Curriculum and teaching - date of grade"),
    ("Achievement", "Achievement - date of grade"),
    ("Attendance and behaviour", "Attendance and behaviour - date of grade"),
    ("Personal development and wellbeing", "Personal development and wellbeing - date of grade"),
    ("Early years (where applicable)", "Early years - date of grade"),
    ("Post-16 provision (where applicable)", "Post-16 provision - date of grade"),
    ("Leadership and governance", "Leadership and governance - date of grade"),
)


@dataclass(slots=True, eq=False)
class Inspection:
    kind: str  # pre_eif, graded, not_judged, report_card or ungraded
    start: dt.date
    published: dt.date
    subject: object  # the establishment (URN) inspected
    inspection_type: str = "S5 Inspection"
    grouping: str = "S5 Inspection"
    event: str = "Schools - S5"
    grades: dict = field(default_factory=dict)
    category: str = ""
    outcome: str = ""
    number: str = ""

    @property
    def overall(self):
        return self.grades.get("overall")


def ofsted_date(day):
    return NULL if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


# --------------------------------------------------------------------------- dates

def _inspection_day(rng, first, last):
    """A Tuesday or Wednesday in term time between first and last (inclusive, if possible)."""
    day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    if day.month == 8:
        day = day.replace(month=9, day=10)
    elif day.month == 12 and day.day > 16:
        day = dt.date(day.year + 1, 1, 8)
    day += dt.timedelta(days=(rng.choice((1, 2)) - day.weekday()) % 7)
    if day > last:  # never after `last`: publication deadlines depend on it
        day = last - dt.timedelta(days=(last.weekday() - 1) % 7)  # the Tuesday on or before
    while day.month == 8 or (day.month == 12 and day.day > 16):  # stepped back into a holiday
        day -= dt.timedelta(days=7)
    return day


def _published(rng, start):
    return start + dt.timedelta(days=rng.randint(25, 55))  # four to eight weeks


# --------------------------------------------------------------------------- grades

def _near(rng, grade, spread=0.2, low=1, high=4):
    """A grade equal to `grade` most of the time, one step away otherwise."""
    if rng.random() >= spread:
        return grade
    return min(max(grade + rng.choice((-1, 1)), low), high)


def _has_early_years(school):
    return school.low_age is not None and school.low_age <= 4 and school.kind not in ("secondary", "alternative")


def _has_sixth_form(school):
    return school.sixth_form == "Has a sixth form"


def _concern(rng):
    return weighted(rng, {"SM": 60, "SWK": 40})


# Overall effectiveness of the latest graded inspection (brief: 17/72/9/2 per cent);
# earlier inspections were a little weaker; schools left alone since before Sept 2019
# were mostly Outstanding (the exemption).
LATEST_WEIGHTS = {1: 17, 2: 72, 3: 9, 4: 2}
EARLIER_WEIGHTS = {1: 15, 2: 60, 3: 20, 4: 5}
EXEMPT_WEIGHTS = {1: 70, 2: 30}


def _graded_grades(rng, school, kind, overall_weights):
    """Grades of a graded inspection; before the EIF only some judgements existed ("9")."""
    overall = weighted(rng, overall_weights)
    eif = kind in ("graded", "not_judged")
    better = max(1, overall - (rng.random() < 0.3))  # behaviour is often judged higher
    grades = {
        "overall": "Not judged" if kind == "not_judged" else str(overall),
        "quality": str(_near(rng, overall, 0.1)) if eif else "9",
        "behaviour": str(_near(rng, better, 0.1)) if eif else "9",
        "personal": str(_near(rng, better, 0.1)) if eif else "9",
        "leadership": str(_near(rng, overall, 0.1)),
        "safeguarding": ("No" if overall == 4 and rng.random() < 0.5 else "Yes") if eif else "9",
        "early_years": str(_near(rng, overall)) if _has_early_years(school) else "9",
        "sixth_form": str(_near(rng, overall)) if _has_sixth_form(school) else "9",
    }
    return grades, overall


def _report_card_grades(rng, school):
    # Most schools are graded alike across areas; about a quarter have at least one area below
    # Expected standard, roughly as in Ofsted's first report-card publications.
    level = REPORT_CARD_GRADES.index(weighted(rng, dict(zip(REPORT_CARD_GRADES, (3, 25, 60, 10, 2)))))
    grades = {}
    for area, _ in REPORT_CARD_AREAS:
        if area.startswith("Early years") and not _has_early_years(school):
            grades[area] = "Not applicable"
        elif area.startswith("Post-16") and not _has_sixth_form(school):
            grades[area] = "Not applicable"
        else:
            grades[area] = REPORT_CARD_GRADES[_near(rng, level, 0.06, 0, 4)]
    grades["Safeguarding standards"] = "Met" if rng.random() < 0.97 else "Not met"
    return grades


# --------------------------------------------------------------------------- histories

class _Lineage:
    """A school and, before it opened, the establishment it replaced."""

    def __init__(self, school):
        self.school = school
        self.earliest = None
        if school.predecessor is None and school.open_date is not None:
            self.earliest = school.open_date + dt.timedelta(days=120)

    def subject(self, day):
        school = self.school
        if school.open_date is not None and day < school.open_date and school.predecessor is not None:
            return school.predecessor
        return school

    def window(self, kind):
        first, last = WINDOWS[kind]
        if self.earliest is not None:
            first = max(first, self.earliest)
        return (first, last) if first <= last else None


def _graded_inspection(rng, lineage, kind, first, last, weights):
    start = _inspection_day(rng, first, last)
    grades, overall = _graded_grades(rng, lineage.school, kind, weights)
    inspection = Inspection(kind=kind, start=start, published=_published(rng, start),
                            subject=lineage.subject(start), grades=grades)
    if overall == 4 or (kind == "not_judged" and "4" in (grades["quality"], grades["leadership"])):
        inspection.category = _concern(rng)
    return inspection


def _prior_grade(inspection):
    if inspection is None:
        return None
    return inspection.grades["quality"] if inspection.kind == "not_judged" else inspection.overall


def _set_type(rng, inspection, previous):
    """Inspection type, grouping and event grouping, which depend on the one before."""
    prior = _prior_grade(previous)
    if prior == "3" and rng.random() < 0.7:
        inspection.inspection_type = inspection.grouping = "Requires Improvement S5 Reinspection Visit 1"
    elif inspection.kind == "pre_eif" and inspection.start >= dt.date(2015, 9, 1) and rng.random() < 0.15:
        inspection.inspection_type = "Maintained Academy and School Short inspection"
        inspection.grouping = "Section 8 conversion"
        inspection.event = "Schools \u2013 Section 8 conversion"  # en dash, as Ofsted has it
    elif inspection.kind == "graded" and prior == "1" and inspection.start >= dt.date(2021, 9, 1) and rng.random() < 0.4:
        inspection.inspection_type = "Exempt School Inspection"
        inspection.grouping = "Section 8 deemed section 5"
        inspection.event = "Schools - S8 deemed S5"


def _previous_graded(rng, lineage, latest):
    """The graded inspection three to six years before `latest`, if the school existed then."""
    day = latest.start - dt.timedelta(days=rng.randint(3 * 365, 6 * 365))
    if lineage.earliest is not None and day < lineage.earliest:
        return None
    kind = "graded" if day >= WINDOWS["graded"][0] else "pre_eif"
    first = max(day - dt.timedelta(days=60), WINDOWS[kind][0] if kind == "graded" else dt.date(2008, 9, 1))
    previous = _graded_inspection(rng, lineage, kind, first, day, EARLIER_WEIGHTS)
    _set_type(rng, previous, None)
    return previous


def _ungraded(rng, lineage, graded, first, last):
    """An ungraded inspection of a Good or Outstanding school, between two dates."""
    last = min(last, LAST_UNGRADED)
    if first > last:
        return None
    start = _inspection_day(rng, first, last)
    if start >= NOT_JUDGED_FROM:
        outcome = weighted(rng, {"Standards maintained": 80, "Improved significantly": 8, "Some aspects not as strong": 12})
    elif graded.overall == "1":
        outcome = weighted(rng, {"School remains Outstanding": 75, "School remains Outstanding (Concerns) - S5 Next": 25})
    else:
        outcome = weighted(rng, {"School remains Good": 75, "School remains Good (Improving) - S5 Next": 10,
                                 "School remains Good (Concerns) - S5 Next": 15})
    return Inspection(kind="ungraded", start=start, published=_published(rng, start),
                      subject=lineage.subject(start), inspection_type="", grouping="", event="", outcome=outcome)


def _years_after(inspection, low, high, rng):
    return inspection.start + dt.timedelta(days=rng.randint(int(low * 365), int(high * 365)))


def _graded_history(rng, lineage, kind):
    """Latest graded inspection of `kind`, usually one before it, and ungraded ones since."""
    first, last = lineage.window(kind)
    weights = EXEMPT_WEIGHTS if kind == "pre_eif" else LATEST_WEIGHTS
    latest = _graded_inspection(rng, lineage, kind, first, last, weights)
    previous = _previous_graded(rng, lineage, latest) if kind == "not_judged" or rng.random() < 0.85 else None
    _set_type(rng, latest, previous)
    history = [i for i in (previous, latest) if i is not None]
    if kind == "pre_eif":  # left alone since: one or two ungraded visits
        if latest.start < dt.date(2013, 9, 1) and rng.random() < 0.15:
            # A visit before Sept 2015 and none since: an old ITS-numbered ungraded inspection.
            visit = _ungraded(rng, lineage, latest, _years_after(latest, 1, 1.5, rng), dt.date(2015, 7, 10))
            return history + ([visit] if visit else [])
        visit = _ungraded(rng, lineage, latest, _years_after(latest, 3, 5, rng), _years_after(latest, 6, 8, rng))
        if visit:
            history.append(visit)
            if rng.random() < 0.3:
                again = _ungraded(rng, lineage, latest, _years_after(visit, 1.5, 2, rng), LAST_UNGRADED)
                history += [again] if again else []
    elif kind == "graded" and latest.overall in ("1", "2") and rng.random() < UNGRADED_CHANCE:
        visit = _ungraded(rng, lineage, latest, _years_after(latest, 1.5, 3, rng), LAST_UNGRADED)
        history += [visit] if visit else []
    return history


def _report_card_history(rng, lineage):
    """A report card, the OEIF graded inspection before it, sometimes an ungraded one between."""
    prior_kind = weighted(rng, {"graded": 80, "not_judged": 10, "pre_eif": 10})
    prior_kind = next((k for k in ESCALATION[ESCALATION.index(prior_kind):-1] if lineage.window(k)), None)
    history = _graded_history(rng, lineage, prior_kind) if prior_kind else []
    history = [i for i in history if i.kind != "ungraded"]
    first, last = lineage.window("report_card")
    start = _inspection_day(rng, first, last)
    card = Inspection(kind="report_card", start=start, published=_published(rng, start),
                      subject=lineage.subject(start), grades=_report_card_grades(rng, lineage.school))
    if card.grades["Safeguarding standards"] == "Not met" or card.grades["Leadership and governance"] == "Urgent improvement":
        card.category = _concern(rng)
    _set_type(rng, card, history[-1] if history else None)
    if history and history[-1].overall in ("1", "2") and rng.random() < UNGRADED_CHANCE:
        visit = _ungraded(rng, lineage, history[-1], _years_after(history[-1], 1.5, 3, rng), start - dt.timedelta(days=120))
        history += [visit] if visit else []
    return history + [card]


def _history(rng, school, regime):
    """Inspections of one school's lineage, oldest first; empty for a new school."""
    if regime == "never":
        return []
    lineage = _Lineage(school)
    # A school too new for its regime gets the next one that fits, or none at all.
    regime = next((k for k in ESCALATION[ESCALATION.index(regime):] if lineage.window(k)), None)
    if regime is None:
        return []
    history = _report_card_history(rng, lineage) if regime == "report_card" else _graded_history(rng, lineage, regime)
    return sorted(history, key=lambda i: i.start)


def _number_inspections(rng, histories):
    """Unique inspection numbers rising with time: `ITS` + 6 digits before Sept 2015, then 8 digits."""
    everything = sorted((i for history in histories.values() for i in history),
                        key=lambda i: (i.start, i.subject.urn, i.kind))
    previous_its, previous_new = 300_000, 10_000_000
    for inspection in everything:
        if inspection.start < dt.date(2015, 9, 1):
            target = 300_000 + (inspection.start - dt.date(2007, 1, 1)).days * 19_000 // 365
            previous_its = max(previous_its + 1, target + rng.randint(0, 40))
            inspection.number = f"ITS{previous_its}"
        else:
            target = 10_000_000 + (inspection.start - dt.date(2015, 9, 1)).days * 41_500 // 365
            previous_new = max(previous_new + 1, target + rng.randint(0, 40))
            inspection.number = str(previous_new)


def build_histories(rng, population):
    """{open state-funded school: [inspections]} with the regimes in their national shares."""
    schools = population.open_state_funded()
    total = len(schools)
    inspectable = [s for s in schools if not s.is_new]
    rng.shuffle(inspectable)
    shares = [REPORT_CARD_SHARE, NOT_JUDGED_SHARE, PRE_EIF_SHARE]
    counts = [round(total * share) for share in shares]
    counts.append(max(0, len(inspectable) - sum(counts)))
    regimes = [r for r, n in zip(("report_card", "not_judged", "pre_eif", "graded"), counts) for _ in range(n)]
    histories = {school: [] for school in schools}
    for school, regime in zip(inspectable, regimes):
        histories[school] = _history(rng, school, regime)
    _number_inspections(rng, histories)
    return histories


# --------------------------------------------------------------------------- rows

def _idaci(school):
    pct = school.fsm_pct
    if pct is None:
        return NULL
    return str(1 + sum(pct >= threshold for threshold in (10, 17, 25, 35)))  # 5 = most deprived


def _school_columns(rng, school, layout_2024, pupils_from=None):
    trust = school.trust if school.is_open or school.status == "Proposed to open" else None
    pupils = school.pupils if school.pupils is not None else (pupils_from.pupils if pupils_from else None)
    if pupils is not None:
        pupils = max(1, round(pupils * rng.uniform(0.93, 1.07) if layout_2024 else pupils * rng.uniform(0.97, 1.03)))
    mat = trust if trust is not None and trust.multi else None
    return {
        "URN": str(school.urn),
        "LAESTAB": school.laestab,
        "School name": school.name,
        "Ofsted phase": ofsted_phase(school.phase, school.type_key, layout_2024),
        "Type of education": school.etype.ofsted_name,
        "School open date": ofsted_date(school.open_date),
        "Admissions policy": school.admissions,
        "Sixth form": school.sixth_form,
        "Designated religious character": school.religion,
        "Religious ethos": "Does not apply",
        "Faith grouping": RELIGIONS[school.religion][1],
        "Ofsted region": school.la.region.ofsted_region,
        "Region": school.la.region.name,
        "Local authority": school.la.name,
        "Parliamentary constituency": school.constituency[1],
        "Postcode": school.postcode,
        "Multi-academy trust UID": mat.code if mat else NULL,
        "Multi-academy trust name": mat.ofsted_name if mat else NULL,
        "Academy sponsor UID": mat.sponsor_uid if mat and mat.sponsor_uid else NULL,
        "Academy sponsor name": mat.name if mat and mat.sponsor_uid else NULL,
        "The income deprivation affecting children index (IDACI) quintile": _idaci(school if school.fsm_pct is not None else pupils_from or school),
        "Total number of pupils": str(pupils) if pupils is not None else NULL,
        "Statutory lowest age": str(school.low_age),
        "Statutory highest age": str(school.high_age),
    }


def _at_time(inspection, school, prefix_relates, urn, laestab, name, kind):
    subject = inspection.subject
    return {
        prefix_relates: "Yes" if subject is school else "No",
        urn: str(subject.urn),
        laestab: subject.laestab,
        name: subject.name,
        kind: subject.etype.ofsted_name,
    }


def _row_2026(rng, school, history):
    row = _school_columns(rng, school, layout_2024=False)
    row["Web Link (opens in new window)"] = str(school.urn)
    seen = [i for i in history if i.published <= AS_AT_2026]
    card = _latest(seen, ("report_card",))
    oeif = _latest(seen, ("graded", "not_judged"))
    ungraded = _latest(seen, ("ungraded",))
    if card:
        row.update({
            "Inspection number of latest full inspection": card.number,
            "Inspection type": card.inspection_type,
            "Inspection type grouping": card.grouping,
            "Event type grouping": card.event,
            "Inspection start date": ofsted_date(card.start),
            "Publication date": ofsted_date(card.published),
            "Category of concern": card.category,
            "Safeguarding standards": card.grades["Safeguarding standards"],
            "Safeguarding standards - date of grade": ofsted_date(card.start),
        })
        row.update(_at_time(card, school, "Does the latest full inspection relate to the URN of the current school?",
                            "URN at time of latest full inspection", "LAESTAB at time of latest full inspection",
                            "School name at time of latest full inspection",
                            "School type at time of latest full inspection"))
        for area, date_column in REPORT_CARD_AREAS:
            row[area] = card.grades[area]
            row[date_column] = ofsted_date(card.start)
    if oeif:
        g = oeif.grades
        row.update({
            "Inspection number of latest OEIF graded inspection": oeif.number,
            "Inspection type of latest OEIF graded inspection": oeif.inspection_type,
            "Inspection type grouping of latest OEIF graded inspection": oeif.grouping,
            "Event type grouping of latest OEIF graded inspection": oeif.event,
            "Inspection start date of latest OEIF graded inspection": ofsted_date(oeif.start),
            "Publication date of latest OEIF graded inspection": ofsted_date(oeif.published),
            "Latest OEIF category of concern": oeif.category,
            "Latest OEIF overall effectiveness": g["overall"],
            "Latest OEIF quality of education": g["quality"],
            "Latest OEIF behaviour and attitudes": g["behaviour"],
            "Latest OEIF personal development": g["personal"],
            "Latest OEIF effectiveness of leadership and management": g["leadership"],
            "Latest OEIF  safeguarding is effective?": g["safeguarding"],
            "Latest OEIF early years provision (where applicable)": g["early_years"],
            "Latest OEIF sixth form provision (where applicable)": g["sixth_form"],
        })
        row.update(_at_time(oeif, school, "Does the latest OEIF graded inspection relate to the URN of the current school?",
                            "URN at time of latest OEIF graded inspection", "LAESTAB at time of latest OEIF graded inspection",
                            "School name at time of latest OEIF graded inspection",
                            "School type at time of latest OEIF graded inspection"))
    if ungraded:
        row.update({
            "Latest ungraded inspection number": ungraded.number,
            "Date of latest ungraded inspection": ofsted_date(ungraded.start),
            "Ungraded inspection publication date": ofsted_date(ungraded.published),
            "Ungraded inspection overall outcome": ungraded.outcome,
        })
        row.update(_at_time(ungraded, school, "Does the ungraded inspection relate to the URN of the current school?",
                            "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
                            "School name at time of the ungraded inspection",
                            "School type at time of the ungraded inspection"))
    recent = max((i for i in (card, oeif) if i), key=lambda i: i.start, default=None)
    row["Most recent category of concern"] = recent.category if recent else NULL
    return [row.get(column, NULL) for column in OFSTED_2026_COLUMNS]


def _latest(inspections, kinds):
    return next((i for i in reversed(inspections) if i.kind in kinds), None)


_LATEST_2024 = {
    "number": "Inspection number of latest graded inspection",
    "start": "Inspection start date",
    "published": "Publication date",
    "overall": "Overall effectiveness",
    "category": "Category of concern",
    "quality": "Quality of education",
    "behaviour": "Behaviour and attitudes",
    "personal": "Personal development",
    "leadership": "Effectiveness of leadership and management",
    "safeguarding": "Safeguarding is effective?",
    "early_years": "Early years provision (where applicable)",
    "sixth_form": "Sixth form provision (where applicable)",
}
_PREVIOUS_2024 = {
    "number": "Previous graded inspection number",
    "start": "Previous inspection start date",
    "published": "Previous publication date",
    "overall": "Previous graded inspection overall effectiveness",
    "category": "Previous category of concern",
    "quality": "Previous quality of education",
    "behaviour": "Previous behaviour and attitudes",
    "personal": "Previous personal development",
    "leadership": "Previous effectiveness of leadership and management",
    "safeguarding": "Previous safeguarding is effective?",
    "early_years": "Previous early years provision (where applicable)",
    "sixth_form": "Previous sixth form provision (where applicable)",
}


def _graded_2024_columns(inspection, school, which):
    """The latest or previous graded inspection in the 2024 layout."""
    names = _LATEST_2024 if which == "latest" else _PREVIOUS_2024
    row = {names[key]: value for key, value in inspection.grades.items()}
    row.update({
        names["number"]: inspection.number,
        names["start"]: ofsted_date(inspection.start),
        names["published"]: ofsted_date(inspection.published),
        names["category"]: inspection.category,
    })
    if which == "latest":
        row.update({"Inspection type": inspection.inspection_type, "Inspection type grouping": inspection.grouping,
                    "Event type grouping": inspection.event})
    row.update(_at_time(inspection, school, f"Does the {which} graded inspection relate to the URN of the current school?",
                        f"URN at time of {which} graded inspection", f"LAESTAB at time of {which} graded inspection",
                        f"School name at time of {which} graded inspection",
                        f"School type at time of {which} graded inspection"))
    return row


def _row_2024(rng, establishment, history, successor):
    row = _school_columns(rng, establishment, layout_2024=True, pupils_from=successor)
    row["Web link"] = str(establishment.urn)
    seen = [i for i in history if i.published <= AS_AT_2024]
    graded = [i for i in seen if i.kind in ("pre_eif", "graded")]
    row["Did the latest ungraded inspection convert to a graded inspection?"] = ""
    if graded:
        row.update(_graded_2024_columns(graded[-1], establishment, "latest"))
        if len(graded) > 1:
            row.update(_graded_2024_columns(graded[-2], establishment, "previous"))
        since = [i for i in seen if i.kind == "ungraded" and i.start > graded[-1].start]
        if since:
            visit = since[-1]
            row.update({
                "Latest ungraded inspection number since last graded inspection": visit.number,
                "Number of ungraded inspections since the last graded inspection": str(len(since)),
                "Date of latest ungraded inspection": ofsted_date(visit.start),
                "Ungraded inspection publication date": ofsted_date(visit.published),
                "Did the latest ungraded inspection convert to a graded inspection?": "No",
                "Ungraded inspection overall outcome": visit.outcome,
            })
            row.update(_at_time(visit, establishment, "Does the ungraded inspection relate to the URN of the current school?",
                                "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
                                "School name at time of the ungraded inspection",
                                "School type at time of the ungraded inspection"))
    return [row.get(column, NULL) for column in OFSTED_2024_COLUMNS]


def _open_on(establishment, day):
    if not establishment.state_funded or establishment.status == "Proposed to open":
        return False
    opened = establishment.open_date is None or establishment.open_date <= day
    return opened and (establishment.close_date is None or establishment.close_date > day)


# --------------------------------------------------------------------------- files

def write_ofsted_2026(path, rng, histories):
    """One row per open state-funded school, UTF-8. Returns the row count."""
    schools = sorted(histories, key=lambda s: s.urn)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(OFSTED_2026_COLUMNS)
        for school in schools:
            writer.writerow(_row_2026(rng, school, histories[school]))
    return len(schools)


def write_ofsted_2024(path, rng, population, histories):
    """State-funded schools open on 31 Aug 2024, including predecessors closed since. cp1252."""
    lineage_of, successor_of = {}, {}
    for school, history in histories.items():
        lineage_of[school] = history
        if school.predecessor is not None:
            lineage_of[school.predecessor] = history
            successor_of[school.predecessor] = school
    rows = 0
    with open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(OFSTED_2024_COLUMNS)
        for establishment in population.establishments:  # already in URN order
            if not _open_on(establishment, AS_AT_2024):
                continue
            history = lineage_of.get(establishment, [])
            writer.writerow(_row_2024(rng, establishment, history, successor_of.get(establishment)))
            rows += 1
    return rows
