"""Importing Ofsted's management information: every layout, full history, refusals."""
import csv
from datetime import date

import pytest

from registry.importers.csv_source import ImportRejected
from registry.importers.ofsted import import_ofsted
from registry.models import Inspection, ReportCardGrade, School
from tests.conftest import OFSTED_2024, OFSTED_2026, OFSTED_LEEDS, OFSTED_YTD, write_csv

pytestmark = pytest.mark.django_db


def _schools_for(path, make_school):
    """Register every school a real Ofsted file names, as a GIAS import would have."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if not School.objects.filter(urn=int(row["URN"])).exists():
                make_school(urn=int(row["URN"]), name=row["School name"].strip())


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_2024_layout_gives_the_latest_and_previous_graded_inspections(make_school):
    _schools_for(OFSTED_2024, make_school)
    report = import_ofsted(OFSTED_2024)

    aldgate = School.objects.get(urn=100000)
    latest, previous = aldgate.inspections.order_by("-start_date")
    assert (latest.inspection_number, latest.start_date, latest.publication_date) == (
        "10323215",
        date(2024, 6, 12),
        date(2024, 7, 11),
    )
    assert latest.regime == Inspection.Regime.OEIF_GRADED
    assert latest.overall_effectiveness == 1 and latest.early_years_provision == 2
    assert latest.sixth_form_provision is None  # "9": not applicable
    assert latest.safeguarding_effective is True
    assert latest.category_of_concern == ""
    assert (previous.inspection_number, previous.overall_effectiveness) == ("ITS411816", 1)
    assert previous.quality_of_education is None  # judged before that grade existed
    assert aldgate.latest_outcome == School.Outcome.OUTSTANDING and aldgate.at_least_good is True
    assert report.created == Inspection.objects.count() > 10


def test_report_card_layout_reads_all_three_regimes(make_school):
    _schools_for(OFSTED_2026, make_school)
    import_ofsted(OFSTED_2026)

    regimes = set(Inspection.objects.values_list("regime", flat=True))
    assert {
        Inspection.Regime.OEIF_GRADED,
        Inspection.Regime.OEIF_NO_OVERALL,
        Inspection.Regime.REPORT_CARD,
        Inspection.Regime.UNGRADED,
    } <= regimes
    report_cards = Inspection.objects.filter(regime=Inspection.Regime.REPORT_CARD)
    assert report_cards.count() == 13  # as SOURCES.md counts them
    assert all(card.safeguarding_standards_met for card in report_cards)
    assert report_cards.filter(curriculum_and_teaching=ReportCardGrade.STRONG_STANDARD).count() == 4
    no_overall = Inspection.objects.filter(regime=Inspection.Regime.OEIF_NO_OVERALL).first()
    assert no_overall.overall_effectiveness is None and no_overall.start_date >= date(2024, 9, 2)
    assert no_overall.leadership_and_management is not None


def test_importing_several_editions_builds_up_history(make_school):
    _schools_for(OFSTED_2024, make_school)
    _schools_for(OFSTED_2026, make_school)
    import_ofsted(OFSTED_2024)
    before = Inspection.objects.filter(school__urn=100000).count()
    report = import_ofsted(OFSTED_2026)

    # The 2026 file repeats URN 100000's June 2024 inspection: kept once, not duplicated.
    assert Inspection.objects.filter(school__urn=100000, inspection_number="10323215").count() == 1
    assert Inspection.objects.filter(school__urn=100000).count() >= before
    assert report.unchanged >= 1
    assert import_ofsted(OFSTED_2026).created == 0


def test_year_to_date_file_gives_one_inspection_per_row(make_school):
    _schools_for(OFSTED_YTD, make_school)
    report = import_ofsted(OFSTED_YTD)

    assert report.rows == 80 and report.created == 80
    visit = Inspection.objects.get(school__urn=141865)
    assert visit.safeguarding_standards_met is False
    assert visit.curriculum_and_teaching == ReportCardGrade.URGENT_IMPROVEMENT
    assert School.objects.get(urn=141865).at_least_good is False


def test_schools_not_in_the_registry_are_reported_not_invented(make_school):
    make_school(urn=100000)
    report = import_ofsted(OFSTED_2024)

    assert School.objects.count() == 1
    assert report.skipped_unknown_school > 0 and 100005 in report.unknown_urns
    assert "not in the registry" in "\n".join(report.lines())


def test_leeds_file_with_date_of_judgement_headers_is_read(make_school):
    _schools_for(OFSTED_LEEDS, make_school)
    import_ofsted(OFSTED_LEEDS)

    assert School.objects.get(urn=107809).inspections.get().ungraded_outcome == "School remains Good"
    assert Inspection.objects.filter(regime=Inspection.Regime.REPORT_CARD).count() == 2


def test_windows_1252_original_is_accepted_as_well_as_utf8(tmp_path, make_school):
    header, rows = _rows(OFSTED_2024)
    rows[0]["School name"] = "The Aldgate School – City"  # an en dash, byte 0x96 in cp1252
    path = write_csv(tmp_path / "latest.csv", header, rows[:1], encoding="cp1252")
    make_school(urn=100000)

    assert import_ofsted(path).created == 2


@pytest.mark.parametrize(
    "column, value, reason",
    [
        ("Overall effectiveness", "7", "'7' is not an Ofsted grade"),
        ("Inspection start date", "31/02/2024", "'31/02/2024' is not a real date in the form dd/mm/yyyy"),
        ("URN", "1000O0", "'1000O0' is not a URN"),
        ("Safeguarding is effective?", "Maybe", "'Maybe' is not Yes/No or Met/Not met"),
    ],
)
def test_bad_values_are_refused_by_row_and_column(tmp_path, make_school, column, value, reason):
    make_school(urn=100000)
    import_ofsted(OFSTED_2024)
    before = Inspection.objects.count()
    header, rows = _rows(OFSTED_2024)
    rows[2][column] = value
    path = write_csv(tmp_path / "latest.csv", header, rows)

    with pytest.raises(ImportRejected) as caught:
        import_ofsted(path)
    assert f"latest.csv, row 4, column '{column}': {reason}" in str(caught.value)
    assert Inspection.objects.count() == before


def test_a_file_with_no_inspection_columns_is_refused(tmp_path):
    path = write_csv(tmp_path / "schools.csv", ["URN", "School name"], [{"URN": "100000", "School name": "A"}])
    with pytest.raises(ImportRejected, match="no inspection columns recognised"):
        import_ofsted(path)
