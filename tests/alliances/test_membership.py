"""Joining an alliance, its terms and memorandum, history as at a date, successor schools."""
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from alliances import joining, memoranda, roles, successors
from alliances.models import Alliance, AllianceRole, MembershipRequest, SuccessorMove
from alliances.rules import NotAllowed, RuleBroken
from registry.importers.gias import import_gias
from registry.importers.gias_links import import_gias_links
from registry.models import Organisation, School, SchoolLink
from tests.conftest import read_gias_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def joiner(make_school, person):
    trust = Organisation.objects.create(kind="academy_trust", code="7001", name="Far Away Trust")
    school = make_school(name="Far Away Primary", trust=trust, region="North East")
    return school, person("head@faraway.example", school)


def test_any_school_may_ask_any_alliance_and_the_lead_accepts_with_terms(single_alliance, lead_user, joiner):
    school, head = joiner  # another region, in a multi-academy trust: neither is a bar
    request = joining.request_membership(single_alliance, school, head, "We need help with early reading")
    role = joining.accept_request(request, lead_user, subscription_pence=75000, period="annual", renewal_due_on=date(2027, 9, 1))

    assert list(single_alliance.member_schools()) == [school]
    assert role.terms.subscription_pounds == 750 and not role.terms.paid
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.ACCEPTED and request.decided_by == lead_user


def test_joining_twice_is_refused(single_alliance, lead_user, joiner):
    school, head = joiner
    request = joining.request_membership(single_alliance, school, head)
    with pytest.raises(RuleBroken, match="already asked to join"):
        joining.request_membership(single_alliance, school, head)
    joining.accept_request(request, lead_user)
    with pytest.raises(RuleBroken, match="already a member"):
        joining.request_membership(single_alliance, school, head)


def test_only_someone_acting_for_the_school_may_ask(single_alliance, joiner, person):
    school, _ = joiner
    with pytest.raises(NotAllowed, match="Only the leader or business manager of Far Away Primary"):
        joining.request_membership(single_alliance, school, person("stranger@example.org"))


def test_only_the_leads_decide(single_alliance, joiner):
    school, head = joiner
    request = joining.request_membership(single_alliance, school, head)
    with pytest.raises(NotAllowed, match="Only the leads"):
        joining.accept_request(request, head)
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.PENDING
    assert not single_alliance.member_schools().exists()


def test_declining_needs_a_reason(single_alliance, lead_user, joiner):
    school, head = joiner
    request = joining.request_membership(single_alliance, school, head)
    with pytest.raises(RuleBroken, match="reason"):
        joining.decline_request(request, lead_user, "")
    joining.decline_request(request, lead_user, "We are full this year")
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.DECLINED


def test_alliance_as_it_was_on_any_date(single_alliance, make_school):
    early, late = make_school(name="Early Member"), make_school(name="Late Member")
    roles.add_member(single_alliance, early, date(2021, 9, 1), date(2023, 8, 31))
    roles.add_member(single_alliance, late, date(2023, 9, 1))

    assert list(single_alliance.member_schools(date(2022, 1, 1))) == [early]
    assert list(single_alliance.member_schools(date(2023, 8, 31))) == [early]
    assert list(single_alliance.member_schools(date(2024, 1, 1))) == [late]
    assert not single_alliance.member_schools(date(2020, 1, 1)).exists()


def test_backdated_history_that_overlaps_or_runs_backwards_is_refused(single_alliance, make_school):
    school = make_school()
    roles.add_member(single_alliance, school, date(2021, 9, 1), date(2023, 8, 31))
    with pytest.raises(RuleBroken, match="already a member"):
        roles.add_member(single_alliance, school, date(2023, 1, 1), date(2024, 8, 31))
    with pytest.raises(RuleBroken, match="cannot end"):
        roles.add_member(single_alliance, school, date(2025, 9, 1), date(2025, 1, 1))
    assert AllianceRole.objects.filter(school=school).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceRole.objects.create(alliance=single_alliance, role="member", school=school, starts_on=date(2026, 1, 2), ends_on=date(2026, 1, 1))


def test_deliverers_can_be_any_organisation_and_say_what_they_lead(single_alliance):
    university = Organisation.objects.create(kind="university", name="University of Northfield")
    role = roles.add_deliverer(single_alliance, university, "PGCE partnership and mentor training")
    assert role.holder == university and role.role == AllianceRole.Role.DELIVERER
    with pytest.raises(RuleBroken, match="which aspects"):
        roles.add_deliverer(single_alliance, Organisation.objects.create(kind="diocese", name="Diocese of X"), "")


def test_member_signs_the_current_memorandum_once(single_alliance, lead_user, joiner, person):
    school, head = joiner
    roles.add_member(single_alliance, school, date(2025, 9, 1))
    first = memoranda.publish_memorandum(single_alliance, lead_user, "We share CPD and peer review.")
    second = memoranda.publish_memorandum(single_alliance, lead_user, "We share CPD, peer review and ITT placements.")
    assert (first.version, second.version) == (1, 2)

    with pytest.raises(RuleBroken, match="replaced by version 2"):
        memoranda.sign_memorandum(first, school, head)
    memoranda.sign_memorandum(second, school, head)
    with pytest.raises(RuleBroken, match="already signed"):
        memoranda.sign_memorandum(second, school, head)
    with pytest.raises(NotAllowed, match="Only the leader or business manager of Far Away Primary"):
        memoranda.sign_memorandum(second, school, person("other@example.org"))
    with pytest.raises(NotAllowed, match="Only the leads"):
        memoranda.publish_memorandum(single_alliance, head, "Our own text")


def test_closed_member_moves_to_its_successor_when_the_lead_confirms(single_alliance, lead_user, make_school):
    old = make_school(name="Old Primary", urn=700001)
    roles.add_member(single_alliance, old, date(2018, 9, 1), subscription_pence=50000, period="annual")
    new = make_school(name="New Primary Academy", urn=700002)
    old.status, old.close_date, old.open_date = "closed", date(2024, 8, 31), None
    old.save()
    SchoolLink.objects.create(school=old, linked_urn=700002, link_type="Successor", established_date=date(2024, 8, 31))

    [move] = successors.propose_successor_moves()
    assert move.successor == new and move.status == SuccessorMove.Status.PENDING
    assert successors.propose_successor_moves() == []  # asked once

    successors.confirm_successor_move(move, lead_user)
    assert list(single_alliance.member_schools(date(2024, 8, 31))) == [old]
    assert list(single_alliance.member_schools(date(2024, 9, 1))) == [new]
    assert AllianceRole.objects.get(school=new).terms.subscription_pence == 50000


@pytest.mark.parametrize(
    "days_from_today, refused",
    [(-32, "at most 31 days in the past"), (-31, None), (0, None), (730, None), (731, "at most two years ahead")],
)
def test_end_dates_on_the_site_are_limited_and_recorded(single_alliance, lead_user, make_school, days_from_today, refused):
    role = roles.add_member(single_alliance, make_school(), date(2020, 9, 1))
    ends_on = date.today() + timedelta(days=days_from_today)
    if refused:
        with pytest.raises(RuleBroken, match=refused):
            roles.end_role_for(lead_user, role, ends_on, "Left")
        role.refresh_from_db()
        assert role.ends_on is None and role.ended_by is None
    else:
        roles.end_role_for(lead_user, role, ends_on, "Left")
        role.refresh_from_db()
        assert role.ends_on == ends_on and role.ended_by == lead_user and role.ended_at is not None


def test_the_furthest_date_there_is_gets_a_message_not_a_crash(client, single_alliance, lead_user, make_school):
    role = roles.add_member(single_alliance, make_school(), date(2020, 9, 1))
    lead_role = single_alliance.roles.get(role="lead")
    client.force_login(lead_user)
    for target in (role, lead_role):
        response = client.post(f"/roles/{target.pk}/end/", {"ends_on": "9999-12-31"}, follow=True)
        assert response.status_code == 200
        assert "An end date can be at most two years ahead" in response.content.decode()


def test_a_lead_schools_role_is_ended_only_by_its_own_people(single_alliance, teaching_school, lead_user, person):
    valley = teaching_school(name="Valley Teaching School")
    second = roles.add_lead(single_alliance, valley, date(2021, 9, 1), new_type=Alliance.Type.MULTIPLE)
    roles.add_lead(single_alliance, teaching_school(name="Moor Teaching School"), date(2021, 9, 1))
    with pytest.raises(NotAllowed, match="Only Valley Teaching School's own leader or business manager"):
        roles.end_role_for(lead_user, second, date.today(), "Removed")
    roles.end_role_for(person("head@valley.example", valley), second, date.today(), "Stepping back")
    second.refresh_from_db()
    assert second.ends_on == date.today()


def test_importing_the_links_file_after_the_establishments_offers_the_successor_move(
    single_alliance, write_gias, tmp_path, django_capture_on_commit_callbacks
):
    """The documented order: establishments, then links. The links file completes the picture."""
    header, rows = read_gias_rows()
    closing, successor = rows[0], rows[1]
    with django_capture_on_commit_callbacks(execute=True):
        import_gias(write_gias(rows, name="edubasealldata20260101.csv"))
    old = School.objects.get(urn=int(closing["URN"]))
    roles.add_member(single_alliance, old, date(2019, 9, 1))

    closing.update({"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"})
    with django_capture_on_commit_callbacks(execute=True):
        import_gias(write_gias(rows, name="edubasealldata20260901.csv"))
    assert not SuccessorMove.objects.exists()  # closed, but no successor known yet

    links = tmp_path / "links_edubasealldata20260901.csv"
    links.write_bytes(
        (
            '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\r\n'
            f'{closing["URN"]},{successor["URN"]},"{successor["EstablishmentName"]}","Successor","01-09-2026"'
        ).encode("cp1252")
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_gias_links(links)
    move = SuccessorMove.objects.get()
    assert (move.role.school, move.successor.urn) == (old, int(successor["URN"]))


def test_successor_that_is_already_a_member_is_not_added_twice(single_alliance, lead_user, make_school):
    old, new = make_school(name="Old"), make_school(name="New Academy")
    roles.add_member(single_alliance, old, date(2018, 9, 1))
    roles.add_member(single_alliance, new, date(2020, 9, 1))
    _close_with_successor(old, new)
    [move] = successors.propose_successor_moves()
    with pytest.raises(RuleBroken, match="New Academy already holds that role"):
        successors.confirm_successor_move(move, lead_user)
    assert single_alliance.member_schools().filter(pk=new.pk).count() == 1


def test_a_lead_cannot_pass_to_a_successor_that_is_not_a_teaching_school(single_alliance, lead_user, make_school):
    lead = single_alliance.lead_schools().get()
    successor = make_school(name="Lead Academy")
    _close_with_successor(lead, successor)
    [move] = successors.propose_successor_moves()
    with pytest.raises(RuleBroken, match="Lead Academy is not a designated teaching school"):
        successors.confirm_successor_move(move, lead_user)
    move.refresh_from_db()
    assert move.status == SuccessorMove.Status.PENDING


def test_a_move_for_a_role_that_has_since_ended_is_refused(single_alliance, lead_user, make_school):
    old, new = make_school(name="Old"), make_school(name="New")
    role = roles.add_member(single_alliance, old, date(2018, 9, 1))
    _close_with_successor(old, new)
    [move] = successors.propose_successor_moves()
    roles.end_role(role, date(2024, 3, 31), "Left")
    with pytest.raises(RuleBroken, match="already ended on 31 March 2024"):
        successors.confirm_successor_move(move, lead_user)
    role.refresh_from_db()
    assert role.ends_on == date(2024, 3, 31) and not single_alliance.member_schools().filter(pk=new.pk).exists()


def test_a_closed_school_cannot_be_accepted(single_alliance, lead_user, make_school, person):
    school = make_school(name="Closing Primary")
    request = joining.request_membership(single_alliance, school, person("h@closing.example", school))
    school.status = "closed"
    school.save()
    with pytest.raises(RuleBroken, match="Closing Primary is closed"):
        joining.accept_request(request, lead_user)


def test_a_planned_end_can_be_moved_later(single_alliance, make_school):
    role = roles.add_member(single_alliance, make_school(), date(2020, 9, 1))
    soon = date.today() + timedelta(days=30)
    roles.end_role(role, soon)
    roles.end_role(role, soon + timedelta(days=30))
    role.refresh_from_db()
    assert role.ends_on == soon + timedelta(days=30)


def _close_with_successor(old, new):
    old.status, old.close_date = "closed", date(2024, 8, 31)
    old.save()
    SchoolLink.objects.create(school=old, linked_urn=new.urn, link_type="Successor", established_date=date(2024, 8, 31))
