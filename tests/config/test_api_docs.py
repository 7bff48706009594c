"""The API reference page (/api/docs/, config/api_reference.py and templates/api_reference.html)
is the site's own page, made from the OpenAPI document /api/schema/ serves."""
import re

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from config import api_reference

METHODS = ("get", "put", "post", "patch", "delete")


@pytest.fixture
def page(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    return response.content.decode()


def operation_section(page, operation_id):
    """The page's text from one operation's heading up to the next operation's."""
    start = page.index(f'id="operation-{operation_id}"')
    following = page.find('<h3 class="govuk-heading-m"', start)
    return page[start : following if following != -1 else len(page)]


def row(section, name):
    """The table row that starts with the given parameter or field name."""
    header = f'<th scope="row" class="govuk-table__header"><code>{re.escape(name)}</code></th>'
    match = re.search(rf'<tr class="govuk-table__row">\s*{header}(.*?)</tr>', section, re.S)
    assert match, f"no row for {name}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_it_is_a_page_of_the_site_for_anyone(page):
    assert '<html lang="en-GB" class="govuk-template">' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert "<title>API reference - Teaching school alliances</title>" in page
    assert "swagger" not in page.lower() and "<script src" not in page


def test_it_lists_every_operation_in_the_schema_with_a_contents_link(page):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [(method.upper(), path) for path, item in schema["paths"].items() for method in METHODS if method in item]
    assert len(operations) >= 12
    for method, path in operations:
        shown = f"{method} {path.replace('/', '/<wbr>')}"
        heading = re.search(rf'<h3 class="govuk-heading-m" id="([^"]+)">{re.escape(shown)}</h3>', page)
        assert heading, f"{method} {path} has no heading"
        assert f'<a class="govuk-link" href="#{heading.group(1)}">{shown}</a>' in page


def test_it_gives_the_title_description_and_where_to_fetch_the_document(page):
    assert "<h1 class=\"govuk-heading-xl\">Teaching school alliances API</h1>" in page
    assert "Read-only access to the platform" in page
    assert 'href="/api/schema/"' in page and 'href="/api/schema/?format=json"' in page
    assert "YAML" in page and "JSON" in page


def test_it_shows_a_parameter_with_its_description(page):
    schools = operation_section(page, "schools-list")
    assert row(schools, "q") == "query string No Or a town or street"


def test_it_lists_a_choice_parameters_values_with_their_labels(page):
    schools = operation_section(page, "schools-list")
    status = row(schools, "status")
    assert "string, one of:" in status
    assert "open – Open" in status and "closed – Closed" in status and "all – Open or closed" in status
    assert status.endswith("Status")  # the description, without the list of choices it ended with


def test_it_shows_response_fields_with_whether_they_can_be_null(page):
    schools = operation_section(page, "schools-list")
    page_fields, item_fields = schools.split("Fields of the 200 response")[1].split("Fields of each item in results")
    assert row(page_fields, "count") == "integer No"  # the paginated list's own fields
    assert row(page_fields, "next") == "string (uri) Yes"
    assert row(item_fields, "trust") == "object (OrganisationSummary) Yes"
    assert row(item_fields, "name") == "string No"
    school = operation_section(page, "schools-retrieve").split("Fields of the 200 response")[1]
    assert row(school, "urn").startswith("integer No")
    assert row(school, "inspections").startswith("list of object (Inspection)")


def test_it_says_which_operations_need_signing_in(page):
    memberships = operation_section(page, "alliances-memberships-list")
    assert "Members only" in memberships and "Sign in first." in memberships
    assert "Signed in, but not allowed to see this." in memberships
    schools = operation_section(page, "schools-list")
    assert "Members only" not in schools and "Open to everyone" in schools


def test_the_document_is_generated_once():
    assert api_reference.openapi_document() is api_reference.openapi_document()
    assert api_reference.reference() is api_reference.reference()


def test_a_sparse_document_still_gives_a_reference():
    document = {
        "info": {"title": "Sparse"},
        "paths": {"/x/{id}/": {"get": {"parameters": [{"name": "id", "in": "path", "schema": {}}], "responses": {"204": {}}}}},
    }
    built = api_reference.build_reference(document)
    (tag,) = built["tags"]
    (operation,) = tag["operations"]
    assert operation["parameters"][0]["type"] == "any"
    assert operation["responses"][0]["description"] == ["No Content"]
    assert not operation["access"]["members_only"]


def test_descriptions_are_escaped_with_code_spans_marked_up():
    assert api_reference.prose("Use `<b>`\nhere.\n\nThen <i>.") == ["Use <code>&lt;b&gt;</code> here.", "Then &lt;i&gt;."]
