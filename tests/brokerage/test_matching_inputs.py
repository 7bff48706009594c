"""The engine's input read from the database: what a broker would check by hand."""
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.models import AllianceRole
from brokerage.matching import greedy, solve
from brokerage.matching_inputs import build_inputs, inspection_level
from brokerage.models import Deployment, MatchingRun, SchoolNeed, SpecialistLeader
from delivery.models import ExpertiseArea
from registry.models import Inspection

from .runs_world import country  # noqa: F401

pytestmark = pytest.mark.django_db
Scope = MatchingRun.Scope


def rows_by_need(inputs):
    p = inputs.problem
    return {int(pk): i for i, pk in enumerate(p.need_ids)}


def test_priority_comes_from_a_recent_weak_inspection_and_whether_anyone_supports_the_school(country):
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    p, row = inputs.problem, rows_by_need(inputs)
    level = {name: int(p.priority[row[country["needs"][name].pk]]) for name in ("weak", "supported", "fine", "far")}
    # Inadequate last year, nobody supporting: urgent. Inadequate with support planned: high.
    # Good in 2024 (the Inadequate of 2019 is too old to count), unsupported: raised.
    assert level == {"weak": 3, "supported": 2, "fine": 1, "far": 1}
    assert p.need_inspection[row[country["needs"]["weak"].pk]] == 2
    assert p.need_has_support[row[country["needs"]["supported"].pk]]


def test_a_released_deployment_counts_as_support_and_an_asked_one_takes_its_need_out(country, single_alliance, tschool, member_school):
    weak_need = country["needs"]["weak"]
    deployment = Deployment.objects.create(  # all 4 days wanted
        need=weak_need, receiving_school=country["weak"], specialist_leader=country["sle"], home_school=member_school,
        brokering_school=tschool, alliance=single_alliance, days_requested=Decimal(4),
    )
    second = SchoolNeed.objects.create(school=country["weak"], area=country["english"], phase="Primary", days_wanted=Decimal(2))
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    row = rows_by_need(inputs)
    assert weak_need.pk not in row
    assert int(inputs.problem.priority[row[second.pk]]) == 3  # only asked for: still urgent
    Deployment.objects.filter(pk=deployment.pk).update(state=Deployment.State.RELEASED)
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    assert int(inputs.problem.priority[rows_by_need(inputs)[second.pk]]) == 2  # inadequate, but now supported: high, not urgent


def test_schools_that_give_support_are_flagged_for_reciprocity(country, member_school, tschool):
    from brokerage.models import SchoolNeed as Need

    theirs = Need.objects.create(school=member_school, area=country["english"], phase="Primary", days_wanted=Decimal(1))
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    p, row = inputs.problem, rows_by_need(inputs)
    assert p.need_gives[row[theirs.pk]]  # Brookside has a designated SLE
    assert not p.need_gives[row[country["needs"]["weak"].pk]]


def test_alliances_and_scope(country, single_alliance, member_school):
    inputs = build_inputs(Scope.ALLIANCE, alliance=single_alliance, travel_limit_km=50)
    p = inputs.problem
    assert set(p.need_ids.tolist()) == {country["needs"][n].pk for n in ("weak", "supported", "fine")}
    assert (p.need_alliances == single_alliance.pk).any(axis=1).all()
    only = build_inputs(Scope.SCHOOL, school=country["far"], travel_limit_km=50).problem
    assert only.need_ids.tolist() == [country["needs"]["far"].pk]
    assert only.need_alliances[0].tolist()[:1] == [country["other"].pk]
    # offers are national whatever the scope: the SLE's two areas, split, and the school's offer
    assert only.offers == inputs.problem.offers


def test_schools_without_a_location_are_left_out_and_counted(country):
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    assert country["needs"]["nowhere"].pk not in rows_by_need(inputs)
    assert inputs.notes == ["1 school has no location in the registry, so its needs and offers are left out."]


def test_days_are_whole_needs_rounded_up_capacity_rounded_down(country):
    country["needs"]["weak"].days_wanted = Decimal("2.5")
    country["needs"]["weak"].save()
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    p = inputs.problem
    assert p.need_days[rows_by_need(inputs)[country["needs"]["weak"].pk]] == 3
    offer_row = inputs.offer_offer.index(country["offer"].pk)
    assert p.offer_capacity[offer_row] == 4  # 4.5 days a year: 4 whole days to promise
    assert p.phase_names == ("Primary",) and p.offer_phases[offer_row] == 1


def test_an_sle_is_offered_in_each_area_someone_needs_sharing_one_pool_of_days(country):
    p = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    sle_rows = [i for i, sle in enumerate(p.offer_sle) if sle == country["sle"].pk]
    assert [p.problem.area_names[p.problem.offer_area[i]] for i in sle_rows] == ["Maths"]  # nobody needs English
    SchoolNeed.objects.create(school=country["weak"], area=country["english"], phase="Primary", days_wanted=Decimal(2))
    p = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    problem = p.problem
    sle_rows = [i for i, sle in enumerate(p.offer_sle) if sle == country["sle"].pk]
    assert sorted(problem.area_names[problem.offer_area[i]] for i in sle_rows) == ["English", "Maths"]
    assert problem.offer_capacity[sle_rows].tolist() == [6, 6]  # either area may take all six days...
    pool = problem.offer_pool[sle_rows[0]]
    assert problem.offer_pool[sle_rows].tolist() == [pool, pool] and problem.pool_capacity[pool] == 6  # ...once
    assert problem.offer_pool[p.offer_offer.index(country["offer"].pk)] == -1


def test_inspection_levels_under_each_framework():
    graded = Inspection.Regime
    assert inspection_level(graded.OEIF_GRADED, 3, (), None, (), None) == 1
    assert inspection_level(graded.OEIF_NO_OVERALL, None, (2, 2, 4, 2), True, (), None) == 2
    assert inspection_level(graded.OEIF_NO_OVERALL, None, (2, 3, 2, 2), True, (), None) == 1
    assert inspection_level(graded.OEIF_NO_OVERALL, None, (2, 2, 2, 2), False, (), None) == 2
    assert inspection_level(graded.REPORT_CARD, None, (), None, ("expected_standard", "needs_attention"), True) == 1
    assert inspection_level(graded.REPORT_CARD, None, (), None, ("strong_standard", ""), False) == 2
    assert inspection_level(graded.REPORT_CARD, None, (), None, ("urgent_improvement",), True) == 2
    assert inspection_level(graded.REPORT_CARD, None, (), None, ("exceptional",), True) == 0


AREAS = ("Maths", "English", "Phonics", "Science")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    capacity=st.integers(1, 30),
    committed_areas=st.lists(st.sampled_from(AREAS), min_size=1, max_size=4, unique=True),
    needs=st.lists(st.tuples(st.sampled_from(AREAS), st.integers(1, 12), st.integers(0, 20)), min_size=1, max_size=8),
)
def test_an_sle_in_several_areas_is_never_promised_more_than_their_days(country, make_school, capacity, committed_areas, needs):
    with transaction.atomic():
        sle = country["sle"]
        SpecialistLeader.objects.filter(pk=sle.pk).update(yearly_capacity_days=capacity)
        sle.areas.set(ExpertiseArea.objects.filter(name__in=committed_areas))
        SchoolNeed.objects.update(state=SchoolNeed.State.WITHDRAWN)
        for area, days, km in needs:
            school = make_school(easting=430_000 + km * 1000, northing=433_000)
            SchoolNeed.objects.create(school=school, area=ExpertiseArea.objects.get(name=area), phase="Primary", days_wanted=days)
        inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
        rows = np.array([i for i, pk in enumerate(inputs.offer_sle) if pk == sle.pk], dtype=np.int64)
        wanted = {area for area, _, _ in needs} & set(committed_areas)
        assert len(rows) == len(wanted)  # a row for each of the SLE's areas that someone needs
        for result in (solve(inputs.problem), greedy(inputs.problem)):
            given_by_sle = int(result.days[np.isin(result.offer, rows)].sum())
            assert given_by_sle <= capacity
        transaction.set_rollback(True)


def test_reading_inputs_takes_a_fixed_number_of_queries(country, make_school, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        build_inputs(Scope.NATIONAL, travel_limit_km=50)
    for n in range(6):
        school = make_school(easting=431_000 + n, northing=433_000)
        AllianceRole.objects.create(alliance=country["other"], role="member", school=school, starts_on=date(2024, 9, 1))
        SchoolNeed.objects.create(school=school, area=country["maths"], phase="Primary", days_wanted=2)
    with django_assert_max_num_queries(15):
        build_inputs(Scope.NATIONAL, travel_limit_km=50)


def test_a_need_part_covered_asks_only_for_the_rest(country, single_alliance, tschool, member_school):
    weak_need = country["needs"]["weak"]  # 4 days wanted
    Deployment.objects.create(
        need=weak_need, receiving_school=country["weak"], specialist_leader=country["sle"], home_school=member_school,
        brokering_school=tschool, alliance=single_alliance, days_requested=Decimal(3), state=Deployment.State.RELEASED,
    )
    inputs = build_inputs(Scope.NATIONAL, travel_limit_km=50)
    assert int(inputs.problem.need_days[rows_by_need(inputs)[weak_need.pk]]) == 1
    Deployment.objects.filter(need=weak_need).update(days=Decimal(4), state=Deployment.State.AGREED)
    assert weak_need.pk not in rows_by_need(build_inputs(Scope.NATIONAL, travel_limit_km=50))


@pytest.mark.parametrize("scope", [Scope.NATIONAL, Scope.ALLIANCE])
def test_reading_every_row_instead_of_a_long_list_of_ids_reads_the_same(country, single_alliance, scope, monkeypatch):
    """Past MANY_IDS schools, the schools and their alliances are read whole and sifted (faster
    than an IN of tens of thousands of ids): the problem must be the same."""
    from brokerage import matching_inputs

    listed = build_inputs(scope, alliance=single_alliance, travel_limit_km=50)
    monkeypatch.setattr(matching_inputs, "MANY_IDS", 0)
    whole = build_inputs(scope, alliance=single_alliance, travel_limit_km=50)
    for name in ("need_ids", "need_x", "need_y", "need_phase", "need_alliances", "offer_x", "offer_y", "offer_phases",
                 "offer_capacity", "offer_alliances", "offer_pool", "pool_capacity"):
        assert np.array_equal(getattr(listed.problem, name), getattr(whole.problem, name)), name
    assert (listed.notes, listed.offer_sle, listed.offer_offer) == (whole.notes, whole.offer_sle, whole.offer_offer)
    assert (listed.problem.need_alliances >= 0).any()
