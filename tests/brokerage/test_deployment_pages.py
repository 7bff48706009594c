"""Deployment pages as the people involved use them: finding support for a need, the release,
the agreement and its fee, cancelling, the list and the API, and what each may see."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brokerage import deployments
from brokerage.models import Deployment, SchoolNeed, SchoolOffer
from tests.brokerage.deployment_fixtures import TODAY, asked, need, receiving, receiving_head, released, terms  # noqa: F401

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_find_support_lists_sles_and_offers_nearest_first_and_asks(client, receiving_head, need, designated, member_school, make_school, maths, receiving):
    far = make_school(name="Distant Primary", easting=480000, northing=300000)
    from alliances.models import AllianceRole

    AllianceRole.objects.create(alliance=designated.teaching_school.alliance_roles.get().alliance, role="member", school=far, starts_on=TODAY)
    SchoolOffer.objects.create(school=far, area=maths, given_by="Distant maths hub", days_per_year=Decimal(6))
    client.force_login(receiving_head)
    page = client.get(f"/schools/{receiving.urn}/needs-and-offers/").content.decode()
    assert f"/needs/{need.pk}/support/" in page and "Find support" in page
    page = client.get(f"/needs/{need.pk}/support/").content.decode()
    near, distant = page.index("An SLE at Brookside Primary: 12.0 km away, 15 days remaining"), page.index("Distant maths hub, Distant Primary: 68.0 km away, 6 days remaining")
    assert near < distant
    assert "Asha Patel" not in page  # the directory's rule: no names before support is arranged
    response = client.post(f"/needs/{need.pk}/support/", {"supporter": f"sle-{designated.pk}", "days": "3"})
    deployment = Deployment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    assert deployment.days_requested == 3 and deployment.route == "school"
    # Asked for already: the SLE is no longer offered for this need.
    assert "An SLE at Brookside Primary" not in client.get(f"/needs/{need.pk}/support/").content.decode()


def test_find_support_shows_the_rules_reasons(client, receiving_head, need, designated):
    client.force_login(receiving_head)
    response = client.post(f"/needs/{need.pk}/support/", {"supporter": f"sle-{designated.pk}", "days": "40"})
    assert response.status_code == 200
    assert "40 days asked for, but only 15 days remain of the SLE&#x27;s capacity in the academic year" in response.content.decode()
    assert not Deployment.objects.exists()


def test_the_home_headteacher_releases_on_the_page(client, asked, head):
    client.force_login(head)
    page = client.get(f"/deployments/{asked.pk}/").content.decode()
    assert "Decide on the release" in page and "Agree the deployment" not in page
    assert "Outside the SLE&#x27;s alliance: Faraway Academy is not in Hilltop Alliance." in page
    response = client.post(f"/deployments/{asked.pk}/release/", {"released": "no", "reason": ""})
    assert "Give the reason for not releasing" in response.content.decode()
    client.post(f"/deployments/{asked.pk}/release/", {"released": "yes"})
    asked.refresh_from_db()
    assert asked.state == Deployment.State.RELEASED


def test_agreeing_on_the_page_shows_the_fee_split_and_links_the_support_record(client, released, receiving_head, person, receiving):
    client.force_login(receiving_head)
    form = {"days": "4", "day_rate": "412.50", "home_school_share": "60", "objectives": "Raise attainment.", "success_criteria": "Tests up.",
            **_date("starts_on", TODAY), **_date("ends_on", TODAY)}
    response = client.post(f"/deployments/{released.pk}/agree/", form)
    assert response.status_code == 302
    page = client.get(f"/deployments/{released.pk}/").content.decode()
    assert "£1,650.00" in page and "£990.00" in page and "£660.00" in page and "at £412.50 a day" in page
    released.refresh_from_db()
    assert released.support_record.get_absolute_url() in page
    assert "Asha Patel" in page  # the receiving school now sees the SLE
    staff = person("teacher@faraway.example", receiving, role="staff")
    client.force_login(staff)
    assert client.get(f"/deployments/{released.pk}/").status_code == 403
    assert client.get(f"/api/deployments/{released.pk}/").status_code == 404


def test_agreement_refused_without_release(client, asked, receiving_head):
    client.force_login(receiving_head)
    form = {"days": "4", "day_rate": "400", "home_school_share": "60", "objectives": "x", "success_criteria": "y",
            **_date("starts_on", TODAY), **_date("ends_on", TODAY)}
    page = client.post(f"/deployments/{asked.pk}/agree/", form).content.decode()
    assert "a deployment without the home school&#x27;s release cannot be agreed" in page


def test_cancelling_on_the_page(client, asked, receiving_head):
    client.force_login(receiving_head)
    client.post(f"/deployments/{asked.pk}/cancel/", {"reason": "Found support nearer."})
    asked.refresh_from_db()
    assert asked.state == Deployment.State.CANCELLED
    assert "Found support nearer." in client.get(f"/deployments/{asked.pk}/").content.decode()


def test_the_sle_record_shows_its_deployments_and_days(client, asked, head, designated):
    client.force_login(head)
    page = client.get(f"/specialist-leaders/{designated.pk}/").content.decode()
    assert f"/deployments/{asked.pk}/" in page and "5 days committed and 10 remaining this year." in page


def test_the_list_filters_by_state_and_part(client, asked, head, lead_user, receiving_head):
    client.force_login(head)
    assert f"/deployments/{asked.pk}/" in client.get("/deployments/").content.decode()
    assert f"/deployments/{asked.pk}/" in client.get("/deployments/?part=give&state=requested").content.decode()
    assert f"/deployments/{asked.pk}/" not in client.get("/deployments/?part=receive").content.decode()
    assert f"/deployments/{asked.pk}/" not in client.get("/deployments/?state=agreed").content.decode()
    client.force_login(lead_user)
    assert "Brokers" in client.get("/deployments/?part=broker").content.decode()


def test_the_api_gives_the_fee_to_those_who_see_the_deployment(client, released, receiving_head, lead_user):
    deployments.agree(receiving_head, released, **terms(days=Decimal(3), day_rate=Decimal("333.33"), home_school_share=Decimal(50)))
    client.force_login(lead_user)
    row = client.get("/api/deployments/").json()["results"][0]
    assert (row["fee_total"], row["fee_home_school"], row["fee_broker"]) == ("999.99", "500.00", "499.99")
    assert row["state"] == "agreed" and row["alliance"] == released.alliance.slug


def _more(need, designated, receiving_head, member_school, maths, n):
    for index in range(n):
        other = SchoolNeed.objects.create(school=need.school, area=maths, phase="Secondary", days_wanted=Decimal(1))
        offer = SchoolOffer.objects.create(school=member_school, area=maths, given_by=f"Team {index}", days_per_year=Decimal(3))
        deployments.request_deployment(receiving_head, other, specialist_leader=designated, days=Decimal("0.5"))
        deployments.request_deployment(receiving_head, other, offer=offer, days=Decimal(1))


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url, budget", [("/deployments/", 9), ("/deployments/?state=requested&part=receive", 9), ("/api/deployments/", 8)])
def test_lists_run_a_fixed_number_of_queries(client, url, budget, need, designated, receiving_head, member_school, maths):
    client.force_login(receiving_head)
    _more(need, designated, receiving_head, member_school, maths, 1)
    few = _count(client, url)
    _more(need, designated, receiving_head, member_school, maths, 4)
    many = _count(client, url)
    assert few == many and many <= budget, (few, many)
