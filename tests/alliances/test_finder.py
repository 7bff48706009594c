"""The alliance finder ranks every alliance by need, phase, character, ethos and distance; distance
adds a documented number of points and can sort, but never excludes an alliance or lifts a nearer
one above one that offers what the school asked for."""
import math
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances import finder
from alliances.finder import FinderQuery, find_alliances, haversine_km
from alliances.models import Alliance, AllianceRole, DeliveryArea
from registry.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = date.today()
STARTED = TODAY - timedelta(days=400)
ENDED = TODAY - timedelta(days=30)

LEEDS = (53.80, -1.55)
NEAR_LEEDS = (53.82, -1.50)  # about 4 km away
OXFORDSHIRE = (52.00, -1.55)  # 1.8 degrees of latitude south: about 200 km
PLYMOUTH = (50.37, -4.14)  # about 420 km


def alliance(name, leads=(), members=(), deliverers=(), ended=(), **fields):
    """An alliance with current leads, members and deliverers, plus (school, role) periods that ended."""
    created = Alliance.objects.create(name=name, alliance_type=Alliance.Type.SINGLE, **fields)
    for role, schools in (("lead", leads), ("member", members), ("deliverer", deliverers)):
        for school in schools:
            AllianceRole.objects.create(alliance=created, role=role, school=school, starts_on=STARTED)
    for school, role in ended:
        AllianceRole.objects.create(alliance=created, role=role, school=school, starts_on=STARTED, ends_on=ENDED)
    return created


def at(place, **fields):
    return {"latitude": place[0], "longitude": place[1], **fields}


def by_name(results):
    return {result.alliance.name: result for result in results}


def names(results):
    return [result.alliance.name for result in results]


def test_alliance_across_the_border_that_meets_the_need_ranks_above_a_nearby_one_that_does_not(make_school):
    leeds = Organisation.objects.create(kind="local_authority", code="383", name="Leeds")
    oxfordshire = Organisation.objects.create(kind="local_authority", code="931", name="Oxfordshire")
    searcher = make_school(
        phase="Primary", religious_character="Does not apply", local_authority=leeds,
        region="Yorkshire and the Humber", **at(LEEDS),
    )
    nearby = alliance(
        "Aire Valley Alliance",
        leads=[
            make_school(
                phase="Primary", religious_character="Does not apply", local_authority=leeds,
                region="Yorkshire and the Humber", **at(NEAR_LEEDS),
            )
        ],
        delivery_areas=["cpd"],
        specialisms="Behaviour management",
    )
    far = alliance(
        "Cherwell Alliance",
        leads=[
            make_school(
                phase="Secondary", religious_character="Church of England", local_authority=oxfordshire,
                region="South East", **at(OXFORDSHIRE),
            )
        ],
        delivery_areas=["itt", "school_support"],
        specialisms="Early reading\nMaths mastery",
    )

    query = FinderQuery.for_school(searcher, areas=["itt"], specialisms="early reading, maths mastery")
    results = find_alliances(query)

    assert names(results) == [far.name, nearby.name]
    top = results[0]
    assert top.distance_km == pytest.approx(200.2, abs=0.5)
    assert top.reasons == [
        "Offers initial teacher training, which you asked for",
        "Specialisms match: early reading, maths mastery",
        "200 km away: +0.01",
    ]
    assert results[1].distance_km < 5
    # The nearby one fits perfectly on phase and character, and is still there, just lower.
    assert results[1].reasons[:2] == [
        "Its only lead or member school is primary, like yours",
        "No religious character, like yours (its only lead or member school)",
    ]
    assert results[0].score > results[1].score > 0

    # Sorted by distance the nearby one comes first, and still nothing is left out.
    by_distance = find_alliances(FinderQuery.for_school(searcher, areas=["itt"], sort="distance"))
    assert names(by_distance) == [nearby.name, far.name]


def test_distance_adds_documented_points_and_none_without_a_place(make_school):
    alliance("Far", leads=[make_school(**at(OXFORDSHIRE))], delivery_areas=["itt"])
    alliance("Near", leads=[make_school(**at(NEAR_LEEDS))], delivery_areas=["itt"])
    located = by_name(find_alliances(FinderQuery(areas=["itt"], latitude=LEEDS[0], longitude=LEEDS[1])))
    unlocated = by_name(find_alliances(FinderQuery(areas=["itt"])))
    for name in ("Near", "Far"):
        distance = located[name].distance_km
        points = finder.DISTANCE_WEIGHT * 0.5 ** (distance / finder.DISTANCE_HALVING_KM)
        assert located[name].score == pytest.approx(finder.AREA_WEIGHT + points, abs=0.001)
        assert unlocated[name].score == finder.AREA_WEIGHT  # no place searched from: no distance points
    assert located["Near"].reasons[-1] == f"{located['Near'].distance_km:.1f} km away: +{finder.distance_points(located['Near'].distance_km):.2f}"
    assert all(result.distance_km is None for result in unlocated.values())
    assert not any("km" in reason for result in unlocated.values() for reason in result.reasons)


def test_distance_points_halve_every_25_km():
    assert finder.distance_points(0) == finder.DISTANCE_WEIGHT == 2
    assert finder.distance_points(25) == pytest.approx(1)
    assert finder.distance_points(50) == pytest.approx(0.5)
    assert finder.distance_points(12) == pytest.approx(1.43, abs=0.01)
    assert finder.distance_points(None) == 0
    # At most the weight: never as much as one need met.
    assert finder.DISTANCE_WEIGHT < min(finder.AREA_WEIGHT, finder.SPECIALISM_WEIGHT)


def test_with_no_needs_stated_a_near_alliance_ranks_above_a_far_one(make_school):
    """The issue's case: a school stating nothing saw alliances 100-300 km away above one 6 km away,
    whose schools happened to share its phase a little less often."""
    searcher = make_school(phase="Primary", religious_character="Does not apply", **at(LEEDS))
    six_km = (LEEDS[0] + 6 / 111.2, LEEDS[1])  # 6 km north
    far = (LEEDS[0] - 150 / 111.2, LEEDS[1])  # 150 km south
    alliance("Near Alliance", leads=[make_school(phase="Primary", **at(six_km))], members=[make_school(phase="Secondary")])
    alliance("Far Alliance", leads=[make_school(phase="Primary", **at(far))], members=[make_school(phase="Primary"), make_school(phase="Primary")])

    results = find_alliances(FinderQuery.for_school(searcher))

    assert names(results) == ["Near Alliance", "Far Alliance"]
    near, far_result = results
    assert near.distance_km == pytest.approx(6, abs=0.1) and far_result.distance_km == pytest.approx(150, abs=1)
    assert near.reasons[-1] == f"6.0 km away: +{finder.distance_points(near.distance_km):.2f}"
    assert far_result.reasons[-1] == "150 km away: +0.03"
    # By distance too, of course.
    assert names(find_alliances(FinderQuery.for_school(searcher, sort="distance"))) == ["Near Alliance", "Far Alliance"]


def test_a_need_met_far_away_still_beats_mere_nearness(make_school):
    alliance("Next Door", leads=[make_school(phase="Primary", **at(LEEDS))])
    alliance("Across England", leads=[make_school(phase="Secondary", **at(PLYMOUTH))], specialisms="Early reading")
    from_leeds = {"latitude": LEEDS[0], "longitude": LEEDS[1]}

    # Nothing stated: nearness decides.
    assert names(find_alliances(FinderQuery(**from_leeds))) == ["Next Door", "Across England"]
    # One need met 420 km away (3 points) beats being next door (2 points).
    results = find_alliances(FinderQuery(specialisms="early reading", **from_leeds))
    assert names(results) == ["Across England", "Next Door"]
    assert by_name(results)["Next Door"].score == finder.DISTANCE_WEIGHT
    # Two needs met far away (6) beat a perfect fit on phase next door plus nearness (4).
    Alliance.objects.filter(name="Across England").update(delivery_areas=["itt"])
    results = find_alliances(FinderQuery(areas=["itt"], specialisms="early reading", phase="Primary", **from_leeds))
    assert names(results) == ["Across England", "Next Door"]
    assert by_name(results)["Next Door"].score == finder.PHASE_WEIGHT + finder.DISTANCE_WEIGHT


def test_sorting_by_distance_puts_the_nearest_first_and_alliances_without_a_located_lead_last(make_school):
    alliance("A far", leads=[make_school(**at(OXFORDSHIRE))])
    alliance("B near", leads=[make_school(**at(NEAR_LEEDS))])
    alliance("C unlocated", leads=[make_school()], delivery_areas=["itt"])
    alliance("D no leads", members=[make_school(**at(LEEDS))])

    results = find_alliances(FinderQuery(areas=["itt"], latitude=LEEDS[0], longitude=LEEDS[1], sort="distance"))

    # Unknown distances go last, ordered among themselves by score (C offers ITT) then name.
    assert names(results) == ["B near", "A far", "C unlocated", "D no leads"]
    assert [r.distance_km is None for r in results] == [False, False, True, True]
    assert results[2].reasons[-1] == "Distance not known (none of its lead schools has a location): +0"
    # Under 10 km the distance is given to a tenth of a km.
    assert results[0].reasons[-1].startswith(f"{results[0].distance_km:.1f} km away: +1.")


def test_every_alliance_is_returned_even_with_a_zero_score(make_school):
    for name in ("Zeta Alliance", "alpha Alliance", "Mu Alliance"):
        alliance(name, leads=[make_school(phase="Secondary", **at(LEEDS))], delivery_areas=["cpd"])

    results = find_alliances(FinderQuery(areas=["itt"], specialisms="forest school", phase="Primary"))

    assert names(results) == ["alpha Alliance", "Mu Alliance", "Zeta Alliance"]  # ties by name, ignoring case
    for result in results:
        assert result.score == 0
        assert result.reasons == ["Nothing you asked for matches this alliance"]


def test_an_empty_query_still_returns_every_alliance_and_says_why_nothing_matched(make_school):
    alliance("Beta", leads=[make_school()])
    alliance("Alpha")
    results = find_alliances(FinderQuery())
    assert names(results) == ["Alpha", "Beta"]
    assert all(r.reasons == ["You have not said what you need, so there is nothing to match yet"] for r in results)


def test_an_alliance_whose_roles_have_all_ended_is_still_returned(make_school):
    old = make_school(**at(NEAR_LEEDS))
    alliance("Disbanded", ended=[(old, "lead")])
    results = find_alliances(FinderQuery(phase="Primary", latitude=LEEDS[0], longitude=LEEDS[1]))
    assert names(results) == ["Disbanded"]
    assert results[0].distance_km is None
    assert results[0].score == 0


def test_ended_roles_count_for_neither_shares_nor_distance(make_school):
    current_lead = make_school(phase="Secondary", religious_character="Does not apply", **at(OXFORDSHIRE))
    ended_lead = make_school(phase="Primary", religious_character="Church of England", **at(NEAR_LEEDS))
    ended_member = make_school(phase="Primary", religious_character="Church of England", **at(LEEDS))
    future_member = make_school(phase="Primary", religious_character="Church of England")
    tested = alliance(
        "Changed Alliance", leads=[current_lead], ended=[(ended_lead, "lead"), (ended_member, "member")]
    )
    AllianceRole.objects.create(
        alliance=tested, role="member", school=future_member, starts_on=TODAY + timedelta(days=1)
    )
    query = FinderQuery(
        phase="Primary", religious_character="Church of England", latitude=LEEDS[0], longitude=LEEDS[1]
    )

    [result] = find_alliances(query)

    assert result.score == round(finder.distance_points(result.distance_km), 3)  # 200 km: a hundredth
    assert result.distance_km == pytest.approx(haversine_km(*LEEDS, *OXFORDSHIRE))
    assert result.reasons[0] == "Nothing you asked for matches this alliance"

    # On a day when those periods were open, they count.
    [then] = find_alliances(query, day=ENDED)
    assert then.distance_km < 5
    expected = finder.PHASE_WEIGHT * 2 / 3 + finder.CHARACTER_WEIGHT * 2 / 3 + finder.distance_points(then.distance_km)
    assert then.score == pytest.approx(expected, abs=0.001)


def test_members_and_deliverers_do_not_give_a_distance_but_members_count_for_phase(make_school):
    lead = make_school(phase="Secondary", **at(OXFORDSHIRE))
    member = make_school(phase="Primary", **at(LEEDS))
    deliverer = make_school(phase="Primary", **at(LEEDS))
    alliance("Spread Alliance", leads=[lead], members=[member], deliverers=[deliverer])

    [result] = find_alliances(FinderQuery(phase="Primary", latitude=LEEDS[0], longitude=LEEDS[1]))

    assert result.distance_km == pytest.approx(haversine_km(*LEEDS, *OXFORDSHIRE))
    # The deliverer is not counted.
    assert result.score == pytest.approx(finder.PHASE_WEIGHT / 2 + finder.distance_points(result.distance_km), abs=0.001)
    assert result.reasons[0] == "1 of its 2 lead and member schools are primary, like yours"


def test_distance_is_to_the_nearest_current_lead(make_school):
    leads = [make_school(**at(OXFORDSHIRE)), make_school(**at(NEAR_LEEDS)), make_school()]
    alliance("Multiple Alliance", leads=leads)
    [result] = find_alliances(FinderQuery(latitude=LEEDS[0], longitude=LEEDS[1]))
    assert result.distance_km == pytest.approx(haversine_km(*LEEDS, *NEAR_LEEDS))


def test_haversine_distances():
    # One degree along a meridian is 2 * pi * R / 360.
    assert haversine_km(52.0, -1.0, 53.0, -1.0) == pytest.approx(2 * math.pi * 6371.0088 / 360)
    assert haversine_km(51.5, -0.12, 51.5, -0.12) == 0
    # London to Edinburgh, about 534 km as the crow flies.
    assert haversine_km(51.5074, -0.1278, 55.9533, -3.1883) == pytest.approx(534, abs=2)
    # Symmetric, and safe at the antipodes.
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_reasons_explain_each_part_of_the_score(make_school):
    leads = [
        make_school(phase="Primary", religious_character="Church of England", **at(NEAR_LEEDS)),
        make_school(phase="Primary", religious_character="Does not apply", **at(OXFORDSHIRE)),
    ]
    members = [make_school(phase="Secondary", religious_character="Roman Catholic")]
    alliance(
        "Everything Alliance",
        leads=leads,
        members=members,
        delivery_areas=["itt", "cpd", "school_support"],
        specialisms="Early Reading\nPhonics",
        description="We run maths networks for primary schools.",
        ethos="Inclusive, with Christian values at our heart.",
    )
    query = FinderQuery(
        areas=["itt", "cpd"],
        specialisms="early reading, maths mastery",
        phase="Primary",
        religious_character="Church of England",
        ethos="inclusive community",
        latitude=LEEDS[0],
        longitude=LEEDS[1],
    )

    [result] = find_alliances(query)

    assert result.reasons[:-1] == [
        "Offers initial teacher training and CPD and leadership development, which you asked for",
        "Specialisms match: early reading",
        "Some words of your needs match: maths (from \u2018maths mastery\u2019)",
        "2 of its 3 lead and member schools are primary, like yours",
        "Church of England character, like yours (1 of its 3 lead and member schools)",
        "Its ethos shares your words: inclusive",
    ]
    assert result.reasons[-1] == f"{result.distance_km:.1f} km away: +{finder.distance_points(result.distance_km):.2f}"
    expected = (
        2 * finder.AREA_WEIGHT
        + finder.SPECIALISM_WEIGHT
        + finder.SPECIALISM_WEIGHT * finder.SPECIALISM_PARTIAL_SHARE / 2  # 'maths', one of two words
        + finder.PHASE_WEIGHT * 2 / 3
        + finder.CHARACTER_WEIGHT / 3
        + finder.ETHOS_WEIGHT / 2  # 'inclusive', one of two words
        + finder.distance_points(result.distance_km)
    )
    assert result.score == pytest.approx(expected, abs=0.001)


def test_a_need_met_outranks_a_perfect_fit_on_phase_character_or_ethos(make_school):
    alliance("Fit", leads=[make_school(phase="Primary", religious_character="Roman Catholic")], ethos="Faith")
    alliance("Need", leads=[make_school(phase="Secondary")], delivery_areas=["school_support"])
    for extra in ({"phase": "Primary"}, {"religious_character": "Roman Catholic"}, {"ethos": "faith"}):
        results = find_alliances(FinderQuery(areas=["school_support"], **extra))
        assert names(results) == ["Need", "Fit"]


def test_religious_character_is_matched_by_share_of_current_schools(make_school):
    alliance("All CofE", leads=[make_school(religious_character="Church of England")])
    alliance(
        "Half CofE",
        leads=[make_school(religious_character="Church of England/Methodist")],  # a joint school is both
        members=[make_school(religious_character="Does not apply")],
    )
    alliance("Catholic", leads=[make_school(religious_character="Roman Catholic")])

    results = find_alliances(FinderQuery(religious_character="church of england"))

    assert names(results) == ["All CofE", "Half CofE", "Catholic"]
    assert [r.score for r in results] == [finder.CHARACTER_WEIGHT, finder.CHARACTER_WEIGHT / 2, 0]
    assert by_name(results)["All CofE"].reasons == [
        "church of england character, like yours (its only lead or member school)"
    ]


def test_no_religious_character_matches_schools_without_one(make_school):
    alliance(
        "Community", leads=[make_school(religious_character="None")], members=[make_school(religious_character="")]
    )
    alliance("Faith", leads=[make_school(religious_character="Jewish")])
    results = find_alliances(FinderQuery(religious_character="Does not apply"))
    assert names(results) == ["Community", "Faith"]
    assert results[0].reasons == ["No religious character, like yours (all 2 of its lead and member schools)"]


def test_phase_is_matched_by_share_of_current_schools(make_school):
    alliance(
        "Mostly primary",
        leads=[make_school(phase="Primary")],
        members=[make_school(phase="Primary"), make_school(phase="Secondary")],
    )
    alliance("All primary", leads=[make_school(phase="Primary")], members=[make_school(phase="Primary")])
    alliance("Secondary", leads=[make_school(phase="Secondary")])

    results = find_alliances(FinderQuery(phase="primary"))

    assert names(results) == ["All primary", "Mostly primary", "Secondary"]
    assert by_name(results)["All primary"].reasons == ["All 2 of its lead and member schools are primary, like yours"]
    assert by_name(results)["Mostly primary"].score == pytest.approx(finder.PHASE_WEIGHT * 2 / 3, abs=0.001)


def test_not_applicable_phase_asks_for_nothing(make_school):
    alliance("Special", leads=[make_school(phase="Not applicable")])
    [result] = find_alliances(FinderQuery(phase="Not applicable"))
    assert result.score == 0
    assert result.reasons == ["You have not said what you need, so there is nothing to match yet"]


def test_specialisms_match_whole_words_ignoring_case(make_school):
    alliance("Readers", specialisms="EARLY READING\nComputing and smart technology")
    alliance("Artists", description="Art and design across the curriculum.")
    alliance("Split", specialisms="Early years\nReading recovery")

    results = by_name(find_alliances(FinderQuery(specialisms="Early   reading; art")))

    assert results["Readers"].reasons == ["Specialisms match: Early reading"]  # not 'art' inside 'smart'
    assert results["Artists"].reasons == ["Specialisms match: art"]
    # A phrase never matches across two specialisms; its words earn part credit.
    assert results["Split"].reasons == [
        "Some words of your needs match: early, reading (from \u2018Early reading\u2019)"
    ]
    assert results["Split"].score == finder.SPECIALISM_WEIGHT * finder.SPECIALISM_PARTIAL_SHARE
    assert results["Readers"].score == results["Artists"].score == finder.SPECIALISM_WEIGHT


def test_each_need_counts_once_and_unknown_areas_are_ignored(make_school):
    alliance("Readers", specialisms="Early reading", delivery_areas=["itt"])
    [result] = find_alliances(FinderQuery(areas=["itt", "itt", "forestry"], specialisms="early reading, Early Reading"))
    assert result.score == finder.AREA_WEIGHT + finder.SPECIALISM_WEIGHT


def test_ethos_words_are_matched_against_the_alliances_ethos(make_school):
    alliance("Inclusive", ethos="An inclusive, outward-looking community of schools.")
    alliance("Described", description="Inclusive community")  # the description is not its ethos
    results = find_alliances(FinderQuery(ethos="Inclusive and COMMUNITY minded"))
    assert names(results) == ["Inclusive", "Described"]
    assert results[0].reasons == ["Its ethos shares your words: inclusive, community"]
    assert results[0].score == pytest.approx(finder.ETHOS_WEIGHT * 2 / 3, abs=0.001)  # 'minded' not found


def test_for_school_copies_phase_character_and_location(make_school):
    school = make_school(phase="Secondary", religious_character="Roman Catholic", latitude=51.45, longitude=-2.58)
    query = FinderQuery.for_school(school)
    assert (query.phase, query.religious_character, query.latitude, query.longitude) == (
        "Secondary", "Roman Catholic", 51.45, -2.58
    )
    assert (query.areas, query.specialisms, query.ethos, query.sort) == ([], "", "", "relevance")

    overridden = FinderQuery.for_school(school, areas=[DeliveryArea.ITT], phase="", sort="distance")
    assert (overridden.areas, overridden.phase, overridden.religious_character, overridden.sort) == (
        ["itt"], "", "Roman Catholic", "distance"
    )


def test_for_school_without_a_location_gives_no_distance(make_school):
    alliance("Somewhere", leads=[make_school(**at(LEEDS))])
    [result] = find_alliances(FinderQuery.for_school(make_school(religious_character="")))
    assert result.distance_km is None


def test_an_unknown_sort_is_refused():
    with pytest.raises(ValueError, match="sort"):
        FinderQuery(sort="nearest")


def test_roles_are_fetched_in_a_fixed_number_of_queries_not_one_per_alliance(make_school, django_assert_num_queries):
    for number in range(30):
        alliance(
            f"Alliance {number:02d}",
            leads=[make_school(**at(LEEDS))],
            members=[make_school(phase="Secondary"), make_school()],
            ended=[(make_school(), "member")],
        )
    query = FinderQuery(phase="Primary", latitude=LEEDS[0], longitude=LEEDS[1])
    # The data version; the alliances; their current schools counted by phase and character;
    # their leads' locations.
    with django_assert_num_queries(4):
        assert len(find_alliances(query)) == 30
    # Then the profiles are kept until something changes: the data version and the alliances.
    with django_assert_num_queries(2):
        assert len(find_alliances(query)) == 30
    chosen = list(Alliance.objects.filter(name__lt="Alliance 10"))
    with django_assert_num_queries(2):  # alliances given: their roles only
        assert names(find_alliances(query, chosen)) == [a.name for a in chosen]


def test_kept_profiles_are_built_again_after_a_school_joins(make_school):
    secondary = alliance("Growing", leads=[make_school(phase="Secondary", **at(LEEDS))])
    query = FinderQuery(phase="Primary", latitude=LEEDS[0], longitude=LEEDS[1])
    [before] = find_alliances(query)
    assert not any("primary" in reason for reason in before.reasons)
    AllianceRole.objects.create(alliance=secondary, role="member", school=make_school(phase="Primary"), starts_on=STARTED)
    [after] = find_alliances(query)
    assert "1 of its 2 lead and member schools are primary, like yours" in after.reasons


# Property: for any small set of alliances and any query, every alliance comes back exactly once,
# in the documented order.

PHASES = ["Primary", "Secondary", "All-through", "Not applicable", ""]
CHARACTERS = ["Church of England", "Roman Catholic", "Church of England/Methodist", "Does not apply", "None", ""]
WORDS = ["early reading", "maths mastery", "phonics", "SEND", "behaviour", "leadership", "art"]
PLACES = [None, LEEDS, NEAR_LEEDS, OXFORDSHIRE, (50.37, -4.14), (54.97, -1.61)]

roles = st.lists(
    st.tuples(
        st.sampled_from(["lead", "member", "deliverer"]),
        st.sampled_from(PHASES),
        st.sampled_from(CHARACTERS),
        st.sampled_from(PLACES),
        st.booleans(),  # ended
    ),
    max_size=4,
)
alliance_specs = st.lists(
    st.fixed_dictionaries(
        {
            "areas": st.lists(st.sampled_from(DeliveryArea.values), unique=True),
            "specialisms": st.lists(st.sampled_from(WORDS), unique=True).map("\n".join),
            "ethos": st.lists(st.sampled_from(["inclusive", "community", "Christian", "ambitious"])).map(" ".join),
            "roles": roles,
        }
    ),
    max_size=5,
)
queries = st.builds(
    lambda areas, needs, phase, character, ethos, place, sort: FinderQuery(
        areas=areas,
        specialisms=", ".join(needs),
        phase=phase,
        religious_character=character,
        ethos=ethos,
        latitude=place[0] if place else None,
        longitude=place[1] if place else None,
        sort=sort,
    ),
    st.lists(st.sampled_from(DeliveryArea.values), unique=True),
    st.lists(st.sampled_from([w.upper() for w in WORDS] + WORDS)),
    st.sampled_from(PHASES),
    st.sampled_from(CHARACTERS),
    st.sampled_from(["", "inclusive", "Community Christian"]),
    st.sampled_from(PLACES),
    st.sampled_from(["relevance", "distance"]),
)


def documented_order(result, sort):
    distance = math.inf if result.distance_km is None else result.distance_km
    if sort == "distance":
        return (distance, -result.score, result.alliance.name.casefold())
    return (-result.score, distance, result.alliance.name.casefold())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=alliance_specs, query=queries)
def test_every_alliance_is_returned_once_in_the_documented_order(make_school, specs, query):
    with transaction.atomic():
        created = []
        for index, spec in enumerate(specs):
            # Named against creation order, so that only the name can be breaking ties.
            made = Alliance.objects.create(
                name=f"Alliance {chr(ord('Z') - index)}",
                alliance_type=Alliance.Type.SINGLE,
                delivery_areas=spec["areas"],
                specialisms=spec["specialisms"],
                ethos=spec["ethos"],
            )
            for role, phase, character, place, ended in spec["roles"]:
                school = make_school(phase=phase, religious_character=character, **(at(place) if place else {}))
                AllianceRole.objects.create(
                    alliance=made, role=role, school=school, starts_on=STARTED, ends_on=ENDED if ended else None
                )
            created.append(made)

        results = find_alliances(query)

        assert sorted(r.alliance.pk for r in results) == sorted(a.pk for a in created)
        keys = [documented_order(r, query.sort) for r in results]
        assert keys == sorted(keys)
        for result, spec in ((r, specs[created.index(r.alliance)]) for r in results):
            assert result.score >= 0
            assert result.reasons
            located_leads = [
                place for role, _, _, place, ended in spec["roles"] if role == "lead" and place and not ended
            ]
            assert (result.distance_km is None) == (query.latitude is None or not located_leads)
        transaction.set_rollback(True)


# Where a search starts from: a school, a postcode or a town.


def test_find_place_reads_a_urn_a_postcode_and_a_town(make_school):
    school = make_school(name="Hyde Park Primary", postcode="LS6 1AA", town="Leeds", **at(LEEDS))
    make_school(postcode="LS6 2AB", town="LEEDS", latitude=53.82, longitude=-1.57)
    make_school(postcode="LS6 2CD", town="Otley", latitude=53.84, longitude=-1.59)

    assert finder.find_place(str(school.urn)).school == school
    assert finder.find_place(" ls61aa ").school == school  # the one school with that postcode

    unknown_postcode = finder.find_place("LS6 2ZZ")  # no school has it: the middle of its sector
    assert unknown_postcode.school is None
    assert (unknown_postcode.name, unknown_postcode.near) == ("LS6 2ZZ", "the schools in LS6 2")
    assert unknown_postcode.latitude == pytest.approx((53.82 + 53.84) / 2)

    outward = finder.find_place("LS6 9ZZ")  # no school in sector LS6 9: the outward code's
    assert outward.near == "the schools in LS6"
    assert outward.latitude == pytest.approx((53.80 + 53.82 + 53.84) / 3)
    assert finder.find_place("ls6").near == "the schools in LS6"

    town = finder.find_place("leeds")  # case does not matter; Otley is not Leeds
    assert (town.school, town.near) == (None, "the schools in leeds")
    assert town.latitude == pytest.approx((53.80 + 53.82) / 2)


@pytest.mark.parametrize(
    "text, message",
    [
        ("999999", "No school has the URN 999999."),
        ("ZZ9 9ZZ", "No school is near the postcode ZZ9 9ZZ"),
        ("ZZ9", "No school has a postcode starting ZZ9"),
        ("Atlantis", "No school is in a town called \u2018Atlantis\u2019"),
    ],
)
def test_a_place_the_registry_cannot_find_is_refused(make_school, text, message):
    make_school(postcode="LS6 1AA", town="Leeds", **at(LEEDS))
    with pytest.raises(finder.PlaceNotFound, match=message):
        finder.find_place(text)


@pytest.fixture
def leeds_alliances(make_school):
    """A Leeds head's school, a member of one alliance near it; another alliance 200 km away."""
    school = make_school(name="Hyde Park Primary", phase="Primary", religious_character="Roman Catholic", postcode="LS6 1AA", town="Leeds", **at(LEEDS))
    near_lead = make_school(name="Headingley Teaching School", phase="Secondary", postcode="LS6 3XY", town="Leeds", **at(NEAR_LEEDS))
    near = alliance("Headingley Alliance", leads=[near_lead], members=[school], delivery_areas=["cpd"])
    far = alliance("Cherwell Alliance", leads=[make_school(phase="Primary", religious_character="Roman Catholic", **at(OXFORDSHIRE))], delivery_areas=["itt"])
    return school, near, far


def test_the_page_searches_from_a_postcode_no_school_has(client, leeds_alliances):
    response = client.get("/alliances/find/", {"urn": "ls6 3zz", "areas": "itt"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 alliances, near LS6 3ZZ" in page
    assert "LS6 3ZZ is not a school" in page and "by distance only, measured from the middle of the schools in LS6 3" in page
    results = response.context["page"].object_list
    assert [r.alliance.name for r in results] == ["Cherwell Alliance", "Headingley Alliance"]  # ITT beats nearness
    # Not a school: the Catholic primary lead of Cherwell earns nothing for phase or character.
    assert results[0].score == pytest.approx(finder.AREA_WEIGHT + finder.distance_points(results[0].distance_km), abs=0.001)
    assert results[1].reasons[0] == "Nothing you asked for matches this alliance"
    assert "km away: +" in results[1].reasons[-1]
    assert "Your school is a member" not in page


def test_the_page_searches_from_a_town(client, leeds_alliances):
    response = client.get("/alliances/find/", {"urn": "LEEDS"})
    assert "2 alliances, near LEEDS" in response.content.decode()
    assert [r.alliance.name for r in response.context["page"].object_list] == ["Headingley Alliance", "Cherwell Alliance"]


def test_a_postcode_with_one_school_is_that_school(client, leeds_alliances):
    school, near, far = leeds_alliances
    response = client.get("/alliances/find/", {"urn": "LS6 1AA"})
    page = response.content.decode()
    assert f"2 alliances, for {school.name}" in page
    assert "is not a school" not in page
    # Its phase and character are matched.
    assert "Its only lead or member school is primary, like yours" in page


@pytest.mark.parametrize(
    "place, message",
    [
        ("999999", "No school has the URN 999999."),
        ("ZZ9 9ZZ", "No school is near the postcode ZZ9 9ZZ"),
        ("Atlantis", "No school is in a town called \u2018Atlantis\u2019"),
        ("Leeds" * 2000, "Enter a URN, postcode or town of 200 characters or fewer"),
        ("Leeds\x00", "Null characters are not allowed."),
        ("9" * 5000, "Enter a URN, postcode or town of 200 characters or fewer"),
    ],
)
def test_a_place_that_cannot_be_found_is_a_form_error(client, leeds_alliances, place, message):
    response = client.get("/alliances/find/", {"urn": place})  # the field kept its old name
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert response.context["page"] is None  # nothing ranked from a place we could not find


def test_the_alliances_a_school_already_belongs_to_are_marked(client, leeds_alliances, make_school):
    school, near, far = leeds_alliances
    response = client.get("/alliances/find/", {"urn": school.urn})
    results = by_name(response.context["page"].object_list)
    assert results[near.name].your_role == "member" and results[far.name].your_role is None
    assert response.content.decode().count("Your school is a member") == 1

    lead = near.roles.get(role="lead").school
    response = client.get("/alliances/find/", {"urn": lead.urn})
    assert by_name(response.context["page"].object_list)[near.name].your_role == "lead"
    assert "Your school leads it" in response.content.decode()


def test_a_signed_in_head_starts_from_their_school(client, leeds_alliances, make_school):
    from accounts.models import Affiliation, User

    school, near, _ = leeds_alliances
    head = User.objects.create_user("head@hydepark.example", "a long test password")
    Affiliation.objects.create(user=head, school=school, role="leader")
    client.force_login(head)

    response = client.get("/alliances/find/")

    page = response.content.decode()
    assert response.context["form"]["urn"].value() == str(school.urn)
    assert f"2 alliances, for {school.name}" in page
    assert "Your school is a member" in page
    # A place cleared on purpose stays cleared.
    assert client.get("/alliances/find/", {"urn": ""}).context["form"]["urn"].value() == ""

    # Acting for two open schools (a closed one does not count): a choice, nothing prefilled.
    other = make_school(name="Burley Infant School")
    closed = make_school(name="Old Burley School", status="Closed")
    Affiliation.objects.create(user=head, school=other, role="leader")
    Affiliation.objects.create(user=head, school=closed, role="leader")
    response = client.get("/alliances/find/")
    page = response.content.decode()
    assert response.context["page"] is None
    assert "You act for more than one school" in page
    assert f'href="?urn={other.urn}"' in page and f'href="?urn={school.urn}"' in page
    assert "Old Burley School" not in page


def test_the_page_runs_a_fixed_number_of_queries(client, leeds_alliances, make_school, django_assert_num_queries):
    school, _, _ = leeds_alliances
    # The data version (for the kept page), the school, the data version again (for the kept
    # profiles), the alliances, their schools counted, their leads, the school's own roles.
    with django_assert_num_queries(7):
        client.get("/alliances/find/", {"urn": school.urn, "areas": "itt"})
    for number in range(5):
        alliance(f"More {number}", leads=[make_school(**at(LEEDS))], members=[make_school()])
    with django_assert_num_queries(7):
        client.get("/alliances/find/", {"urn": school.urn, "areas": "itt"})
