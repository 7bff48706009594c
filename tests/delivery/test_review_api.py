"""The review in the API: the same people as the pages, the same figures, 400 for a refused
period, and in the OpenAPI document."""
import pytest

from tests.delivery.test_review import job_share  # noqa: F401
from tests.delivery.test_review_pages import IN_THIS_YEAR, THIS_YEAR, delivered  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_lead_reads_the_review_with_its_flags_and_shares(client, delivered):
    client.force_login(delivered.west_head)
    body = client.get(f"/api/alliances/{delivered.slug}/review/?year={THIS_YEAR}").json()
    assert (body["start"], body["end"], body["year"]) == (f"{THIS_YEAR}-09-01", f"{THIS_YEAR + 1}-08-31", THIS_YEAR)
    assert [f["kind"] for f in body["flags"]] == ["lead_below_minimum", "area_missing", "disputed"]
    west = next(c for c in body["contributors"] if c["name"] == "West Teaching School")
    assert (west["is_lead"], west["overall_share"], west["disputed"]) == (True, "2.5", 1)
    assert [a["share"] for a in west["areas"]] == ["0.0", "0.0", "5.0"]
    assert body["minimum_share"] == "25.0" and [k["id"] for k in body["kpis"]] == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]


def test_only_leads_and_the_council_read_it_and_bad_periods_are_400(client, delivered, council_member, person, make_school):
    url = f"/api/alliances/{delivered.slug}/review/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(person("head@elsewhere.example", make_school(name="Elsewhere Primary")))
    assert client.get(url).status_code == 403
    assert client.get("/api/reviews/").status_code == 403
    client.force_login(council_member)
    assert client.get(url).status_code == 200
    assert client.get("/api/alliances/no-such-alliance/review/").status_code == 404
    for query in ("year=1900", "start=2025-09-01", "start=2026-01-01&end=2025-01-01", "start=nonsense&end=2025-01-01", "flag=nonsense"):
        response = client.get(f"/api/reviews/?{query}")
        assert response.status_code == 400, query


def test_the_council_lists_every_alliance_by_flag(client, delivered, council_member, single_alliance):
    client.force_login(council_member)
    body = client.get("/api/reviews/").json()
    assert body["count"] == 2 and [r["alliance_name"] for r in body["results"]] == ["Hilltop Alliance", "Riverside Alliance"]
    assert "contributors" not in body["results"][0]
    disputed = client.get("/api/reviews/?flag=disputed").json()
    assert [r["alliance_slug"] for r in disputed["results"]] == [delivered.slug]


def test_the_review_is_in_the_openapi_document(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert "/api/alliances/{slug}/review/" in paths and "/api/reviews/" in paths
    assert {"401", "403", "404", "400"} <= set(paths["/api/alliances/{slug}/review/"]["get"]["responses"])
