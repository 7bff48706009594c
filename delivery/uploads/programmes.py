"""Upload of programmes with their sessions: one row a session; rows with the same programme
title make one programme, created by `delivery.programmes.create_programme` on its first row and
given each row's session by `delivery.programmes.add_session`, as the forms do. Programmes are
uploaded as drafts: publishing stays a step on the programme's page."""
from dataclasses import dataclass, field

from django.urls import reverse

from delivery import programmes
from delivery.models import Programme
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout, Problem


def _led_by(text):
    return [part.strip() for part in text.split(";") if part.strip()]


def _pence(text):
    return int(cells.as_decimal(text, places=2, positive=False) * 100)


TITLE = Column("Programme", True, "The programme's title; rows with the same title are its sessions.", "Leading maths", cells.as_text(200))
KIND = Column("Kind", True, f"One of: {', '.join(Programme.Kind.labels)}.", Programme.Kind.SUBJECT_CPD.label, cells.as_choice(Programme.Kind.choices))
LED_BY = Column(
    "Led by", True, "URNs of current lead schools, or names or codes of deliverer organisations, separated by ';'.", "100001", _led_by,
)
PLACES = Column("Places", True, "A whole number, at least 1.", "20", lambda text: cells.as_whole_number(text, least=1, most=10_000))
PRICE = Column("Price per place", False, "In pounds: 120 or 120.50 (free when empty).", "120", _pence)
FREE = Column("Free to member schools", False, "Yes or no (no when empty).", "Yes", cells.as_yes_no)
DESCRIPTION = Column("Description", False, "Optional.", "", cells.as_text(5000))
DATE = Column("Session date", True, "A date: 2026-03-05 or 05/03/2026.", "2026-03-05", cells.as_date)
STARTS = Column("Start time", True, "09:30", "09:30", cells.as_time)
ENDS = Column("End time", True, "After the start: 12:30", "12:30", cells.as_time)
VENUE = Column("Venue", False, "Where it is held; empty for an online session.", "Hilltop hall", cells.as_text(300))
ONLINE = Column("Online", False, "Yes or no (no when empty).", "No", cells.as_yes_no)
LINK = Column("Link to join", False, "For an online session: https://...", "", cells.as_text(200))
SESSION_PLACES = Column("Session places", False, "Fewer places for this session's room (optional).", "", cells.as_whole_number)

PROGRAMME_COLUMNS = [TITLE, KIND, LED_BY, PLACES, PRICE, FREE, DESCRIPTION]
COLUMNS = [*PROGRAMME_COLUMNS, DATE, STARTS, ENDS, VENUE, ONLINE, LINK, SESSION_PLACES]


@dataclass
class Context:
    alliance: object
    roles: dict  # URN (int) or lower-cased organisation name or code -> role
    existing: set  # lower-cased titles the alliance already has
    made: dict = field(default_factory=dict)  # lower-cased title -> programme made in this upload


def context(user, alliance):
    roles = {}
    for role in programmes.leading_roles(alliance):
        if role.school_id:
            roles[role.school.urn] = role
        else:
            roles[role.organisation.name.lower()] = role
            if role.organisation.code:
                roles[role.organisation.code.lower()] = role
    existing = {title.lower() for title in alliance.programmes.values_list("title", flat=True)}
    return Context(alliance, roles, existing)


def _role(context, part):
    key = int(part) if part.isdigit() else part.lower()
    return context.roles.get(key)


def read_row(row, context):
    value = {column.name: row(column) for column in COLUMNS}
    title = value[TITLE.name]
    if title and title.lower() in context.existing:
        row.problem(TITLE.name, f"{context.alliance.name} already has a programme called {title}: uploads add new programmes.")
    led_by = []
    for part in value[LED_BY.name] or []:
        role = _role(context, part)
        if role is None:
            row.problem(LED_BY.name, f"{part} is not a current lead school or deliverer of {context.alliance.name}.")
        led_by.append(role)
    value["led_by"] = led_by
    return value if row.ok else None


def _programme_fields(value):
    return tuple(tuple(r.pk for r in value["led_by"]) if c is LED_BY else value[c.name] for c in PROGRAMME_COLUMNS if c is not TITLE)


def same_programme_details(context, reads):
    """Rows of one programme give the same programme details: a difference is a slip."""
    first, problems = {}, []
    for read in reads:
        key = read.value[TITLE.name].lower()
        if key not in first:
            first[key] = read
            continue
        for column, mine, theirs in zip(
            [c for c in PROGRAMME_COLUMNS if c is not TITLE], _programme_fields(read.value), _programme_fields(first[key].value),
        ):
            if mine != theirs:
                problems.append(Problem(read.number, column.name, f"Row {first[key].number} gives {read.value[TITLE.name]} a different {column.name.lower()}."))
    return problems


def store_row(user, context, value):
    key = value[TITLE.name].lower()
    programme = context.made.get(key)
    if programme is None:
        programme = programmes.create_programme(
            user, context.alliance, title=value[TITLE.name], kind=value[KIND.name], description=value[DESCRIPTION.name] or "",
            led_by=value["led_by"], places=value[PLACES.name], price_pence=value[PRICE.name] or 0,
            free_to_members=bool(value[FREE.name]),
        )
    session = programmes.add_session(
        user, programme, date=value[DATE.name], starts_at=value[STARTS.name], ends_at=value[ENDS.name],
        venue=value[VENUE.name] or "", online=bool(value[ONLINE.name]), online_link=value[LINK.name] or "",
        places=value[SESSION_PLACES.name],
    )
    # Remembered only once both are stored: a row refused rolls back its savepoint, programme too.
    context.made[key] = programme
    return session


def column_for(reason, value):
    for words, column in (
        ("title", TITLE.name), ("lead school or deliverer", LED_BY.name), ("at least one place", PLACES.name),
        ("price", PRICE.name), ("end after it starts", ENDS.name), ("venue", VENUE.name), ("link to join", LINK.name),
        ("this session cannot have fewer", SESSION_PLACES.name),
    ):
        if words in reason:
            return column
    return ""


def describe(context, stored):
    sessions = {}
    for read in stored:
        sessions.setdefault(read.stored.programme, []).append(read.stored)
    return [
        (f"{programme.title} (draft) with {len(made)} session{'s' if len(made) != 1 else ''}",
         reverse("delivery:edit-programme", args=[programme.pk]))
        for programme, made in sessions.items()
    ]


def extra_sheets(context):
    rows = [[r.school.urn if r.school_id else r.organisation.name, r.holder.name, r.get_role_display()] for r in programmes.leading_roles(context.alliance)]
    return [("Who may lead", ["Led by", "Name", "Role"], rows)]


LAYOUT = Layout(
    kind="programmes", title="Programmes and sessions", noun="programmes and sessions", summary="One row a session; rows with the same programme title make one programme.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    file_rules=same_programme_details, extra_sheets=extra_sheets,
    notes="Programmes are stored as drafts: add anything else and publish each on its page.",
)
