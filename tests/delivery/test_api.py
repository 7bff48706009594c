"""The delivery API answers each person with the rows the pages would show them, and its writes
keep the pages' rules: a refusal is a 400 with every reason, an action not theirs a 403."""
from datetime import date
from decimal import Decimal

import pytest

from delivery import assurance, bookings, ledger, support
from delivery.models import Placement, Programme, Trainee, TraineeCohort

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_published_programmes_are_public_with_places_left_and_the_price(client, programme, single_alliance, member_school, person):
    Programme.objects.create(alliance=single_alliance, title="Unpublished", kind="leadership", places=3)
    bookings.book(person("t@brookside.example", member_school, "staff"), programme, member_school)
    rows = client.get("/api/programmes/").json()["results"]
    assert [(r["title"], r["places"], r["places_left"], r["price_pence"], r["free_to_members"]) for r in rows] == [
        ("Leading maths", 2, 1, 12000, True)
    ]
    assert rows[0]["led_by"] == [{"kind": "school", "id": single_alliance.lead_schools().get().urn, "name": "Hilltop Teaching School"}]
    assert rows[0]["sessions"][0]["venue"] == "Hilltop hall"
    assert client.get("/api/programmes/", {"kind": "npq"}).json()["count"] == 0
    assert client.get("/api/programmes/", {"kind": "no-such-kind"}).status_code == 400


def test_each_person_sees_only_the_bookings_the_pages_show_them(client, programme, member_school, outside_school, person, lead_user, no_approval):
    teacher = person("teacher@brookside.example", member_school, "staff")
    head = person("head@brookside.example", member_school)
    stranger = person("teacher@faraway.example", outside_school, "staff")
    no_approval(outside_school)
    mine = bookings.book(teacher, programme, member_school)
    theirs = bookings.book(stranger, programme, outside_school)
    assert client.get("/api/bookings/").status_code in (401, 403)
    for who, expected in ((teacher, [mine.pk]), (head, [mine.pk]), (lead_user, [theirs.pk, mine.pk]), (stranger, [theirs.pk])):
        client.force_login(who)
        assert sorted(_ids(client.get("/api/bookings/"))) == sorted(expected), who
    client.force_login(stranger)
    assert client.get(f"/api/bookings/{mine.pk}/").status_code == 404
    client.force_login(head)
    assert client.get("/api/bookings/", {"school": member_school.urn, "state": "awaiting_approval"}).json()["results"][0]["participant"] == str(teacher)


def test_booking_and_deciding_through_the_api_keep_the_rules(client, programme, member_school, person):
    teacher = person("teacher@brookside.example", member_school, "staff")
    head = person("head@brookside.example", member_school)
    client.force_login(teacher)
    made = client.post(f"/api/programmes/{programme.pk}/book/", {"school": member_school.urn}, content_type="application/json")
    assert made.status_code == 201 and made.json()["state"] == "awaiting_approval"
    assert made.json()["price_pence"] == 0  # free to the alliance's member schools
    again = client.post(f"/api/programmes/{programme.pk}/book/", {"school": member_school.urn}, content_type="application/json")
    assert again.status_code == 400 and again.json() == {"reasons": ["You have already booked Leading maths."]}
    assert client.post(f"/api/programmes/{programme.pk}/book/", {}, content_type="application/json").status_code == 400
    booking_id = made.json()["id"]
    assert client.post(f"/api/bookings/{booking_id}/approve/").status_code == 403  # not the school's decision to take
    client.force_login(head)
    refused = client.post(f"/api/bookings/{booking_id}/refuse/", {"reason": " "}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()["reasons"][0]
    approved = client.post(f"/api/bookings/{booking_id}/approve/")
    assert approved.status_code == 200 and approved.json()["state"] == "confirmed"


def test_support_records_show_the_schools_check_to_those_who_may_see_them(
    client, lead_user, support_for, person, outside_school, council_member, django_capture_on_commit_callbacks
):
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    ledger.record(lead_user, assignment, [(assignment.supporting_school, Decimal(6))])
    with django_capture_on_commit_callbacks(execute=True):
        assurance.ask_school(lead_user, assignment, "office@quarry.example")
    from django.core import mail

    token = mail.outbox[-1].body.split("/support-confirmation/")[1].split("/")[0]
    assurance.answer(token, confirmed=False, name="Pat", reason="Fewer days")
    client.force_login(council_member)
    row = client.get("/api/support-assignments/", {"school_check": "disputed"}).json()["results"][0]
    assert (row["id"], row["school_check"], row["days_delivered"], row["supporter"]["name"]) == (
        assignment.pk, "disputed", "6.0", "Brookside Primary"
    )
    client.force_login(person("head@faraway.example", outside_school))
    assert _ids(client.get("/api/support-assignments/")) == []
    assert client.get(f"/api/support-assignments/{assignment.pk}/").status_code == 404
    client.force_login(lead_user)
    entry = client.get("/api/contributions/", {"kind": "supportassignment"}).json()["results"][0]
    assert (entry["record_disputed_by_school"], entry["amount_text"], entry["state"]) == (True, "6 days", "recorded")


def test_the_contributor_answers_entries_through_the_api(client, lead_user, support_for, person, member_school):
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    entry = ledger.record(lead_user, assignment, [(member_school, Decimal(4))])[0]
    head = person("head@brookside.example", member_school)
    client.force_login(head)
    assert _ids(client.get("/api/contributions/")) == [entry.pk]
    assert client.post(f"/api/contributions/{entry.pk}/dispute/", {}, content_type="application/json").json() == {
        "reasons": ["Give the reason for disputing the entry."]
    }
    answered = client.post(f"/api/contributions/{entry.pk}/dispute/", {"reason": "We gave 3 days"}, content_type="application/json")
    assert answered.status_code == 200 and (answered.json()["state"], answered.json()["dispute_reason"]) == ("disputed", "We gave 3 days")
    client.force_login(lead_user)  # the alliance's manager sees the entry but does not answer for Brookside
    assert client.post(f"/api/contributions/{entry.pk}/confirm/").status_code == 403


def test_trainee_names_reach_only_the_alliances_managers(client, single_alliance, lead_user, council_member, member_school, person):
    cohort = TraineeCohort.objects.create(
        alliance=single_alliance, academic_year=2025, route="scitt", lead_school=single_alliance.lead_schools().get(),
        accredited_provider_name="Moor SCITT",
    )
    trainee = Trainee.objects.create(cohort=cohort, reference="T-001", display_name="Alex Trainee")
    Placement.objects.create(trainee=trainee, school=member_school, starts_on=date(2025, 9, 8))
    client.force_login(lead_user)
    assert client.get("/api/trainees/").json()["results"][0]["display_name"] == "Alex Trainee"
    assert client.get("/api/trainee-cohorts/").json()["results"][0]["trainee_count"] == 1
    client.force_login(council_member)
    assert client.get(f"/api/trainees/{trainee.pk}/").json()["display_name"] is None
    client.force_login(person("head@brookside.example", member_school))
    assert _ids(client.get("/api/trainees/")) == []
    placement = client.get("/api/placements/", {"current": "true"}).json()["results"][0]
    assert (placement["reference"], placement["school"]["urn"]) == ("T-001", member_school.urn)
    assert "Alex" not in str(placement)


def test_the_openapi_document_describes_the_delivery_api_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    document = target.read_text()
    for path in ("/api/programmes/{id}/book/", "/api/bookings/{id}/approve/", "/api/support-assignments/", "/api/trainees/",
                 "/api/placements/", "/api/contributions/{id}/dispute/"):
        assert f"  {path}:" in document, path


def test_the_alliances_managers_also_see_its_drafts(client, programme, single_alliance, lead_user, person, member_school):
    draft = Programme.objects.create(alliance=single_alliance, title="Draft", kind="leadership", places=3)
    client.force_login(lead_user)
    assert sorted(_ids(client.get("/api/programmes/"))) == sorted([programme.pk, draft.pk])
    assert client.get(f"/api/programmes/{draft.pk}/").json()["published"] is False
    client.force_login(person("head@brookside.example", member_school))
    assert _ids(client.get("/api/programmes/")) == [programme.pk]
    assert client.get(f"/api/programmes/{draft.pk}/").status_code == 404
    made = client.post(f"/api/programmes/{draft.pk}/book/", {"school": member_school.urn}, content_type="application/json")
    assert made.status_code == 404
