"""Background jobs the worker never finishes (delivery.stalled_jobs): a matching run or a prepared
document queued or running past its limit is failed with the reason in words when its page or a
list shows it, when the same run is asked for again, and by `manage.py fail_stalled_jobs`; a very
late worker leaves it failed, with nothing half-written; a job within its limit is untouched."""
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliances.rules import RuleBroken
from brokerage import runs, tasks
from brokerage.models import MatchingRun, MatchProposal
from delivery import documents
from delivery.models import DocumentFile, PreparedDocument

from .runs_world import country  # noqa: F401

pytestmark = pytest.mark.django_db
Scope, State, Status = MatchingRun.Scope, MatchingRun.State, PreparedDocument.Status
WORDS = "The job did not finish within {} minutes: the background worker may have stopped. Ask again; if it happens again, tell the service team."
YEAR = 2024


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def queued_run(user, school, minutes_ago, state=State.QUEUED):
    run = MatchingRun.objects.create(scope=Scope.SCHOOL, school=school, travel_limit_km=25, road_factor=Decimal(1), started_by=user, state=state)
    MatchingRun.objects.filter(pk=run.pk).update(started_at=ago(minutes_ago))
    return run


def asked_document(user, alliance, minutes_ago, state=Status.QUEUED):
    document = documents.ask_for_evidence_pack(user, alliance, YEAR)  # its task waits for a commit that never comes
    PreparedDocument.objects.filter(pk=document.pk).update(
        status=state, requested_at=ago(minutes_ago), started_at=ago(minutes_ago) if state == Status.RUNNING else None
    )
    return document


def start(user, school):
    return runs.start_run(user, scope=Scope.SCHOOL, school=school, travel_limit_km=25, road_factor=1)


# --- Matching runs -----------------------------------------------------------------------------------


def test_a_stalled_queued_run_says_so_on_its_page_and_a_new_one_may_be_started(client, head, member_school):
    run = start(head, member_school)  # queued; no worker takes it
    with pytest.raises(RuleBroken, match="has not finished yet"):
        start(head, member_school)
    MatchingRun.objects.filter(pk=run.pk).update(started_at=ago(31))
    client.force_login(head)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "The run failed" in page and WORDS.format(30) in page
    assert 'http-equiv="refresh"' not in page
    run.refresh_from_db()
    assert (run.state, run.problems, run.progress) == (State.FAILED, [WORDS.format(30)], "Stopped: it did not finish in time.")
    assert run.finished_at
    again = start(head, member_school)
    assert again.state == State.QUEUED and again.pk != run.pk


def test_starting_again_fails_the_stalled_run_without_its_page_being_seen(head, member_school):
    stalled = queued_run(head, member_school, 31)
    start(head, member_school)
    stalled.refresh_from_db()
    assert stalled.state == State.FAILED and stalled.problems == [WORDS.format(30)]


def test_a_run_within_its_limits_is_untouched(client, head, member_school):
    waiting = queued_run(head, member_school, 29)
    running = queued_run(head, member_school, 59, state=State.RUNNING)  # asked for 59 minutes ago: 60 to wait and run
    client.force_login(head)
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page and "The run failed" not in page
    assert "Waiting to start" in client.get("/matching/").content.decode()
    client.get(running.get_absolute_url())
    with pytest.raises(RuleBroken, match="has not finished yet"):
        start(head, member_school)
    assert set(MatchingRun.objects.values_list("state", flat=True)) == {State.QUEUED, State.RUNNING}


def test_a_run_running_past_its_limit_is_failed_in_the_lists_and_the_api(client, head, member_school):
    running = queued_run(head, member_school, 61, state=State.RUNNING)
    fresh = queued_run(head, member_school, 1)
    client.force_login(head)
    listed = client.get("/matching/").content.decode()
    assert "Failed" in listed and "Waiting to start" in listed
    running.refresh_from_db()
    assert running.state == State.FAILED and running.problems == [WORDS.format(60)]
    other = queued_run(head, member_school, 40)
    assert client.get(f"/api/matching-runs/{other.pk}/").json()["state"] == "failed"
    api = {r["id"]: r["state"] for r in client.get("/api/matching-runs/").json()["results"]}
    assert api == {running.pk: "failed", fresh.pk: "queued", other.pk: "failed"}


def test_a_late_worker_leaves_a_stalled_queued_run_failed(head, member_school):
    run = queued_run(head, member_school, 31)
    runs.STALLED.fail_all()
    assert tasks.run_matching.call(run.pk) == "not queued"
    run.refresh_from_db()
    assert run.state == State.FAILED and run.problems == [WORDS.format(30)]


def _fail_as_stalled(run):
    """What another process (a page, the command) does when the run's limit has passed."""
    MatchingRun.objects.filter(pk=run.pk).update(started_at=ago(61))
    assert runs.STALLED.fail_all() == {State.QUEUED: 0, State.RUNNING: 1}


def test_a_run_failed_as_stalled_while_the_worker_solves_stays_failed(country, lead_user, single_alliance, monkeypatch):
    run = MatchingRun.objects.create(scope=Scope.ALLIANCE, alliance=single_alliance, travel_limit_km=50, started_by=lead_user)
    real = tasks.solve

    def slow(*args, **kwargs):  # the worker is still solving when the limit passes
        _fail_as_stalled(run)
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "solve", slow)
    assert tasks.run_matching.call(run.pk) == "stalled"
    run.refresh_from_db()
    assert run.state == State.FAILED and run.problems == [WORDS.format(60)] and run.figures == {}
    assert run.progress == "Stopped: it did not finish in time."
    assert not MatchProposal.objects.filter(run=run).exists()


def test_the_final_save_leaves_a_run_failed_as_stalled_with_no_proposals(country, lead_user, single_alliance, monkeypatch):
    run = MatchingRun.objects.create(scope=Scope.ALLIANCE, alliance=single_alliance, travel_limit_km=50, started_by=lead_user)
    real = tasks._say

    def say(run, words):  # the limit passes just as the proposals are saved
        real(run, words)
        if words == "Saving the proposals.":
            _fail_as_stalled(run)

    monkeypatch.setattr(tasks, "_say", say)
    assert tasks.run_matching.call(run.pk) == "stalled"
    run.refresh_from_db()
    assert run.state == State.FAILED and run.problems == [WORDS.format(60)] and run.figures == {}
    assert not MatchProposal.objects.filter(run=run).exists()


def test_the_same_run_with_no_stall_still_finishes(country, lead_user, single_alliance):
    run = MatchingRun.objects.create(scope=Scope.ALLIANCE, alliance=single_alliance, travel_limit_km=50, started_by=lead_user)
    assert tasks.run_matching.call(run.pk) == "finished"
    assert MatchProposal.objects.filter(run=run).exists()


# --- Prepared documents --------------------------------------------------------------------------------


def test_a_stalled_queued_document_says_so_and_may_be_asked_for_again(client, lead_user, single_alliance, django_capture_on_commit_callbacks):
    document = asked_document(lead_user, single_alliance, 31)
    client.force_login(lead_user)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "It could not be made" in page and WORDS.format(30) in page and "Check again" not in page
    document.refresh_from_db()
    assert document.status == Status.FAILED and document.failure == WORDS.format(30) and document.finished_at
    assert documents.prepare_document.call(document.pk) == "not queued"  # a very late worker
    document.refresh_from_db()
    assert document.status == Status.FAILED and not document.files.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery:evidence-packs", args=[single_alliance.slug]), {"academic_year": YEAR})
    again = PreparedDocument.objects.exclude(pk=document.pk).get()
    assert response["Location"] == again.get_absolute_url() and again.status == Status.READY


def test_the_lists_fail_stalled_documents_and_leave_others(client, lead_user, council_member, single_alliance):
    stalled = asked_document(lead_user, single_alliance, 45, state=Status.RUNNING)
    fresh = asked_document(lead_user, single_alliance, 29, state=Status.RUNNING)
    client.force_login(lead_user)
    listed = client.get(reverse("delivery:evidence-packs", args=[single_alliance.slug])).content.decode()
    assert "Failed" in listed and "Being prepared" in listed
    rollup = documents.ask_for_national_rollup(council_member, YEAR)
    PreparedDocument.objects.filter(pk=rollup.pk).update(requested_at=ago(90))
    client.force_login(council_member)
    assert PreparedDocument.objects.get(pk=rollup.pk).status == Status.QUEUED
    assert "Failed" in client.get(reverse("delivery:national-rollup")).content.decode()
    states = dict(PreparedDocument.objects.values_list("pk", "status"))
    assert states == {stalled.pk: Status.FAILED, fresh.pk: Status.RUNNING, rollup.pk: Status.FAILED}


def test_a_document_failed_as_stalled_while_being_built_gets_no_files(lead_user, single_alliance, monkeypatch):
    document = asked_document(lead_user, single_alliance, 0)

    def slow(document):
        PreparedDocument.objects.filter(pk=document.pk).update(started_at=ago(31))
        assert documents.STALLED.fail_all() == {Status.QUEUED: 0, Status.RUNNING: 1}
        return [("pack.pdf", "application/pdf", b"%PDF")]

    monkeypatch.setitem(documents.BUILDERS, PreparedDocument.Kind.EVIDENCE_PACK, slow)
    assert documents.prepare_document.call(document.pk) == "stalled"
    document.refresh_from_db()
    assert document.status == Status.FAILED and document.failure == WORDS.format(30)
    assert not DocumentFile.objects.exists()


# --- The command ---------------------------------------------------------------------------------------


def test_the_command_fails_every_stalled_job_and_says_how_many(lead_user, head, single_alliance, member_school):
    asked_document(lead_user, single_alliance, 31)
    asked_document(lead_user, single_alliance, 31, state=Status.RUNNING)
    asked_document(lead_user, single_alliance, 40, state=Status.RUNNING)
    kept_document = asked_document(lead_user, single_alliance, 5)
    queued_run(head, member_school, 31)
    kept_run = queued_run(head, member_school, 45, state=State.RUNNING)
    out = StringIO()
    call_command("fail_stalled_jobs", stdout=out)
    assert out.getvalue().splitlines() == [
        "Documents: 3 marked failed (1 queued for over 30 minutes, 2 running for over 30 minutes).",
        "Matching runs: 1 marked failed (1 queued for over 30 minutes, 0 running for over 60 minutes).",
    ]
    assert PreparedDocument.objects.filter(status=Status.FAILED, failure=WORDS.format(30)).count() == 3
    assert PreparedDocument.objects.get(pk=kept_document.pk).status == Status.QUEUED
    assert MatchingRun.objects.get(pk=kept_run.pk).state == State.RUNNING
    out = StringIO()
    call_command("fail_stalled_jobs", stdout=out)
    assert out.getvalue().splitlines() == [
        "Documents: 0 marked failed (0 queued for over 30 minutes, 0 running for over 30 minutes).",
        "Matching runs: 0 marked failed (0 queued for over 30 minutes, 0 running for over 60 minutes).",
    ]


def test_failing_stalled_runs_on_the_list_takes_the_same_queries_for_one_or_many(client, head, member_school):
    def listed_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/matching/").status_code == 200
        return len(captured)

    client.force_login(head)
    queued_run(head, member_school, 31)
    one = listed_queries()
    for _ in range(5):
        queued_run(head, member_school, 31)
        queued_run(head, member_school, 90, state=State.RUNNING)
    assert listed_queries() == one + 2  # one more UPDATE (and its check) for the running ones, not one per row
    assert not MatchingRun.objects.exclude(state=State.FAILED).exists()
    assert listed_queries() == one - 2  # nothing stalled left: no query at all for it
