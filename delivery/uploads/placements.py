"""Upload of ITT placements: one row a placement of a trainee already recorded, stored by
`delivery.itt.add_placement` as the form's are (so a placement outside its cohort's dates, at a
school not in the alliance or overlapping another is refused in the rule's own words)."""
from dataclasses import dataclass

from delivery import itt
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout
from delivery.uploads.lookups import Schools
from delivery.uploads.trainees import ROUTE, YEAR, cohorts_by_year_and_route, cohort_for

TRAINEE = Column("Trainee reference", True, "The trainee's reference in that cohort.", "SCITT26-001", cells.as_text(40))
SCHOOL = Column("School URN", True, "The URN of the alliance's lead, member or deliverer school.", "100001", cells.as_urn)
STARTS = Column("Starts on", True, "A date: 2026-09-07 or 07/09/2026.", "2026-09-07", cells.as_date)
ENDS = Column("Ends on", False, "A date, or empty for a placement with no end yet.", "2026-12-18", cells.as_date)

COLUMNS = [YEAR, ROUTE, TRAINEE, SCHOOL, STARTS, ENDS]


@dataclass
class Context:
    alliance: object
    schools: Schools
    cohorts: dict


def context(user, alliance):
    return Context(alliance, Schools(), cohorts_by_year_and_route(alliance))


def read_row(row, context):
    cohort = cohort_for(row, context, row(YEAR), row(ROUTE))
    reference = row(TRAINEE)
    trainee = None
    if cohort is not None and reference:
        trainee = cohort.trainees.filter(reference__iexact=reference).first()
        if trainee is None:
            row.problem(TRAINEE.name, f"The {cohort} cohort has no trainee {reference}.")
    urn = row(SCHOOL)
    school = context.schools(urn) if urn else None
    if urn and school is None:
        row.problem(SCHOOL.name, f"No school in the registry has the URN {urn}.")
    value = {"trainee": trainee, "school": school, "starts_on": row(STARTS), "ends_on": row(ENDS)}
    return value if row.ok else None


def store_row(user, context, value):
    fields = dict(value)
    trainee = fields.pop("trainee")
    return itt.add_placement(user, trainee, **fields)


def column_for(reason, value):
    for words, column in (
        ("must end on or after", ENDS.name), ("starts before the cohort", STARTS.name), ("no placement after", STARTS.name),
        ("lead, member or deliverer schools", SCHOOL.name), ("cannot overlap", STARTS.name),
    ):
        if words in reason:
            return column
    return ""


def describe(context, stored):
    return [
        (f"{read.stored.trainee.reference} at {read.stored.school.name} from {read.stored.starts_on:%-d %B %Y}", read.stored.trainee.get_absolute_url())
        for read in stored
    ]


def extra_sheets(context):
    schools = itt.placement_schools(context.alliance)
    return [("Schools", ["School URN", "School"], [[s.urn, s.name] for s in schools])]


LAYOUT = Layout(
    kind="placements", title="ITT placements", noun="ITT placements", summary="One row a placement of a trainee already recorded.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    notes="The trainee is named by the cohort's academic year and route and the trainee's reference.", extra_sheets=extra_sheets,
)
