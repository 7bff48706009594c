"""Upload of ITT trainees into the alliance's cohorts: one row a trainee, added by
`delivery.itt.add_trainee` and, when the row gives an outcome, `delivery.itt.record_outcome`, as
the forms do. The cohort is named by its academic year and route and must be recorded first."""
from dataclasses import dataclass

from delivery import itt
from delivery.models import Trainee, TraineeCohort, academic_year_label
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout
from delivery.uploads.lookups import Schools

YEAR = Column("Academic year", True, "The year the cohort starts: 2026 (or 2026 to 2027).", "2026", cells.academic_year)
ROUTE = Column(
    "Route", True, f"The cohort's route: {', '.join(TraineeCohort.Route.labels)}.", TraineeCohort.Route.SCITT.label,
    cells.as_choice(TraineeCohort.Route.choices),
)
REFERENCE = Column("Reference", True, "The alliance's reference for the trainee, unique in the cohort.", "SCITT26-001", cells.as_text(40))
NAME = Column("Name", False, "Optional; shown only to the alliance's managers.", "", cells.as_text(200))
SUBJECT = Column("Subject", False, "Optional.", "Mathematics", cells.as_text(100))
PHASE = Column("Phase", False, "Optional.", "Secondary", cells.as_text(100))
STATE = Column(
    "Outcome", False, f"Optional: {', '.join(Trainee.State.labels)} (In training when empty).", "In training",
    cells.as_choice(Trainee.State.choices),
)
OUTCOME_ON = Column("Outcome date", False, "The date of QTS, withdrawal or deferral: 2027-07-15 or 15/07/2027.", "", cells.as_date)
EMPLOYED = Column(
    "Employed within six months", False, f"Only with QTS: {', '.join(Trainee.Employed.labels)}.", "",
    cells.as_choice(Trainee.Employed.choices),
)
EMPLOYER = Column("Employing school URN", False, "Only when employed within six months.", "", cells.as_urn)

COLUMNS = [YEAR, ROUTE, REFERENCE, NAME, SUBJECT, PHASE, STATE, OUTCOME_ON, EMPLOYED, EMPLOYER]


@dataclass
class Context:
    alliance: object
    schools: Schools
    cohorts: dict  # (year, route) -> [cohort]


def cohorts_by_year_and_route(alliance):
    found = {}
    for cohort in alliance.trainee_cohorts.all():
        found.setdefault((cohort.academic_year, cohort.route), []).append(cohort)
    return found


def context(user, alliance):
    return Context(alliance, Schools(), cohorts_by_year_and_route(alliance))


def cohort_for(row, context, year, route):
    """The alliance's one cohort of that year and route, or None with the problem noted."""
    if year is None or route is None:
        return None
    matching = context.cohorts.get((year, route), [])
    label = f"{academic_year_label(year)} {TraineeCohort.Route(route).label}"
    if not matching:
        row.problem(YEAR.name, f"{context.alliance.name} has no {label} cohort: record the cohort first.")
        return None
    if len(matching) > 1:
        row.problem(YEAR.name, f"{context.alliance.name} has {len(matching)} {label} cohorts: add these trainees on the cohort's page.")
        return None
    return matching[0]


def read_row(row, context):
    cohort = cohort_for(row, context, row(YEAR), row(ROUTE))
    employer_urn = row(EMPLOYER)
    employer = context.schools(employer_urn) if employer_urn else None
    if employer_urn and employer is None:
        row.problem(EMPLOYER.name, f"No school in the registry has the URN {employer_urn}.")
    value = {
        "cohort": cohort, "reference": row(REFERENCE), "display_name": row(NAME) or "", "subject": row(SUBJECT) or "",
        "phase": row(PHASE) or "", "state": row(STATE), "outcome_on": row(OUTCOME_ON),
        "employed": row(EMPLOYED) or Trainee.Employed.UNKNOWN, "employing_school": employer,
    }
    return value if row.ok else None


def store_row(user, context, value):
    trainee = itt.add_trainee(
        user, value["cohort"], reference=value["reference"], display_name=value["display_name"], subject=value["subject"], phase=value["phase"],
    )
    if value["state"] or value["outcome_on"] or value["employing_school"] or value["employed"] != Trainee.Employed.UNKNOWN:
        itt.record_outcome(
            user, trainee, state=value["state"] or Trainee.State.IN_TRAINING, outcome_on=value["outcome_on"],
            employed=value["employed"], employing_school=value["employing_school"],
        )
    return trainee


def column_for(reason, value):
    for words, column in (
        ("reference", REFERENCE.name), ("outcome date", OUTCOME_ON.name), ("date of the outcome", OUTCOME_ON.name),
        ("Employment within six months", EMPLOYED.name), ("employing school", EMPLOYER.name),
        ("training stands", STATE.name),
    ):
        if words in reason:
            return column
    return ""


def describe(context, stored):
    return [(f"{read.stored.reference}, {read.stored.cohort}", read.stored.get_absolute_url()) for read in stored]


def extra_sheets(context):
    rows = [[c.academic_year, c.get_route_display(), c.provider_name] for c in context.alliance.trainee_cohorts.select_related("accredited_provider")]
    return [("Cohorts", ["Academic year", "Route", "Accredited provider"], rows)]


LAYOUT = Layout(
    kind="trainees", title="ITT trainees", noun="ITT trainees", summary="One row a trainee, in one of the alliance's cohorts.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    notes="Record the cohort first: its academic year and route name it. Outcome columns are optional.",
    extra_sheets=extra_sheets,
)
