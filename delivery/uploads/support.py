"""Upload of school-to-school support: one row a support record, stored by
`delivery.support.record_assignment` as the form's are."""
from dataclasses import dataclass

from delivery import support
from delivery.models import ExpertiseArea, SupportAssignment
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout
from delivery.uploads.lookups import Schools, alliance_organisations, holder
from registry.models import School

NEW_STATES = [(s.value, s.label) for s in (SupportAssignment.State.PLANNED, SupportAssignment.State.IN_PROGRESS)]

SUPPORTED = Column("Supported school URN", True, "The URN (6 digits) of the school receiving support.", "100001", cells.as_urn)
SUPPORTING_URN = Column(
    "Supporting school URN", False, "The URN of the alliance's school giving the support; or give the supporting organisation.",
    "100002", cells.as_urn,
)
SUPPORTING_ORG = Column(
    "Supporting organisation", False, "The name or code of the alliance's organisation giving the support, as listed on the site.", "",
)
SUPPORTER_NAME = Column("Named supporter", False, "The person giving the support (optional).", "Sam Specialist", cells.as_text(200))
AREA = Column("Area of expertise", True, "One of the SLE areas of expertise, as named on the site.", "Maths")
OBJECTIVES = Column("Objectives", True, "What the support is for.", "Raise attainment in Year 2 maths.", cells.as_text(5000))
CRITERIA = Column("Success criteria", True, "How you will know it worked.", "Year 2 at expected standard up 10 points.", cells.as_text(5000))
STARTS = Column("Starts on", True, "A date: 2026-01-06 or 06/01/2026.", "2026-01-06", cells.as_date)
ENDS = Column("Ends on", True, "A date, on or after it starts.", "2026-03-27", cells.as_date)
DAYS = Column("Days planned", True, "Days, more than 0, to one decimal place: 6 or 2.5.", "6", lambda text: cells.as_decimal(text, places=1))
STATE = Column("State", False, "Planned (when empty) or In progress.", "Planned", cells.as_choice(NEW_STATES))

COLUMNS = [SUPPORTED, SUPPORTING_URN, SUPPORTING_ORG, SUPPORTER_NAME, AREA, OBJECTIVES, CRITERIA, STARTS, ENDS, DAYS, STATE]


@dataclass
class Context:
    alliance: object
    schools: Schools
    organisations: dict
    areas: dict


def context(user, alliance):
    return Context(
        alliance, Schools(), alliance_organisations(alliance),
        {area.name.lower(): area for area in ExpertiseArea.objects.all()},
    )


def read_row(row, context):
    supported_urn = row(SUPPORTED)
    supported = context.schools(supported_urn) if supported_urn else None
    if supported_urn and supported is None:
        row.problem(SUPPORTED.name, f"No school in the registry has the URN {supported_urn}.")
    supporter = holder(row, context, SUPPORTING_URN, SUPPORTING_ORG)
    area_name = row(AREA)
    area = context.areas.get(area_name.lower()) if area_name else None
    if area_name and area is None:
        row.problem(AREA.name, f"{area_name} is not an area of expertise: use a name from the template's notes.")
    value = {
        "supported_school": supported, "supporter": supporter, "focus_area": area,
        "supporter_name": row(SUPPORTER_NAME) or "", "objectives": row(OBJECTIVES), "success_criteria": row(CRITERIA),
        "starts_on": row(STARTS), "ends_on": row(ENDS), "days_planned": row(DAYS),
        "state": row(STATE) or SupportAssignment.State.PLANNED,
    }
    return value if row.ok else None


def store_row(user, context, value):
    return support.record_assignment(user, context.alliance, **value)


def column_for(reason, value):
    """The column a rule's reason is about, from its words."""
    supporter_column = SUPPORTING_URN.name if isinstance(value["supporter"], School) else SUPPORTING_ORG.name
    for words, column in (
        ("current lead, deliverer or member", supporter_column), ("cannot support itself", supporter_column),
        ("area of expertise", AREA.name), ("objectives", OBJECTIVES.name), ("success criteria", CRITERIA.name),
        ("end on or after", ENDS.name), ("day of support", DAYS.name), ("New support is", STATE.name),
    ):
        if words in reason:
            return column
    if value["supported_school"] and value["supported_school"].name in reason:
        return SUPPORTED.name
    return ""


def describe(context, stored):
    return [(f"Support for {read.stored.supported_school.name} ({read.stored.focus_area.name})", read.stored.get_absolute_url()) for read in stored]


def extra_sheets(context):
    areas = ExpertiseArea.objects.filter(active=True).order_by("ofsted_focus", "name")
    supporters = support.supporters(context.alliance)
    return [
        ("Areas of expertise", ["Area of expertise", "Ofsted focus area"], [[a.name, a.ofsted_focus] for a in areas]),
        ("Supporters", ["Supporting school URN", "Supporting organisation"],
         [[getattr(s, "urn", ""), "" if hasattr(s, "urn") else s.name] for s in supporters]),
    ]


LAYOUT = Layout(
    kind="support", title="School-to-school support", noun="school-to-school support", summary="One row a support record for a school.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    notes="Give the supporting school's URN or the supporting organisation, one of the two.", extra_sheets=extra_sheets,
)
