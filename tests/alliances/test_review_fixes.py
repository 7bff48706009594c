"""Edge cases found in review: each is refused with a message, never a crash or a silent change."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from alliances import designation as designating
from alliances import membership
from alliances.models import Alliance, AllianceRole, SuccessorMove
from alliances.rules import RuleBroken
from registry.models import Organisation, SchoolLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_user(single_alliance, person):
    return person("lead@example.org", single_alliance.lead_schools().get())


def _close_with_successor(old, new):
    old.status, old.close_date = "closed", date(2024, 8, 31)
    old.save()
    SchoolLink.objects.create(school=old, linked_urn=new.urn, link_type="Successor", established_date=date(2024, 8, 31))


def test_successor_that_is_already_a_member_is_not_added_twice(single_alliance, lead_user, make_school):
    old, new = make_school(name="Old"), make_school(name="New Academy")
    membership.add_member(single_alliance, old, date(2018, 9, 1))
    membership.add_member(single_alliance, new, date(2020, 9, 1))
    _close_with_successor(old, new)
    [move] = membership.propose_successor_moves()
    with pytest.raises(RuleBroken, match="New Academy already holds that role"):
        membership.confirm_successor_move(move, lead_user)
    assert single_alliance.member_schools().filter(pk=new.pk).count() == 1


def test_a_lead_cannot_pass_to_a_successor_that_is_not_a_teaching_school(single_alliance, lead_user, make_school):
    lead = single_alliance.lead_schools().get()
    successor = make_school(name="Lead Academy")
    _close_with_successor(lead, successor)
    [move] = membership.propose_successor_moves()
    with pytest.raises(RuleBroken, match="Lead Academy is not a designated teaching school"):
        membership.confirm_successor_move(move, lead_user)
    move.refresh_from_db()
    assert move.status == SuccessorMove.Status.PENDING


def test_a_move_for_a_role_that_has_since_ended_is_refused(single_alliance, lead_user, make_school):
    old, new = make_school(name="Old"), make_school(name="New")
    role = membership.add_member(single_alliance, old, date(2018, 9, 1))
    _close_with_successor(old, new)
    [move] = membership.propose_successor_moves()
    membership.end_role(role, date(2024, 3, 31), "Left")
    with pytest.raises(RuleBroken, match="already ended on 31 March 2024"):
        membership.confirm_successor_move(move, lead_user)
    role.refresh_from_db()
    assert role.ends_on == date(2024, 3, 31) and not single_alliance.member_schools().filter(pk=new.pk).exists()


def test_a_closed_school_cannot_be_accepted(single_alliance, lead_user, make_school, person):
    school = make_school(name="Closing Primary")
    request = membership.request_membership(single_alliance, school, person("h@closing.example", school))
    school.status = "closed"
    school.save()
    with pytest.raises(RuleBroken, match="Closing Primary is closed"):
        membership.accept_request(request, lead_user)


def test_a_planned_end_can_be_moved_later(single_alliance, make_school):
    role = membership.add_member(single_alliance, make_school(), date(2020, 9, 1))
    soon = date.today() + timedelta(days=30)
    membership.end_role(role, soon)
    membership.end_role(role, soon + timedelta(days=30))
    role.refresh_from_db()
    assert role.ends_on == soon + timedelta(days=30)


def test_payment_is_only_for_members(client, single_alliance, lead_user):
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    role = membership.add_deliverer(single_alliance, university, "Mentor training")
    client.force_login(lead_user)
    response = client.post(reverse("alliances:payment", args=[role.pk]), {"paid": "yes"}, follow=True)
    assert "Only member schools have subscriptions" in response.content.decode()


def test_signing_the_agreement_for_a_made_up_school_is_refused(client, single_alliance, teaching_school, lead_user):
    from alliances.agreements import record_agreement
    from alliances.models import DeliveryArea

    first = single_alliance.lead_schools().get()
    second = teaching_school(name="Second Lead")
    membership.add_lead(single_alliance, second, new_type=Alliance.Type.MULTIPLE)
    record_agreement(single_alliance, lead_user, "Roles", "Board", {area.value: first for area in DeliveryArea})
    client.force_login(lead_user)
    for school, status, message in (
        ("abc", 200, "Choose a lead school that has not yet signed"),
        ("", 200, "Choose a lead school that has not yet signed"),
        (str(second.pk), 403, "You cannot sign for Second Lead"),
    ):
        response = client.post(reverse("alliances:agreement", args=[single_alliance.slug]), {"sign": "1", "school": school})
        assert response.status_code == status
        assert message in response.content.decode()
    assert not single_alliance.agreements.get().signatures.exists()


def test_ending_a_role_explains_what_is_wrong(client, single_alliance, lead_user, make_school):
    role = membership.add_member(single_alliance, make_school(), date(2020, 9, 1))
    client.force_login(lead_user)
    response = client.post(reverse("alliances:end-role", args=[role.pk]), {"ends_on": "2026-01-01", "reason": "x" * 300}, follow=True)
    assert "Reason: Ensure this value has at most 200 characters" in response.content.decode()
    role.refresh_from_db()
    assert role.ends_on is None


def test_current_means_started_and_not_yet_ended(client, single_alliance, make_school, person):
    leaving, joining = make_school(name="Leaving Later Primary"), make_school(name="Joining Next Year Primary")
    membership.add_member(single_alliance, leaving, date(2020, 9, 1), date.today() + timedelta(days=60))
    membership.add_member(single_alliance, joining, date.today() + timedelta(days=365))
    client.force_login(person("h@leaving.example", leaving))
    assert "Leaving Later Primary: member school of" in client.get(reverse("alliances:yours")).content.decode()
    page = client.get(reverse("registry:school", args=[joining.urn])).content.decode()
    assert "Not in a teaching school alliance." in page


def test_directory_filters_by_where_the_current_leads_are(client, single_alliance, teaching_school):
    former = teaching_school(name="Former Lead", region="North East")
    AllianceRole.objects.create(
        alliance=single_alliance, role="lead", school=former, starts_on=date(2015, 1, 1), ends_on=date(2019, 8, 31)
    )
    tyne = Alliance.objects.create(name="Tyne Alliance", alliance_type="single")
    AllianceRole.objects.create(alliance=tyne, role="lead", school=teaching_school(region="North East"), starts_on=date(2020, 1, 1))
    page = client.get(reverse("alliances:directory"), {"region": "North East"}).content.decode()
    assert "Tyne Alliance" in page and "Hilltop Alliance" not in page


def test_appeals_reach_the_council_and_are_decided(client, make_school, person, council_member):
    school = make_school(name="Appealing Academy")
    head = person("h@appealing.example", school)
    application = designating.apply(school, head)
    designating.decline(application, council_member, "No ITT evidence")
    designating.appeal(application, head, "Evidence attached now")
    with pytest.raises(RuleBroken, match="already waiting"):
        designating.appeal(application, head, "Again")

    client.force_login(council_member)
    assert "Appealing Academy" in client.get(reverse("alliances:council")).content.decode()
    response = client.post(application.get_absolute_url(), {"uphold": "1", "reason": "New evidence is strong"}, follow=True)
    assert "The appeal was upheld" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "applied"
    assert [e.kind for e in application.events.all()] == ["applied", "declined", "appealed", "appeal_upheld"]
    with pytest.raises(RuleBroken, match="no appeal waiting"):
        designating.decide_appeal(application, council_member, False, "x")
