"""Find a school, a school's profile and organisations, as a visitor sees them."""
from datetime import date

import pytest
from django.urls import reverse

from registry.importers.gias import import_gias
from registry.importers.gias_links import import_gias_links
from registry.models import Organisation, School
from tests.conftest import GIAS_SAMPLE_2026, read_gias_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(make_school):
    camden = Organisation.objects.create(kind="local_authority", code="202", name="Camden", region="London")
    leeds = Organisation.objects.create(kind="local_authority", code="383", name="Leeds", region="Yorkshire and the Humber")
    return {
        "aldgate": make_school(
            urn=100000, name="The Aldgate School", postcode="EC3A 5DE", region="London", local_authority=camden,
            latest_outcome="outstanding", at_least_good=True,
        ),
        "brecknock": make_school(
            urn=100001, name="Brecknock Primary School", postcode="NW1 9AL", region="London", local_authority=camden,
            type_name="Academy converter", latest_outcome="requires_improvement", at_least_good=False,
        ),
        "guiseley": make_school(
            urn=107809, name="Guiseley Secondary", postcode="LS20 9DA", region="Yorkshire and the Humber",
            local_authority=leeds, phase="Secondary", latest_outcome="report_card", at_least_good=True,
        ),
        "closed": make_school(
            urn=100002, name="Old Aldgate Board School", status=School.Status.CLOSED, region="London",
            open_date=date(1900, 1, 1), close_date=date(1990, 7, 31),
        ),
    }


def found(client, **query):
    response = client.get(reverse("registry:schools"), query)
    assert response.status_code == 200
    return [school.urn for school in response.context["page"].object_list]


def test_find_a_school_lists_open_schools_by_default(client, schools):
    assert found(client) == [100001, 107809, 100000]
    assert found(client, status="closed") == [100002]
    assert len(found(client, status="all")) == 4


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "aldgate"}, [100000]),
        ({"q": "107809"}, [107809]),
        ({"q": "ec3a 5de"}, [100000]),
        ({"q": "EC3A5DE"}, [100000]),
        ({"q": "NW1"}, [100001]),
        ({"region": "Yorkshire and the Humber"}, [107809]),
        ({"phase": "Secondary"}, [107809]),
        ({"type_name": "Academy converter"}, [100001]),
        ({"latest_outcome": "outstanding"}, [100000]),
        ({"at_least_good": "no"}, [100001]),
        ({"at_least_good": "yes", "region": "London"}, [100000]),
    ],
)
def test_search_filters(client, schools, query, expected):
    assert found(client, **query) == expected


def test_local_authority_filter(client, schools):
    camden = Organisation.objects.get(name="Camden")
    assert found(client, local_authority=camden.pk) == [100001, 100000]


def test_results_are_paginated_25_to_a_page(client, make_school):
    for number in range(60):
        make_school(name=f"School {number:02d}")
    first = client.get(reverse("registry:schools"))
    third = client.get(reverse("registry:schools"), {"page": 3})

    assert first.context["page"].paginator.count == 60
    assert len(first.context["page"].object_list) == 25
    assert len(third.context["page"].object_list) == 10
    assert b'rel="next"' in first.content and b"60 schools" in first.content


def test_filters_are_kept_when_paging(client, make_school):
    for number in range(30):
        make_school(name=f"Secondary {number:02d}", phase="Secondary")
    response = client.get(reverse("registry:schools"), {"phase": "Secondary"})
    assert b"phase=Secondary&amp;page=2" in response.content


def test_school_profile_shows_details_standing_and_history(client, make_inspection):
    import_gias(GIAS_SAMPLE_2026)
    school = School.objects.get(urn=100000)
    make_inspection(school, date(2024, 6, 12), overall_effectiveness=1, inspection_number="10323215")
    make_inspection(school, date(2013, 4, 18), overall_effectiveness=2, inspection_number="ITS411816")

    response = client.get(reverse("registry:school", args=[100000]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "The Aldgate School" in text and "Voluntary aided school" in text
    assert "Diocese of London" in text and "City of London" in text
    assert "At least Good at its most recent graded inspection" in text
    assert "Overall effectiveness Outstanding at the inspection of 12 June 2024." in text
    assert text.index("10323215") < text.index("ITS411816")  # most recent first


def test_closed_school_points_to_its_successor(client, write_gias, tmp_path):
    header, rows = read_gias_rows()
    # 100004 closed in 1992 in the sample; make 100000 its successor through a links file.
    import_gias(write_gias(rows))
    links = tmp_path / "links.csv"
    links.write_bytes(
        b'"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n'
        b'100004,100000,"The Aldgate School","Successor","31-08-1992"'
    )
    import_gias_links(links)

    response = client.get(reverse("registry:school", args=[100004]))
    assert School.objects.get(urn=100004).successor().urn == 100000
    assert "It was replaced by" in response.content.decode()


def test_unknown_school_is_not_found(client, db):
    assert client.get(reverse("registry:school", args=[123456])).status_code == 404


def test_organisation_profile_lists_its_schools(client, schools):
    camden = Organisation.objects.get(name="Camden")
    response = client.get(reverse("registry:organisation", args=[camden.pk]))
    text = response.content.decode()
    assert "Brecknock Primary School" in text and "The Aldgate School" in text
    assert "Guiseley" not in text


def test_organisation_search(client, schools):
    Organisation.objects.create(kind="university", name="University of Northfield")
    response = client.get(reverse("registry:organisations"), {"kind": "university"})
    assert [o.name for o in response.context["page"].object_list] == ["University of Northfield"]


@pytest.mark.parametrize("name", ["home", "registry:schools", "registry:organisations", "data-sources"])
def test_public_pages_need_no_sign_in(client, db, name):
    assert client.get(reverse(name)).status_code == 200


def test_the_home_page_leads_to_the_finder_alliances_teaching_schools_and_networks(client, db):
    page = client.get("/").content.decode()
    for address in ("/alliances/find/", "/alliances/", "/teaching-schools/", "/networks/", "/schools/"):
        assert f'href="{address}"' in page, address
