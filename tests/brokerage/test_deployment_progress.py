"""An agreed deployment's second half: progress reviews by any side, the supporter's final report
and the receiving school's confirmation of impact, which completes and rates the support record
and credits the home school's days in the brokering alliance's contribution ledger.

Brookside Primary's SLE (Asha Patel, designated by Hilltop Teaching School) supports Faraway
Academy, brokered by Hilltop Alliance."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from alliances.rules import NotAllowed, RuleBroken
from brokerage import deployment_progress
from brokerage.deployment_progress import confirm_impact, final_report, progress_for, review
from brokerage.models import Deployment, ProgressReview, SchoolNeed
from delivery import ledger
from delivery.models import Contribution, SupportAssignment, SupportConfirmationLink
from notices.models import Kind, Notice

pytestmark = pytest.mark.django_db
TODAY = date.today()
STARTED = TODAY - timedelta(days=60)


@pytest.fixture
def receiving_school(outside_school):
    return outside_school


@pytest.fixture
def receiving_head(person, receiving_school):
    return person("head@faraway.example", receiving_school)


@pytest.fixture
def receiving_bursar(person, receiving_school):
    return person("bursar@faraway.example", receiving_school, role="business_manager")


@pytest.fixture
def receiving_staff(person, receiving_school):
    return person("teacher@faraway.example", receiving_school, role="staff")


@pytest.fixture
def agreed(designated, member_school, receiving_school, tschool, single_alliance, maths, lead_user):
    """agreed(**changes) -> an agreed deployment of the SLE to Faraway Academy: 5 days from two
    months ago, with its support record in Hilltop Alliance (made as the agreement makes it)."""

    def make(**changes):
        fields = dict(days=Decimal(5), starts_on=STARTED, ends_on=TODAY + timedelta(days=30), state=Deployment.State.AGREED)
        fields.update(changes)
        need = SchoolNeed.objects.create(school=receiving_school, area=maths, phase="Secondary", days_wanted=Decimal(5))
        record = SupportAssignment.objects.create(
            alliance=single_alliance, supported_school=receiving_school, supporting_school=member_school,
            supporter_name="Asha Patel", focus_area=maths, objectives="Year 9 algebra taught with worked examples.",
            success_criteria="Year 9 algebra scores up 10 points.", starts_on=fields["starts_on"], ends_on=fields["ends_on"],
            days_planned=fields["days"], state=SupportAssignment.State.IN_PROGRESS, recorded_by=lead_user,
        )
        return Deployment.objects.create(
            need=need, receiving_school=receiving_school, specialist_leader=designated, home_school=member_school,
            brokering_school=tschool, alliance=single_alliance, days_requested=fields["days"],
            day_rate=Decimal(400), home_school_share=Decimal(80), objectives=record.objectives,
            success_criteria=record.success_criteria, agreed_by=lead_user, support_record=record, **fields,
        )

    return make


@pytest.fixture
def deployment(agreed):
    return agreed()


@pytest.fixture
def sle_person(designated):
    return designated.person


def _review(user, deployment, **changes):
    fields = dict(reviewed_on=TODAY - timedelta(days=7), days_used=Decimal(2), progress="on_track", notes="Two sessions on algebra.")
    fields.update(changes)
    return review(user, deployment, **fields)


def _report(user, deployment, **changes):
    fields = dict(days_delivered=Decimal(5), report="Five sessions; Year 9 algebra scores up 12 points.")
    fields.update(changes)
    return final_report(user, deployment, **fields)


def _reasons(refused):
    return list(refused.value.messages)


# --- Reviews -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["receiving_head", "receiving_bursar", "sle_person", "head", "lead_user"])
def test_every_side_reviews_progress(request, deployment, who):
    user = request.getfixturevalue(who)
    made = _review(user, deployment)
    assert made.written_by == user and made.days_used == 2 and made.deployment == deployment


@pytest.mark.parametrize("who", ["receiving_staff", "council_member", "teacher_elsewhere"])
def test_others_do_not_review(request, deployment, person, make_school, who):
    if who == "teacher_elsewhere":
        user = person("head@elsewhere.example", make_school(name="Elsewhere Primary"))
    else:
        user = request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        _review(user, deployment)
    assert not ProgressReview.objects.exists()


def test_a_review_out_of_bounds_is_refused_with_every_reason(deployment, receiving_head):
    with pytest.raises(RuleBroken) as refused:
        _review(
            receiving_head, deployment, reviewed_on=STARTED - timedelta(days=1), days_used=Decimal("5.5"), progress="fine", notes=" ",
        )
    assert _reasons(refused) == [
        f"The review cannot be dated before the deployment starts, on {STARTED:%-d %B %Y}.",
        "5.5 days used is more than the 5 days agreed.",
        "Say how the deployment is going: on track, some concerns or off track.",
        "Say what has happened so far and what comes next.",
    ]


def test_a_review_in_the_future_or_with_days_going_down_is_refused(deployment, receiving_head, sle_person):
    _review(sle_person, deployment, reviewed_on=TODAY - timedelta(days=7), days_used=Decimal(3))
    with pytest.raises(RuleBroken) as refused:
        _review(receiving_head, deployment, reviewed_on=TODAY + timedelta(days=1), days_used=Decimal("2.5"))
    assert _reasons(refused) == [
        "The review cannot be dated in the future.",
        f"The review of {TODAY - timedelta(days=7):%-d %B %Y} counted 3 days used: days used never go down.",
    ]
    with pytest.raises(RuleBroken) as refused:
        _review(receiving_head, deployment, reviewed_on=TODAY - timedelta(days=8), days_used=Decimal("-1"))
    assert _reasons(refused) == [
        f"The last review was on {TODAY - timedelta(days=7):%-d %B %Y}: date this one on or after it.",
        "Days used cannot be fewer than 0.",
        f"The review of {TODAY - timedelta(days=7):%-d %B %Y} counted 3 days used: days used never go down.",
    ]
    # The same days again, on a later day, and all the days agreed, are fine.
    _review(receiving_head, deployment, reviewed_on=TODAY, days_used=Decimal(3))
    _review(receiving_head, deployment, reviewed_on=TODAY, days_used=Decimal(5), progress="concerns")
    assert deployment.reviews.count() == 3


def test_reviews_only_while_agreed(agreed, receiving_head):
    for state in ("requested", "released", "reported", "completed", "cancelled"):
        deployment = agreed(state=state)
        with pytest.raises(RuleBroken) as refused:
            _review(receiving_head, deployment)
        assert _reasons(refused) == [
            f'This deployment\'s state is "{deployment.get_state_display()}". '
            "Progress is reviewed only while the deployment is agreed and in progress."
        ]


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days_used=st.decimals(min_value=-10, max_value=20, places=2, allow_nan=False, allow_infinity=False))
def test_days_used_are_kept_only_between_0_and_the_days_agreed_to_a_tenth(deployment, sle_person, days_used):
    with transaction.atomic():
        try:
            made = _review(sle_person, deployment, days_used=days_used)
        except RuleBroken as refused:
            assert not (0 <= days_used <= 5 and days_used == days_used.quantize(Decimal("0.1"))), refused.messages
        else:
            assert 0 <= made.days_used <= 5
            made.refresh_from_db()
            assert made.days_used == days_used
        transaction.set_rollback(True)


# --- The final report --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sle_person", "head", "lead_user"])
def test_the_supporter_or_the_broker_writes_the_final_report(request, deployment, receiving_head, receiving_bursar, who):
    user = request.getfixturevalue(who)
    reported = _report(user, deployment, days_delivered=Decimal("5.5"))
    assert reported.state == "reported" and reported.reported_by == user and reported.days_delivered == Decimal("5.5")
    record = SupportAssignment.objects.get(pk=deployment.support_record_id)
    assert record.state == "completed" and record.days_delivered == Decimal("5.5")
    assert record.outcome == "Five sessions; Year 9 algebra scores up 12 points."
    # The receiving school is asked to confirm the impact here, not sent an emailed link.
    told = Notice.objects.filter(kind=Kind.DEPLOYMENT_REPORT_TO_CONFIRM)
    assert {notice.recipient for notice in told} == {receiving_head, receiving_bursar}
    assert told.first().link == f"/deployments/{deployment.pk}/impact/"
    assert not SupportConfirmationLink.objects.exists()


@pytest.mark.parametrize("who", ["receiving_head", "receiving_staff", "council_member"])
def test_the_receiving_school_does_not_write_the_report(request, deployment, who):
    with pytest.raises(NotAllowed):
        _report(request.getfixturevalue(who), deployment)
    deployment.refresh_from_db()
    assert deployment.state == "agreed"


def test_a_report_out_of_bounds_is_refused_with_every_reason(deployment, sle_person):
    with pytest.raises(RuleBroken) as refused:
        _report(sle_person, deployment, days_delivered=Decimal("5.6"), report="  ")
    assert _reasons(refused) == [
        "5.6 days delivered is more than the 5 days agreed and the tenth more allowed over them: at most 5.5 days. "
        "More than that is new support, to agree as a new deployment.",
        "Write the final report: what was done, and what changed against the success criteria.",
    ]
    for days, reason in ((Decimal(0), "Give the days delivered: more than 0."), (None, "Give the days delivered.")):
        with pytest.raises(RuleBroken) as refused:
            _report(sle_person, deployment, days_delivered=days)
        assert _reasons(refused) == [reason]
    deployment.refresh_from_db()
    assert deployment.state == "agreed" and deployment.support_record.state == "in_progress"


def test_a_report_is_written_once_and_only_when_agreed(agreed, deployment, sle_person):
    _report(sle_person, deployment)
    with pytest.raises(RuleBroken) as refused:
        _report(sle_person, deployment)
    assert _reasons(refused) == [
        'This deployment\'s state is "Final report written: awaiting the school\'s confirmation". '
        "The final report is written only while the deployment is agreed and in progress.",
        "Its support record is already completed.",
    ]
    released = agreed(state="released")
    with pytest.raises(RuleBroken) as refused:
        _report(sle_person, released)
    assert _reasons(refused)[0].startswith('This deployment\'s state is "Released: awaiting the agreement". The final report')


def test_a_report_gives_no_fewer_days_than_the_ledger_attributes(deployment, sle_person, lead_user, tschool):
    record = deployment.support_record
    record.days_delivered = Decimal(4)
    record.save()
    ledger.record(lead_user, record, [(tschool, Decimal(3))])
    with pytest.raises(RuleBroken) as refused:
        _report(sle_person, deployment, days_delivered=Decimal(2))
    assert _reasons(refused) == [
        "The ledger already records 3 days for this support: Hilltop Alliance's leads void entries before fewer days are reported."
    ]


# --- Confirming the impact ---------------------------------------------------------------------------


@pytest.fixture
def reported(deployment, sle_person):
    return _report(sle_person, deployment, days_delivered=Decimal("4.5"))


def test_confirming_the_impact_completes_rates_and_credits_the_home_school(reported, receiving_head, sle_person, head, lead_user, member_school, single_alliance):
    done = confirm_impact(receiving_head, reported, rating=Deployment.Rating.GOOD, comment="Algebra teaching is stronger.")
    assert done.state == "completed" and done.impact_rating == 2 and done.impact_confirmed_by == receiving_head
    assert done.impact_comment == "Algebra teaching is stronger." and done.impact_confirmed_at is not None
    record = SupportAssignment.objects.get(pk=reported.support_record_id)
    assert (record.rating, record.rating_comment, record.rated_by) == (2, "Algebra teaching is stronger.", receiving_head)
    assert record.rated_at is not None and record.school_check == "confirmed"
    entry = Contribution.objects.get()
    assert entry.record == record and entry.school == member_school and entry.amount == Decimal("4.5")
    assert entry.alliance == single_alliance and entry.unit == "days" and entry.state == "recorded" and entry.recorded_by == receiving_head
    # The entry is the alliance's like any other: on its ledger for its leads, to confirm by the home school.
    assert list(ledger.filtered(single_alliance)) == [entry]
    # The receiving school's notice is settled; the home school, the SLE and the broker are told.
    assert not Notice.objects.filter(kind=Kind.DEPLOYMENT_REPORT_TO_CONFIRM, done_at__isnull=True).exists()
    told = Notice.objects.filter(kind=Kind.DEPLOYMENT_CONFIRMED)
    assert {notice.recipient for notice in told} == {sle_person, head, lead_user}
    assert told.first().text == "Faraway Academy rates the impact of the support Good"
    assert told.first().link == f"/deployments/{reported.pk}/"


def test_the_ledger_page_shows_the_home_schools_days(client, reported, receiving_head, lead_user, single_alliance):
    confirm_impact(receiving_head, reported, rating=Deployment.Rating.OUTSTANDING)
    client.force_login(lead_user)
    page = client.get(f"/alliances/{single_alliance.slug}/contributions/")
    assert page.status_code == 200 and "Brookside Primary" in page.text and "4.5" in page.text


def test_a_second_confirmation_is_refused(reported, receiving_head, receiving_bursar):
    confirm_impact(receiving_head, reported, rating=Deployment.Rating.GOOD)
    with pytest.raises(RuleBroken) as refused:
        confirm_impact(receiving_bursar, reported, rating=Deployment.Rating.INADEQUATE, comment="Changed my mind")
    assert _reasons(refused) == [f"{receiving_head} already confirmed the impact, on {TODAY:%-d %B %Y}."]
    assert Contribution.objects.count() == 1
    assert SupportAssignment.objects.get(pk=reported.support_record_id).rating == 2


@pytest.mark.parametrize("who", ["sle_person", "head", "lead_user", "receiving_staff", "council_member"])
def test_only_the_receiving_schools_leaders_confirm(request, reported, who):
    with pytest.raises(NotAllowed):
        confirm_impact(request.getfixturevalue(who), reported, rating=Deployment.Rating.GOOD)
    reported.refresh_from_db()
    assert reported.state == "reported" and not Contribution.objects.exists()


def test_a_low_rating_needs_a_comment_and_the_report_must_be_in(deployment, receiving_head):
    with pytest.raises(RuleBroken) as refused:
        confirm_impact(receiving_head, deployment, rating=Deployment.Rating.REQUIRES_IMPROVEMENT, comment=" ")
    assert _reasons(refused) == [
        'This deployment\'s state is "Agreed: in progress". The impact is confirmed once the final report is written, and only once.',
        "Say why you rate the impact Requires improvement: what fell short of the success criteria.",
    ]
    with pytest.raises(RuleBroken) as refused:
        confirm_impact(receiving_head, deployment, rating=7)
    assert "Choose a rating of the impact from Outstanding to Inadequate." in _reasons(refused)


def test_the_ledger_checks_entries_recorded_for_a_rule_elsewhere(reported, receiving_head, member_school, outside_school):
    """record_checked_elsewhere skips only the managers' check: amounts, contributors and totals still hold."""
    record = reported.support_record
    with pytest.raises(RuleBroken) as refused:
        ledger.record_checked_elsewhere(receiving_head, record, [(member_school, Decimal(5)), (outside_school, Decimal(1))])
    assert _reasons(refused) == [
        "Faraway Academy did not deliver Maths support for Faraway Academy.",
        "That makes 6 days for Maths support for Faraway Academy, more than its 4.5 days.",
    ]
    assert not Contribution.objects.exists()


def test_an_inadequate_rating_with_its_reason_is_kept(reported, receiving_bursar):
    done = confirm_impact(receiving_bursar, reported, rating=Deployment.Rating.INADEQUATE, comment="Sessions were cancelled.")
    assert done.get_impact_rating_display() == "Inadequate" and done.support_record.rating_comment == "Sessions were cancelled."


def test_only_the_days_left_unattributed_are_credited(reported, receiving_head, lead_user, tschool, member_school):
    ledger.record(lead_user, reported.support_record, [(tschool, Decimal(1))])
    confirm_impact(receiving_head, reported, rating=Deployment.Rating.GOOD)
    credited = {(entry.contributor.name, entry.amount) for entry in Contribution.objects.live()}
    assert credited == {(tschool.name, Decimal(1)), (member_school.name, Decimal("3.5"))}


def test_a_home_school_already_credited_is_left_as_its_leads_recorded(reported, receiving_head, lead_user, member_school):
    ledger.record(lead_user, reported.support_record, [(member_school, Decimal(2))])
    confirm_impact(receiving_head, reported, rating=Deployment.Rating.GOOD)
    assert [entry.amount for entry in Contribution.objects.live()] == [Decimal(2)]


def test_a_rating_given_by_the_emailed_link_stands(reported, receiving_head):
    record = reported.support_record
    record.rating, record.rating_comment = 1, "By the link"
    record.save()
    done = confirm_impact(receiving_head, reported, rating=Deployment.Rating.GOOD)
    record.refresh_from_db()
    assert done.impact_rating == 2 and (record.rating, record.rating_comment, record.school_check) == (1, "By the link", "confirmed")


# --- The state machine -------------------------------------------------------------------------------


def test_the_whole_second_half(deployment, receiving_head, sle_person, lead_user):
    _review(receiving_head, deployment, reviewed_on=STARTED + timedelta(days=14), days_used=Decimal(1), progress="concerns")
    _review(sle_person, deployment, reviewed_on=STARTED + timedelta(days=28), days_used=Decimal(3))
    _report(lead_user, deployment, days_delivered=Decimal(5))
    with pytest.raises(RuleBroken):
        _review(receiving_head, deployment, reviewed_on=TODAY)
    confirm_impact(receiving_head, deployment, rating=Deployment.Rating.OUTSTANDING)
    states = [row.state for row in Deployment.history.filter(id=deployment.pk).order_by("history_date", "history_id")]
    assert states == ["agreed", "reported", "completed"]
    for step in (lambda: _review(sle_person, deployment), lambda: _report(sle_person, deployment)):
        with pytest.raises(RuleBroken):
            step()


# --- Pages -------------------------------------------------------------------------------------------


def test_the_review_page_shows_what_was_agreed_and_records_a_review(client, deployment, receiving_head):
    client.force_login(receiving_head)
    page = client.get(f"/deployments/{deployment.pk}/review/")
    assert page.status_code == 200
    assert "Year 9 algebra taught with worked examples." in page.text and "Year 9 algebra scores up 10 points." in page.text
    day = TODAY - timedelta(days=3)
    response = client.post(f"/deployments/{deployment.pk}/review/", {
        "reviewed_on_day": day.day, "reviewed_on_month": day.month, "reviewed_on_year": day.year,
        "days_used": "2.5", "progress": "concerns", "notes": "Two classes behind.",
    })
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    assert deployment.reviews.get().days_used == Decimal("2.5")


def test_a_refused_review_is_shown_on_the_form_with_every_reason(client, deployment, sle_person):
    client.force_login(sle_person)
    page = client.post(f"/deployments/{deployment.pk}/review/", {
        "reviewed_on": (STARTED - timedelta(days=1)).isoformat(),
        "days_used": "9", "progress": "on_track", "notes": "x",
    })
    assert page.status_code == 200 and "There is a problem" in page.text
    assert "9 days used is more than the 5 days agreed." in page.text and "before the deployment starts" in page.text
    page = client.post(f"/deployments/{deployment.pk}/review/", {"days_used": "lots"})
    assert page.status_code == 200 and "Enter a number of days, such as 5 or 2.5" in page.text
    assert not ProgressReview.objects.exists()


def test_the_report_and_impact_pages_carry_the_deployment_through(client, deployment, sle_person, receiving_head, member_school):
    client.force_login(sle_person)
    page = client.get(f"/deployments/{deployment.pk}/final-report/")
    assert page.status_code == 200 and "a final report may give up to 5.5" in page.text
    response = client.post(f"/deployments/{deployment.pk}/final-report/", {"days_delivered": "4", "report": "Done; scores up 11."})
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    # The report page is no longer offered; the SLE cannot confirm.
    response = client.get(f"/deployments/{deployment.pk}/final-report/")
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    assert client.get(f"/deployments/{deployment.pk}/impact/").status_code == 403
    client.force_login(receiving_head)
    page = client.get(f"/deployments/{deployment.pk}/impact/")
    assert page.status_code == 200 and "Done; scores up 11." in page.text and "Year 9 algebra scores up 10 points." in page.text
    page = client.post(f"/deployments/{deployment.pk}/impact/", {"rating": "4"})
    assert page.status_code == 200 and "Say why you rate the impact Inadequate" in page.text
    response = client.post(f"/deployments/{deployment.pk}/impact/", {"rating": "2", "comment": ""})
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    assert Contribution.objects.get().school == member_school
    response = client.post(f"/deployments/{deployment.pk}/impact/", {"rating": "1"})
    assert response.status_code == 200 and "already confirmed the impact" in response.text


def test_the_impact_page_is_not_offered_before_the_report(client, deployment, receiving_head):
    client.force_login(receiving_head)
    response = client.get(f"/deployments/{deployment.pk}/impact/")
    assert response.status_code == 302 and response["Location"] == f"/deployments/{deployment.pk}/"
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ['This deployment\'s state is "Agreed: in progress". The impact is confirmed once the final report is written, and only once.']


def test_the_pages_refuse_people_on_no_side(client, deployment, receiving_staff):
    client.force_login(receiving_staff)
    for step in ("review", "final-report", "impact"):
        assert client.get(f"/deployments/{deployment.pk}/{step}/").status_code == 403
    assert client.get("/deployments/999999/review/").status_code == 404


# --- The deployment page's section -------------------------------------------------------------------


def _section(user, deployment):
    request = RequestFactory().get("/")
    request.user = user
    deployment = Deployment.objects.get(pk=deployment.pk)
    return render_to_string(
        "brokerage/deployment_progress.html", {"deployment": deployment, "progress": progress_for(user, deployment)}, request=request,
    )


BUTTONS = {"Review progress": "/review/", "Write the final report": "/final-report/", "Confirm the impact": "/impact/"}


def _buttons(html, deployment):
    return {label for label, path in BUTTONS.items() if f'href="/deployments/{deployment.pk}{path}"' in html}


def test_the_section_shows_each_person_the_buttons_they_may_use(deployment, receiving_head, receiving_staff, sle_person, head, lead_user):
    assert _buttons(_section(receiving_head, deployment), deployment) == {"Review progress"}
    assert _buttons(_section(receiving_staff, deployment), deployment) == set()
    for user in (sle_person, head, lead_user):
        assert _buttons(_section(user, deployment), deployment) == {"Review progress", "Write the final report"}
    _review(sle_person, deployment, reviewed_on=STARTED + timedelta(days=7), days_used=Decimal(1), notes="Started well.")
    _review(receiving_head, deployment, reviewed_on=STARTED + timedelta(days=21), days_used=Decimal(3), progress="off_track", notes="Cover problems.")
    html = _section(receiving_head, deployment)
    assert "Days used so far: 3 of the 5 agreed" in html
    assert html.index("Started well.") < html.index("Cover problems.") and "Off track" in html and str(receiving_head) in html
    _report(sle_person, deployment, days_delivered=Decimal(4))
    assert _buttons(_section(receiving_head, deployment), deployment) == {"Confirm the impact"}
    for user in (receiving_staff, sle_person, head, lead_user):
        assert _buttons(_section(user, deployment), deployment) == set()
    assert f"Waiting for {deployment.receiving_school.name} to confirm the impact" in _section(lead_user, deployment)
    confirm_impact(receiving_head, deployment, rating=Deployment.Rating.REQUIRES_IMPROVEMENT, comment="Too few sessions.")
    html = _section(lead_user, deployment)
    assert _buttons(html, deployment) == set()
    assert "Impact confirmed" in html and "Requires improvement" in html and "Too few sessions." in html
    assert f'href="/support-assignments/{deployment.support_record_id}/"' in html


def test_the_section_reads_reviews_in_a_fixed_number_of_queries(deployment, sle_person, lead_user):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            _section(lead_user, deployment)
        return len(captured)

    _review(sle_person, deployment, reviewed_on=STARTED + timedelta(days=1), days_used=Decimal(1))
    queries()  # the first reads what is kept for the process (content types and the like)
    one = queries()
    for day in range(2, 8):
        _review(sle_person, deployment, reviewed_on=STARTED + timedelta(days=day), days_used=Decimal(day) / 2)
    assert queries() == one


def test_most_allowed_is_the_days_agreed_and_a_tenth():
    assert deployment_progress.most_allowed(Decimal(5)) == Decimal("5.5")
    assert deployment_progress.most_allowed(Decimal(3)) == Decimal("3.3")
    assert deployment_progress.most_allowed(Decimal("2.5")) == Decimal("2.7")  # 2.75, to the tenth below
