"""Bulk uploads: a good file (CSV and XLSX) is stored whole; a file with bad rows stores nothing
and its rows in error name exactly those rows, with column and reason; reading cells never fails
with anything but a reason, whatever is typed."""
import csv
import io
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from delivery import attendance, bookings, ledger, programmes
from delivery.models import (
    Attendance, Booking, Contribution, ExternalAttendance, ExternalParticipant, Placement, Programme, Session,
    SupportAssignment, Trainee, TraineeCohort,
)
from delivery.spreadsheets import csv_bytes, read_table, xlsx_bytes
from delivery.uploads import cells, flow, kinds
from delivery.uploads.flow import Problem

pytestmark = pytest.mark.django_db
LAST_WEEK = date.today() - timedelta(days=7)


def table(header, rows, name="upload.csv"):
    return read_table(name, csv_bytes(header, rows))


def upload(client, url, header, rows, file_format="csv"):
    if file_format == "csv":
        data = csv_bytes(header, rows)
    else:
        data = xlsx_bytes([("Sheet", header, rows)])
    return client.post(url, {"file": SimpleUploadedFile(f"records.{file_format}", data)})


def error_lines(client, url):
    """The rows-in-error CSV as (row, column, reason) triples."""
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["Row", "Column", "Reason"]
    return [(int(line[0]), line[1], line[2]) for line in lines[1:]]


# --- School-to-school support ---------------------------------------------------------------------

SUPPORT_HEADER = [c.name for c in kinds.FOR_ALLIANCE["support"].columns]


def support_row(supported, supporter_urn="", organisation="", **changes):
    row = {
        "Supported school URN": supported, "Supporting school URN": supporter_urn, "Supporting organisation": organisation,
        "Named supporter": "Sam", "Area of expertise": "maths", "Objectives": "Raise Year 2 maths.",
        "Success criteria": "Up 10 points.", "Starts on": "06/01/2025", "Ends on": "2025-03-28", "Days planned": "6",
        "State": "In progress",
    }
    row.update(changes)
    return [row[name] for name in SUPPORT_HEADER]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_good_support_file_is_stored_and_the_success_page_links_each_record(
    client, lead_user, single_alliance, member_school, supported_school, trust, file_format,
):
    client.force_login(lead_user)
    url = reverse("delivery:upload", args=[single_alliance.slug, "support"])
    response = upload(client, url, SUPPORT_HEADER, [
        support_row(supported_school.urn, member_school.urn),
        support_row(supported_school.urn, organisation="tr77", **{"Area of expertise": "Phonics", "State": ""}),
    ], file_format)
    assert response.status_code == 302
    made = list(SupportAssignment.objects.order_by("pk"))
    assert [(a.supporter, a.focus_area.name, a.state) for a in made] == [
        (member_school, "Maths", "in_progress"), (trust, "Phonics", "planned"),
    ]
    assert made[0].starts_on == date(2025, 1, 6) and made[0].recorded_by == lead_user
    done = client.get(response["Location"])
    assert "2 rows of records." in done.content.decode() and made[1].get_absolute_url() in done.content.decode()


def test_a_support_file_with_bad_rows_stores_nothing_and_lists_exactly_those_rows(
    client, lead_user, single_alliance, member_school, supported_school, outside_school,
):
    client.force_login(lead_user)
    url = reverse("delivery:upload", args=[single_alliance.slug, "support"])
    response = upload(client, url, SUPPORT_HEADER, [
        support_row(supported_school.urn, member_school.urn),  # row 2: good
        support_row(999999, member_school.urn),  # row 3: no such school
        support_row(supported_school.urn, organisation="Elsewhere Trust", **{"Starts on": "31/02/2025"}),  # row 4
        support_row(supported_school.urn, outside_school.urn, **{"Days planned": "1.25"}),  # row 5
        support_row(supported_school.urn, member_school.urn),  # row 6: good
        support_row(supported_school.urn, outside_school.urn, **{"Ends on": "2024-12-01"}),  # row 7: rules
    ])
    assert response.status_code == 200
    assert not SupportAssignment.objects.exists()
    page = response.content.decode()
    assert "Nothing was stored: 6 problems in 4 rows of records.csv" in page
    assert "Row 3, Supported school URN: No school in the registry has the URN 999999." in page  # the error summary
    lines = error_lines(client, reverse("delivery:upload-errors", args=[single_alliance.slug, "support", "csv"]))
    assert lines == [
        (3, "Supported school URN", "No school in the registry has the URN 999999."),
        (4, "Starts on", "'31/02/2025' is not a real date."),
        (4, "Supporting organisation", "Elsewhere Trust is not an organisation in Hilltop Alliance."),
        (5, "Days planned", "'1.25' has more than 1 decimal place."),
        (7, "Ends on", "The support must end on or after the day it starts."),
        (7, "Supporting school URN", "Faraway Academy is not a current lead, deliverer or member of Hilltop Alliance."),
    ]
    xlsx = client.get(reverse("delivery:upload-errors", args=[single_alliance.slug, "support", "xlsx"]))
    rows = read_table("errors.xlsx", xlsx.content).rows
    assert [(cells["Row"], cells["Supported school URN"]) for _, cells in rows][:1] == [("3", "999999")]


def test_a_missing_column_a_stray_column_and_an_unreadable_file_are_named(client, lead_user, single_alliance):
    client.force_login(lead_user)
    url = reverse("delivery:upload", args=[single_alliance.slug, "support"])
    header = [name for name in SUPPORT_HEADER if name != "Objectives"] + ["Objective"]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["support"], single_alliance, table(header, [["x"] * len(header)]))
    assert outcome.problems == [
        Problem(1, "Objective", f"Objective is not a column of this upload: the columns are {', '.join(SUPPORT_HEADER)}."),
        Problem(1, "Objectives", "This column is missing: row 1 must name it."),
    ]
    response = client.post(url, {"file": SimpleUploadedFile("records.xlsx", b"not a workbook")})
    assert "records.xlsx cannot be opened as an Excel workbook (.xlsx)." in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("records.csv", b"a" * (flow.MOST_BYTES + 1))})
    assert "it must be 5 MB or smaller" in response.content.decode()
    assert not SupportAssignment.objects.exists()


def test_templates_name_every_column_and_the_xlsx_has_notes(client, lead_user, single_alliance):
    client.force_login(lead_user)
    for kind, layout in kinds.FOR_ALLIANCE.items():
        response = client.get(reverse("delivery:upload-template", args=[single_alliance.slug, kind, "csv"]))
        assert read_table("t.csv", response.content).header == [c.name for c in layout.columns]
        response = client.get(reverse("delivery:upload-template", args=[single_alliance.slug, kind, "xlsx"]))
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames[:2] == [layout.title[:31], "Notes"]
        assert [row[0] for row in book["Notes"].iter_rows(min_row=2, values_only=True)] == [c.name for c in layout.columns]
    assert client.get(reverse("delivery:upload-template", args=[single_alliance.slug, "support", "pdf"])).status_code == 404
    assert client.get(reverse("delivery:upload", args=[single_alliance.slug, "invoices"])).status_code == 404


# --- ITT trainees and placements ------------------------------------------------------------------


@pytest.fixture
def cohort(single_alliance):
    return TraineeCohort.objects.create(
        alliance=single_alliance, academic_year=2024, route="scitt", lead_school=single_alliance.lead_schools().get(),
        accredited_provider_name="Moor SCITT",
    )


COHORT_HEADER = ["Academic year", "Route", "Lead school URN", "Accredited provider", "Partner university", "Subject or phase"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cohorts_are_recorded_with_a_listed_or_typed_provider(client, lead_user, single_alliance, file_format):
    from registry.models import Organisation

    university = Organisation.objects.create(name="University of the Moors", kind="university", code="UOM")
    client.force_login(lead_user)
    lead = single_alliance.lead_schools().get()
    response = upload(client, reverse("delivery:upload", args=[single_alliance.slug, "cohorts"]), COHORT_HEADER, [
        ["2024", "SCITT", str(lead.urn), "Moor SCITT", "", "Primary"],
        ["2025/26", "University-led partnership", str(lead.urn), "uom", "University of the Moors", ""],
    ], file_format)
    assert response.status_code == 302
    made = list(TraineeCohort.objects.order_by("academic_year"))
    assert [(c.academic_year, c.route, c.provider_name, c.partner_university) for c in made] == [
        (2024, "scitt", "Moor SCITT", None), (2025, "university_partnership", "University of the Moors", university),
    ]


def test_cohort_rows_breaking_rules_store_nothing(lead_user, single_alliance, member_school):
    lead = single_alliance.lead_schools().get()
    rows = [
        ["2024", "SCITT", str(lead.urn), "Moor SCITT", "", ""],
        ["2090", "SCITT", str(member_school.urn), "Moor SCITT", "", ""],  # too far ahead; not a lead school
        ["2024", "Apprenticeship", str(lead.urn), "Moor SCITT", "Nowhere University", ""],
    ]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["cohorts"], single_alliance, table(COHORT_HEADER, rows))
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "Academic year"), (3, "Lead school URN"), (4, "Partner university"), (4, "Route")]
    assert outcome.problems[1].reason == "The lead school must be one of Hilltop Alliance's current lead schools."
    assert not TraineeCohort.objects.exists()


TRAINEE_HEADER = ["Academic year", "Route", "Reference", "Name", "Outcome", "Outcome date", "Employed within six months", "Employing school URN"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_trainees_are_added_with_their_outcomes(client, lead_user, single_alliance, cohort, member_school, file_format):
    client.force_login(lead_user)
    response = upload(client, reverse("delivery:upload", args=[single_alliance.slug, "trainees"]), TRAINEE_HEADER, [
        ["2024", "SCITT", "S24-001", "Ada", "", "", "", ""],
        ["2024 to 2025", "scitt", "S24-002", "", "QTS awarded", "15/07/2025", "Yes", str(member_school.urn)],
    ], file_format)
    assert response.status_code == 302
    assert [(t.reference, t.display_name, t.state, t.employing_school) for t in Trainee.objects.order_by("reference")] == [
        ("S24-001", "Ada", "in_training", None), ("S24-002", "", "qts_awarded", member_school),
    ]


def test_trainee_rows_refused_by_the_rules_name_row_and_column(lead_user, single_alliance, cohort):
    rows = [
        ["2024", "SCITT", "S24-001", "", "", "", "", ""],
        ["2023", "SCITT", "S23-001", "", "", "", "", ""],  # no such cohort
        ["2024", "SCITT", "s24-001", "", "", "", "", ""],  # the same reference again
        ["2024", "SCITT", "S24-003", "", "Withdrawn", "", "", ""],  # no outcome date
    ]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["trainees"], single_alliance, table(TRAINEE_HEADER, rows))
    assert outcome.problems == [
        Problem(3, "Academic year", "Hilltop Alliance has no 2023 to 2024 SCITT cohort: record the cohort first."),
        Problem(4, "Reference", "s24-001 is already a trainee's reference in this cohort."),
        Problem(5, "Outcome date", "Give the date of the outcome."),
    ]
    assert not Trainee.objects.exists()


PLACEMENT_HEADER = ["Academic year", "Route", "Trainee reference", "School URN", "Starts on", "Ends on"]


def test_placements_outside_the_cohort_or_overlapping_in_the_file_are_refused(lead_user, single_alliance, cohort, member_school, outside_school):
    Trainee.objects.create(cohort=cohort, reference="S24-001")
    Trainee.objects.create(cohort=cohort, reference="S24-002")
    good = [["2024", "SCITT", "S24-001", str(member_school.urn), "2024-09-09", "2024-12-20"]]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["placements"], single_alliance, table(PLACEMENT_HEADER, good))
    assert outcome.ok and Placement.objects.count() == 1
    rows = [
        ["2024", "SCITT", "S24-002", str(member_school.urn), "2024-08-01", "2024-12-20"],  # before the cohort's year
        ["2024", "SCITT", "S24-001", str(member_school.urn), "2025-01-06", ""],
        ["2024", "SCITT", "S24-001", str(member_school.urn), "2025-03-01", "2025-04-01"],  # overlaps the row above
        ["2024", "SCITT", "S24-009", str(outside_school.urn), "2025-03-01", ""],  # no such trainee
    ]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["placements"], single_alliance, table(PLACEMENT_HEADER, rows))
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "Starts on"), (4, "Starts on"), (5, "Trainee reference")]
    assert "starts before the cohort's year starts (1 September 2024)" in outcome.problems[0].reason
    assert "placements cannot overlap" in outcome.problems[1].reason
    assert Placement.objects.count() == 1


# --- Contribution ledger entries ------------------------------------------------------------------

LEDGER_HEADER = ["Kind of record", "Record number", "Contributor URN", "Contributor organisation", "Amount"]


@pytest.fixture
def led_programme(single_alliance, trust):
    made = Programme.objects.create(alliance=single_alliance, title="Phonics for all", kind="subject_cpd", places=10)
    made.led_by.add(single_alliance.roles.get(role="lead"), single_alliance.roles.get(organisation=trust))
    return made


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_programme_shares_making_100_are_recorded(client, lead_user, single_alliance, led_programme, file_format):
    client.force_login(lead_user)
    lead = single_alliance.lead_schools().get()
    response = upload(client, reverse("delivery:upload", args=[single_alliance.slug, "contributions"]), LEDGER_HEADER, [
        ["Programme", str(led_programme.pk), str(lead.urn), "", "60"],
        ["programme", str(led_programme.pk), "", "Northern Lights Learning Trust", "40"],
    ], file_format)
    assert response.status_code == 302
    assert ledger.live_total(led_programme) == Decimal(100)
    assert {e.contributor.name for e in Contribution.objects.all()} == {lead.name, "Northern Lights Learning Trust"}


def test_shares_that_do_not_add_up_and_strangers_are_refused(lead_user, single_alliance, led_programme, outside_school, make_school):
    lead = single_alliance.lead_schools().get()
    rows = [
        ["Programme", str(led_programme.pk), str(lead.urn), "", "60"],
        ["Programme", str(led_programme.pk), "", "Northern Lights Learning Trust", "30"],
        ["Programme", str(led_programme.pk), str(outside_school.urn), "", "10"],  # did not lead it
        ["Programme", "99999", str(lead.urn), "", "10"],  # not the alliance's
        ["Programme", str(led_programme.pk), "", "Riverside Trust", "10"],  # not in the alliance
    ]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["contributions"], single_alliance, table(LEDGER_HEADER, rows))
    assert outcome.problems == sorted([
        Problem(2, "Amount", "The shares of Phonics for all add up to 90%: they must make 100%."),
        Problem(3, "Amount", "The shares of Phonics for all add up to 90%: they must make 100%."),
        Problem(4, "Contributor URN", "Faraway Academy did not deliver Phonics for all."),
        Problem(5, "Record number", "Hilltop Alliance has no programme numbered 99999."),
        Problem(6, "Contributor organisation", "Riverside Trust is not an organisation in Hilltop Alliance."),
    ])
    assert not Contribution.objects.exists()


# --- Programmes and sessions ----------------------------------------------------------------------

PROGRAMME_HEADER = ["Programme", "Kind", "Led by", "Places", "Price per place", "Session date", "Start time", "End time", "Venue", "Online", "Link to join"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_programmes_with_their_sessions_are_stored_as_drafts(client, lead_user, single_alliance, trust, file_format):
    client.force_login(lead_user)
    lead = single_alliance.lead_schools().get()
    response = upload(client, reverse("delivery:upload", args=[single_alliance.slug, "programmes"]), PROGRAMME_HEADER, [
        ["Leading maths", "Subject CPD", f"{lead.urn}; TR77", "20", "120.50", "2026-03-05", "09:30", "12:30", "Hilltop hall", "", ""],
        ["Leading maths", "Subject CPD", f"{lead.urn}; TR77", "20", "120.50", "12/03/2026", "09:30", "12:30", "", "yes", "https://meet.example/x"],
        ["Middle leaders", "Middle leadership", str(lead.urn), "8", "", "2026-04-01", "13:00", "16:00", "Library", "", ""],
    ], file_format)
    assert response.status_code == 302
    maths = Programme.objects.get(title="Leading maths")
    assert (maths.places, maths.price_pence, maths.published, maths.led_by.count()) == (20, 12050, False, 2)
    assert [(s.date, s.online) for s in maths.sessions.all()] == [(date(2026, 3, 5), False), (date(2026, 3, 12), True)]
    assert Programme.objects.get(title="Middle leaders").sessions.count() == 1


def test_programme_rows_that_disagree_or_break_rules_store_nothing(lead_user, single_alliance, member_school):
    lead = single_alliance.lead_schools().get()
    rows = [
        ["Leading maths", "Subject CPD", str(lead.urn), "20", "", "2026-03-05", "09:30", "12:30", "Hall", "", ""],
        ["Leading maths", "Subject CPD", str(lead.urn), "25", "", "2026-03-12", "09:30", "12:30", "Hall", "", ""],  # other places
        ["Other", "Subject CPD", str(member_school.urn), "20", "", "2026-03-05", "12:30", "09:30", "", "", ""],
    ]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["programmes"], single_alliance, table(PROGRAMME_HEADER, rows))
    assert outcome.problems == [
        Problem(3, "Places", "Row 2 gives Leading maths a different places."),
        Problem(4, "Led by", f"{member_school.urn} is not a current lead school or deliverer of Hilltop Alliance."),
    ]
    assert not Programme.objects.exists()


# --- Attendance -----------------------------------------------------------------------------------


@pytest.fixture
def running(single_alliance, member_school, person):
    """A programme with three places whose first session was last week; one confirmed booking."""
    made = Programme.objects.create(alliance=single_alliance, title="Coaching", kind="leadership", places=3, published=True)
    made.led_by.add(single_alliance.roles.get(role="lead"))
    Session.objects.create(programme=made, date=LAST_WEEK, starts_at=time(9), ends_at=time(12), venue="Hall")
    Session.objects.create(programme=made, date=date.today() + timedelta(days=7), starts_at=time(9), ends_at=time(12), venue="Hall")
    teacher = person("booked@brookside.example", member_school, "staff")
    Booking.objects.create(programme=made, participant=teacher, school=member_school, state="confirmed")
    return made


ATTENDANCE_HEADER = ["Session date", "Email", "Name", "School URN", "Present"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_attendance_of_booked_and_external_participants_is_recorded(client, lead_user, running, member_school, outside_school, file_format):
    client.force_login(lead_user)
    day = LAST_WEEK.strftime("%d/%m/%Y")
    response = upload(client, reverse("delivery:upload-attendance", args=[running.pk]), ATTENDANCE_HEADER, [
        [day, "Booked@Brookside.example", "", "", "yes"],
        [day, "", "Pat Elsewhere", str(outside_school.urn), "no"],
    ], file_format)
    assert response.status_code == 302
    assert Attendance.objects.get().present is True
    external = ExternalParticipant.objects.get()
    assert (external.name, external.school, external.recorded_by) == ("Pat Elsewhere", outside_school, lead_user)
    assert ExternalAttendance.objects.get().present is False
    assert "Pat Elsewhere" in client.get(reverse("delivery:programme-bookings", args=[running.pk])).content.decode()
    session = running.sessions.get(date=LAST_WEEK)
    assert "Pat Elsewhere, Faraway Academy: absent" in client.get(reverse("delivery:attendance", args=[session.pk])).content.decode()


def test_attendance_with_bad_rows_stores_nothing(client, lead_user, running, make_school):
    client.force_login(lead_user)
    schools = [make_school(name=f"Other {n}") for n in range(3)]
    day = LAST_WEEK.isoformat()
    response = upload(client, reverse("delivery:upload-attendance", args=[running.pk]), ATTENDANCE_HEADER, [
        [day, "booked@brookside.example", "", "", "yes"],
        [day, "", "Ann", str(schools[0].urn), "yes"],
        [day, "", "Bea", str(schools[1].urn), "yes"],  # the third place: the booking holds one
        [day, "", "Cal", str(schools[2].urn), "yes"],  # past capacity
        [day, "", "Dee", "999999", "yes"],  # no such school
        ["2020-01-01", "booked@brookside.example", "", "", "yes"],  # no session that day
        [(date.today() + timedelta(days=7)).isoformat(), "booked@brookside.example", "", "", "yes"],  # not begun
        [day, "booked@brookside.example", "", "", "no"],  # twice at one session
        [day, "nobody@else.example", "", "", "maybe"],
    ])
    assert response.status_code == 200
    assert not (Attendance.objects.exists() or ExternalParticipant.objects.exists() or ExternalAttendance.objects.exists())
    lines = error_lines(client, reverse("delivery:upload-attendance-errors", args=[running.pk, "csv"]))
    assert [(row, column) for row, column, _ in lines] == [
        (5, "Name"), (6, "School URN"), (7, "Session date"), (8, "Session date"), (9, "Email"), (10, "Present"),
    ]
    reasons = dict(((row, column), reason) for row, column, reason in lines)
    assert reasons[(5, "Name")] == "All 3 places on Coaching are taken: Cal cannot be added."
    assert reasons[(6, "School URN")] == "No school in the registry has the URN 999999."
    assert reasons[(7, "Session date")] == "Coaching has no session on 1 January 2020."
    assert reasons[(9, "Email")] == "Row 2 already records this participant at this session."


# --- Reading cells: whatever is typed, a reason or a value, never an error page -------------------

READERS = [cells.as_date, cells.as_time, cells.as_decimal, cells.as_whole_number, cells.as_urn, cells.as_yes_no,
           cells.as_email, cells.academic_year, cells.as_choice(TraineeCohort.Route.choices)]


@given(st.sampled_from(READERS), st.text(max_size=40))
def test_a_cell_is_read_or_refused_with_a_reason(reader, text):
    try:
        reader(text)
    except cells.BadCell as bad:
        assert str(bad)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_both_date_layouts_read_back_the_same_day(day):
    assert cells.as_date(day.isoformat()) == cells.as_date(day.strftime("%d/%m/%Y")) == day


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=12), min_size=len(SUPPORT_HEADER), max_size=len(SUPPORT_HEADER)), min_size=1, max_size=4))
def test_any_support_file_is_checked_without_failing(lead_user, single_alliance, rows):
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["support"], single_alliance, table(SUPPORT_HEADER, rows))
    assert all(problem.row >= 1 and problem.reason for problem in outcome.problems)
    assert outcome.ok == SupportAssignment.objects.exists()
    SupportAssignment.objects.all().delete()


def test_the_upload_pages_need_the_alliances_managers(client, person, member_school, single_alliance, running):
    client.force_login(person("head@brookside.example", member_school))
    for url in (
        reverse("delivery:uploads", args=[single_alliance.slug]), reverse("delivery:upload", args=[single_alliance.slug, "support"]),
        reverse("delivery:upload-attendance", args=[running.pk]),
    ):
        assert client.get(url).status_code == 403


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from([*kinds.FOR_ALLIANCE, "attendance"]), data=st.data())
def test_any_file_of_any_kind_is_checked_without_failing(lead_user, single_alliance, running, cohort, kind, data):
    """Garbage, near-misses and real-looking values in every column of every upload: the outcome
    is a list of (row, column, reason) or a stored file, never an exception."""
    layout = kinds.ATTENDANCE if kind == "attendance" else kinds.FOR_ALLIANCE[kind]
    target = running if kind == "attendance" else single_alliance
    plausible = st.sampled_from(["", "2024", "SCITT", "yes", "0", "-1", "1e9", "NaN", "31/02/2025", "2025-13-01", "09:75", "999999", "=1+1"])
    cell = st.one_of(st.text(max_size=10), plausible, st.sampled_from([c.example for c in layout.columns]))
    rows = data.draw(st.lists(st.lists(cell, min_size=len(layout.columns), max_size=len(layout.columns)), min_size=1, max_size=3))
    outcome = flow.check_and_store(lead_user, layout, target, table([c.name for c in layout.columns], rows))
    assert all(isinstance(p.row, int) and p.reason for p in outcome.problems)
    assert outcome.ok or not outcome.stored


def test_someone_who_booked_elsewhere_takes_a_place_from_the_sites_bookings(lead_user, running, outside_school, person, member_school, no_approval):
    session = running.sessions.first()
    attendance.record_external(lead_user, session, name="Pat", email="", school=outside_school, present=True)
    attendance.record_external(lead_user, session, name="pat", email="", school=outside_school, present=False)  # the same person
    assert ExternalParticipant.objects.count() == 1 and ExternalAttendance.objects.get().present is False
    assert programmes.places_held(running) == 2 and programmes.places_left(running) == 1
    running.sessions.filter(date=LAST_WEEK).update(date=date.today() + timedelta(days=3))  # open for booking again
    no_approval(member_school)
    states = [bookings.book(person(f"t{n}@brookside.example", member_school, "staff"), running, member_school).state for n in range(2)]
    assert states == ["confirmed", "waiting_list"]


def test_a_booking_not_confirmed_is_not_marked_in_an_upload(lead_user, running, member_school, person):
    waiting = person("waiting@brookside.example", member_school, "staff")
    Booking.objects.create(programme=running, participant=waiting, school=member_school, state="waiting_list")
    rows = [[LAST_WEEK.isoformat(), "waiting@brookside.example", "", "", "yes"]]
    outcome = flow.check_and_store(lead_user, kinds.ATTENDANCE, running, table(ATTENDANCE_HEADER, rows))
    assert outcome.problems == [
        Problem(2, "Email", "waiting@brookside.example's booking is on the waiting list: only confirmed participants are recorded."),
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["records.csv", "records.xlsx", "records.CSV"]), data=st.binary(max_size=300))
def test_any_bytes_uploaded_get_a_page_never_an_error(client, lead_user, single_alliance, name, data):
    client.force_login(lead_user)
    response = client.post(reverse("delivery:upload", args=[single_alliance.slug, "support"]), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code in (200, 302)
    assert not SupportAssignment.objects.exists()


def test_a_column_named_twice_in_different_capitals_is_refused(lead_user, single_alliance):
    header = [*SUPPORT_HEADER, "objectives"]
    outcome = flow.check_and_store(lead_user, kinds.FOR_ALLIANCE["support"], single_alliance, table(header, [["x"] * len(header)]))
    assert outcome.problems == [Problem(1, "Objectives", "Objectives is named more than once in row 1 (in different capitals).")]
