"""The matching-run lists (runs, and a run's proposals, on the pages and in the API) run a fixed
number of queries however many rows they show: measured with a few, then with more."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brokerage.models import MatchingRun, MatchProposal

from .runs_world import country  # noqa: F401

pytestmark = pytest.mark.django_db

# (URL, who asks, most queries allowed).
LISTS = [
    ("/matching/", "lead_user", 10),
    ("/matching/", "council_member", 8),
    # + 2 for the schools whose needs the person may ask support for (their own, or as a broker).
    ("/matching/{run}/", "lead_user", 12),
    ("/matching/{run}/?show=unmet", "lead_user", 12),
    ("/api/matching-runs/", "lead_user", 8),
    ("/api/matching-runs/", "council_member", 6),
    ("/api/matching-runs/{run}/proposals/", "lead_user", 10),
]


def add_runs(country, starter, alliance, sle):
    """A finished alliance run with a proposal from the SLE, one from the school offer and an unmet need each."""
    run = MatchingRun.objects.create(scope="alliance", alliance=alliance, travel_limit_km=25, started_by=starter, state="finished",
                                     figures={"engine": {"needs": 3}, "greedy": {"needs": 3}, "notes": []})
    needs = country["needs"]
    MatchProposal.objects.bulk_create([
        MatchProposal(run=run, need=needs["weak"], specialist_leader=sle, days=2, distance_km=3.0, priority=3, explanation="Near"),
        MatchProposal(run=run, need=needs["supported"], offer=country["offer"], days=2, distance_km=6.0, priority=2, explanation="Near"),
        MatchProposal(run=run, need=needs["fine"], priority=1, explanation="Not matched: no days left."),
    ])
    MatchingRun.objects.create(scope="school", school=country["weak"], travel_limit_km=25, started_by=starter)
    return run


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url, who, budget", LISTS)
def test_run_lists_run_a_fixed_number_of_queries(client, request, country, url, who, budget, lead_user, council_member, single_alliance):
    run = add_runs(country, lead_user, single_alliance, country["sle"])
    url = url.format(run=run.pk)
    client.force_login(request.getfixturevalue(who))
    few = queries(client, url)
    for _ in range(6):
        add_runs(country, lead_user, single_alliance, country["sle"])
    for _ in range(5):  # more proposals in the same run
        MatchProposal.objects.create(run=run, need=country["needs"]["far"], priority=1, explanation="Too far")
        MatchProposal.objects.create(run=run, need=country["needs"]["weak"], specialist_leader=country["sle"], days=1, priority=3, explanation="x")
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries, then {many} with more rows"
    assert many <= budget, f"{url}: {many} queries, budget {budget}"
