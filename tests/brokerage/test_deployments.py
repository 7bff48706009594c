"""Brokering deployments: asking for support, the home school's release, the agreement that
becomes a support record, cancelling, capacity, who sees the SLE and the fee's split."""
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from alliances.models import AllianceRole
from alliances.rules import NotAllowed, RuleBroken
from brokerage import deployments
from brokerage.capacity import days_committed, days_remaining, offer_days_remaining, offers_with_capacity, with_capacity
from brokerage.models import Deployment, MatchingRun, MatchProposal, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import can_see_deployment, can_see_sle, visible_deployment_filter, visible_sle_filter
from delivery.models import SupportAssignment
from notices.models import Kind, Notice

from tests.brokerage.deployment_fixtures import TODAY, asked, need, receiving, receiving_head, released, terms  # noqa: F401

pytestmark = pytest.mark.django_db
State = Deployment.State


def test_the_receiving_school_asks_and_the_home_school_is_asked_to_release(asked, designated, tschool, single_alliance, member_school, head):
    assert asked.state == State.REQUESTED and asked.route == Deployment.Route.SCHOOL
    assert (asked.home_school, asked.brokering_school, asked.alliance) == (member_school, tschool, single_alliance)
    assert asked.days_requested == Decimal(5)  # the need's days by default
    notice = Notice.objects.get(kind=Kind.DEPLOYMENT_TO_RELEASE)
    assert notice.recipient == head and notice.link == f"/deployments/{asked.pk}/"


def test_a_broker_proposes_for_a_school_of_their_alliance_only(lead_user, need, designated, tschool, receiving, single_alliance):
    # Faraway Academy is outside Hilltop Alliance: its lead's leaders cannot broker for it.
    with pytest.raises(NotAllowed):
        deployments.request_deployment(lead_user, need, specialist_leader=designated, days=Decimal(3))
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=receiving, starts_on=date(2024, 9, 1))
    deployment = deployments.request_deployment(lead_user, need, specialist_leader=designated, days=Decimal(3))
    assert deployment.route == Deployment.Route.BROKER and deployment.brokering_school == tschool
    assert deployment.days_requested == Decimal(3)


def test_staff_of_the_school_may_not_ask(person, receiving, need, designated):
    with pytest.raises(NotAllowed):
        deployments.request_deployment(person("teacher@faraway.example", receiving, role="staff"), need, specialist_leader=designated)


def test_every_reason_at_once(receiving_head, need, designated, phonics):
    need.area = phonics  # the SLE offers maths only
    need.save()
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, specialist_leader=designated, days=Decimal(20), travel_limit_km=Decimal(10))
    reasons = refused.value.messages
    assert "The SLE's areas of expertise do not include Phonics." in reasons
    assert any(r.startswith("20 days asked for, but only 15 days remain of the SLE's capacity in the academic year") for r in reasons)
    assert "Brookside Primary is 12.0 km from Faraway Academy, beyond the travel limit of 10 km." in reasons
    assert not Deployment.objects.exists()


def test_need_not_open_and_sle_not_designated(receiving_head, need, designated):
    need.state = SchoolNeed.State.MET
    need.save()
    SpecialistLeader.objects.filter(pk=designated.pk).update(state=SpecialistLeader.State.ENDED)
    designated.refresh_from_db()
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, specialist_leader=designated)
    assert refused.value.messages[0] == "This need is met: support is asked for open needs only."
    assert "This SLE is not designated (designation ended)." in refused.value.messages


def test_exactly_one_of_sle_or_offer(receiving_head, need, designated, member_school, maths):
    offer = SchoolOffer.objects.create(school=member_school, area=maths, given_by="Maths team", days_per_year=Decimal(10))
    for choice in ({}, {"specialist_leader": designated, "offer": offer}):
        with pytest.raises(RuleBroken) as refused:
            deployments.request_deployment(receiving_head, need, **choice)
        assert refused.value.messages == ["Choose either one SLE or one school's offer."]


def test_an_offer_is_brokered_by_a_teaching_school_leading_the_offering_schools_alliance(receiving_head, need, member_school, maths, tschool, phonics):
    offer = SchoolOffer.objects.create(school=member_school, area=maths, given_by="Maths team", days_per_year=Decimal(10))
    deployment = deployments.request_deployment(receiving_head, need, offer=offer, days=Decimal(4))
    assert deployment.brokering_school == tschool and deployment.home_school == member_school
    assert offer_days_remaining(offer) == Decimal(6)
    offer.active, offer.area = False, phonics
    offer.save()
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, offer=offer, days=Decimal(7))
    reasons = refused.value.messages
    assert "Brookside Primary's offer of Phonics is no longer offered." in reasons
    assert "The offer is of Phonics, not Maths." in reasons
    assert any(r.startswith("7 days asked for, but only 6 days remain of the offer's capacity in the academic year") for r in reasons)
    assert "This offer already has a deployment for this need in progress." in reasons


def test_an_offer_outside_any_alliance_has_no_broker(receiving_head, need, make_school, maths):
    loner = make_school(name="Lonely Primary")
    offer = SchoolOffer.objects.create(school=loner, area=maths, given_by="Maths team", days_per_year=Decimal(10))
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, offer=offer)
    assert refused.value.messages == ["Lonely Primary is not in an alliance led by a teaching school, so no one can broker its offer."]


def test_a_school_cannot_support_itself_nor_be_asked_twice(person, member_school, maths, designated, asked, receiving_head, need):
    own_need = SchoolNeed.objects.create(school=member_school, area=maths, phase="Primary", days_wanted=Decimal(2))
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(person("bursar@brookside.example", member_school, role="business_manager"), own_need, specialist_leader=designated)
    assert refused.value.messages == ["A school cannot support itself."]
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, specialist_leader=designated, days=Decimal(1))
    assert refused.value.messages == ["This SLE already has a deployment for this need in progress."]


def test_an_engine_proposal_is_taken_up_within_its_travel_limit(receiving_head, need, designated, receiving):
    run = MatchingRun.objects.create(scope=MatchingRun.Scope.SCHOOL, school=receiving, travel_limit_km=Decimal(15), state="finished")
    proposal = MatchProposal.objects.create(run=run, need=need, specialist_leader=designated, days=4, explanation="Nearest maths SLE.")
    deployment = deployments.request_deployment(receiving_head, need, proposal=proposal)
    assert deployment.route == Deployment.Route.ENGINE and deployment.days_requested == 4 and deployment.specialist_leader == designated
    deployment.delete()
    run.travel_limit_km = Decimal(8)
    run.save()
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, proposal=proposal)
    assert refused.value.messages == ["Brookside Primary is 12.0 km from Faraway Academy, beyond the travel limit of 8 km."]


def test_an_unmet_proposal_has_nothing_to_ask_for(receiving_head, need, receiving):
    run = MatchingRun.objects.create(scope=MatchingRun.Scope.SCHOOL, school=receiving, travel_limit_km=Decimal(15), state="finished")
    proposal = MatchProposal.objects.create(run=run, need=need, explanation="No maths SLE within 15 km.")
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, need, proposal=proposal)
    assert refused.value.messages == ["The matching run left this need unmet: it proposes no SLE or offer to ask for."]


def test_release_is_the_home_headteachers_decision(asked, head, teacher, receiving_head, lead_user):
    for who in (teacher, receiving_head, lead_user):
        with pytest.raises(NotAllowed):
            deployments.release(who, asked, released=True)
    with pytest.raises(RuleBroken) as refused:
        deployments.release(head, asked, released=False, reason=" ")
    assert refused.value.messages == ["Give the reason for not releasing: the school that asked is told it."]
    deployment = deployments.release(head, asked, released=False, reason="Year 6 tests that term.")
    assert deployment.state == State.NOT_RELEASED
    assert Notice.objects.get(kind=Kind.DEPLOYMENT_TO_RELEASE).done_at is not None
    news = Notice.objects.filter(kind=Kind.DEPLOYMENT_NEWS)
    assert {n.recipient for n in news} >= {receiving_head, lead_user}
    assert "does not release" in news.first().text
    with pytest.raises(RuleBroken) as refused:
        deployments.release(head, asked, released=True)
    assert "the release is no longer asked" in refused.value.messages[0]


def test_no_agreement_without_the_home_schools_release_and_every_reason(asked, receiving_head):
    with pytest.raises(RuleBroken) as refused:
        deployments.agree(
            receiving_head, asked, **terms(days=Decimal(16), day_rate=Decimal(-1), home_school_share=Decimal(101), objectives=" ",
                                           success_criteria="", ends_on=TODAY - timedelta(days=1)),
        )
    reasons = refused.value.messages
    assert reasons[0] == "Brookside Primary has not released SLE from Brookside Primary yet: a deployment without the home school's release cannot be agreed."
    assert any(r.startswith("16 days agreed, but only 15 days remain of the SLE's capacity in the academic year") for r in reasons)
    assert "Give the day rate in pounds: 0 or more." in reasons
    assert "Give the home school's share of the fee as a percentage from 0 to 100." in reasons
    assert "Give the objectives of the deployment." in reasons and "Give the success criteria." in reasons
    assert "The deployment must end on or after the day it starts." in reasons
    assert len(reasons) == 7


def test_agreement_makes_a_support_record_of_the_brokering_alliance_and_meets_the_need(released, receiving_head, receiving, member_school, single_alliance, need, teacher, lead_user):
    receiving.latest_outcome = "requires_improvement"
    receiving.save()
    deployment = deployments.agree(receiving_head, released, **terms())
    assert deployment.state == State.AGREED and deployment.agreed_by == receiving_head
    record = deployment.support_record
    assert (record.alliance, record.supported_school, record.supporting_school) == (single_alliance, receiving, member_school)
    # The support record is read by more people than may see an SLE's details: by school, not name.
    assert record.supporter_name == "SLE from Brookside Primary" and record.focus_area.name == "Maths"
    assert record.days_planned == Decimal(5) and record.state == SupportAssignment.State.IN_PROGRESS
    assert record.outcome_before == "requires_improvement" and record.recorded_by == receiving_head
    need.refresh_from_db()
    assert need.state == SchoolNeed.State.MET
    told = {n.recipient for n in Notice.objects.filter(kind=Kind.DEPLOYMENT_NEWS, text__contains="is agreed")}
    assert teacher in told and lead_user in told and receiving_head not in told


def test_a_later_start_is_planned(released, receiving_head):
    deployment = deployments.agree(receiving_head, released, **terms(days=Decimal(3), starts_on=TODAY + timedelta(days=10), ends_on=TODAY + timedelta(days=40)))
    assert deployment.support_record.state == SupportAssignment.State.PLANNED and deployment.support_record.outcome_before == ""
    assert deployment.need.state == SchoolNeed.State.OPEN  # 3 of the 5 days wanted


def test_only_the_receiving_school_or_its_own_alliances_broker_agrees(released, head, teacher, lead_user, receiving, single_alliance):
    # Faraway Academy is outside the brokering alliance: its terms are its own to agree.
    for who in (head, teacher, lead_user):
        with pytest.raises(NotAllowed):
            deployments.agree(who, released, **terms())
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=receiving, starts_on=date(2024, 9, 1))
    assert deployments.agree(lead_user, released, **terms()).state == State.AGREED


def test_an_ended_designation_cannot_be_agreed(released, receiving_head, designated):
    SpecialistLeader.objects.filter(pk=designated.pk).update(state=SpecialistLeader.State.ENDED)
    with pytest.raises(RuleBroken) as refused:
        deployments.agree(receiving_head, released, **terms())
    assert "This SLE is not designated (designation ended)." in refused.value.messages


def test_capacity_is_the_academic_year_of_the_start(released, receiving_head, need, designated, head):
    """15 days a year: 15 agreed for next academic year leave this year's 15 free, and next year's none."""
    next_year = date(TODAY.year + 1 if TODAY.month >= 9 else TODAY.year, 10, 1)
    deployments.agree(receiving_head, released, **terms(days=Decimal(15), starts_on=next_year, ends_on=next_year + timedelta(days=30)))
    assert days_remaining(designated) == 15
    assert days_remaining(designated, on=next_year) == 0
    other = SchoolNeed.objects.create(school=need.school, area=need.area, phase="Secondary", days_wanted=Decimal(5))
    again = deployments.release(head, deployments.request_deployment(receiving_head, other, specialist_leader=designated), released=True)
    with pytest.raises(RuleBroken) as refused:
        deployments.agree(receiving_head, again, **terms(starts_on=next_year, ends_on=next_year + timedelta(days=30)))
    assert any(r.startswith("5 days agreed, but only 0 days remain of the SLE's capacity") for r in refused.value.messages)


def test_an_offer_given_by_an_sle_holds_the_sles_days_too(receiving_head, need, designated, member_school, maths):
    offer = SchoolOffer.objects.create(school=member_school, area=maths, given_by="Asha's maths team", specialist_leader=designated, days_per_year=Decimal(30))
    deployments.request_deployment(receiving_head, need, offer=offer, days=Decimal(12))
    assert days_remaining(designated) == 3
    other = SchoolNeed.objects.create(school=need.school, area=maths, phase="Secondary", days_wanted=Decimal(5))
    with pytest.raises(RuleBroken) as refused:
        deployments.request_deployment(receiving_head, other, offer=offer, days=Decimal(5))
    assert any(r.startswith("5 days asked for, but only 3 days remain of the SLE's capacity") for r in refused.value.messages)


def test_capacity_follows_request_agreement_and_cancellation(receiving_head, need, designated, head, django_assert_num_queries):
    assert (days_committed(designated), days_remaining(designated)) == (0, 15)
    deployment = deployments.request_deployment(receiving_head, need, specialist_leader=designated, days=Decimal(4))
    assert (days_committed(designated), days_remaining(designated)) == (4, 11)
    deployments.release(head, deployment, released=True)
    # Agreeing more than requested counts the 4 days this deployment already holds.
    deployments.agree(receiving_head, deployment, **terms(days=Decimal(15)))
    assert (days_committed(designated), days_remaining(designated)) == (15, 0)
    deployments.cancel(receiving_head, deployment, "The maths lead left.")
    assert (days_committed(designated), days_remaining(designated)) == (0, 15)


def test_capacity_of_a_whole_list_in_one_query(receiving_head, need, designated, member_school, maths):
    deployments.request_deployment(receiving_head, need, specialist_leader=designated, days=Decimal(2))
    offers = [SchoolOffer.objects.create(school=member_school, area=maths, given_by=f"Team {n}", days_per_year=Decimal(8)) for n in range(3)]
    sles = list(SpecialistLeader.objects.all())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        with_capacity(sles)
        offers_with_capacity(offers)
    assert len(queries) == 2
    assert sles[0].remaining == Decimal(13) and [o.remaining for o in offers] == [8, 8, 8]


def test_last_years_deployments_hold_nothing_this_year(asked, designated):
    Deployment.objects.filter(pk=asked.pk).update(requested_at=asked.requested_at - timedelta(days=400))
    assert days_remaining(designated) == 15


def test_cancelling_withdraws_the_support_record_and_reopens_the_need(released, receiving_head, head, need, lead_user):
    deployment = deployments.agree(receiving_head, released, **terms())
    with pytest.raises(RuleBroken) as refused:
        deployments.cancel(head, deployment, "")
    assert refused.value.messages == ["Give the reason for cancelling: everyone involved is told it."]
    deployments.cancel(head, deployment, "The SLE is needed at home this term.")
    deployment.refresh_from_db()
    assert deployment.state == State.CANCELLED and deployment.support_record.state == SupportAssignment.State.WITHDRAWN
    need.refresh_from_db()
    assert need.state == SchoolNeed.State.OPEN
    with pytest.raises(RuleBroken):
        deployments.cancel(lead_user, deployment, "again")


def test_a_stranger_cannot_cancel(asked, person, make_school):
    with pytest.raises(NotAllowed):
        deployments.cancel(person("head@elsewhere.example", make_school()), asked, "No.")


def test_the_receiving_school_sees_the_sle_while_deployed(receiving_head, need, designated, head, person, receiving):
    staff = person("teacher@faraway.example", receiving, role="staff")
    assert not can_see_sle(receiving_head, designated)
    deployment = deployments.request_deployment(receiving_head, need, specialist_leader=designated)
    assert not can_see_sle(receiving_head, designated)  # asking alone shows no name
    deployments.release(head, deployment, released=True)
    assert can_see_sle(receiving_head, designated)
    assert SpecialistLeader.objects.filter(visible_sle_filter(receiving_head)).get() == designated
    assert not can_see_sle(staff, designated) and not can_see_deployment(staff, deployment)
    deployments.cancel(receiving_head, deployment, "Found support elsewhere.")
    assert not can_see_sle(receiving_head, designated)
    assert not SpecialistLeader.objects.filter(visible_sle_filter(receiving_head)).exists()


def test_who_sees_a_deployment(asked, receiving_head, head, teacher, lead_user, council_member, person, make_school):
    stranger = person("head@elsewhere.example", make_school())
    for who in (receiving_head, head, teacher, lead_user, council_member):
        assert can_see_deployment(who, asked)
        assert Deployment.objects.filter(visible_deployment_filter(who)).count() == 1
    assert not can_see_deployment(stranger, asked)
    assert not Deployment.objects.filter(visible_deployment_filter(stranger)).exists()


def test_inside_or_outside_the_sles_alliance_in_words(asked, single_alliance, receiving):
    assert deployments.in_words(asked) == "Outside the SLE's alliance: Faraway Academy is not in Hilltop Alliance."
    AllianceRole.objects.create(alliance=single_alliance, role="member", school=receiving, starts_on=TODAY - timedelta(days=1))
    assert deployments.in_words(asked) == "Inside the SLE's alliance: Faraway Academy and Brookside Primary are both in Hilltop Alliance."
    AllianceRole.objects.filter(school=asked.home_school).delete()
    assert deployments.in_words(asked) == "Outside any alliance: Brookside Primary is in no alliance today."


@given(
    days=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(100), places=1),
    rate=st.decimals(min_value=0, max_value=Decimal(2000), places=2),
    share=st.decimals(min_value=0, max_value=100, places=2),
)
def test_the_fee_split_adds_up_to_the_pence(days, rate, share):
    fee = deployments.fee(Deployment(days=days, day_rate=rate, home_school_share=share))
    assert fee.total == (days * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)  # half a penny rounds up
    assert fee.home_school + fee.broker == fee.total
    assert fee.home_school >= 0 and fee.broker >= 0
    assert abs(fee.home_school - fee.total * share / 100) <= Decimal("0.005")
    assert all(part == part.quantize(Decimal("0.01")) for part in fee)


def test_no_fee_before_the_agreement(asked):
    assert deployments.fee(asked) is None
