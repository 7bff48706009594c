"""The read-only JSON API and its OpenAPI document."""
import re
from datetime import date

import pytest

from registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(make_school, make_inspection):
    trust = Organisation.objects.create(kind="academy_trust", code="2044", name="Northern Lights Trust")
    hill = make_school(urn=140001, name="Hill Academy", trust=trust, phase="Secondary", at_least_good=True)
    make_inspection(hill, date(2023, 2, 1), overall_effectiveness=2, inspection_number="10200001")
    make_school(urn=140002, name="Vale Primary")
    make_school(urn=140003, name="Closed Primary", status="closed")
    return trust


def test_school_list_is_filtered_and_paginated(client, registry):
    body = client.get("/api/schools/", {"phase": "Secondary"}).json()
    assert body["count"] == 1
    school = body["results"][0]
    assert school["urn"] == 140001
    assert school["trust"] == {"id": registry.id, "kind": "academy_trust", "name": "Northern Lights Trust", "code": "2044"}

    assert client.get("/api/schools/").json()["count"] == 2  # open schools unless asked
    assert client.get("/api/schools/", {"status": "all"}).json()["count"] == 3
    assert client.get("/api/schools/", {"trust": registry.id}).json()["count"] == 1


def test_school_detail_has_inspection_history(client, registry):
    body = client.get("/api/schools/140001/").json()
    assert body["name"] == "Hill Academy"
    assert [i["inspection_number"] for i in body["inspections"]] == ["10200001"]
    assert body["inspections"][0]["overall_effectiveness"] == 2
    assert client.get("/api/schools/999999/").status_code == 404


def test_api_is_read_only(client, registry):
    assert client.post("/api/schools/", {"urn": 1}).status_code == 405
    assert client.delete("/api/schools/140001/").status_code == 405


def test_organisations_are_listed_by_kind(client, registry):
    Organisation.objects.create(kind="university", name="University of Northfield")
    body = client.get("/api/organisations/", {"kind": "university"}).json()
    assert [o["name"] for o in body["results"]] == ["University of Northfield"]


def test_openapi_document_describes_the_api(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/schools/", "/api/schools/{urn}/", "/api/organisations/"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/schools/"]["get"]["parameters"]}
    assert {"q", "region", "phase", "local_authority", "at_least_good", "page"} <= parameters


def test_api_documentation_page_is_served_without_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()
    # The site's own page: every script, stylesheet and link it loads is the site's own.
    addresses = re.findall(r'(?:src|href)="([^"#]*)"', response.content.decode())
    assert addresses and all(address.startswith("/") or address.startswith("data:") for address in addresses)


def test_openapi_document_is_valid_and_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/schools/{urn}/" in (tmp_path / "schema.yaml").read_text()


def test_the_api_answers_json_even_where_no_route_matches(client, db):
    response = client.get("/api/schools/not.a.urn/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
