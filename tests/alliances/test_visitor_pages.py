"""Visitors' pages are kept and answered without being built again, until the data they show
changes; nobody signed in is ever given a kept page (registry/page_cache.py)."""
import base64

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from registry.page_cache import for_visitors

pytestmark = pytest.mark.django_db


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_a_visitor_asking_again_gets_the_same_page_without_it_being_built_again(client, single_alliance):
    first, built = queries_for(client, "/alliances/hilltop-alliance/")
    again, kept = queries_for(client, "/alliances/hilltop-alliance/")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert built > 1
    assert kept == 1  # the data version, nothing else


def test_a_change_is_shown_to_visitors_straight_away(client, single_alliance):
    assert b"Hilltop Alliance" in client.get("/alliances/").content
    single_alliance.name = "Hilltop and Dales Alliance"
    single_alliance.save()
    assert b"Hilltop and Dales Alliance" in client.get("/alliances/").content


def test_a_signed_in_lead_is_never_given_a_visitors_page(client, single_alliance, lead_user):
    visitor = client.get("/alliances/hilltop-alliance/")
    assert b"Members, payments and deliverers" not in visitor.content
    client.force_login(lead_user)
    lead = client.get("/alliances/hilltop-alliance/")
    assert b"Members, payments and deliverers" in lead.content
    client.logout()
    # And the lead's page is not kept for the next visitor either.
    assert b"Members, payments and deliverers" not in client.get("/alliances/hilltop-alliance/").content


def test_api_requests_with_credentials_are_never_answered_from_the_cache(client, single_alliance, lead_user):
    client.get("/api/alliances/")
    _, kept = queries_for(client, "/api/alliances/")
    credentials = base64.b64encode(b"lead@example.org:a long test password").decode()
    answer, built = queries_for(client, "/api/alliances/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert answer.status_code == 200
    assert kept == 1
    assert built > 2  # the person and their affiliations, then the alliances


def test_json_and_other_formats_are_kept_apart(client, single_alliance):
    assert client.get("/api/alliances/", HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"
    assert client.get("/api/alliances/", HTTP_ACCEPT="text/html").status_code in (200, 406)
    assert client.get("/api/alliances/", HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


def test_pages_not_found_are_not_kept(client, db):
    client.get("/alliances/no-such-alliance/")
    response, count = queries_for(client, "/alliances/no-such-alliance/")
    assert response.status_code == 404
    assert count > 1


def test_a_page_holding_a_csrf_token_is_not_kept():
    built = []

    @for_visitors
    def page_with_a_form(request):
        built.append(request)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    factory = RequestFactory()
    page_with_a_form(factory.get("/form/"))
    page_with_a_form(factory.get("/form/"))
    assert len(built) == 2


def test_a_visitor_with_messages_waiting_gets_a_page_of_their_own(client, single_alliance):
    client.get("/alliances/")
    client.cookies["messages"] = "anything"
    _, count = queries_for(client, "/alliances/")
    assert count > 1
