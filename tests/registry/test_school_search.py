"""School search forgives punctuation, matches town and street, and finds schools near a postcode
no school has. The pages and the API share one filter, so both are checked."""
import pytest
from django.urls import reverse

from registry.filters import search_words
from registry.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(make_school):
    made = [
        make_school(urn=106600, name="St Luke's CofE Primary School", street="Church Lane", town="Leeds", postcode="LS6 2AB", latitude=53.8190, longitude=-1.5700),
        make_school(urn=106601, name="Goldthorpe Infant School", street="Barnsley Road", town="Rotherham", postcode="S63 9LQ", latitude=53.5340, longitude=-1.3120),
        make_school(urn=106602, name="Our Lady's Catholic Primary", street="Leeds Road", town="Bradford", postcode="BD3 9ND", latitude=53.7950, longitude=-1.7300),
        make_school(urn=106603, name="Wells-next-the-Sea Primary and Nursery School", street="Polka Road", town="Wells-next-the-Sea", postcode="NR23 1JG"),
        make_school(urn=106604, name="Headingley Primary School", street="Bennett Road", town="Leeds", postcode="LS6 3HL", latitude=53.8260, longitude=-1.5780),
        make_school(urn=106605, name="Hyde Park Infants", street="Woodsley Road", town="Leeds", postcode="LS6 1SA", latitude=53.8070, longitude=-1.5620),
        make_school(urn=106606, name="St. Mary's School", street="Station Road", town="York", postcode="YO1 7DD", latitude=53.9580, longitude=-1.0900),
    ]
    return {school.urn: school for school in made}


def found(client, q, **extra):
    response = client.get(reverse("registry:schools"), {"q": q, **extra})
    assert response.status_code == 200
    return {school.urn for school in response.context["page"].object_list}


def found_by_api(client, q):
    response = client.get("/api/schools/", {"q": q})
    assert response.status_code == 200
    return {school["urn"] for school in response.json()["results"]}


def test_search_words_are_normalised_and_lose_a_plural_s():
    assert search_words("St. Luke's  Infants") == ["st", "luke", "infant"]
    assert search_words("Church-of-England") == ["church", "of", "england"]
    assert search_words("Bus Class") == ["bus", "clas"]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("St Lukes", {106600}),
        ("st luke's", {106600}),
        ("ST. LUKE’S", {106600}),  # a typographer's apostrophe
        ("Goldthorpe Infants", {106601}),
        ("goldthorpe infant school", {106601}),
        ("Gold", {106601}),  # the start of a word
        ("thorpe", set()),  # but not the middle of one
        ("Our Ladys Catholic", {106602}),
        ("Our Lady’s", {106602}),
        ("Wells next the sea", {106603}),
        ("Wells-next-the-Sea Primary", {106603}),
        ("St Marys", {106606}),
        ("Infants", {106601, 106605}),
        ("Primary Lukes", {106600}),  # any order
        ("St Lukes Secondary", set()),  # every word must be found
    ],
)
def test_names_match_word_by_word_whatever_the_punctuation(client, schools, q, expected):
    assert found(client, q) == expected
    assert found_by_api(client, q) == expected


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Rotherham", {106601}),
        ("Bradford Catholic", {106602}),
        ("Barnsley Road", {106601}),  # a street
        ("Leeds Road", {106602, 106604, 106605}),  # words, not a phrase: Leeds schools on a road too
        ("Leeds", {106600, 106602, 106604, 106605}),  # the town, or a street named after it
        ("Headingley Leeds", {106604}),
    ],
)
def test_search_matches_town_and_street(client, schools, q, expected):
    assert found(client, q) == expected


def test_search_text_follows_renames_and_updates(schools):
    school = schools[106606]
    School.objects.filter(pk=school.pk).update(name="St Peter's School", town="Selby")
    assert School.objects.filter(search_text__contains="st peters school").exists()
    assert School.objects.get(pk=school.pk).search_text == " st peters school station road selby"


def test_urn_and_postcode_searches_still_work(client, schools):
    assert found(client, "106601") == {106601}
    assert found(client, "ls6 2ab") == {106600}
    assert found(client, "LS6") == {106600, 106604, 106605}


def test_a_postcode_no_school_has_lists_the_nearest_schools(client, schools):
    response = client.get(reverse("registry:schools"), {"q": "LS6 2ZZ"})
    urns = [school.urn for school in response.context["page"].object_list]
    # Nearest first from the middle of LS6 2 (St Luke's, the only school there); Goldthorpe,
    # 30 km away, is outside every box; Wells-next-the-Sea has no coordinates.
    assert urns[:3] == [106600, 106604, 106605]
    assert 106603 not in urns and 106601 not in urns
    assert "No school has the postcode LS6 2ZZ" in response.content.decode()
    assert "schools in LS6 2" in response.content.decode()
    assert "km away" in response.content.decode()
    body = client.get("/api/schools/", {"q": "LS6 2ZZ"}).json()
    assert [school["urn"] for school in body["results"]][:3] == [106600, 106604, 106605]


def test_nearest_falls_back_to_the_outward_code(client, schools):
    # No school in sector LS6 9: the middle of LS6's schools is used.
    response = client.get(reverse("registry:schools"), {"q": "LS6 9ZZ"})
    assert {school.urn for school in response.context["page"].object_list} >= {106600, 106604, 106605}
    assert "schools in LS6." in response.content.decode()


def test_a_postcode_nowhere_near_a_school_says_so(client, schools):
    response = client.get(reverse("registry:schools"), {"q": "ZE2 9ZZ"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "No school has the postcode ZE2 9ZZ" in response.content.decode()


def test_nearest_search_stays_inside_a_box(client, make_school):
    # A crowded sector: the first 3 km box already holds enough schools, so the far one is not listed.
    for number in range(12):
        make_school(name=f"Leeds School {number}", postcode=f"LS6 2A{chr(65 + number)}", latitude=53.819 + number / 1000, longitude=-1.57)
    make_school(name="Far Away School", postcode="LS1 1AA", latitude=53.90, longitude=-1.57)
    names = [school.name for school in client.get(reverse("registry:schools"), {"q": "LS6 2ZZ", "page": 1}).context["page"].object_list]
    assert len(names) == 12 and "Far Away School" not in names


@pytest.mark.parametrize("few_enough_to_sort", [0, 2000])
def test_pages_hold_the_same_schools_in_name_order_whether_few_or_many_match(client, make_school, monkeypatch, few_enough_to_sort):
    # registry/pagination.py pages a search two ways, chosen by how many match: both give the same.
    monkeypatch.setattr("registry.pagination.FEW_ENOUGH_TO_SORT", few_enough_to_sort)
    for number in range(30):
        make_school(name=f"{'Brook' if number % 3 else 'Meadow'} Primary {chr(ord('A') + number % 26)}{number:02d}")
    names = []
    for page in (1, 2):
        response = client.get(reverse("registry:schools"), {"q": "primary", "page": page})
        names += [school.name for school in response.context["page"].object_list]
    assert len(names) == 30
    assert names == sorted(names)
    api = client.get("/api/schools/", {"q": "brook"}).json()
    assert api["count"] == 20
