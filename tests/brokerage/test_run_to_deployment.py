"""Taking a matching run's proposal up: the school whose need it is asks for the proposed SLE
from the run's page, and the home school is asked to release them."""
import pytest

from brokerage import runs
from brokerage.models import Deployment, MatchingRun

from .runs_world import country  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def weak_head(country, person):
    return person("head@weaklane.example", country["weak"])


@pytest.fixture
def weak_run(country, weak_head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start_run(weak_head, scope=MatchingRun.Scope.SCHOOL, school=country["weak"], travel_limit_km=50, road_factor=1)
    return run


def test_the_school_asks_for_the_proposed_sle_from_the_run(client, country, weak_head, weak_run):
    client.force_login(weak_head)
    proposal = weak_run.proposals.exclude(specialist_leader=None).get()
    page = client.get(f"/matching/{weak_run.pk}/").content.decode()
    assert f"/matching/proposals/{proposal.pk}/request/" in page

    confirm = client.get(f"/matching/proposals/{proposal.pk}/request/").content.decode()
    assert "An SLE at Brookside Primary" in confirm and f"{proposal.days}" in confirm
    response = client.post(f"/matching/proposals/{proposal.pk}/request/")
    deployment = Deployment.objects.get()
    assert response.status_code == 302 and response["Location"] == deployment.get_absolute_url()
    assert (deployment.route, deployment.proposal, deployment.specialist_leader) == (Deployment.Route.ENGINE, proposal, country["sle"])
    assert deployment.days_requested == proposal.days and deployment.state == Deployment.State.REQUESTED

    # Asked for once: asking again is refused with why.
    again = client.post(f"/matching/proposals/{proposal.pk}/request/")
    assert again.status_code == 200 and "already" in again.content.decode()
    assert Deployment.objects.count() == 1


def test_another_schools_head_cannot_take_the_proposal_up(client, country, weak_run, person):
    proposal = weak_run.proposals.exclude(specialist_leader=None).get()
    client.force_login(person("head@fineview.example", country["fine"]))
    assert client.get(f"/matching/proposals/{proposal.pk}/request/").status_code in (403, 404)
    assert client.post(f"/matching/proposals/{proposal.pk}/request/").status_code in (403, 404)
    assert not Deployment.objects.exists()
