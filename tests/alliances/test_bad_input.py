"""Whatever is in the query string, a list page or API list never fails with a 500.

Pages show a bad filter as a GOV.UK error on its field (status 200); APIs answer 400 naming the
parameter, or 404 for a page that does not exist. Text reaching the database never holds a NUL:
PostgreSQL refuses one (psycopg raises ValueError), so it must be turned away by the forms, which
these tests check on SQLite by watching the parameters of every query.
"""
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.models import Alliance, AllianceRole, Network
from registry.models import Organisation

pytestmark = pytest.mark.django_db

PAGE_PARAMETERS = ["page"]
SCHOOL_PARAMETERS = ["q", "status", "region", "local_authority", "phase", "type_name", "latest_outcome", "at_least_good", "trust"]
LISTS = {
    "/schools/": SCHOOL_PARAMETERS + PAGE_PARAMETERS,
    "/organisations/": ["q", "kind", "region", *PAGE_PARAMETERS],
    "/alliances/": ["q", "region", "local_authority", "alliance_type", "area", *PAGE_PARAMETERS],
    "/teaching-schools/": ["q", "on", *PAGE_PARAMETERS],
    "/networks/": ["q", *PAGE_PARAMETERS],
    "/alliances/find/": ["urn", "areas", "specialisms", "phase", "religious_character", "ethos", "sort", *PAGE_PARAMETERS],
    "/api/schools/": SCHOOL_PARAMETERS + ["page", "format"],
    "/api/organisations/": ["q", "kind", "region", "page"],
    "/api/alliances/": ["alliance_type", "on", "page"],
    "/api/designations/": ["status", "page"],
}
ACCEPTABLE = {200, 400, 404}

numbers = st.one_of(st.integers(), st.integers(min_value=10**18), st.floats(allow_nan=True)).map(str)
near_misses = st.sampled_from(["open", "closed", "all", "yes", "no", "unknown", "London", "Primary", "single", "2024-02-30", "1e5", "-1", "0", "²", "①", "\x00", " "])
long_text = st.builds(lambda text, times: (text or "a") * times, st.text(min_size=1, max_size=3), st.integers(10_000, 60_000))
values = st.one_of(st.text(), near_misses, numbers, long_text)


@pytest.fixture
def registry_and_alliances(make_school, teaching_school):
    """A few schools, an organisation, an alliance with a lead and a member, and a network."""
    leeds = Organisation.objects.create(kind="local_authority", code="383", name="Leeds", region="Yorkshire and the Humber")
    Organisation.objects.create(kind="academy_trust", code="5001", name="Aspire Academy Trust")
    lead = teaching_school(name="St Luke's CofE Primary School", postcode="LS6 2AB", region="Yorkshire and the Humber", local_authority=leeds, latitude=53.819, longitude=-1.57)
    member = make_school(name="Goldthorpe Infant School", postcode="S63 9LQ", latitude=53.534, longitude=-1.312)
    make_school(name="Our Lady's Catholic Primary", postcode="BD3 9ND", town="Bradford")
    alliance = Alliance.objects.create(name="Aire Valley Alliance", alliance_type=Alliance.Type.SINGLE, delivery_areas=["itt"])
    AllianceRole.objects.create(alliance=alliance, role=AllianceRole.Role.LEAD, school=lead, starts_on=date(2020, 9, 1))
    AllianceRole.objects.create(alliance=alliance, role=AllianceRole.Role.MEMBER, school=member, starts_on=date(2021, 9, 1))
    Network.objects.create(name="Northern Network", slug="northern").alliances.add(alliance)


@contextmanager
def no_nul_reaches_the_database():
    def check(execute, sql, params, many, context):
        for value in (params or ()) if not many else ():
            assert not (isinstance(value, str) and "\x00" in value), f"NUL sent to the database in {sql}"
        return execute(sql, params, many, context)

    with connection.execute_wrapper(check):
        yield


@pytest.mark.parametrize("url", LISTS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_query_string_is_answered_without_a_server_error(client, registry_and_alliances, url, data):
    query = data.draw(st.dictionaries(st.sampled_from(LISTS[url]), values, min_size=1, max_size=4), label="query")
    with no_nul_reaches_the_database():
        response = client.get(url, query)
    assert response.status_code in ACCEPTABLE, (url, query, response.status_code)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("junk", ["\x00", "a\x00b", "²", "①", "a" * 60_000, str(10**30), "-1"])
def test_the_same_junk_in_every_parameter(client, registry_and_alliances, url, junk):
    with no_nul_reaches_the_database():
        response = client.get(url, {name: junk for name in LISTS[url]})
    assert response.status_code in ACCEPTABLE


@pytest.mark.parametrize("url", ["/schools/", "/organisations/", "/alliances/"])
def test_pages_show_a_long_search_as_an_error_on_the_field(client, registry_and_alliances, url):
    response = client.get(url, {"q": "a" * 60_000})
    assert response.status_code == 200
    assert "Search must be 200 characters or fewer" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/alliances/", "/api/designations/", "/api/schools/"])
def test_apis_name_the_parameter_they_refuse(client, registry_and_alliances, url):
    parameter = {"/api/alliances/": "alliance_type", "/api/designations/": "status", "/api/schools/": "region"}[url]
    response = client.get(url, {parameter: "junk\x00"})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
