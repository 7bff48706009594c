"""Importing Ofsted's management information: every layout, full history, refusals."""
import csv
from datetime import date

import pytest

from registry.importers.csv_source import ImportRejected
from registry.importers.ofsted import import_ofsted
from registry.inspection_standing import at_least_good
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


# --- Grades stated in words (see test_ungraded_outcomes.py for the reading itself) ----------------
# The counts below come from a survey of the files' "Ungraded inspection overall outcome" column.


def _without_a_graded_inspection():
    return School.objects.exclude(inspections__regime__in=Inspection.GRADED_REGIMES)


def test_leeds_schools_last_graded_before_2019_are_read_from_their_ungraded_outcome(make_school):
    _schools_for(OFSTED_LEEDS, make_school)
    import_ofsted(OFSTED_LEEDS)

    ungraded_only = _without_a_graded_inspection()
    assert ungraded_only.count() == 109
    # 84 "School remains Good" and 3 "School remains Outstanding".
    assert ungraded_only.filter(at_least_good=True).count() == 87
    assert ungraded_only.filter(at_least_good=True, latest_outcome=School.Outcome.GOOD).count() == 84
    # 2 "School remains Good (Concerns)" and 1 "School remains Outstanding (Concerns)": grade kept, in doubt.
    assert ungraded_only.filter(at_least_good=None, latest_outcome__in=["good", "outstanding"]).count() == 3
    # 12 "Standards maintained" and 2 "Some aspects not as strong", with no grade on record.
    assert ungraded_only.filter(at_least_good=None, latest_outcome=School.Outcome.UNGRADED_ONLY).count() == 14
    # Only the 5 schools with no inspection at all are "not inspected".
    assert School.objects.filter(latest_outcome=School.Outcome.NOT_INSPECTED).count() == 5
    assert not School.objects.filter(latest_outcome=School.Outcome.NOT_INSPECTED, inspections__isnull=False).exists()
    assert School.objects.filter(at_least_good=True).count() == 237  # 150 before grades in words were read
    assert School.objects.get(urn=107809).latest_outcome == School.Outcome.GOOD


def test_london_excerpt_counts_match_the_survey(make_school):
    _schools_for(OFSTED_2026, make_school)
    import_ofsted(OFSTED_2026)

    ungraded_only = _without_a_graded_inspection()
    assert ungraded_only.count() == 79
    # 37 "School remains Good", 5 "... Good (Improving) - S5 Next", 20 "School remains Outstanding".
    assert ungraded_only.filter(at_least_good=True).count() == 62
    # 12 "Standards maintained" and 4 "Improved significantly": nothing on record to carry forward.
    assert ungraded_only.filter(latest_outcome=School.Outcome.UNGRADED_ONLY).count() == 16
    # Outstanding in October 2019, then "Some aspects not as strong" in February 2025.
    doubted = School.objects.get(urn=100094)
    assert (doubted.latest_outcome, doubted.at_least_good) == (School.Outcome.OUTSTANDING, None)
    assert School.objects.filter(at_least_good=True).count() == 169


def test_standards_maintained_carries_forward_a_grade_from_an_earlier_edition(make_school):
    # URN 100049: Good on 2 July 2019 (the 2024 file), "Standards maintained" on 4 December 2024
    # (the 2026 file, which lists graded inspections from September 2019 only).
    _schools_for(OFSTED_2024, make_school)
    import_ofsted(OFSTED_2026)
    school = School.objects.get(urn=100049)
    assert (school.latest_outcome, school.at_least_good) == (School.Outcome.UNGRADED_ONLY, None)

    import_ofsted(OFSTED_2024)
    school.refresh_from_db()
    assert (school.latest_outcome, school.at_least_good) == (School.Outcome.GOOD, True)
    assert "Standards maintained" in at_least_good(school).reason


def test_summaries_are_refreshed_without_a_query_per_school(make_school, django_assert_max_num_queries):
    _schools_for(OFSTED_LEEDS, make_school)
    with django_assert_max_num_queries(20):
        import_ofsted(OFSTED_LEEDS)
