"""An alliance's public contact, kept by its leads, and the map of its schools on its profile:
the points the page hands the map script, and how many holders the map cannot place."""
import json
import re
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances import roles
from registry.models import Organisation

pytestmark = pytest.mark.django_db


def map_points(html):
    """What json_script gave the map script."""
    found = re.search(r'<script id="alliance-map-points" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


@pytest.fixture
def mapped(single_alliance, make_school):
    lead = single_alliance.lead_schools().get()
    lead.latitude, lead.longitude = 53.80, -1.55
    lead.save()
    member = make_school(name="Beck <Side> & Co Primary", latitude=53.81, longitude=-1.60)
    unplaced = make_school(name="Nowhere Primary")  # no location in the registry
    deliverer = make_school(name="Dale Academy", latitude=53.70, longitude=-1.40)
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    roles.add_member(single_alliance, member, date(2024, 9, 1))
    roles.add_member(single_alliance, unplaced, date(2024, 9, 1))
    roles.add_deliverer(single_alliance, deliverer, "Maths CPD", date(2024, 9, 1))
    roles.add_deliverer(single_alliance, university, "Initial teacher training", date(2024, 9, 1))
    return {"alliance": single_alliance, "lead": lead, "member": member, "deliverer": deliverer}


def test_profile_hands_the_map_one_point_per_placed_school(client, mapped):
    html = client.get(mapped["alliance"].get_absolute_url()).content.decode()
    points = map_points(html)
    assert points == [
        {"name": "Hilltop Teaching School", "latitude": 53.8, "longitude": -1.55, "kind": "lead", "url": mapped["lead"].get_absolute_url()},
        {"name": "Beck <Side> & Co Primary", "latitude": 53.81, "longitude": -1.6, "kind": "member", "url": mapped["member"].get_absolute_url()},
        {"name": "Dale Academy", "latitude": 53.7, "longitude": -1.4, "kind": "deliverer", "url": mapped["deliverer"].get_absolute_url()},
    ]
    assert "<Side>" not in html.split('id="alliance-map-points"')[1].split("</script>")[0]  # escaped for the script tag
    assert "2 are not on the map" in html  # the university and the school with no location
    assert 'role="region" aria-label="Map of Hilltop Alliance&#x27;s lead, member and deliverer schools"' in html
    assert "static/leaflet/leaflet.js" in html and "static/js/map.js" in html


def test_a_school_in_two_roles_is_one_point_of_its_senior_kind(client, mapped):
    roles.add_deliverer(mapped["alliance"], mapped["member"], "Phonics", date(2024, 9, 1))
    points = map_points(client.get(mapped["alliance"].get_absolute_url()).content.decode())
    assert [(p["name"], p["kind"]) for p in points] == [
        ("Hilltop Teaching School", "lead"), ("Beck <Side> & Co Primary", "member"), ("Dale Academy", "deliverer"),
    ]


def test_an_alliance_with_no_placed_school_has_no_map(client, single_alliance):
    html = client.get(single_alliance.get_absolute_url()).content.decode()
    assert map_points(html) is None and "leaflet" not in html


def test_the_map_adds_no_query_per_school(client, mapped, make_school):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(mapped["alliance"].get_absolute_url()).status_code == 200
        return len(captured)

    few = count()
    for n in range(5):
        roles.add_member(mapped["alliance"], make_school(name=f"Extra {n} Primary", latitude=53.0 + n / 10, longitude=-1.5), date(2024, 9, 1))
    assert count() == few
    assert len(map_points(client.get(mapped["alliance"].get_absolute_url()).content.decode())) == 8


def test_no_tile_url_means_no_tiles_and_a_set_one_is_handed_to_the_map(client, mapped, settings):
    html = client.get(mapped["alliance"].get_absolute_url()).content.decode()
    assert 'data-tile-url=""' in html
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "&copy; Example contributors"
    caches["pages"].clear()  # as restarting the server with the new settings does: visitors' kept pages go
    html = client.get(mapped["alliance"].get_absolute_url()).content.decode()
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="&amp;copy; Example contributors"' in html


CONTACT = {
    "contact_name": "Dana Director",
    "contact_email": "tsa@hilltop.example",
    "contact_phone": "+44 (0)113 496 0000",
    "website": "https://hilltop.example/alliance",
}


def test_leads_keep_the_contact_and_everyone_sees_it(client, single_alliance, lead_user):
    client.force_login(lead_user)
    edit = reverse("alliances:edit", args=[single_alliance.slug])
    response = client.post(edit, {"description": "Schools together.", **CONTACT})
    assert response.status_code == 302
    single_alliance.refresh_from_db()
    assert {name: getattr(single_alliance, name) for name in CONTACT} == CONTACT
    assert single_alliance.description == "Schools together."
    assert 'value="+44 (0)113 496 0000"' in client.get(edit).content.decode()  # the form shows what is kept

    client.logout()
    profile = client.get(single_alliance.get_absolute_url()).content.decode()
    assert "Dana Director" in profile
    assert 'href="mailto:tsa@hilltop.example"' in profile
    assert "+44 (0)113 496 0000" in profile
    assert 'href="https://hilltop.example/alliance"' in profile


@pytest.mark.parametrize("field, value, error", [
    ("contact_phone", "0113 496 0000 ext. 5", "Enter a telephone number, like 01632 960 001"),
    ("contact_phone", "+ ( )", "Enter a telephone number, like 01632 960 001"),
    ("contact_email", "tsa at hilltop", "Enter an email address in the correct format, like name@example.com"),
    ("website", "javascript:alert(1)", "Enter a website address in the correct format"),
])
def test_a_bad_contact_is_refused_with_an_error(client, single_alliance, lead_user, field, value, error):
    client.force_login(lead_user)
    response = client.post(reverse("alliances:edit", args=[single_alliance.slug]), {**CONTACT, field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and error in html
    assert f'id="id_{field}_error"' in html
    single_alliance.refresh_from_db()
    assert single_alliance.contact_name == ""  # nothing saved


def test_only_leads_edit_the_contact(client, single_alliance, make_school, person):
    member = make_school(name="Member Primary")
    roles.add_member(single_alliance, member, date(2024, 9, 1))
    for user in (person("head@member.example", member), person("someone@example.org")):
        client.force_login(user)
        response = client.post(reverse("alliances:edit", args=[single_alliance.slug]), CONTACT)
        assert response.status_code == 403
    single_alliance.refresh_from_db()
    assert single_alliance.contact_email == ""
