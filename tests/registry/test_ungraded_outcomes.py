"""Grades that Ofsted states in words, in the outcome of an ungraded inspection.

The wordings are every one found in Ofsted's files in /work/shared/data/ofsted (surveyed for
this module): "School remains Good", "School remains Outstanding", "... (Improving) - S5 Next",
"... (Concerns) - S5 Next", "Standards maintained", "Improved significantly" and "Some aspects not
as strong".
"""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.inspection_standing import Says, read_ungraded_outcome, standing_from_inspections
from registry.models import Inspection, OEIFGrade, School
from tests.registry.test_inspection_standing import OEIF, UNGRADED, inspection, key_judgements

OTHER = Inspection.Regime.OTHER
NO_OVERALL = Inspection.Regime.OEIF_NO_OVERALL
Outcome = School.Outcome

REAL_WORDINGS = {
    "School remains Good": (Says.GRADE_KEPT, OEIFGrade.GOOD),
    "School remains Outstanding": (Says.GRADE_KEPT, OEIFGrade.OUTSTANDING),
    "School remains Good (Improving) - S5 Next": (Says.GRADE_KEPT, OEIFGrade.GOOD),
    "School remains Good (Concerns) - S5 Next": (Says.GRADE_DOUBTED, OEIFGrade.GOOD),
    "School remains Outstanding (Concerns) - S5 Next": (Says.GRADE_DOUBTED, OEIFGrade.OUTSTANDING),
    "Standards maintained": (Says.STANDARDS_KEPT, None),
    "Improved significantly": (Says.STANDARDS_KEPT, None),
    "Some aspects not as strong": (Says.STANDARDS_DOUBTED, None),
}


def ungraded(outcome, start=date(2024, 3, 12)):
    return inspection(UNGRADED, start, ungraded_outcome=outcome)


def graded(grade, start=date(2016, 5, 4)):
    return inspection(OEIF, start, overall_effectiveness=grade)


# --- Reading the words -------------------------------------------------------------------------


@pytest.mark.parametrize("wording, reading", REAL_WORDINGS.items())
def test_every_real_wording_is_read(wording, reading):
    words = read_ungraded_outcome(wording)
    assert (words.says, words.grade) == reading


@pytest.mark.parametrize(
    "wording",
    ["", "Standards may have declined", "School remains good-ish", "Remains Good", "Inspection converted to graded"],
)
def test_other_wordings_are_not_guessed(wording):
    assert read_ungraded_outcome(wording).says == Says.UNREAD


def _respelt(wording, data):
    """The wording with each letter's case and the spacing around its words chosen by Hypothesis."""
    space = st.text(alphabet=" \t\u00a0\n", min_size=1, max_size=3)
    words = [
        "".join(c.upper() if up else c.lower() for c, up in zip(word, data.draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))))
        for word in wording.split(" ")
    ]
    edges = st.text(alphabet=" \t", max_size=2)
    return data.draw(edges) + "".join(word + data.draw(space) for word in words[:-1]) + words[-1] + data.draw(edges)


@given(wording=st.sampled_from(sorted(REAL_WORDINGS)), data=st.data())
def test_case_and_spacing_do_not_change_the_reading(wording, data):
    respelt = _respelt(wording, data)
    words = read_ungraded_outcome(respelt)
    assert (words.says, words.grade) == REAL_WORDINGS[wording]


# --- Schools last graded before September 2019 --------------------------------------------------


def test_remains_good_gives_good_and_says_so_with_the_date():
    standing = standing_from_inspections([ungraded("School remains Good")])
    assert standing.at_least_good is True
    assert standing.outcome == Outcome.GOOD
    assert standing.reason == (
        "Good: an ungraded inspection on 12 March 2024 found the school remains Good (last graded before September 2019)."
    )


def test_remains_outstanding_improving_variant_is_quoted():
    standing = standing_from_inspections([ungraded("School remains Good (Improving) - S5 Next")])
    assert standing.at_least_good is True and standing.outcome == Outcome.GOOD
    assert "Ofsted's words: \u201cSchool remains Good (Improving) - S5 Next\u201d" in standing.reason


def test_an_older_grade_on_record_is_named_instead_of_guessed():
    standing = standing_from_inspections([graded(1, date(2014, 6, 5)), ungraded("School remains Outstanding")])
    assert standing.at_least_good is True and standing.outcome == Outcome.OUTSTANDING
    assert "(last graded at the inspection of 5 June 2014)" in standing.reason


@pytest.mark.parametrize(
    "wording, outcome",
    [
        ("School remains Good (Concerns) - S5 Next", Outcome.GOOD),
        ("School remains Outstanding (Concerns) - S5 Next", Outcome.OUTSTANDING),
    ],
)
def test_a_grade_kept_with_concerns_is_not_counted_but_stays_the_latest_outcome(wording, outcome):
    standing = standing_from_inspections([ungraded(wording)])
    assert standing.at_least_good is None
    assert standing.outcome == outcome
    assert standing.reason.startswith("No answer:") and wording in standing.reason
    assert "not counted as kept until Ofsted grades the school again" in standing.reason


# --- Carrying a grade forward --------------------------------------------------------------------


@pytest.mark.parametrize("wording", ["Standards maintained", "Improved significantly"])
def test_standards_kept_carry_a_graded_inspection_forward(wording):
    standing = standing_from_inspections([graded(2, date(2019, 7, 2)), ungraded(wording, date(2024, 12, 4))])
    assert standing.at_least_good is True and standing.outcome == Outcome.GOOD
    assert standing.reason == (
        "Overall effectiveness Good at the inspection of 2 July 2019. Since then an ungraded inspection on "
        f"4 December 2024 found \u201c{wording}\u201d, so that grade carries forward."
    )


def test_standards_maintained_carries_a_grade_named_in_words_forward():
    history = [ungraded("School remains Outstanding", date(2022, 5, 11)), ungraded("Standards maintained", date(2025, 1, 22))]
    standing = standing_from_inspections(history)
    assert standing.at_least_good is True and standing.outcome == Outcome.OUTSTANDING
    assert "11 May 2022" in standing.reason and "22 January 2025" in standing.reason


def test_standards_maintained_carries_a_grade_below_good_forward_too():
    standing = standing_from_inspections([graded(3), ungraded("Standards maintained")])
    assert standing.at_least_good is False and standing.outcome == Outcome.REQUIRES_IMPROVEMENT


def test_standards_maintained_carries_key_judgements_forward():
    history = [inspection(NO_OVERALL, date(2024, 10, 1), **key_judgements()), ungraded("Standards maintained", date(2025, 6, 1))]
    assert standing_from_inspections(history).at_least_good is True


def test_standards_maintained_with_no_grade_on_record_gives_no_answer():
    standing = standing_from_inspections([ungraded("Standards maintained")])
    assert standing.at_least_good is None
    assert standing.outcome == Outcome.UNGRADED_ONLY
    assert "no earlier grade is on record" in standing.reason


# --- Doubts ---------------------------------------------------------------------------------------


def test_some_aspects_not_as_strong_withdraws_a_graded_answer():
    history = [graded(1, date(2019, 10, 9)), ungraded("Some aspects not as strong", date(2025, 2, 5))]
    standing = standing_from_inspections(history)
    assert standing.at_least_good is None
    assert standing.outcome == Outcome.OUTSTANDING  # Ofsted's grade stands until it grades again
    assert "5 February 2025" in standing.reason and "Outstanding at the inspection of 9 October 2019" in standing.reason


def test_concerns_after_a_graded_inspection_withdraw_the_answer():
    history = [graded(2, date(2019, 5, 1)), ungraded("School remains Good (Concerns) - S5 Next", date(2023, 6, 1))]
    assert standing_from_inspections(history).at_least_good is None


def test_a_doubt_is_not_cleared_by_standards_maintained_afterwards():
    history = [
        graded(2, date(2019, 5, 1)),
        ungraded("Some aspects not as strong", date(2024, 11, 1)),
        ungraded("Standards maintained", date(2025, 6, 1)),
    ]
    standing = standing_from_inspections(history)
    assert standing.at_least_good is None and "Some aspects not as strong" in standing.reason


def test_a_graded_inspection_after_a_doubt_decides():
    history = [ungraded("Some aspects not as strong", date(2024, 11, 1)), inspection(NO_OVERALL, date(2025, 5, 1), **key_judgements())]
    assert standing_from_inspections(history).at_least_good is True


def test_an_unknown_wording_gives_no_answer_and_is_quoted():
    standing = standing_from_inspections([graded(2), ungraded("Standards may have declined")])
    assert standing.at_least_good is None and "\u201cStandards may have declined\u201d" in standing.reason


def test_an_ungraded_inspection_older_than_the_graded_one_changes_nothing():
    history = [ungraded("School remains Good (Concerns) - S5 Next", date(2021, 9, 1)), graded(2, date(2023, 2, 1))]
    standing = standing_from_inspections(history)
    assert standing.at_least_good is True
    assert standing.reason == "Overall effectiveness Good at the inspection of 1 February 2023."


# --- "Not inspected" is only said of a school with no inspection -------------------------------------


def test_no_inspection_at_all_is_not_inspected():
    standing = standing_from_inspections([])
    assert (standing.at_least_good, standing.outcome) == (None, Outcome.NOT_INSPECTED)
    assert standing.reason == "No inspection on record."


def test_a_visit_with_no_outcome_is_ungraded_only_not_not_inspected():
    visit = inspection(OTHER, date(2017, 12, 8), ungraded_outcome="")
    standing = standing_from_inspections([visit])
    assert (standing.at_least_good, standing.outcome) == (None, Outcome.UNGRADED_ONLY)


# --- Properties over any history ------------------------------------------------------------------

days = st.dates(min_value=date(2010, 1, 1), max_value=date(2025, 12, 31))
any_inspection = st.one_of(
    st.builds(lambda grade, start: graded(grade, start), st.integers(1, 4), days),
    st.builds(ungraded, st.sampled_from(sorted(REAL_WORDINGS)), days),
)


@given(history=st.lists(any_inspection, max_size=5))
def test_a_newer_standards_maintained_never_changes_the_answer(history):
    before = standing_from_inspections(history)
    after = standing_from_inspections([*history, ungraded("Standards maintained", date(2026, 1, 15))])
    if before.outcome == Outcome.NOT_INSPECTED:
        assert after.outcome == Outcome.UNGRADED_ONLY
    else:
        assert (after.at_least_good, after.outcome) == (before.at_least_good, before.outcome)


@given(history=st.lists(any_inspection, max_size=5))
def test_a_newer_doubt_always_withdraws_the_answer(history):
    after = standing_from_inspections([*history, ungraded("Some aspects not as strong", date(2026, 1, 15))])
    assert after.at_least_good is None and "Some aspects not as strong" in after.reason
