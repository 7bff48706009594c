"""Someone finds an alliance by name in the directory and sees its schools on the map: one marker
per school with a location, drawn by Leaflet from the site's own static files, with nothing
fetched from anywhere else when no tile source is set; axe-core finds nothing wrong, and the
profile fits a phone. Screenshots go to /tmp for a person to look at."""
from datetime import date

import pytest
from playwright.sync_api import expect

from alliances import roles
from alliances.models import Alliance, AllianceRole, Designation
from registry.models import Organisation
from tests.browser.conftest import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alliance(make_school):
    lead = make_school(name="Hilltop Teaching School", latitude=53.800, longitude=-1.550, number_of_pupils=600)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = Alliance.objects.create(
        name="Hilltop Teaching School Alliance", alliance_type="single", contact_name="Dana Director",
        contact_email="tsa@hilltop.example", contact_phone="0113 496 0000", website="https://hilltop.example/",
    )
    AllianceRole.objects.create(alliance=alliance, role="lead", school=lead, starts_on=date(2023, 9, 1))
    places = [(53.83, -1.60), (53.78, -1.48), (53.75, -1.62), (53.86, -1.52), (53.72, -1.45)]
    for n, (latitude, longitude) in enumerate(places):
        roles.add_member(alliance, make_school(name=f"Beck {n} Primary", latitude=latitude, longitude=longitude), date(2024, 9, 1))
    roles.add_member(alliance, make_school(name="Nowhere Primary"), date(2024, 9, 1))  # no location
    roles.add_deliverer(alliance, make_school(name="Dale Academy", latitude=53.69, longitude=-1.70), "Maths CPD", date(2024, 9, 1))
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    roles.add_deliverer(alliance, university, "Initial teacher training", date(2024, 9, 1))
    Alliance.objects.create(name="Riverside Alliance", alliance_type="single")
    return alliance


def test_find_an_alliance_by_name_and_see_its_schools_on_the_map(live_server, page, alliance, settings):
    settings.MAP_TILE_URL = ""  # the default: no tiles, nothing fetched from elsewhere
    base = live_server.url
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{base}/alliances/")
    page.get_by_label("Alliance name").fill("hilltop")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/alliances/?*")
    expect(page.get_by_role("link", name="Riverside Alliance")).to_have_count(0)
    page.get_by_role("link", name="Hilltop Teaching School Alliance").click()
    page.wait_for_url(f"**/alliances/{alliance.slug}/")

    the_map = page.get_by_role("region", name="Map of Hilltop Teaching School Alliance's lead, member and deliverer schools")
    expect(the_map).to_be_visible()
    # The lead, five placed members and the deliverer school; not the school with no location
    # nor the university.
    expect(the_map.locator(".app-map__marker")).to_have_count(7)
    expect(the_map.locator(".app-map__marker--lead")).to_have_count(1)
    expect(the_map.locator(".app-map__marker--member")).to_have_count(5)
    expect(the_map.locator(".app-map__marker--deliverer")).to_have_count(1)
    expect(page.get_by_text("2 are not on the map")).to_be_visible()
    expect(page.get_by_role("list", name="Key to the map")).to_contain_text("Lead teaching school")
    expect(page.get_by_role("link", name="tsa@hilltop.example")).to_have_attribute("href", "mailto:tsa@hilltop.example")
    # Every marker lies inside the map: the bounds were fitted to the points.
    box = the_map.bounding_box()
    for marker in the_map.locator(".app-map__marker").all():
        mark = marker.bounding_box()
        assert box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"]
        assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"]

    # Hovering a marker names its school; clicking it links to the school's page.
    page.locator(".app-map__marker--lead").hover()
    expect(page.locator(".leaflet-tooltip")).to_have_text("Hilltop Teaching School")
    page.screenshot(path="/tmp/alliance-map-1280.png", full_page=True)
    assert accessibility_violations(page) == []

    page.set_viewport_size({"width": 375, "height": 800})
    expect(the_map).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert accessibility_violations(page) == []
    page.screenshot(path="/tmp/alliance-map-375.png", full_page=True)

    assert requested and all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]
    assert any("/static/leaflet/leaflet.js" in url for url in requested)


def test_the_profile_works_without_javascript(live_server, browser, alliance):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{alliance.get_absolute_url()}")
    expect(page.get_by_role("link", name="Beck 0 Primary")).to_be_visible()  # the schools are listed
    expect(page.get_by_role("heading", name="Where its schools are")).to_be_hidden()  # no empty map
    context.close()


def test_a_tile_source_when_set_is_drawn_under_the_points_with_its_attribution(live_server, page, alliance, settings):
    base = live_server.url
    # A tile server on the live server itself, so the test still fetches nothing from elsewhere.
    settings.MAP_TILE_URL = f"{base}/tiles/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_TILE_ATTRIBUTION = "Tiles from the test server"
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if "/tiles/" in request.url else None)
    page.goto(f"{base}{alliance.get_absolute_url()}")
    expect(page.locator(".app-map__marker")).to_have_count(7)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Tiles from the test server")
    expect(page.locator(".leaflet-tile-pane img").first).to_be_attached()
    assert tiles and all(url.startswith(f"{base}/tiles/") for url in tiles)


def test_find_an_alliance_from_a_postcode_and_see_it_on_the_map(live_server, page, alliance, make_school):
    """Nobody signed in: a postcode no school has (its sector's schools place it), the finder ranks
    the nearby alliance first, and its profile maps its schools."""
    make_school(name="Kirkstall Primary", postcode="LS5 3AA", latitude=53.81, longitude=-1.60)
    base = live_server.url
    page.goto(f"{base}/alliances/find/")
    page.get_by_label("Your school's URN, or a postcode or town").fill("LS5 3ZZ")
    page.get_by_role("button", name="Find alliances").click()
    page.wait_for_url("**/alliances/find/?*")
    first = page.locator("main h2 a, main h3 a").first
    expect(first).to_have_text("Hilltop Teaching School Alliance")
    expect(page.get_by_text("km away").first).to_be_visible()
    assert accessibility_violations(page) == []
    first.click()
    page.wait_for_url(f"**/alliances/{alliance.slug}/")
    the_map = page.get_by_role("region", name="Map of Hilltop Teaching School Alliance's lead, member and deliverer schools")
    expect(the_map.locator(".app-map__marker")).to_have_count(7)
