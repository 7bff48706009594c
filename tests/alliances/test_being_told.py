"""Being told: each item that needs a person reaches the right people in the site and by email
(after the action commits, as each chooses), and is settled when acted on."""
import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts import affiliation_requests
from accounts.models import Affiliation
from alliances import agreements, designation, joining, lead_invitations, lead_removal, memoranda, networks, roles
from alliances.models import Agreement, Alliance, AllianceRole, DeliveryArea, Designation, Network
from notices.models import EmailChoice, Kind, Notice
from notices.sending import tell

pytestmark = pytest.mark.django_db
Role = Affiliation.Role
PREFIX = "Teaching school alliances: "
SITE = "https://tsa.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """sent(action, *args) runs a service as a request would, then gives the emails it sent."""

    def run(action, *args, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        run.result = result
        return mail.outbox[before:]

    return run


def to(messages):
    return sorted(address for message in messages for address in message.to)


def open_notices(user, kind=None):
    notices = Notice.objects.filter(recipient=user, done_at__isnull=True)
    return list(notices.filter(kind=kind) if kind else notices)


@pytest.fixture
def world(single_alliance, lead_user, person, make_school):
    lead = single_alliance.lead_schools().get()
    bursar = person("bursar@hilltop.example", lead, Role.BUSINESS_MANAGER)
    person("teacher@hilltop.example", lead, Role.STAFF)  # staff commit nothing, so are told nothing
    joiner = make_school(name="Moorside Primary")
    head = person("head@moorside.example", joiner)
    return {"alliance": single_alliance, "lead": lead_user, "bursar": bursar, "school": joiner, "head": head}


def test_a_join_request_reaches_the_leads_and_the_decision_reaches_the_school(client, world, sent):
    alliance, head = world["alliance"], world["head"]
    emails = sent(joining.request_membership, alliance, world["school"], head, "Early reading, please")
    request = sent.result
    assert to(emails) == ["bursar@hilltop.example", "lead@example.org"]
    assert emails[0].subject == PREFIX + "Moorside Primary asks to join Hilltop Alliance"
    assert f"{SITE}/alliances/{alliance.slug}/requests/" in emails[0].body and "Early reading, please" in emails[0].body
    assert all(len(message.to) == 1 for message in emails)  # nobody sees the others' addresses
    client.force_login(world["lead"])
    page = client.get(reverse("alliances:yours")).content.decode()
    assert "For you" in page and "Moorside Primary asks to join Hilltop Alliance" in page
    assert Notice.objects.get(recipient=world["lead"]).emailed_at is not None

    emails = sent(joining.accept_request, request, world["lead"])
    assert open_notices(world["lead"]) == [] and open_notices(world["bursar"]) == []
    assert to(emails) == ["head@moorside.example"]
    assert emails[0].subject == PREFIX + "Hilltop Alliance has accepted Moorside Primary's request to join"
    page = client.get(reverse("alliances:yours")).content.decode()
    assert "Recently done" in page and "Done" in page


def test_a_declined_request_tells_the_school_why(world, sent):
    request = joining.request_membership(world["alliance"], world["school"], world["head"])
    emails = sent(joining.decline_request, request, world["lead"], "We are full this year")
    assert to(emails) == ["head@moorside.example"] and "We are full this year" in emails[0].body
    assert [n.text for n in open_notices(world["head"])] == ["Hilltop Alliance has declined Moorside Primary's request to join"]


def test_a_memorandum_goes_to_each_member_school_and_signing_settles_only_that_schools(world, person, make_school, sent):
    alliance = world["alliance"]
    roles.add_member(alliance, world["school"], date(2024, 9, 1))
    other = make_school(name="Valley Infants")
    roles.add_member(alliance, other, date(2024, 9, 1))
    other_head = person("head@valley.example", other)
    emails = sent(memoranda.publish_memorandum, alliance, world["lead"], "We share training days.")
    memorandum = sent.result
    assert to(emails) == ["head@moorside.example", "head@valley.example"]
    assert emails[0].subject == PREFIX + "Sign version 1 of Hilltop Alliance's memorandum of understanding"
    assert f"{SITE}/alliances/{alliance.slug}/memorandum/" in emails[0].body
    memoranda.sign_memorandum(memorandum, world["school"], world["head"])
    assert open_notices(world["head"]) == [] and len(open_notices(other_head)) == 1
    memoranda.publish_memorandum(alliance, world["lead"], "Version two.")  # the old version is no longer to sign
    assert [n.text for n in open_notices(other_head)] == ["Sign version 2 of Hilltop Alliance's memorandum of understanding"]


def test_an_agreement_goes_to_the_lead_schools_and_signing_settles(teaching_school, person, sent):
    schools = [teaching_school(name="Abbey Teaching School"), teaching_school(name="Brook Teaching School")]
    alliance = roles.create_alliance("Riverside Teaching Schools", Alliance.Type.MULTIPLE, schools, starts_on=date(2020, 9, 1))
    heads = [person("head@abbey.example", schools[0]), person("head@brook.example", schools[1])]
    emails = sent(
        agreements.record_agreement, alliance, heads[0], "Each runs a strand.", "A board.", {a: schools[0] for a in DeliveryArea.values}
    )
    assert to(emails) == ["head@abbey.example", "head@brook.example"]
    assert f"{SITE}/alliances/{alliance.slug}/agreement/" in emails[0].body
    agreements.sign_agreement(sent.result, schools[1], heads[1])
    assert open_notices(heads[1]) == [] and len(open_notices(heads[0], Kind.AGREEMENT_TO_SIGN)) == 1


def test_designation_decisions_reviews_and_evidence_reach_the_school(make_school, make_inspection, person, council_member, sent):
    school = make_school(name="Castle Primary", number_of_pupils=420)
    make_inspection(school, date(2023, 3, 1), overall_effectiveness=2)
    head = person("head@castle.example", school)
    application = designation.apply(school, head, "Trainees", "Support", "Ten years")
    emails = sent(designation.approve, application, council_member, "Strong record", evidence_judged_met=["itt", "support", "headteacher"])
    assert to(emails) == ["head@castle.example"]
    assert emails[0].subject.startswith(PREFIX + "Castle Primary's teaching school designation: approved, until ")
    assert f"{SITE}/designations/{application.pk}/" in emails[0].body

    emails = sent(designation.review_due_designations, application.review_due_on)
    assert to(emails) == ["head@castle.example"] and "under review" in emails[0].subject
    emails = sent(designation.request_evidence, application, council_member, "Send your latest ITT numbers")
    assert "asks Castle Primary for evidence" in emails[0].subject and "Send your latest ITT numbers" in emails[0].body
    assert len(open_notices(head, Kind.DESIGNATION_REVIEW)) == 2
    designation.give_evidence(application, head, "Fourteen trainees")
    assert open_notices(head, Kind.DESIGNATION_REVIEW) == []
    emails = sent(designation.de_designate, application, council_member, "Too few trainees")
    assert emails[0].subject == PREFIX + "Castle Primary's teaching school designation: designation removed after review"


def test_invitations_reach_the_invited_school_or_alliance_and_answering_settles(world, teaching_school, person, sent):
    alliance = world["alliance"]
    co_lead = teaching_school(name="Brook Teaching School")
    brook_head = person("head@brook.example", co_lead)
    emails = sent(lead_invitations.invite_lead, world["lead"], alliance, co_lead, Alliance.Type.MULTIPLE)
    assert to(emails) == ["head@brook.example"] and emails[0].subject == PREFIX + "Hilltop Alliance invites Brook Teaching School to co-lead it"
    lead_invitations.decline_invitation(brook_head, sent.result)
    assert open_notices(brook_head) == []

    other = roles.create_alliance("Valley Alliance", Alliance.Type.SINGLE, [teaching_school(name="Valley Teaching School")])
    valley_head = person("head@valley.example", other.lead_schools().get())
    network = networks.propose_network(world["lead"], alliance, "North Network", Network.Region.NORTH_EAST)
    emails = sent(networks.invite_alliance, world["lead"], network, other, "Join us")
    assert to(emails) == ["head@valley.example"] and "North Network invites Valley Alliance" in emails[0].subject
    networks.accept(valley_head, sent.result)
    assert open_notices(valley_head) == []

    third = roles.create_alliance("Moor Alliance", Alliance.Type.SINGLE, [teaching_school(name="Moor Teaching School")])
    moor_head = person("head@moor.example", third.lead_schools().get())
    emails = sent(networks.ask_to_join, moor_head, network, third)
    # A request to join goes to the leads of every alliance in the network.
    assert to(emails) == ["bursar@hilltop.example", "head@valley.example", "lead@example.org"]
    networks.withdraw(moor_head, sent.result)
    assert open_notices(valley_head) == []


def test_a_lead_end_proposal_asks_the_other_leads_and_answers_settle(teaching_school, person, sent):
    schools = [teaching_school(name=f"{name} Teaching School") for name in ("Abbey", "Brook", "Castle")]
    alliance = roles.create_alliance("Riverside Teaching Schools", Alliance.Type.MULTIPLE, schools, starts_on=date(2020, 9, 1))
    heads = [person(f"head@{name}.example", school) for name, school in zip(("abbey", "brook", "castle"), schools)]
    agreement = agreements.record_agreement(
        alliance, heads[0], "Strands.", "A board.", {a: schools[0] for a in DeliveryArea.values}, Agreement.LeadRemoval.ALL_OTHERS
    )
    for school, head in zip(schools, heads):
        agreements.sign_agreement(agreement, school, head)
    role = AllianceRole.objects.get(alliance=alliance, school=schools[2], role=AllianceRole.Role.LEAD)
    emails = sent(lead_removal.propose, heads[0], role, date.today() + timedelta(days=30), "Castle is leaving the area")
    # Only Brook is asked: Abbey proposed, and Castle is the school whose role would end.
    assert to(emails) == ["head@brook.example"] and "Abbey Teaching School proposes ending Castle" in emails[0].subject
    lead_removal.answer(heads[1], sent.result, True)
    assert open_notices(heads[1], Kind.LEAD_END_PROPOSAL) == []


def test_requests_to_act_for_a_school_and_decisions_are_listed_in_the_site(client, make_school, person):
    school = make_school(name="Ashington First School")
    head = person("head@ashington.example", school)
    nia = person("nia@example.org")
    asked = affiliation_requests.ask_to_act_for(nia, school, Role.STAFF, "Teacher")
    assert [n.text for n in open_notices(head)] == [f"{nia} asks to act for Ashington First School"]
    affiliation_requests.approve(head, asked)
    assert open_notices(head) == [] and [n.kind for n in open_notices(nia)] == [Kind.ACT_FOR_DECISION]


def test_someone_who_turns_an_email_off_still_sees_the_notice(client, world, sent):
    client.force_login(world["lead"])
    page = client.get(reverse("notices:email-choices")).content.decode()
    assert page.count("checked") == len(Kind.values)  # everything on by default
    wanted = [kind for kind in Kind.values if kind != Kind.JOIN_REQUEST]
    assert client.post(reverse("notices:email-choices"), {"wanted": wanted}).url == reverse("accounts:account")
    assert not EmailChoice.objects.get(user=world["lead"], kind=Kind.JOIN_REQUEST).wants_email
    emails = sent(joining.request_membership, world["alliance"], world["school"], world["head"])
    assert to(emails) == ["bursar@hilltop.example"]
    assert [n.kind for n in open_notices(world["lead"])] == [Kind.JOIN_REQUEST]
    assert Notice.objects.get(recipient=world["lead"]).emailed_at is None


def test_an_action_rolled_back_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            joining.request_membership(world["alliance"], world["school"], world["head"])
            raise RuntimeError("something after it failed")
    assert mail.outbox == [] and not Notice.objects.exists()


def test_a_mail_server_that_refuses_leaves_the_action_and_the_notice(world, sent):
    with mock.patch("notices.sending.send_mail", side_effect=OSError("connection refused")):
        assert sent(joining.request_membership, world["alliance"], world["school"], world["head"]) == []
    assert Notice.objects.filter(recipient=world["lead"], emailed_at__isnull=True).exists()


def test_a_person_marks_their_own_notice_done_and_nobody_elses(client, world):
    [mine] = tell([world["lead"]], Kind.JOIN_REQUEST, world["alliance"], "A school asks to join", "/alliances/yours/")
    client.force_login(world["head"])
    assert client.post(reverse("notices:done", args=[mine.pk])).status_code == 404
    client.force_login(world["lead"])
    response = client.post(reverse("notices:done", args=[mine.pk]), {"next": "/alliances/yours/"})
    assert response.url == "/alliances/yours/"
    mine.refresh_from_db()
    assert mine.done_at is not None
    assert client.post(reverse("notices:done", args=[mine.pk]), {"next": "https://elsewhere.example/"}).url == reverse("notices:list")
    assert "A school asks to join" not in client.get(reverse("notices:list")).content.decode()
    assert "A school asks to join" in client.get(reverse("notices:list") + "?show=done").content.decode()


def test_the_list_is_paged_by_25_and_ignores_nonsense(client, world):
    for n in range(30):
        tell([world["lead"]], Kind.JOIN_REQUEST, world["alliance"], f"Notice number {n}", "/alliances/yours/")
    client.force_login(world["lead"])
    first = client.get(reverse("notices:list")).content.decode()
    assert len(re.findall(r"Notice number \d+</a>", first)) == 25 and "Notice number 29" in first
    second = client.get(reverse("notices:list") + "?show=open&page=2").content.decode()
    assert len(re.findall(r"Notice number \d+</a>", second)) == 5
    assert client.get(reverse("notices:list") + "?show=<script>&page=x").status_code == 200
