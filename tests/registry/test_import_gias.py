"""Importing GIAS establishment files as published: real samples, re-imports, and refusals."""
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.importers.csv_source import ImportRejected
from registry.importers.gias import import_gias
from registry.models import ImportRun, Organisation, School
from tests.conftest import GIAS_SAMPLE_2019, GIAS_SAMPLE_2026, gias_bytes, read_gias_rows

pytestmark = pytest.mark.django_db


def test_real_sample_is_imported_with_what_later_features_need():
    report = import_gias(GIAS_SAMPLE_2026)

    assert (report.rows, report.created, report.updated) == (2, 2, 0)
    aldgate = School.objects.get(urn=100000)
    assert aldgate.name == "The Aldgate School"
    assert aldgate.type_name == "Voluntary aided school"
    assert aldgate.phase == "Primary"
    assert aldgate.status == School.Status.OPEN and aldgate.is_open
    assert aldgate.is_state_funded and not aldgate.is_special
    assert aldgate.local_authority.name == "City of London"
    assert aldgate.local_authority.code == "201"
    assert aldgate.region == "London"
    assert aldgate.religious_character == "Church of England"
    assert aldgate.diocese.name == "Diocese of London"
    assert aldgate.trust is None
    assert (aldgate.number_of_pupils, aldgate.school_capacity) == (249, 245)
    assert (aldgate.statutory_low_age, aldgate.statutory_high_age) == (3, 11)
    assert (aldgate.easting, aldgate.northing) == (533498, 181201)
    # Easting 533498, northing 181201 is by Aldgate in the City of London.
    assert aldgate.latitude == pytest.approx(51.5136, abs=0.0005)
    assert aldgate.longitude == pytest.approx(-0.0775, abs=0.0005)
    assert aldgate.gias_last_changed == date(2026, 1, 14)
    run = ImportRun.objects.get()
    assert run.kind == ImportRun.Kind.GIAS and run.created == 2 and len(run.sha256) == 64


def test_older_layout_with_different_columns_is_read_by_header_name():
    report = import_gias(GIAS_SAMPLE_2019)

    assert report.created == 4
    school = School.objects.get(urn=100492)
    assert school.name == "St Thomas' CofE Primary School"
    assert school.local_authority.name == "Kensington and Chelsea"
    assert school.postcode == "W10 5EF"


def test_reimporting_the_same_file_changes_nothing():
    import_gias(GIAS_SAMPLE_2026)
    report = import_gias(GIAS_SAMPLE_2026)

    assert (report.created, report.updated, report.unchanged, report.closed) == (0, 0, 2, 0)
    assert School.objects.count() == 2


def test_reimporting_a_newer_file_updates_in_place_and_reports_each_change(write_gias):
    header, rows = read_gias_rows()
    # The sample's second school closed in 1992; reopen it here so that it can close again.
    rows[1].update({"EstablishmentStatus (name)": "Open", "CloseDate": "", "ReasonEstablishmentClosed (name)": ""})
    import_gias(write_gias(rows, name="edubasealldata20260101.csv"))
    first_id = School.objects.get(urn=100000).id

    rows[0]["NumberOfPupils"] = "260"
    rows[1]["EstablishmentStatus (name)"] = "Closed"
    rows[1]["CloseDate"] = "31-08-2026"
    rows[1]["ReasonEstablishmentClosed (name)"] = "Academy Converter"
    report = import_gias(write_gias(rows, name="edubasealldata20260901.csv"))

    assert (report.created, report.updated, report.unchanged, report.closed) == (0, 2, 0, 1)
    assert report.changed_fields == {"number_of_pupils": 1, "status": 1, "close_date": 1, "close_reason": 1}
    assert [school.urn for school in School.objects.open()] == [100000]
    aldgate = School.objects.get(urn=100000)
    assert aldgate.id == first_id and aldgate.number_of_pupils == 260
    closed = School.objects.get(urn=100004)
    assert closed.status == School.Status.CLOSED and closed.close_date == date(2026, 8, 31)
    assert not closed.is_open
    assert "closed:    1" in "\n".join(report.lines())


def test_open_but_proposed_to_close_counts_as_open(write_gias):
    header, rows = read_gias_rows()
    rows[0]["EstablishmentStatus (name)"] = "Open, but proposed to close"
    import_gias(write_gias(rows))

    school = School.objects.get(urn=100000)
    assert school.status == School.Status.OPEN_PROPOSED_TO_CLOSE
    assert school.is_open
    assert School.objects.open().filter(urn=100000).exists()


def test_windows_1252_names_are_kept_and_trusts_become_organisations(write_gias):
    header, rows = read_gias_rows()
    rows[0]["EstablishmentName"] = "St Thomas à Becket Primary School"
    rows[1]["Trusts (code)"] = "0042"
    rows[1]["Trusts (name)"] = "Awel Y Môr Learning Trust"
    rows[1]["TrustSchoolFlag (name)"] = "Supported by a multi-academy trust"
    import_gias(write_gias(rows))

    assert School.objects.get(urn=100000).name == "St Thomas à Becket Primary School"
    trust = Organisation.objects.get(kind=Organisation.Kind.ACADEMY_TRUST)
    assert (trust.code, trust.name) == ("0042", "Awel Y Môr Learning Trust")
    assert list(trust.schools) == [School.objects.get(urn=100004)]


def test_special_and_small_schools_follow_the_documented_rules(write_gias, settings):
    header, rows = read_gias_rows()
    rows[0]["TypeOfEstablishment (name)"] = "Community special school"
    rows[1]["NumberOfPupils"] = "120"
    import_gias(write_gias(rows))

    assert School.objects.get(urn=100000).is_special
    small = School.objects.get(urn=100004)
    assert small.is_small
    settings.SMALL_SCHOOL_PUPIL_THRESHOLD = 100
    assert not small.is_small


def test_placeholder_coordinates_are_not_treated_as_a_place(write_gias):
    header, rows = read_gias_rows()
    rows[0]["Easting"], rows[0]["Northing"] = "999999999", "999999999"
    import_gias(write_gias(rows))

    school = School.objects.get(urn=100000)
    assert school.easting is None and school.latitude is None


# --- Refusals: the message names file, row, column and reason; nothing is written -------------


def _refused(path):
    with pytest.raises(ImportRejected) as caught:
        import_gias(path)
    return str(caught.value)


@pytest.fixture
def already_imported():
    import_gias(GIAS_SAMPLE_2026)
    return {school.urn: school.number_of_pupils for school in School.objects.all()}


def _unchanged(before):
    assert {school.urn: school.number_of_pupils for school in School.objects.all()} == before
    assert ImportRun.objects.count() == 1


def test_missing_required_column_is_named(write_gias, already_imported):
    header, rows = read_gias_rows()
    header = [name for name in header if name != "Trusts (code)"]
    message = _refused(write_gias(rows, header=header))

    assert "edubasealldata20260115.csv, row 1, column 'Trusts (code)': required column is missing" in message
    _unchanged(already_imported)


def test_other_gias_layouts_say_which_columns_are_missing(write_gias, already_imported):
    # The academies-and-free-schools layout has names but no location or trust columns.
    header = ["URN", "EstablishmentName", "TypeOfEstablishment (name)"]
    message = _refused(write_gias([{"URN": "100000", "EstablishmentName": "A"}], header=header))

    assert "column 'Easting': required column is missing" in message
    assert "column 'CloseDate': required column is missing" in message
    _unchanged(already_imported)


def test_utf8_file_is_refused_rather_than_garbled(write_gias, already_imported):
    header, rows = read_gias_rows()
    rows[1]["EstablishmentName"] = "Awel Y Môr Primary School"
    message = _refused(write_gias(rows, encoding="utf-8"))

    assert "row 3" in message and "UTF-8" in message and "Windows-1252" in message
    _unchanged(already_imported)


def test_bytes_that_are_not_windows_1252_are_refused(tmp_path, already_imported):
    header, rows = read_gias_rows()
    data = gias_bytes(header, rows).replace(b"The Aldgate School", b"The Aldgate \x81School")
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(data)
    message = _refused(path)

    assert "edubasealldata.csv, row 2: byte 0x81 is not Windows-1252 text" in message
    _unchanged(already_imported)


def test_malformed_urn_is_refused(write_gias, already_imported):
    header, rows = read_gias_rows()
    rows[1]["URN"] = "10A004"
    message = _refused(write_gias(rows))

    assert "row 3, column 'URN': '10A004' is not a URN" in message
    _unchanged(already_imported)


def test_duplicate_urn_is_refused(write_gias, already_imported):
    header, rows = read_gias_rows()
    rows[1]["URN"] = rows[0]["URN"]
    rows[1]["NumberOfPupils"] = "999"
    message = _refused(write_gias(rows))

    assert "row 3, column 'URN': URN 100000 is also on row 2" in message
    _unchanged(already_imported)


def test_impossible_date_is_refused_and_nothing_is_half_written(write_gias, already_imported):
    header, rows = read_gias_rows()
    rows[0]["NumberOfPupils"] = "300"  # a valid change in the same file must not be written either
    rows[1]["OpenDate"] = "31-02-2024"
    message = _refused(write_gias(rows))

    assert "row 3, column 'OpenDate': '31-02-2024' is not a real date in the form dd-mm-yyyy" in message
    _unchanged(already_imported)


def test_every_problem_in_a_file_is_listed(write_gias):
    header, rows = read_gias_rows()
    rows[0]["NumberOfPupils"] = "lots"
    rows[1]["CloseDate"] = "2024-07-31"
    with pytest.raises(ImportRejected) as caught:
        import_gias(write_gias(rows))

    assert caught.value.total == 2
    assert [p.row for p in caught.value.problems] == [2, 3]
    assert [p.column for p in caught.value.problems] == ["NumberOfPupils", "CloseDate"]


def test_command_reports_changes_and_refuses_bad_files(write_gias, capsys):
    call_command("import_gias", str(GIAS_SAMPLE_2026))
    assert "created:   2" in capsys.readouterr().out

    header, rows = read_gias_rows()
    rows[0]["URN"] = "ABC"
    with pytest.raises(CommandError, match=r"row 2, column 'URN'"):
        call_command("import_gias", str(write_gias(rows)))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_gias", "/nonexistent/edubasealldata.csv")


# --- Any valid values survive the trip through the published format -------------------------


def reads_as_utf8(name):
    """Windows-1252 text whose bytes are also UTF-8 for Windows-1252 characters ("Ã©" is "é"):
    the one case the importer cannot tell apart from a re-saved file, and refuses."""
    try:
        return name.encode("cp1252").decode("utf-8").encode("cp1252") != name.encode("cp1252")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return False


def test_mojibake_lookalike_names_are_refused_as_utf8(write_gias):
    header, rows = read_gias_rows()
    rows[0]["EstablishmentName"] = "CafÃ© School"  # in UTF-8 these bytes spell "Café School"
    with pytest.raises(ImportRejected, match="UTF-8"):
        import_gias(write_gias(rows))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pupils=st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
    opened=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))),
    name=st.text(
        alphabet=st.characters(codec="cp1252", exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=60
    ).filter(lambda s: s.strip() == s and s.strip() and not reads_as_utf8(s)),
)
def test_valid_values_round_trip(write_gias, pupils, opened, name):
    header, rows = read_gias_rows()
    rows[0]["NumberOfPupils"] = "" if pupils is None else str(pupils)
    rows[0]["OpenDate"] = "" if opened is None else opened.strftime("%d-%m-%Y")
    rows[0]["EstablishmentName"] = name
    import_gias(write_gias(rows[:1]))

    school = School.objects.get(urn=100000)
    assert (school.number_of_pupils, school.open_date, school.name) == (pupils, opened, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    urn=st.text(alphabet="0123456789ABCxyz -.", max_size=9).filter(
        lambda s: not (s.strip().isdigit() and 5 <= len(s.strip()) <= 7)
    )
)
def test_anything_that_is_not_a_urn_is_refused(write_gias, urn):
    header, rows = read_gias_rows()
    rows[0]["URN"] = urn
    with pytest.raises(ImportRejected, match="column 'URN'"):
        import_gias(write_gias(rows[:1]))
    assert not School.objects.exists()


@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_published_dates_parse_exactly_as_strptime_would(day):
    from datetime import datetime

    from registry.importers.csv_source import parse_date

    for fmt in ("%d-%m-%Y", "%d/%m/%Y"):
        text = day.strftime(fmt)
        assert parse_date(text, fmt) == datetime.strptime(text, fmt).date() == day


@pytest.mark.parametrize("text", ["31-02-2024", "2024-07-31", "1-2-24", "01-13-2020", "0a-01-2020", "01-01-2020-", "01/01/2020"])
def test_anything_but_a_real_gias_date_is_refused(text):
    from registry.importers.csv_source import parse_date

    with pytest.raises(ValueError):
        parse_date(text, "%d-%m-%Y")


def test_a_urn_with_a_superscript_digit_is_named_as_wrong_not_a_crash(write_gias, db):
    header, rows = read_gias_rows()
    rows[0]["URN"] = "10000²"
    with pytest.raises(ImportRejected) as refused:
        import_gias(write_gias(rows))
    assert "'10000²' is not a URN" in str(refused.value)
