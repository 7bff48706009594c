"""'At least Good at the most recent inspection' under each of Ofsted's three regimes; ungraded
outcomes are in test_ungraded_outcomes.py."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.inspection_standing import at_least_good, standing_from_inspections
from registry.models import Inspection, ReportCardGrade

OEIF = Inspection.Regime.OEIF_GRADED
NO_OVERALL = Inspection.Regime.OEIF_NO_OVERALL
REPORT_CARD = Inspection.Regime.REPORT_CARD
UNGRADED = Inspection.Regime.UNGRADED
GRADES = [g.value for g in ReportCardGrade]


def inspection(regime, start=date(2023, 3, 1), **fields):
    return Inspection(regime=regime, start_date=start, inspection_number=str(start), **fields)


def key_judgements(qoe=2, ba=2, pd=2, lm=2, safeguarding=True):
    return dict(
        quality_of_education=qoe,
        behaviour_and_attitudes=ba,
        personal_development=pd,
        leadership_and_management=lm,
        safeguarding_effective=safeguarding,
    )


def report_card(grade="expected_standard", safeguarding=True, **areas):
    fields = {name: grade for name in Inspection.REPORT_CARD_AREAS}
    fields.update(early_years="", post_16="")  # "Not applicable" in most schools
    fields.update(areas)
    return dict(safeguarding_standards_met=safeguarding, **fields)


# --- Regime 1: overall effectiveness, to 1 September 2024 ---------------------------------


@pytest.mark.parametrize("grade, expected", [(1, True), (2, True), (3, False), (4, False)])
def test_overall_effectiveness_good_or_better(grade, expected):
    standing = standing_from_inspections([inspection(OEIF, overall_effectiveness=grade)])
    assert standing.at_least_good is expected
    assert "Overall effectiveness" in standing.reason and "1 March 2023" in standing.reason


# --- Regime 2: key judgements, no overall grade, 2 Sept 2024 to 9 Nov 2025 -----------------

AUTUMN_2024 = date(2024, 10, 1)


def test_all_key_judgements_good_is_at_least_good():
    standing = standing_from_inspections([inspection(NO_OVERALL, AUTUMN_2024, **key_judgements())])
    assert standing.at_least_good is True
    assert "no overall grade" in standing.reason


def test_one_key_judgement_below_good_is_not_under_the_default_rule():
    standing = standing_from_inspections([inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(qoe=3))])
    assert standing.at_least_good is False
    assert "quality of education" in standing.reason


def test_leadership_rule_reads_only_leadership_and_management():
    inspections = [inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(qoe=3))]
    assert standing_from_inspections(inspections, {"subjudgement_rule": "leadership"}).at_least_good is True
    inspections = [inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(lm=3))]
    assert standing_from_inspections(inspections, {"subjudgement_rule": "leadership"}).at_least_good is False


def test_ineffective_safeguarding_is_never_good():
    standing = standing_from_inspections(
        [inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(1, 1, 1, 1, safeguarding=False))]
    )
    assert standing.at_least_good is False and "Safeguarding" in standing.reason


def test_rule_is_configurable_in_settings(settings):
    settings.AT_LEAST_GOOD = {"subjudgement_rule": "leadership", "report_card_minimum": "expected_standard"}
    inspections = [inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(pd=4))]
    assert standing_from_inspections(inspections).at_least_good is True


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        standing_from_inspections([inspection(OEIF, overall_effectiveness=1)], {"subjudgement_rule": "some"})
    with pytest.raises(ValueError):
        standing_from_inspections([inspection(OEIF, overall_effectiveness=1)], {"report_card_minimum": "good"})


# --- Regime 3: report cards, from 10 November 2025 ------------------------------------------

WINTER_2025 = date(2025, 12, 1)


def test_every_area_at_expected_standard_is_at_least_good():
    standing = standing_from_inspections([inspection(REPORT_CARD, WINTER_2025, **report_card())])
    assert standing.at_least_good is True
    assert "Expected standard or better" in standing.reason


def test_one_area_needing_attention_is_not():
    card = report_card(achievement="needs_attention")
    standing = standing_from_inspections([inspection(REPORT_CARD, WINTER_2025, **card)])
    assert standing.at_least_good is False
    assert "achievement (Needs attention)" in standing.reason


def test_safeguarding_not_met_is_not_good_whatever_the_grades():
    card = report_card("exceptional", safeguarding=False)
    assert standing_from_inspections([inspection(REPORT_CARD, WINTER_2025, **card)]).at_least_good is False


def test_report_card_threshold_is_configurable():
    inspections = [inspection(REPORT_CARD, WINTER_2025, **report_card("expected_standard"))]
    assert standing_from_inspections(inspections, {"report_card_minimum": "strong_standard"}).at_least_good is False


@given(
    grades=st.lists(st.sampled_from(GRADES), min_size=6, max_size=6),
    safeguarding=st.booleans(),
    minimum=st.sampled_from(GRADES),
)
def test_report_card_reading_matches_its_definition(grades, safeguarding, minimum):
    areas = dict(zip(Inspection.REPORT_CARD_AREAS[:5] + ("leadership_and_governance",), grades))
    card = inspection(REPORT_CARD, WINTER_2025, **report_card(safeguarding=safeguarding, **areas))
    expected = safeguarding and all(GRADES.index(g) <= GRADES.index(minimum) for g in grades)
    assert standing_from_inspections([card], {"report_card_minimum": minimum}).at_least_good is expected


# --- Across regimes -------------------------------------------------------------------------


def test_most_recent_graded_inspection_decides_whatever_its_regime():
    history = [
        inspection(OEIF, date(2019, 5, 1), overall_effectiveness=1),
        inspection(NO_OVERALL, AUTUMN_2024, **key_judgements(qoe=3)),
    ]
    assert standing_from_inspections(history).at_least_good is False
    history.append(inspection(REPORT_CARD, WINTER_2025, **report_card("strong_standard")))
    assert standing_from_inspections(reversed(history)).at_least_good is True


@pytest.mark.django_db
def test_school_level_function_reads_stored_inspections(make_school, make_inspection):
    school = make_school()
    make_inspection(school, date(2018, 1, 10), overall_effectiveness=2)
    make_inspection(school, date(2022, 1, 10), overall_effectiveness=4, category_of_concern="SM")
    assert at_least_good(school).at_least_good is False


def test_undated_inspections_count_as_oldest():
    history = [
        inspection(OEIF, None, overall_effectiveness=4),
        inspection(OEIF, None, overall_effectiveness=4),
        inspection(OEIF, date(2015, 1, 1), overall_effectiveness=2),
    ]
    assert standing_from_inspections(history).at_least_good is True
