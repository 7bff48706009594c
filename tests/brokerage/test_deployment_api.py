"""The deployment workflow through the JSON API: asking for an SLE, the home school's release, the
agreement, cancelling, progress reviews, the final report and the receiving school's confirmation
of impact. Each step keeps the pages' rules: a rule refused answers 400 with every reason, a
person who may not take the step 403, one who may not see the deployment 404, and a field given
wrongly 400 naming it (never a server error)."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings, strategies as st

from brokerage import deployment_progress, deployments
from brokerage.models import Deployment, MatchingRun, MatchProposal, SchoolOffer
from delivery.models import Contribution, SupportAssignment

from tests.brokerage.deployment_fixtures import TODAY, asked, need, receiving, receiving_head, released, terms  # noqa: F401

pytestmark = pytest.mark.django_db
State = Deployment.State


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data, content_type="application/json")


def _terms(**changes):
    """The agreement's terms as JSON gives them."""
    return {name: str(value) if not isinstance(value, str) else value for name, value in terms(**changes).items()}


def url(deployment, step=""):
    return f"/api/deployments/{deployment.pk}/{step + '/' if step else ''}"


@pytest.fixture
def stranger(person, make_school):
    """A headteacher of a school with no part in the deployment."""
    return person("head@elsewhere.example", make_school(name="Elsewhere Primary"))


@pytest.fixture
def agreed(released, receiving_head):
    return deployments.agree(receiving_head, released, **terms())


def _review_data(**changes):
    data = {"reviewed_on": str(TODAY), "days_used": "2", "progress": "on_track", "notes": "Two sessions on algebra."}
    data.update(changes)
    return data


# --- Asking for support --------------------------------------------------------------------------


def test_the_receiving_school_asks_for_an_sle(client, receiving_head, need, designated, member_school, tschool):
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "specialist_leader": designated.pk, "days": "3"})
    assert response.status_code == 201
    body = response.json()
    made = Deployment.objects.get(pk=body["id"])
    assert (made.state, made.days_requested, made.home_school, made.brokering_school) == (State.REQUESTED, 3, member_school, tschool)
    assert body["state"] == "requested" and body["days_requested"] == "3.0" and body["home_school"]["urn"] == member_school.urn
    assert body["fee_total"] is None  # nothing agreed yet


def test_a_school_offer_is_asked_for_with_the_needs_days(client, receiving_head, need, member_school, maths):
    offer = SchoolOffer.objects.create(school=member_school, area=maths, given_by="Maths team", days_per_year=Decimal(10))
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "offer": offer.pk})
    assert response.status_code == 201
    assert response.json()["offer"] == offer.pk and response.json()["days_requested"] == "5.0"


def test_asking_beyond_the_sles_capacity_gives_every_reason(client, receiving_head, need, designated):
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "specialist_leader": designated.pk, "days": "40"})
    assert response.status_code == 400
    [reason] = response.json()["reasons"]
    assert reason.startswith("40 days asked for, but only 15 days remain of the SLE's capacity in the academic year")
    assert not Deployment.objects.exists()


def test_asking_for_neither_an_sle_nor_an_offer_is_refused_with_the_reason(client, receiving_head, need):
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk})
    assert response.status_code == 400
    assert response.json()["reasons"] == ["Choose either one SLE or one school's offer."]


def test_a_teacher_at_the_receiving_school_may_not_ask(client, person, receiving, need, designated):
    teacher = person("teacher@faraway.example", receiving, role="staff")
    response = post(client, teacher, "/api/deployments/", {"need": need.pk, "specialist_leader": designated.pk})
    assert response.status_code == 403
    assert not Deployment.objects.exists()


@pytest.mark.parametrize("data, field", [
    ({"specialist_leader": 1}, "need"),
    ({"need": "the maths one", "specialist_leader": 1}, "need"),
    ({"need": 10**12, "specialist_leader": 1}, "need"),
    ({"need": 1, "specialist_leader": 1, "days": "lots"}, "days"),
    ({"need": 1, "specialist_leader": 1, "days": "2.25"}, "days"),
    ({"need": 1, "specialist_leader": [1]}, "specialist_leader"),
])
def test_bad_request_fields_are_named(client, receiving_head, need, designated, data, field):
    response = post(client, receiving_head, "/api/deployments/", data)
    assert response.status_code == 400
    assert field in response.json()


def test_ids_that_name_nothing_are_named(client, receiving_head, need):
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "specialist_leader": 999999})
    assert response.status_code == 400 and response.json() == {"specialist_leader": ["No SLE record has that id."]}


def _proposal(started_by, school, need, sle):
    run = MatchingRun.objects.create(scope="school", school=school, travel_limit_km=25, started_by=started_by, state="finished")
    return MatchProposal.objects.create(run=run, need=need, specialist_leader=sle, days=2, distance_km=12.0, priority=1, explanation="Near.")


def test_a_matching_runs_proposal_is_taken_up(client, receiving_head, receiving, need, designated):
    proposal = _proposal(receiving_head, receiving, need, designated)
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "proposal": proposal.pk})
    assert response.status_code == 201
    body = response.json()
    assert (body["route"], body["specialist_leader"], body["days_requested"]) == ("engine", designated.pk, "2.0")


def test_a_proposal_from_a_run_the_person_does_not_see_is_forbidden(client, receiving_head, stranger, need, designated):
    proposal = _proposal(stranger, stranger.affiliations.get().school, need, designated)
    response = post(client, receiving_head, "/api/deployments/", {"need": need.pk, "proposal": proposal.pk})
    assert response.status_code == 403
    assert not Deployment.objects.exists()


# --- The home school's release -------------------------------------------------------------------


def test_the_home_schools_head_releases(client, head, asked):
    response = post(client, head, url(asked, "release"), {"released": True})
    assert response.status_code == 200 and response.json()["state"] == "released"
    asked.refresh_from_db()
    assert asked.state == State.RELEASED and asked.released_by == head


def test_not_releasing_without_a_reason_is_refused(client, head, asked):
    response = post(client, head, url(asked, "release"), {"released": False, "reason": "  "})
    assert response.status_code == 400
    assert response.json() == {"reasons": ["Give the reason for not releasing: the school that asked is told it."]}
    asked.refresh_from_db()
    assert asked.state == State.REQUESTED


def test_the_receiving_school_sees_but_does_not_release(client, receiving_head, asked):
    client.force_login(receiving_head)
    assert client.get(url(asked)).status_code == 200
    assert post(client, receiving_head, url(asked, "release"), {"released": True}).status_code == 403
    asked.refresh_from_db()
    assert asked.state == State.REQUESTED


def test_someone_who_does_not_see_the_deployment_gets_404(client, stranger, asked):
    assert post(client, stranger, url(asked, "release"), {"released": True}).status_code == 404


def test_a_release_that_is_not_yes_or_no_is_named(client, head, asked):
    response = post(client, head, url(asked, "release"), {"released": "perhaps"})
    assert response.status_code == 400 and "released" in response.json()


# --- The agreement -------------------------------------------------------------------------------


def test_the_receiving_school_agrees_and_the_fee_is_shown(client, receiving_head, released):
    response = post(client, receiving_head, url(released, "agree"), _terms())
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "agreed" and body["days"] == "5.0" and body["day_rate"] == "350.00"
    assert (body["fee_total"], body["fee_home_school"], body["fee_broker"]) == ("1750.00", "1050.00", "700.00")
    assert SupportAssignment.objects.get(pk=body["support_record"]).days_planned == 5


def test_agreeing_without_the_release_is_refused(client, receiving_head, asked):
    response = post(client, receiving_head, url(asked, "agree"), _terms())
    assert response.status_code == 400
    assert response.json()["reasons"] == [
        "Brookside Primary has not released SLE from Brookside Primary yet: a deployment without the home school's release cannot be agreed."
    ]


def test_agreeing_beyond_capacity_and_backwards_dates_gives_every_reason(client, receiving_head, released):
    data = _terms(days=Decimal(40), ends_on=TODAY - timedelta(days=1))
    response = post(client, receiving_head, url(released, "agree"), data)
    assert response.status_code == 400
    first, second = response.json()["reasons"]
    assert first.startswith("40 days agreed, but only 15 days remain of the SLE's capacity in the academic year")
    assert second == "The deployment must end on or after the day it starts."
    released.refresh_from_db()
    assert released.state == State.RELEASED


def test_the_home_school_does_not_agree(client, head, released):
    assert post(client, head, url(released, "agree"), _terms()).status_code == 403


def test_bad_agreement_fields_are_each_named(client, receiving_head, released):
    response = post(client, receiving_head, url(released, "agree"), {**_terms(), "day_rate": "cheap", "starts_on": "soon", "days": None})
    assert response.status_code == 400
    assert {"day_rate", "starts_on", "days"} <= set(response.json())


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12), st.lists(st.integers(), max_size=2)))
def test_any_day_rate_is_an_answer_never_a_server_error(client, receiving_head, released, value):
    with transaction.atomic():
        response = post(client, receiving_head, url(released, "agree"), {**_terms(), "day_rate": value})
        transaction.set_rollback(True)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert set(response.json()) in ({"reasons"}, {"day_rate"})


# --- Cancelling ----------------------------------------------------------------------------------


def test_the_receiving_school_cancels_with_a_reason(client, receiving_head, released):
    response = post(client, receiving_head, url(released, "cancel"), {"reason": "Our maths lead is back."})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "cancelled" and body["cancel_reason"] == "Our maths lead is back."


def test_cancelling_without_a_reason_is_refused(client, receiving_head, released):
    response = post(client, receiving_head, url(released, "cancel"), {"reason": ""})
    assert response.status_code == 400
    assert response.json() == {"reasons": ["Give the reason for cancelling: everyone involved is told it."]}


def test_the_sle_sees_the_deployment_but_does_not_cancel_it(client, teacher, released):
    client.force_login(teacher)
    assert client.get(url(released)).status_code == 200
    assert post(client, teacher, url(released, "cancel"), {"reason": "Busy."}).status_code == 403


# --- Progress reviews ----------------------------------------------------------------------------


def test_the_receiving_school_reviews_and_the_sle_reads_the_reviews(client, receiving_head, teacher, agreed):
    response = post(client, receiving_head, url(agreed, "reviews"), _review_data())
    assert response.status_code == 201
    made = response.json()
    assert (made["days_used"], made["progress"], made["written_by"]) == ("2.0", "on_track", str(receiving_head))
    client.force_login(teacher)
    listed = client.get(url(agreed, "reviews"))
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [made["id"]]


def test_reviews_are_not_shown_to_those_who_do_not_see_the_deployment(client, stranger, receiving_head, agreed):
    deployment_progress.review(receiving_head, agreed, reviewed_on=TODAY, days_used=Decimal(1), progress="on_track", notes="Started.")
    client.force_login(stranger)
    assert client.get(url(agreed, "reviews")).status_code == 404


def test_a_review_before_the_agreement_and_over_the_days_gives_every_reason(client, receiving_head, released):
    response = post(client, receiving_head, url(released, "reviews"), _review_data(days_used="9"))
    assert response.status_code == 400
    reasons = response.json()["reasons"]
    assert len(reasons) == 1 and "Progress is reviewed only while the deployment is agreed and in progress." in reasons[0]


def test_reviewing_more_days_than_agreed_is_refused(client, receiving_head, agreed):
    response = post(client, receiving_head, url(agreed, "reviews"), _review_data(days_used="9"))
    assert response.status_code == 400
    assert response.json() == {"reasons": ["9 days used is more than the 5 days agreed."]}
    assert not agreed.reviews.exists()


def test_the_council_reads_but_does_not_review(client, council_member, agreed):
    client.force_login(council_member)
    assert client.get(url(agreed, "reviews")).status_code == 200
    assert post(client, council_member, url(agreed, "reviews"), _review_data()).status_code == 403


@pytest.mark.parametrize("field, value", [("progress", "great"), ("reviewed_on", "yesterday"), ("days_used", "two")])
def test_bad_review_fields_are_named(client, receiving_head, agreed, field, value):
    response = post(client, receiving_head, url(agreed, "reviews"), _review_data(**{field: value}))
    assert response.status_code == 400 and field in response.json()


def test_listing_reviews_takes_the_same_queries_however_many_there_are(client, receiving_head, agreed):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(agreed, "reviews")).status_code == 200
        return len(captured)

    deployment_progress.review(receiving_head, agreed, reviewed_on=TODAY, days_used=Decimal(1), progress="on_track", notes="Started.")
    client.force_login(receiving_head)
    few = queries()
    for days in (2, 3, 4):
        deployment_progress.review(receiving_head, agreed, reviewed_on=TODAY, days_used=Decimal(days), progress="concerns", notes="Going.")
    assert queries() == few
    assert few <= 9, few  # the session, the visibility checks, the deployment, the count and the page


# --- The final report and the impact -------------------------------------------------------------


def test_the_home_school_reports_and_the_receiving_school_confirms_the_impact(client, head, receiving_head, agreed):
    response = post(client, head, url(agreed, "final-report"), {"days_delivered": "5", "report": "Five sessions; scores up."})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["final_report"], response.json()["days_delivered"]) == (
        "reported", "Five sessions; scores up.", "5.0")
    response = post(client, receiving_head, url(agreed, "impact"), {"rating": 1, "comment": "Algebra transformed."})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["impact_rating"]) == ("completed", 1)
    # The home school's days are credited in the brokering alliance's ledger.
    entry = Contribution.objects.get(school=agreed.home_school)
    assert (entry.unit, entry.amount) == ("days", 5)


def test_reporting_far_more_days_than_agreed_is_refused(client, head, agreed):
    response = post(client, head, url(agreed, "final-report"), {"days_delivered": "9", "report": "Lots."})
    assert response.status_code == 400
    assert response.json()["reasons"][0].startswith("9 days delivered is more than the 5 days agreed")


def test_the_receiving_school_does_not_write_the_final_report(client, receiving_head, agreed):
    response = post(client, receiving_head, url(agreed, "final-report"), {"days_delivered": "5", "report": "Done."})
    assert response.status_code == 403


def test_a_bad_days_delivered_is_named(client, head, agreed):
    response = post(client, head, url(agreed, "final-report"), {"days_delivered": "five", "report": "Done."})
    assert response.status_code == 400 and "days_delivered" in response.json()


@pytest.fixture
def reported(agreed, head):
    return deployment_progress.final_report(head, agreed, days_delivered=Decimal(5), report="Five sessions.")


def test_a_low_rating_without_a_comment_is_refused(client, receiving_head, reported):
    response = post(client, receiving_head, url(reported, "impact"), {"rating": 4})
    assert response.status_code == 400
    assert response.json() == {"reasons": ["Say why you rate the impact Inadequate: what fell short of the success criteria."]}


def test_the_home_school_does_not_confirm_its_own_impact(client, head, reported):
    assert post(client, head, url(reported, "impact"), {"rating": 1}).status_code == 403


@pytest.mark.parametrize("rating", [9, "good", None])
def test_a_rating_off_the_scale_is_named(client, receiving_head, reported, rating):
    response = post(client, receiving_head, url(reported, "impact"), {"rating": rating})
    assert response.status_code == 400 and "rating" in response.json()


def test_a_review_the_sle_wrote_names_them_only_to_those_who_may_see_them(client, council_member, receiving_head, teacher, agreed):
    deployment_progress.review(teacher, agreed, reviewed_on=TODAY, days_used=Decimal(1), progress="on_track", notes="Started.")
    for who, shown in ((council_member, "the SLE"), (receiving_head, str(teacher))):
        client.force_login(who)
        [row] = client.get(url(agreed, "reviews")).json()["results"]
        assert row["written_by"] == shown
