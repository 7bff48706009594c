"""Matching runs: who may start one, the background task end to end (tasks run at once in
tests), empty and failing runs said in words, and the pages and API a broker uses."""
from decimal import Decimal

import pytest

from alliances.rules import NotAllowed, RuleBroken
from brokerage import runs, tasks
from brokerage.matching import greedy, solve
from brokerage.matching_inputs import build_inputs
from brokerage.models import MatchingRun, SchoolNeed

from .runs_world import country  # noqa: F401

pytestmark = pytest.mark.django_db
Scope = MatchingRun.Scope


@pytest.fixture
def started(django_capture_on_commit_callbacks):
    """started(user, **arguments) -> the run, its task carried out (tests run tasks at once)."""

    def start(user, **arguments):
        arguments.setdefault("travel_limit_km", 50)
        arguments.setdefault("road_factor", 1)
        with django_capture_on_commit_callbacks(execute=True):
            run = runs.start_run(user, **arguments)
        run.refresh_from_db()
        return run

    return start


def test_an_alliance_run_proposes_partners_for_the_schools_that_need_it_most(country, started, lead_user, single_alliance):
    run = started(lead_user, scope=Scope.ALLIANCE, alliance=single_alliance)
    assert run.state == MatchingRun.State.FINISHED and run.finished_at
    assert run.progress == "Finished: 2 of 3 needs met in full."
    engine, baseline = run.figures["engine"], run.figures["greedy"]
    assert engine["needs"] == 3 and engine["high_priority_met"] >= baseline["high_priority_met"]
    proposals = list(run.proposals.select_related("need__school"))
    met = {p.need.school.name for p in proposals if not p.is_unmet}
    # 6 SLE days (all Maths: nobody here needs English) and 4 of the teaching school's: the
    # urgent and the high-priority school are met; the Good school is left 2 days short.
    assert {"Weak Lane Primary", "Supported Street Primary"} <= met
    short = [p for p in proposals if p.is_unmet]
    assert [p.need.school.name for p in short] == ["Fine View Primary"]
    assert short[0].explanation.startswith("2 of 4 days matched")
    urgent = [p for p in proposals if p.need.school.name == "Weak Lane Primary"]
    assert all(p.priority == 3 and "urgent priority" in p.explanation for p in urgent)
    assert sum(p.days for p in urgent) == 4
    assert sum(p.days for p in proposals if p.specialist_leader_id) <= 6
    assert run.figures["notes"] == []


def test_the_stored_figures_are_the_engines_and_greedys_on_the_same_problem(country, started, council_member):
    run = started(council_member, scope=Scope.NATIONAL)
    problem = build_inputs(Scope.NATIONAL, travel_limit_km=50).problem
    for method, solver in (("engine", solve), ("greedy", greedy)):
        expected = solver(problem).figures()
        assert {k: v for k, v in run.figures[method].items() if k != "seconds"} == {
            k: v for k, v in expected.items() if k != "seconds"
        }
    assert run.figures["notes"] == ["1 school has no location in the registry, so its needs and offers are left out."]
    far = run.proposals.get(need=country["needs"]["far"])
    assert far.is_unmet and "beyond the 50 km travel limit" in far.explanation


def test_a_run_with_no_open_needs_finishes_and_says_so(country, started, head, member_school):
    run = started(head, scope=Scope.SCHOOL, school=member_school)
    assert run.state == MatchingRun.State.FINISHED
    assert run.problems == ["There are no needs to match."]
    assert not run.proposals.exists()


def test_a_run_with_nothing_in_reach_finishes_with_the_distance(country, started, council_member):
    SchoolNeed.objects.exclude(pk=country["needs"]["far"].pk).update(state=SchoolNeed.State.MET)
    run = started(council_member, scope=Scope.NATIONAL, travel_limit_km=20)
    assert run.state == MatchingRun.State.FINISHED
    assert run.problems == [
        "1 of 1 needs have offers in their area and phase, but none within the 20 km travel limit: the closest is 298 km away."
    ]
    assert run.proposals.get().explanation.startswith("Not matched: the nearest offer for Maths (Primary) is 298 km away")


def test_a_run_that_breaks_fails_with_the_reason(country, started, council_member, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(tasks, "build_inputs", broken)
    run = started(council_member, scope=Scope.NATIONAL)
    assert run.state == MatchingRun.State.FAILED
    assert run.problems == ["The run stopped with an error (ZeroDivisionError). Start it again; if it fails again, tell the support team."]


def test_who_may_start_which_run(country, head, teacher, lead_user, council_member, member_school, single_alliance, person):
    other_lead = person("lead@fellside.example", country["far"])
    refused = [
        (teacher, dict(scope=Scope.SCHOOL, school=member_school)),  # staff do not commit the school
        (lead_user, dict(scope=Scope.SCHOOL, school=member_school)),  # the alliance's lead is not the school's
        (head, dict(scope=Scope.ALLIANCE, alliance=single_alliance)),  # a member's head does not run the alliance
        (other_lead, dict(scope=Scope.ALLIANCE, alliance=single_alliance)),
        (head, dict(scope=Scope.NATIONAL)),
        (lead_user, dict(scope=Scope.NATIONAL)),
    ]
    for user, arguments in refused:
        with pytest.raises(NotAllowed):
            runs.start_run(user, travel_limit_km=25, road_factor=1, **arguments)
    assert not MatchingRun.objects.exists()


def test_bad_settings_and_a_run_still_going_are_refused_with_every_reason(country, head, member_school):
    first = runs.start_run(head, scope=Scope.SCHOOL, school=member_school, travel_limit_km=25, road_factor=Decimal("1.3"))
    assert first.state == MatchingRun.State.QUEUED  # its task waits for the commit
    with pytest.raises(RuleBroken) as refused:
        runs.start_run(head, scope=Scope.SCHOOL, school=member_school, travel_limit_km=0, road_factor=5)
    assert refused.value.messages == [
        "Give a travel limit from 1 to 500 km.",
        "Give a road factor from 1.0 (straight line) to 3.0.",
        "Your run for Brookside Primary's needs has not finished yet: wait for it before starting another.",
    ]
    with pytest.raises(RuleBroken):
        runs.start_run(head, scope=Scope.SCHOOL, school=member_school, travel_limit_km="far", road_factor=1)


# --- Pages -------------------------------------------------------------------------------------------


def test_the_run_page_shows_progress_and_refreshes_itself_while_running(client, head, member_school):
    run = MatchingRun.objects.create(scope=Scope.SCHOOL, school=member_school, travel_limit_km=25, started_by=head,
                                     state=MatchingRun.State.RUNNING, progress="Read 3 needs and 2 offers; solving.")
    client.force_login(head)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Read 3 needs and 2 offers; solving." in page
    assert '<meta http-equiv="refresh" content="5">' in page and "Refresh now" in page
    run.state = MatchingRun.State.FINISHED
    run.save()
    assert 'http-equiv="refresh"' not in client.get(run.get_absolute_url()).content.decode()


def test_starting_from_the_page_and_reading_the_proposals(client, country, lead_user, single_alliance, django_capture_on_commit_callbacks):
    client.force_login(lead_user)
    form = client.get(f"/matching/new/?alliance={single_alliance.slug}").content.decode()
    assert "The needs of Hilltop Alliance&#x27;s schools" in form and "Hilltop Teaching School&#x27;s needs" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/matching/new/", {"whose": f"alliance:{single_alliance.slug}", "travel_limit_km": "30", "distance": "road"})
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.road_factor == Decimal("1.30") and run.travel_limit_km == 30
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Needs met in full" in page and 'id="figures-table"' in page and 'data-app-chart="comparison"' in page
    assert "An SLE at Brookside Primary" in page and "Hilltop Teaching School's offer" in page
    assert "Asha Patel" not in page  # the SLE's name stays on their record
    unmet = client.get(run.get_absolute_url() + "?show=unmet").content.decode()
    assert "Fine View Primary" in unmet and "Weak Lane Primary" not in unmet


def test_a_refused_run_shows_the_reasons_on_the_form(client, head, member_school):
    client.force_login(head)
    page = client.post("/matching/new/", {"whose": f"school:{member_school.urn}", "travel_limit_km": "900", "distance": "straight"})
    assert page.status_code == 200 and "Give a travel limit from 1 to 500 km." in page.content.decode()
    assert not MatchingRun.objects.exists()


def test_the_profile_offers_matching_to_those_who_may(client, head, teacher, member_school):
    client.force_login(head)
    assert f"/matching/new/?school={member_school.urn}" in client.get(f"/schools/{member_school.urn}/needs-and-offers/").content.decode()
    client.force_login(teacher)
    assert f"/matching/new/?school={member_school.urn}" not in client.get(f"/schools/{member_school.urn}/needs-and-offers/").content.decode()


def test_a_run_is_seen_by_its_starter_the_council_and_the_schools_managers(client, head, teacher, lead_user, council_member, member_school, person):
    run = MatchingRun.objects.create(scope=Scope.SCHOOL, school=member_school, travel_limit_km=25, started_by=head)
    bursar = person("bursar@brookside.example", member_school, role="business_manager")
    for user, allowed in ((head, True), (bursar, True), (council_member, True), (teacher, False), (lead_user, False)):
        client.force_login(user)
        assert (client.get(run.get_absolute_url()).status_code == 200) is allowed, user
        listed = client.get("/matching/").content.decode()
        assert (run.get_absolute_url() in listed) is allowed, user


# --- API ---------------------------------------------------------------------------------------------


def test_the_api_starts_lists_and_pages_proposals(client, country, head, member_school, django_capture_on_commit_callbacks):
    client.force_login(head)
    refused = client.post("/api/matching-runs/", {"scope": "school", "school": member_school.urn, "travel_limit_km": "0"},
                          content_type="application/json")
    assert refused.status_code == 400 and refused.json() == {"reasons": ["Give a travel limit from 1 to 500 km."]}
    assert client.post("/api/matching-runs/", {"scope": "national", "travel_limit_km": "20"},
                       content_type="application/json").status_code == 403
    SchoolNeed.objects.create(school=member_school, area=country["maths"], phase="Primary", days_wanted=3)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post("/api/matching-runs/", {"scope": "school", "school": member_school.urn, "travel_limit_km": "20"},
                           content_type="application/json")
    assert made.status_code == 201 and made.json()["state"] == "queued"
    run_id = made.json()["id"]
    detail = client.get(f"/api/matching-runs/{run_id}/").json()
    assert detail["state"] == "finished" and detail["figures"]["engine"]["needs_met"] == 1
    assert [r["id"] for r in client.get("/api/matching-runs/").json()["results"]] == [run_id]
    proposals = client.get(f"/api/matching-runs/{run_id}/proposals/").json()
    assert proposals["count"] == 1
    row = proposals["results"][0]
    assert row["met"] and row["supporter_school"]["name"] in ("Brookside Primary", "Hilltop Teaching School")
    assert client.get(f"/api/matching-runs/{run_id}/proposals/?show=unmet").json()["count"] == 0
    assert client.get(f"/api/matching-runs/{run_id}/proposals/?show=both").status_code == 400


def test_a_failed_or_empty_run_page_lists_why(client, head, member_school):
    failed = MatchingRun.objects.create(scope=Scope.SCHOOL, school=member_school, travel_limit_km=25, started_by=head,
                                        state=MatchingRun.State.FAILED, problems=["need_days: a need must ask for at least one whole day (row 0)"])
    empty = MatchingRun.objects.create(scope=Scope.SCHOOL, school=member_school, travel_limit_km=25, started_by=head,
                                       state=MatchingRun.State.FINISHED, problems=["There are no needs to match."], figures={})
    client.force_login(head)
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "The run failed" in page and "need_days: a need must ask for at least one whole day (row 0)" in page
    page = client.get(empty.get_absolute_url()).content.decode()
    assert "Why nothing could be proposed" in page and "There are no needs to match." in page and "Nothing to show" in page
