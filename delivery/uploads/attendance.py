"""Upload of a programme's attendance, for alliances that run their bookings elsewhere: one row a
participant at one session. A participant with a confirmed booking on the site is found by email
(or by name and school) and recorded by `delivery.attendance.record_one`; anyone else is recorded
by `delivery.attendance.record_external` as an external participant (name, school URN, email when
given), who takes one of the programme's places, so a full programme refuses them. Nobody's
account is created. Participants the file does not name keep what was recorded for them."""
from dataclasses import dataclass

from delivery import attendance
from delivery.models import Booking
from delivery.uploads import cells
from delivery.uploads.flow import Column, Layout, Problem
from delivery.uploads.lookups import Schools

SESSION_DATE = Column("Session date", True, "The session's date: 2026-03-05 or 05/03/2026.", "2026-03-05", cells.as_date)
START = Column("Start time", False, "Only when two sessions share a date: 09:30.", "", cells.as_time)
EMAIL = Column("Email", False, "The participant's email address; or give the name and school URN.", "sam.teacher@school.example", cells.as_email)
NAME = Column("Name", False, "The participant's name (needed for anyone who did not book on this site).", "Sam Teacher", cells.as_text(200))
SCHOOL = Column("School URN", False, "The URN of the participant's school (needed for anyone who did not book on this site).", "100001", cells.as_urn)
PRESENT = Column("Present", True, "Yes or no.", "Yes", cells.as_yes_no)

COLUMNS = [SESSION_DATE, START, EMAIL, NAME, SCHOOL, PRESENT]


@dataclass
class Context:
    programme: object
    schools: Schools
    sessions: list
    bookings: list  # every booking on the programme, with participant and school


def context(user, programme):
    bookings = list(programme.bookings.select_related("participant", "school"))
    return Context(programme, Schools(), list(programme.sessions.all()), bookings)


def _session(row, context, day, start):
    same_day = [s for s in context.sessions if s.date == day and (start is None or s.starts_at == start)]
    if not same_day:
        at = f" at {start:%H:%M}" if start else ""
        row.problem(SESSION_DATE.name, f"{context.programme.title} has no session on {day:%-d %B %Y}{at}.")
        return None
    if len(same_day) > 1:
        row.problem(START.name, f"{context.programme.title} has {len(same_day)} sessions on {day:%-d %B %Y}: give the start time.")
        return None
    return same_day[0]


def _booking(context, email, name, school):
    """The participant's booking on the site, confirmed or not: by email, else by name at the school."""
    if email:
        matches = [b for b in context.bookings if b.participant.email.lower() == email.lower()]
    elif name and school:
        matches = [b for b in context.bookings if b.participant.full_name.lower() == name.lower() and b.school_id == school.pk]
    else:
        matches = []
    confirmed = [b for b in matches if b.state == Booking.State.CONFIRMED]
    return (confirmed or [b for b in matches if b.is_active] or [None])[0]


def read_row(row, context):
    day, start = row(SESSION_DATE), row(START)
    session = _session(row, context, day, start) if day else None
    email, name, urn, present = row(EMAIL), row(NAME), row(SCHOOL), row(PRESENT)
    school = context.schools(urn) if urn else None
    if urn and school is None:
        row.problem(SCHOOL.name, f"No school in the registry has the URN {urn}.")
    if not row.ok:
        return None
    booking = _booking(context, email, name, school)
    if booking is None and not (name and school):
        missing = NAME.name if not name else SCHOOL.name
        who = email or name or "This participant"
        row.problem(missing, f"{who} has no booking on this programme on the site: give their name and school URN.")
        return None
    return {"session": session, "booking": booking, "email": email or "", "name": name, "school": school, "present": present}


def _who(value):
    booking = value["booking"]
    return ("booking", booking.pk) if booking else ("external", (value["email"] or "").lower() or (value["name"].lower(), value["school"].pk))


def no_one_twice(context, reads):
    """A participant recorded twice at one session in one file is a slip: which answer is right?"""
    first_at, problems = {}, []
    for read in reads:
        key = (read.value["session"].pk, _who(read.value))
        if key in first_at:
            column = EMAIL.name if read.value["email"] else NAME.name
            problems.append(Problem(read.number, column, f"Row {first_at[key]} already records this participant at this session."))
        else:
            first_at[key] = read.number
    return problems


def store_row(user, context, value):
    if value["booking"] is not None:
        return attendance.record_one(user, value["session"], value["booking"], value["present"])
    return attendance.record_external(
        user, value["session"], name=value["name"], email=value["email"], school=value["school"], present=value["present"],
    )


def column_for(reason, value):
    for words, column in (
        ("has not started", SESSION_DATE.name), ("only confirmed participants", EMAIL.name if value["email"] else NAME.name),
        ("places on", EMAIL.name if value["email"] else NAME.name), ("participant's name", NAME.name), ("URN", SCHOOL.name),
    ):
        if words in reason:
            return column
    return ""


def describe(context, stored):
    from django.urls import reverse

    present = sum(1 for read in stored if read.value["present"])
    external = sum(1 for read in stored if read.value["booking"] is None)
    url = reverse("delivery:programme-bookings", args=[context.programme.pk])
    return [
        (f"{len(stored)} attendance record{'s' if len(stored) != 1 else ''}: {present} present, {len(stored) - present} absent", url),
        (f"{external} of them for participants who booked elsewhere", url),
    ]


def extra_sheets(context):
    rows = [[s.date, s.starts_at.strftime("%H:%M"), s.ends_at.strftime("%H:%M")] for s in context.sessions]
    return [("Sessions", ["Session date", "Start time", "End time"], rows)]


LAYOUT = Layout(
    kind="attendance", title="Attendance", noun="attendance", summary="One row a participant at one session.",
    columns=COLUMNS, context=context, read_row=read_row, store_row=store_row, column_for=column_for, describe=describe,
    file_rules=no_one_twice, extra_sheets=extra_sheets,
    notes=(
        "Participants who booked on this site are found by email (or name and school). Anyone else is recorded as booked "
        "elsewhere and takes one of the programme's places: give their name and school URN. Nobody's account is created."
    ),
)
