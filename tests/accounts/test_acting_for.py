"""Coming to act for a school or organisation: requests and their deciders, proposals, invitations
by email, role changes, removal and leaving; every refusal writes nothing."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import affiliation_invitations, affiliation_requests, colleagues
from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest, User
from alliances.rules import NotAllowed, RuleBroken
from registry.models import Organisation, School
from tests.sign_in import verified, with_two_factor

pytestmark = pytest.mark.django_db
Role = Affiliation.Role
PASSWORD = "a long test password"


def person(email, body=None, role=Role.LEADER, **fields):
    user = verified(User.objects.create_user(email, PASSWORD, **fields))
    if body is not None:
        field = "school" if isinstance(body, School) else "organisation"
        Affiliation.objects.create(user=user, role=role, **{field: body})
    return user


@pytest.fixture
def school(make_school):
    return make_school(name="Ashington Community First School", postcode="NE63 8AB")


@pytest.fixture
def head(school):
    return person("head@ashington.example", school, full_name="Hana Head")


@pytest.fixture
def support():
    user = person("support@platform.example", full_name="Sam Support", is_staff=True)
    with_two_factor(user)
    return user


@pytest.fixture
def newcomer():
    return person("nia@ashington.example", full_name="Nia Jones")


def refused_with(error, *fragments):
    text = " ".join(error.value.messages)
    return all(fragment in text for fragment in fragments)


# --- Requests ---------------------------------------------------------------------------------


def test_a_request_goes_to_the_schools_leaders_who_approve_it(school, head, newcomer, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    # Emails go once the action's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Year 2 teacher")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["head@ashington.example"]
    assert "Nia Jones asks to act for Ashington Community First School" in mail.outbox[0].subject
    assert f"http://testserver/schools/{school.urn}/people/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        affiliation = affiliation_requests.approve(head, asked)
    assert (affiliation.user, affiliation.school, affiliation.role) == (newcomer, school, Role.STAFF)
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == (AffiliationRequest.Status.APPROVED, head)
    assert mail.outbox[1].to == ["nia@ashington.example"]
    assert "approved" in mail.outbox[1].subject and "http://testserver/account/schools/" in mail.outbox[1].body
    history = affiliation.history.get()
    assert (history.history_type, history.history_user) == ("+", head)


def test_a_request_for_a_school_with_nobody_goes_to_support_who_must_give_a_reason(school, newcomer, support, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.LEADER, "Headteacher")
    assert mail.outbox[0].to == ["support@platform.example"] and "/support/" in mail.outbox[0].body
    assert list(affiliation_requests.support_queue()) == [asked]
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.approve(support, asked, reason=" ")
    assert refused_with(error, "Give the reason for approving")
    assert not Affiliation.objects.exists()
    affiliation_requests.approve(support, asked, reason="Checked with the school office")
    assert Affiliation.objects.get().role == Role.LEADER
    assert list(affiliation_requests.support_queue()) == []


def test_support_cannot_decide_for_a_school_that_has_a_leader(school, head, newcomer, support):
    asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    with pytest.raises(NotAllowed):
        affiliation_requests.approve(support, asked, reason="Looks fine")
    assert list(affiliation_requests.support_queue()) == []


def test_refusal_needs_a_reason_the_requester_sees(client, school, head, newcomer, django_capture_on_commit_callbacks):
    asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.refuse(head, asked, "")
    assert refused_with(error, "Give the reason for refusing")
    with django_capture_on_commit_callbacks(execute=True):
        affiliation_requests.refuse(head, asked, "We have no teacher of that name")
    assert "We have no teacher of that name" in mail.outbox[-1].body
    client.force_login(newcomer)
    page = client.get(reverse("accounts:your-schools")).content.decode()
    assert "refused" in page and "We have no teacher of that name" in page


def test_a_request_for_a_closed_school_is_refused(make_school, newcomer):
    closed = make_school(name="Old Infant School", status=School.Status.CLOSED)
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.ask_to_act_for(newcomer, closed, Role.STAFF, "Teacher")
    assert refused_with(error, "Old Infant School is closed")
    assert not AffiliationRequest.objects.exists() and not mail.outbox


def test_a_second_request_while_one_waits_is_refused(school, head, newcomer):
    affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.ask_to_act_for(newcomer, school, Role.LEADER, "Deputy head")
    assert refused_with(error, "already asked")
    assert AffiliationRequest.objects.count() == 1


def test_someone_already_acting_for_the_school_is_told_to_ask_for_a_role_change(school, head):
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.ask_to_act_for(head, school, Role.STAFF, "Teacher")
    assert refused_with(error, "You already act for", "as leader")


def test_only_a_leader_approves_and_a_business_manager_only_staff(school, head, newcomer, make_school):
    bursar = person("bursar@ashington.example", school, Role.BUSINESS_MANAGER)
    staff = person("staff@ashington.example", school, Role.STAFF)
    outsider = person("head@elsewhere.example", make_school(name="Elsewhere Primary"))
    as_leader = affiliation_requests.ask_to_act_for(newcomer, school, Role.LEADER, "Deputy head")
    for who in (bursar, staff, outsider, newcomer):
        with pytest.raises(NotAllowed):
            affiliation_requests.approve(who, as_leader)
    assert not Affiliation.objects.filter(user=newcomer).exists()
    affiliation_requests.withdraw(newcomer, as_leader)
    as_staff = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teaching assistant")
    affiliation_requests.approve(bursar, as_staff)
    assert Affiliation.objects.get(user=newcomer).role == Role.STAFF


def test_a_decided_request_cannot_be_decided_again(school, head, newcomer):
    asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    affiliation_requests.refuse(head, asked, "Not known here")
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.approve(head, asked)
    assert refused_with(error, "already refused")
    assert not Affiliation.objects.filter(user=newcomer).exists()


def test_only_the_requester_withdraws(school, head, newcomer):
    asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    with pytest.raises(NotAllowed):
        affiliation_requests.withdraw(head, asked)
    affiliation_requests.withdraw(newcomer, asked)
    asked.refresh_from_db()
    assert asked.status == AffiliationRequest.Status.WITHDRAWN


def test_a_proposed_organisation_stays_hidden_until_support_approves(client, newcomer, support, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked = affiliation_requests.propose_organisation(
            newcomer, "Northumbria Institute of Education", Organisation.Kind.UNIVERSITY, "https://nie.example", Role.LEADER, "Dean"
        )
    assert not Organisation.objects.exists()
    assert "Northumbria Institute" not in client.get("/organisations/").content.decode()
    assert mail.outbox[0].to == ["support@platform.example"]
    affiliation_requests.approve(support, asked, reason="Listed by the Office for Students")
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.kind, organisation.website) == (
        "Northumbria Institute of Education", "university", "https://nie.example",
    )
    assert Affiliation.objects.get(user=newcomer).organisation == organisation


def test_proposing_a_listed_organisation_or_a_registry_kind_is_refused(newcomer):
    Organisation.objects.create(name="Tyneside Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T1")
    with pytest.raises(RuleBroken) as error:
        affiliation_requests.propose_organisation(newcomer, "tyneside learning trust", "academy_trust", "", Role.STAFF, "CEO")
    assert refused_with(error, "already listed", "Choose what kind")
    assert not AffiliationRequest.objects.exists()


def test_an_organisation_with_a_leader_decides_its_own_requests(newcomer, support, django_capture_on_commit_callbacks):
    trust = Organisation.objects.create(name="Tyneside Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code="T1")
    ceo = person("ceo@trust.example", trust)
    with django_capture_on_commit_callbacks(execute=True):
        asked = affiliation_requests.ask_to_act_for(newcomer, trust, Role.STAFF, "School improvement lead")
    assert mail.outbox[0].to == ["ceo@trust.example"]
    with pytest.raises(NotAllowed):
        affiliation_requests.approve(support, asked, reason="ok")
    affiliation_requests.approve(ceo, asked)
    assert Affiliation.objects.filter(user=newcomer, organisation=trust).exists()


# --- Invitations ------------------------------------------------------------------------------


def invitation_link(message):
    return re.search(r"http://testserver(/invitations/accept/\S+/)", message.body).group(1)


def test_a_leader_invites_by_email_and_the_link_works_once(client, school, head):
    invitation = affiliation_invitations.invite(head, school, Role.BUSINESS_MANAGER, "Bea@Ashington.example", "http://testserver")
    message = mail.outbox[0]
    assert message.to == ["bea@ashington.example"]
    assert "Ashington Community First School" in message.subject and "business manager" in message.subject
    link = invitation_link(message)
    assert invitation.token_digest not in link  # only the digest is stored

    bea = person("bea@ashington.example", full_name="Bea Bursar")
    client.force_login(bea)
    assert "Accept: act for Ashington" in client.get(link).content.decode()
    response = client.post(link)
    assert response.url == reverse("accounts:your-schools")
    assert Affiliation.objects.get(user=bea).role == Role.BUSINESS_MANAGER

    again = client.post(link)
    assert "already been used" in again.content.decode()
    assert Affiliation.objects.filter(user=bea).count() == 1


def test_an_expired_link_is_refused(client, school, head):
    affiliation_invitations.invite(head, school, Role.STAFF, "bea@ashington.example", "http://testserver")
    AffiliationInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(person("bea@ashington.example"))
    response = client.post(invitation_link(mail.outbox[0]))
    assert response.status_code == 200 and "This invitation expired on" in response.content.decode()
    assert not Affiliation.objects.filter(user__email="bea@ashington.example").exists()


def test_an_invitation_is_accepted_only_by_its_verified_address(client, school, head):
    affiliation_invitations.invite(head, school, Role.STAFF, "bea@ashington.example", "http://testserver")
    someone_else = person("other@ashington.example")
    client.force_login(someone_else)
    response = client.post(invitation_link(mail.outbox[0]))
    assert "is for bea@ashington.example, which is not a verified address" in response.content.decode()
    assert not Affiliation.objects.filter(user=someone_else).exists()


def test_an_address_that_already_acts_for_the_school_is_not_invited(school, head):
    person("teacher@ashington.example", school, Role.STAFF)
    with pytest.raises(RuleBroken) as error:
        affiliation_invitations.invite(head, school, Role.LEADER, "TEACHER@ashington.example")
    assert refused_with(error, "teacher@ashington.example already acts for Ashington")
    assert not AffiliationInvitation.objects.exists() and not mail.outbox


def test_a_business_manager_invites_staff_only_and_staff_nobody(school, head):
    bursar = person("bursar@ashington.example", school, Role.BUSINESS_MANAGER)
    staff = person("staff@ashington.example", school, Role.STAFF)
    with pytest.raises(NotAllowed):
        affiliation_invitations.invite(bursar, school, Role.LEADER, "a@example.org")
    with pytest.raises(NotAllowed):
        affiliation_invitations.invite(staff, school, Role.STAFF, "a@example.org")
    affiliation_invitations.invite(bursar, school, Role.STAFF, "a@example.org")
    with pytest.raises(RuleBroken) as error:
        affiliation_invitations.invite(head, school, Role.STAFF, "a@example.org")
    assert refused_with(error, "already been invited")


def test_a_withdrawn_invitation_no_longer_works(client, school, head):
    invitation = affiliation_invitations.invite(head, school, Role.STAFF, "bea@ashington.example", "http://testserver")
    affiliation_invitations.withdraw(head, invitation)
    client.force_login(person("bea@ashington.example"))
    assert "withdrew this invitation" in client.post(invitation_link(mail.outbox[0])).content.decode()


def test_a_wrong_link_is_a_404_not_a_500(client):
    assert client.get("/invitations/accept/not-a-token/").status_code == 404
    client.force_login(person("someone@example.org"))
    assert client.post("/invitations/accept/not-a-token/").status_code == 404


def test_someone_signed_out_is_offered_sign_in_and_comes_back(client, school, head):
    affiliation_invitations.invite(head, school, Role.STAFF, "bea@ashington.example", "http://testserver")
    link = invitation_link(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Sign in to accept" in page and "next=" in page
    bea = person("bea@ashington.example")
    signed_in = client.post(reverse("account_login") + "?next=" + link, {"login": bea.email, "password": PASSWORD})
    assert signed_in.url == link


# --- Colleagues -------------------------------------------------------------------------------


def test_a_leader_changes_a_role_and_history_keeps_who(client, school, head):
    teacher = person("teacher@ashington.example", school, Role.STAFF)
    affiliation = teacher.affiliations.get()
    client.force_login(head)
    client.post(reverse("accounts:change-role", args=[affiliation.pk]), {f"role-{affiliation.pk}-role": Role.BUSINESS_MANAGER})
    affiliation.refresh_from_db()
    assert affiliation.role == Role.BUSINESS_MANAGER
    latest = affiliation.history.first()
    assert (latest.history_type, latest.history_user, latest.role) == ("~", head, Role.BUSINESS_MANAGER)


def test_removal_is_kept_in_history(school, head):
    teacher = person("teacher@ashington.example", school, Role.STAFF)
    affiliation = teacher.affiliations.get()
    colleagues.remove(head, affiliation)
    assert not Affiliation.objects.filter(user=teacher).exists()
    removed = Affiliation.history.filter(id=affiliation.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", head)
    assert removed.history_change_reason.startswith("Removed by")


def test_the_last_leader_stays_while_colleagues_remain(school, head):
    teacher = person("teacher@ashington.example", school, Role.STAFF)
    leading = head.affiliations.get()
    with pytest.raises(RuleBroken) as error:
        colleagues.remove(head, leading)
    assert refused_with(error, "last leader", "Make another colleague a leader first")
    with pytest.raises(RuleBroken):
        colleagues.change_role(head, leading, Role.STAFF)
    colleagues.change_role(head, teacher.affiliations.get(), Role.LEADER)
    colleagues.remove(head, leading)  # now another leader remains
    assert not head.affiliations.exists()


def test_a_lone_leader_may_leave_and_staff_may_not_remove_others(school, head):
    teacher = person("teacher@ashington.example", school, Role.STAFF)
    with pytest.raises(NotAllowed):
        colleagues.remove(teacher, head.affiliations.get())
    colleagues.remove(teacher, teacher.affiliations.get())  # leaving
    colleagues.remove(head, head.affiliations.get())
    assert not Affiliation.objects.exists()


# --- Pages ------------------------------------------------------------------------------------


def test_find_choose_and_ask_through_the_pages(client, school, head, newcomer, make_school):
    make_school(name="Ashington Old School", status=School.Status.CLOSED)
    client.force_login(newcomer)
    found = client.get(reverse("accounts:act-for"), {"q": "Ashington"}).content.decode()
    assert "Ashington Community First School" in found and "Ashington Old School" not in found
    assert str(school.urn) in client.get(reverse("accounts:act-for"), {"q": str(school.urn)}).content.decode()
    refused = client.post(reverse("accounts:act-for-school", args=[school.urn]), {"role": "staff"})
    assert "Enter your job title" in refused.content.decode()
    sent = client.post(reverse("accounts:act-for-school", args=[school.urn]), {"role": "staff", "note": "Teacher"})
    assert sent.url == reverse("accounts:your-schools")
    twice = client.post(reverse("accounts:act-for-school", args=[school.urn]), {"role": "staff", "note": "Teacher"})
    assert "already asked" in twice.content.decode()

    client.force_login(head)
    people = client.get(reverse("accounts:school-people", args=[school.urn])).content.decode()
    assert "Nia Jones asks to act for" in people
    assert "Nia Jones asks to act for" in client.get(reverse("alliances:yours")).content.decode()
    asked = AffiliationRequest.objects.get()
    client.post(reverse("accounts:approve-request", args=[asked.pk]))
    assert Affiliation.objects.filter(user=newcomer, school=school).exists()


def test_an_approval_by_someone_not_leading_the_school_is_a_403(client, school, head, newcomer, make_school):
    asked = affiliation_requests.ask_to_act_for(newcomer, school, Role.STAFF, "Teacher")
    client.force_login(person("head@elsewhere.example", make_school(name="Elsewhere Primary")))
    response = client.post(reverse("accounts:approve-request", args=[asked.pk]))
    assert response.status_code == 403
    assert not Affiliation.objects.filter(user=newcomer).exists()


def test_the_invite_form_shows_refusals_on_the_people_page(client, school, head):
    person("teacher@ashington.example", school, Role.STAFF)
    client.force_login(head)
    response = client.post(reverse("accounts:school-people", args=[school.urn]), {"email": "teacher@ashington.example", "role": "leader"})
    assert response.status_code == 200 and "already acts for" in response.content.decode()
