"""Searches that used to crash: a page shows a GOV.UK error on the field, the API answers 400
naming the parameter. (tests/alliances/test_bad_input.py throws generated junk at every list.)"""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * 50_001  # SQLite refuses LIKE patterns over 50,000 characters


@pytest.fixture
def data(make_school):
    from registry.models import Organisation

    Organisation.objects.create(kind="academy_trust", code="5001", name="Aspire Academy Trust")
    return make_school(urn=123456, name="St Luke's CofE Primary School", postcode="LS6 2AB")


@pytest.mark.parametrize("q", ["²", "①", "٣", "12²", "9" * 40])
def test_digits_that_are_not_a_urn_are_searched_as_text(client, data, q):
    assert client.get(reverse("registry:schools"), {"q": q}).status_code == 200
    body = client.get("/api/schools/", {"q": q})
    assert body.status_code == 200 and body.json()["count"] == 0


@pytest.mark.parametrize("url", ["/schools/", "/organisations/"])
def test_a_long_search_is_a_form_error_on_the_page(client, data, url):
    response = client.get(url, {"q": TOO_LONG})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "govuk-form-group--error" in html
    assert "Search must be 200 characters or fewer" in html
    assert "<title>Error:" in html
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("url", ["/api/schools/", "/api/organisations/"])
def test_a_long_search_is_a_400_from_the_api(client, data, url):
    response = client.get(url, {"q": TOO_LONG})
    assert response.status_code == 400
    assert response.json() == {"q": ["Search must be 200 characters or fewer"]}


def test_200_characters_is_still_a_search(client, data):
    assert client.get("/api/schools/", {"q": "a" * 200}).status_code == 200


@pytest.mark.parametrize("url", ["/api/schools/", "/api/organisations/"])
def test_a_null_character_is_refused_before_the_database_sees_it(client, data, url):
    # PostgreSQL cannot store or compare a NUL in text: psycopg raises ValueError.
    response = client.get(url, {"q": "St\x00Luke"})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"}, {"page": "-1"}, {"page": str(10**30)}, {"region": "Atlantis"}, {"status": "junk"},
        {"at_least_good": "maybe"}, {"local_authority": "x"}, {"trust": "99999999999999999999999"}, {"region": "\x00"},
    ],
)
def test_junk_filters_on_the_page_are_form_errors_or_ignored(client, data, query):
    response = client.get(reverse("registry:schools"), query)
    assert response.status_code == 200
    if "page" not in query:
        assert "govuk-error-summary" in response.content.decode()
