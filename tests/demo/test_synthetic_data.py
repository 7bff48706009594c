"""Tests of the synthetic national data generator (demo.synthetic).

Plain functions, no database: most run on a small country (3,000 open schools) generated
once per module; one test builds the full default size. The format checks read raw bytes,
because an importer that works on GIAS's real files must work on these.
"""

import csv
import datetime as dt
import io
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from demo.synthetic import (ESTABLISHMENTS_FILE, LINKS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE,
                            generate_national_data)
from demo.synthetic.headers import (GIAS_ESTABLISHMENT_COLUMNS, GIAS_INTEGER_COLUMNS, GIAS_LINKS_COLUMNS,
                                    OFSTED_2024_COLUMNS, OFSTED_2026_COLUMNS)

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SMALL_OPEN, SMALL_CLOSED = 3_000, 600
REGIONS = {"North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"}
QUOTED = re.compile(r'"(?:[^"]|"")*"')


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    directory = tmp_path_factory.mktemp("small")
    generate_national_data(directory, seed=2026, open_count=SMALL_OPEN, closed_count=SMALL_CLOSED)
    return directory


def read_gias(path):
    with open(path, encoding="cp1252", newline="") as handle:
        return list(csv.DictReader(handle))


def read_ofsted(path, encoding):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def raw_cells(line):
    """Split one CSV line into its cells exactly as written, quotes included."""
    cells, i = [], 0
    while True:
        if line.startswith('"', i):
            match = QUOTED.match(line, i)
            cells.append(match.group())
            i = match.end()
        else:
            end = line.find(",", i)
            end = len(line) if end < 0 else end
            cells.append(line[i:end])
            i = end
        if i >= len(line):
            return cells
        assert line[i] == ",", f"junk after a quoted cell at {i}: {line[i:i + 20]!r}"
        i += 1
        if i == len(line):
            cells.append("")
            return cells


def open_state_funded(rows):
    state_groups = {"Local authority maintained schools", "Academies", "Free Schools", "Special schools"}
    return [r for r in rows
            if r["EstablishmentStatus (name)"] in ("Open", "Open, but proposed to close")
            and r["EstablishmentTypeGroup (name)"] in state_groups]


def ofsted_day(text):
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def gias_day(text):
    return dt.datetime.strptime(text, "%d-%m-%Y").date()


# --------------------------------------------------------------------------- determinism

def test_same_seed_gives_identical_bytes(small, tmp_path):
    generate_national_data(tmp_path, seed=2026, open_count=SMALL_OPEN, closed_count=SMALL_CLOSED)
    for name in (ESTABLISHMENTS_FILE, LINKS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE):
        assert (tmp_path / name).read_bytes() == (small / name).read_bytes(), name


def test_different_seed_gives_different_files(small, tmp_path):
    generate_national_data(tmp_path, seed=7, open_count=SMALL_OPEN, closed_count=SMALL_CLOSED)
    for name in (ESTABLISHMENTS_FILE, LINKS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE):
        assert (tmp_path / name).read_bytes() != (small / name).read_bytes(), name


# --------------------------------------------------------------------------- headers

def test_header_constants_have_the_published_lengths():
    assert (len(GIAS_ESTABLISHMENT_COLUMNS), len(GIAS_LINKS_COLUMNS)) == (135, 5)
    assert (len(OFSTED_2026_COLUMNS), len(OFSTED_2024_COLUMNS)) == (85, 74)
    assert "Latest OEIF  safeguarding is effective?" in OFSTED_2026_COLUMNS  # Ofsted's double space


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared/data not beside the repository")
@pytest.mark.parametrize("constant, relative_path, encoding", [
    (GIAS_ESTABLISHMENT_COLUMNS, "gias/samples/edubasealldata_sample_2026_summer-born-info.csv", "cp1252"),
    (GIAS_LINKS_COLUMNS, "gias/links_edubasealldata20250422.csv", "cp1252"),
    (OFSTED_2026_COLUMNS, "ofsted/mi_state_funded_schools_latest_inspections_as_at_30_Jun_2026__excerpt.csv", "utf-8"),
    (OFSTED_2024_COLUMNS, "ofsted/mi_state_funded_schools_latest_inspections_as_at_31_Aug_2024__excerpt.csv", "utf-8"),
])
def test_header_constants_equal_the_real_files(constant, relative_path, encoding):
    with open(SHARED_DATA / relative_path, encoding=encoding, newline="") as handle:
        assert tuple(next(csv.reader(handle))) == constant


def test_files_start_with_the_published_headers(small):
    expected = {ESTABLISHMENTS_FILE: (GIAS_ESTABLISHMENT_COLUMNS, "cp1252"), LINKS_FILE: (GIAS_LINKS_COLUMNS, "cp1252"),
                OFSTED_2024_FILE: (OFSTED_2024_COLUMNS, "cp1252"), OFSTED_2026_FILE: (OFSTED_2026_COLUMNS, "utf-8")}
    for name, (columns, encoding) in expected.items():
        with open(small / name, encoding=encoding, newline="") as handle:
            assert tuple(next(csv.reader(handle))) == columns, name


# --------------------------------------------------------------------------- GIAS format

def test_gias_file_is_cp1252_crlf_without_final_terminator(small):
    raw = (small / ESTABLISHMENTS_FILE).read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") > SMALL_OPEN
    assert not raw.endswith(b"\r\n") and not raw.endswith(b"\n")
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # real cp1252 bytes, not UTF-8
    text = raw.decode("cp1252")
    assert any(ch in text for ch in "àôéáëâ")
    header = text.split("\r\n", 1)[0]
    assert header == ",".join(f'"{column}"' for column in GIAS_ESTABLISHMENT_COLUMNS)


def test_gias_integer_columns_are_bare_and_the_rest_quoted(small):
    lines = (small / ESTABLISHMENTS_FILE).read_bytes().decode("cp1252").split("\r\n")[1:]
    integer_positions = {i for i, column in enumerate(GIAS_ESTABLISHMENT_COLUMNS) if column in GIAS_INTEGER_COLUMNS}
    quoted_commas = 0
    for line in lines:
        cells = raw_cells(line)
        assert len(cells) == 135
        for i, cell in enumerate(cells):
            if i in integer_positions:
                assert re.fullmatch(r"\d*", cell), (GIAS_ESTABLISHMENT_COLUMNS[i], cell)
            else:
                assert QUOTED.fullmatch(cell), (GIAS_ESTABLISHMENT_COLUMNS[i], cell)
                quoted_commas += "," in cell
    assert quoted_commas > 10  # names, streets and URLs with commas


def test_gias_codes_keep_leading_zeros_and_dates_are_dd_mm_yyyy(small):
    rows = read_gias(small / ESTABLISHMENTS_FILE)
    by_type = {r["TypeOfEstablishment (name)"]: r["TypeOfEstablishment (code)"] for r in rows}
    assert by_type["Voluntary aided school"] == "02" and by_type["Community school"] == "01"
    assert all(re.fullmatch(r"\d{4}", r["EstablishmentNumber"]) for r in rows)
    assert all(re.fullmatch(r"\d{3}", r["LA (code)"]) for r in rows)
    assert {r["Diocese (code)"] for r in rows if r["ReligiousCharacter (name)"] == "Does not apply"} == {"0000"}
    for column in ("OpenDate", "CloseDate", "LastChangedDate", "CensusDate"):
        assert all(r[column] == "" or re.fullmatch(r"\d\d-\d\d-\d{4}", r[column]) for r in rows), column
    open_rows = open_state_funded(rows)
    assert all(r["NumberOfPupils"] == "" or r["NumberOfPupils"].isdigit() for r in open_rows)
    assert all(re.fullmatch(r"1\d{7}", r["UKPRN"]) for r in open_rows if r["UKPRN"])


def test_urns_are_unique_six_digit_integers(small):
    urns = [int(r["URN"]) for r in read_gias(small / ESTABLISHMENTS_FILE)]
    assert len(urns) == len(set(urns))
    assert all(100_000 <= urn <= 999_999 for urn in urns)
    assert urns == sorted(urns)


def test_small_country_has_the_national_mix(small):
    rows = read_gias(small / ESTABLISHMENTS_FILE)
    schools = open_state_funded(rows)
    assert len(schools) == SMALL_OPEN
    assert {r["GOR (name)"] for r in schools} == REGIONS
    phases = Counter(r["PhaseOfEducation (name)"] for r in schools)
    assert phases["Primary"] / SMALL_OPEN == pytest.approx(0.75, abs=0.03)
    assert phases["Secondary"] / SMALL_OPEN == pytest.approx(0.153, abs=0.02)
    assert phases["Not applicable"] / SMALL_OPEN == pytest.approx(0.061, abs=0.015)
    assert {"Closed", "Open, but proposed to close"} <= {r["EstablishmentStatus (name)"] for r in rows}
    assert sum(r["EstablishmentStatus (name)"] == "Closed" for r in rows) == SMALL_CLOSED
    non_state = {r["TypeOfEstablishment (name)"] for r in rows} - {r["TypeOfEstablishment (name)"] for r in schools}
    assert {"Other independent school", "Further education"} <= non_state


def test_academies_belong_to_trusts_and_maintained_schools_do_not(small):
    for row in open_state_funded(read_gias(small / ESTABLISHMENTS_FILE)):
        in_trust = row["EstablishmentTypeGroup (name)"] in ("Academies", "Free Schools")
        if in_trust:
            assert re.fullmatch(r"\d{4}", row["Trusts (code)"]) and row["Trusts (name)"]
            assert row["TrustSchoolFlag (name)"] in ("Supported by a multi-academy trust",
                                                     "Supported by a single-academy trust")
            assert row["OpenDate"], row["URN"]
        else:
            assert row["Trusts (code)"] == "" and row["TrustSchoolFlag (name)"] == "Not applicable"


def test_schools_sit_inside_england_near_their_region(small):
    boxes = {}
    for row in open_state_funded(read_gias(small / ESTABLISHMENTS_FILE)):
        easting, northing = int(row["Easting"]), int(row["Northing"])
        assert 80_000 <= easting <= 660_000 and 5_000 <= northing <= 660_000
        boxes.setdefault(row["GOR (name)"], []).append((easting, northing))
    london = boxes["London"]
    assert all(500_000 <= e <= 565_000 and 155_000 <= n <= 205_000 for e, n in london)
    assert statistics.median(n for _, n in boxes["North East"]) > statistics.median(n for _, n in boxes["South West"])


# --------------------------------------------------------------------------- links

def test_links_format_and_every_link_has_its_twin(small):
    raw = (small / LINKS_FILE).read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and not raw.endswith(b"\n")
    lines = raw.decode("cp1252").split("\r\n")
    assert lines[0] == '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"'
    for line in lines[1:]:
        urn, link_urn, *rest = raw_cells(line)
        assert urn.isdigit() and link_urn.isdigit() and all(QUOTED.fullmatch(cell) for cell in rest)
    links = read_gias(small / LINKS_FILE)
    keys = {(r["URN"], r["LinkURN"], r["LinkType"]) for r in links}
    twins = {"Successor": "Predecessor", "Successor - merged": "Predecessor - merged",
             "Successor - amalgamated": "Predecessor - amalgamated"}
    twins.update({v: k for k, v in twins.items()})
    for row in links:
        assert (row["LinkURN"], row["URN"], twins[row["LinkType"]]) in keys, row
    undated = sum(r["LinkEstablishedDate"] == "" for r in links) / len(links)
    assert 0.15 < undated < 0.35


def test_links_point_at_real_establishments_and_conversions_are_back_to_back(small):
    establishments = {r["URN"]: r for r in read_gias(small / ESTABLISHMENTS_FILE)}
    links = read_gias(small / LINKS_FILE)
    assert sum(r["LinkType"] == "Successor" for r in links) > SMALL_CLOSED // 3
    for row in links:
        assert row["LinkName"] == establishments[row["LinkURN"]]["EstablishmentName"]
        if row["LinkType"] == "Successor":
            old, new = establishments[row["URN"]], establishments[row["LinkURN"]]
            assert old["EstablishmentStatus (name)"] == "Closed"
            assert old["ReasonEstablishmentClosed (name)"] in ("Academy Converter", "Academy Sponsor Led")
            assert gias_day(old["CloseDate"]) + dt.timedelta(days=1) == gias_day(new["OpenDate"])
            assert old["LA (code)"] == new["LA (code)"] and old["Postcode"] == new["Postcode"]


# --------------------------------------------------------------------------- Ofsted

def test_ofsted_2026_has_one_row_per_open_state_funded_school(small):
    gias_urns = {r["URN"] for r in open_state_funded(read_gias(small / ESTABLISHMENTS_FILE))}
    raw = (small / OFSTED_2026_FILE).read_bytes()
    raw.decode("utf-8")
    rows = read_ofsted(small / OFSTED_2026_FILE, "utf-8")
    assert {r["URN"] for r in rows} == gias_urns and len(rows) == len(gias_urns)
    assert all(r["Web Link (opens in new window)"] == r["URN"] for r in rows)
    assert all(re.fullmatch(r"\d{7}", r["LAESTAB"]) for r in rows)
    with open(small / OFSTED_2026_FILE, encoding="utf-8", newline="") as handle:
        assert {len(row) for row in csv.reader(handle)} == {85}


def _regimes(rows):
    oe = "Latest OEIF overall effectiveness"
    counts = Counter()
    for row in rows:
        if row["Inspection number of latest full inspection"] != "NULL":
            counts["report card"] += 1
        elif row[oe] == "Not judged":
            counts["not judged"] += 1
        elif row[oe] in ("1", "2", "3", "4"):
            counts["graded"] += 1
        if all(row[c] == "NULL" for c in ("Inspection number of latest full inspection",
                                          "Inspection number of latest OEIF graded inspection",
                                          "Latest ungraded inspection number")):
            counts["never"] += 1
        if row["Latest ungraded inspection number"] != "NULL":
            counts["ungraded"] += 1
    return {key: n / len(rows) for key, n in counts.items()}


def test_ofsted_2026_mixes_three_regimes_in_national_shares(small):
    rows = read_ofsted(small / OFSTED_2026_FILE, "utf-8")
    shares = _regimes(rows)
    assert shares["report card"] == pytest.approx(0.12, abs=0.03)
    assert shares["not judged"] == pytest.approx(0.16, abs=0.04)
    assert shares["graded"] == pytest.approx(0.63, abs=0.06)
    assert shares["never"] == pytest.approx(0.02, abs=0.015)
    assert shares["ungraded"] == pytest.approx(0.20, abs=0.05)
    graded = Counter(r["Latest OEIF overall effectiveness"] for r in rows)
    total = sum(graded[g] for g in "1234")
    assert graded["2"] / total == pytest.approx(0.72, abs=0.04)
    assert graded["1"] / total == pytest.approx(0.17, abs=0.04)
    cards = [r for r in rows if r["Curriculum and teaching"] != "NULL"]
    assert {r["Curriculum and teaching"] for r in cards} <= {
        "Exceptional", "Strong standard", "Expected standard", "Needs attention", "Urgent improvement"}
    assert Counter(r["Safeguarding standards"] for r in cards).most_common(1)[0][0] == "Met"
    assert "Not applicable" in {r["Post-16 provision (where applicable)"] for r in cards}


def test_ofsted_2026_nulls_dates_and_numbers(small):
    rows = read_ofsted(small / OFSTED_2026_FILE, "utf-8")
    numbers = []
    for row in rows:
        for column in ("Inspection number of latest full inspection", "Inspection number of latest OEIF graded inspection",
                       "Latest ungraded inspection number"):
            if row[column] != "NULL":
                assert re.fullmatch(r"\d{8}|ITS\d{6}", row[column])
                numbers.append(row[column])
        # Empty category = inspected, no concern; NULL = no such inspection.
        has_oeif = row["Inspection number of latest OEIF graded inspection"] != "NULL"
        assert (row["Latest OEIF category of concern"] in ("", "SM", "SWK")) == has_oeif
        for start, published in (("Inspection start date", "Publication date"),
                                 ("Inspection start date of latest OEIF graded inspection",
                                  "Publication date of latest OEIF graded inspection"),
                                 ("Date of latest ungraded inspection", "Ungraded inspection publication date")):
            if row[start] != "NULL":
                weeks = (ofsted_day(row[published]) - ofsted_day(row[start])).days / 7
                assert 3.5 <= weeks <= 8
                assert ofsted_day(row[published]) <= dt.date(2026, 6, 30)
        if row["Latest OEIF overall effectiveness"] == "Not judged":
            assert ofsted_day(row["Inspection start date of latest OEIF graded inspection"]) >= dt.date(2024, 9, 2)
            assert row["Latest OEIF quality of education"] in ("1", "2", "3", "4")
        if row["Inspection start date"] != "NULL":
            assert ofsted_day(row["Inspection start date"]) >= dt.date(2025, 11, 10)
    assert len(numbers) == len(set(numbers))


def test_ofsted_2024_agrees_with_2026_and_adds_history(small):
    raw = (small / OFSTED_2024_FILE).read_bytes()
    raw.decode("cp1252")
    rows_2024 = {r["URN"]: r for r in read_ofsted(small / OFSTED_2024_FILE, "cp1252")}
    rows_2026 = read_ofsted(small / OFSTED_2026_FILE, "utf-8")
    pairs = {"Latest OEIF overall effectiveness": "Overall effectiveness",
             "Latest OEIF quality of education": "Quality of education",
             "Latest OEIF effectiveness of leadership and management": "Effectiveness of leadership and management",
             "Latest OEIF  safeguarding is effective?": "Safeguarding is effective?",
             "Inspection start date of latest OEIF graded inspection": "Inspection start date"}
    checked = 0
    for row in rows_2026:
        start = row["Inspection start date of latest OEIF graded inspection"]
        if start == "NULL" or ofsted_day(start) >= dt.date(2024, 9, 2):
            continue
        old = rows_2024[row["URN"]]
        assert old["Inspection number of latest graded inspection"] == row["Inspection number of latest OEIF graded inspection"]
        for new_column, old_column in pairs.items():
            assert old[old_column] == row[new_column], (row["URN"], new_column)
        checked += 1
    assert checked > SMALL_OPEN // 2
    with_previous = [r for r in rows_2024.values() if r["Previous graded inspection number"] != "NULL"]
    assert len(with_previous) > len(rows_2024) // 3
    for row in with_previous:
        assert ofsted_day(row["Previous inspection start date"]) < ofsted_day(row["Inspection start date"])
    assert any(r["Does the latest graded inspection relate to the URN of the current school?"] == "No"
               for r in rows_2024.values())


def test_inspections_before_conversion_belong_to_the_predecessor(small):
    establishments = {r["URN"]: r for r in read_gias(small / ESTABLISHMENTS_FILE)}
    successors = {(r["URN"], r["LinkURN"]) for r in read_gias(small / LINKS_FILE) if r["LinkType"] == "Successor"}
    rows = read_ofsted(small / OFSTED_2026_FILE, "utf-8")
    relates = "Does the latest OEIF graded inspection relate to the URN of the current school?"
    earlier = [r for r in rows if r[relates] == "No"]
    assert earlier, "some academies should carry their predecessor's inspection"
    for row in earlier:
        old_urn = row["URN at time of latest OEIF graded inspection"]
        old = establishments[old_urn]
        assert old["EstablishmentStatus (name)"] == "Closed" and (old_urn, row["URN"]) in successors
        assert row["LAESTAB at time of latest OEIF graded inspection"] == old["LA (code)"] + old["EstablishmentNumber"]
        assert ofsted_day(row["Inspection start date of latest OEIF graded inspection"]) <= gias_day(old["CloseDate"])


# --------------------------------------------------------------------------- full size

@pytest.mark.slow
def test_full_default_size_national_dataset(tmp_path):
    files = generate_national_data(tmp_path)  # seed 2026, 24,000 open, 2,000 closed
    assert [f.path.name for f in files] == [ESTABLISHMENTS_FILE, LINKS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE]
    rows = read_gias(tmp_path / ESTABLISHMENTS_FILE)
    schools = open_state_funded(rows)
    assert len(schools) == 24_000
    assert 26_000 <= len(rows) <= 28_000
    assert {r["GOR (name)"] for r in schools} == REGIONS
    assert len({r["LA (code)"] for r in schools}) >= 150
    phases = Counter(r["PhaseOfEducation (name)"] for r in schools)
    for phase, share in {"Primary": 0.751, "Secondary": 0.153, "Nursery": 0.017, "All-through": 0.0076,
                         "16 plus": 0.002, "Not applicable": 0.061}.items():
        assert phases[phase] / len(schools) == pytest.approx(share, rel=0.15), phase
    for phase, share in (("Primary", 0.45), ("Secondary", 0.80)):
        group = [r for r in schools if r["PhaseOfEducation (name)"] == phase]
        academies = sum(r["EstablishmentTypeGroup (name)"] in ("Academies", "Free Schools") for r in group)
        assert academies / len(group) == pytest.approx(share, abs=0.04), phase
    religion = Counter(r["ReligiousCharacter (name)"] for r in schools)
    assert religion["Church of England"] / len(schools) == pytest.approx(0.25, abs=0.03)
    assert religion["Roman Catholic"] / len(schools) == pytest.approx(0.10, abs=0.02)
    mats = {r["Trusts (code)"] for r in schools if r["TrustSchoolFlag (name)"] == "Supported by a multi-academy trust"}
    assert 1_000 <= len(mats) <= 1_200
    primary = [int(r["NumberOfPupils"]) for r in schools if r["PhaseOfEducation (name)"] == "Primary" and r["NumberOfPupils"]]
    assert statistics.median(primary) == pytest.approx(280, abs=30)
    assert sum(p < 210 for p in primary) / len(primary) > 0.25
    secondary = [int(r["NumberOfPupils"]) for r in schools if r["PhaseOfEducation (name)"] == "Secondary" and r["NumberOfPupils"]]
    assert statistics.median(secondary) == pytest.approx(1_000, abs=100)
    assert sum(r["EstablishmentStatus (name)"] == "Open, but proposed to close" for r in schools) >= 200
    ofsted_rows = read_ofsted(tmp_path / OFSTED_2026_FILE, "utf-8")
    assert len(ofsted_rows) == 24_000
    shares = _regimes(ofsted_rows)
    assert shares["report card"] == pytest.approx(0.12, abs=0.015)
    assert shares["not judged"] == pytest.approx(0.155, abs=0.02)
    assert shares["never"] == pytest.approx(0.02, abs=0.008)


@pytest.mark.slow
def test_benchmark_size_passes_fifty_thousand_rows(tmp_path):
    generate_national_data(tmp_path, open_count=24_000, closed_count=28_000)
    raw = (tmp_path / ESTABLISHMENTS_FILE).read_bytes()
    assert raw.count(b"\r\n") >= 50_000
    urns = [line.split(b",", 1)[0] for line in raw.split(b"\r\n")[1:]]
    assert len(urns) == len(set(urns))


def test_command_writes_the_four_files(tmp_path):
    pytest.importorskip("django")
    from django.conf import settings
    if not settings.configured:
        pytest.skip("Django settings are not configured (pytest-django not active)")
    from django.core.management import call_command

    out = io.StringIO()
    call_command("generate_national_data", "--output", str(tmp_path), "--open", "400", "--closed", "50", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith(ESTABLISHMENTS_FILE)
    assert all((tmp_path / name).stat().st_size > 0
               for name in (ESTABLISHMENTS_FILE, LINKS_FILE, OFSTED_2024_FILE, OFSTED_2026_FILE))
