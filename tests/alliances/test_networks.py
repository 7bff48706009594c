"""Networks through pages: a lead proposes one; other alliances join by consent on both sides
(invited, or asking); a lead takes their alliance out and the history keeps it; the API lists
networks to everyone and agreements to the alliance's own people and the Council."""
from datetime import date

import pytest

from alliances import agreements, networks
from alliances.roles import add_lead, add_member, create_alliance
from alliances.models import Alliance, DeliveryArea, Network, NetworkInvitation, NetworkMembership
from alliances.rules import NotAllowed, RuleBroken

pytestmark = pytest.mark.django_db
Status, Direction = NetworkInvitation.Status, NetworkInvitation.Direction


@pytest.fixture
def world(teaching_school, make_school, person, council_member):
    """Three single alliances, each with a leader; a member school's leader of the first."""

    def alliance(name):
        lead = teaching_school(name=f"{name} Teaching School", region="North East")
        made = create_alliance(f"{name} Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2022, 9, 1))
        return made, person(f"head@{name.lower()}.example", lead)

    (hilltop, hilltop_head), (valley, valley_head), (riverside, riverside_head) = map(alliance, ["Hilltop", "Valley", "Riverside"])
    member = make_school(name="Hilltop Member Primary")
    add_member(hilltop, member, date(2023, 9, 1))
    return {
        "hilltop": hilltop, "valley": valley, "riverside": riverside,
        "hilltop_head": hilltop_head, "valley_head": valley_head, "riverside_head": riverside_head,
        "member_head": person("head@member.example", member),
        "hilltop_staff": person("teacher@hilltop.example", hilltop.lead_schools().get(), "staff"),
        "council": council_member,
    }


@pytest.fixture
def network(world):
    return networks.propose_network(
        world["hilltop_head"], world["hilltop"], "Tees Valley Maths Network", "North East",
        "Maths hubs working together.", "Tees Valley",
    )


# Proposing.


def test_a_lead_proposes_a_network_and_their_alliance_is_its_first_member(world, network):
    assert (network.slug, network.region, network.sub_region) == ("tees-valley-maths-network", "North East", "Tees Valley")
    assert list(network.alliances.all()) == [world["hilltop"]]
    assert network.created_by == world["hilltop_head"]
    assert list(Network.objects.of_alliance(world["hilltop"])) == [network]


@pytest.mark.parametrize("who", ["member_head", "hilltop_staff", "council", "valley_head"])
def test_only_the_alliances_own_leads_propose_for_it(world, who):
    with pytest.raises(NotAllowed, match="Only the leads of Hilltop Alliance can start a network for it"):
        networks.propose_network(world[who], world["hilltop"], "A Network", "London")
    assert not Network.objects.exists()


def test_a_clashing_name_and_a_missing_region_are_refused_together(world, network):
    with pytest.raises(RuleBroken) as refused:
        networks.propose_network(world["valley_head"], world["valley"], "tees valley maths network", "Narnia")
    assert refused.value.messages == [
        "There is already a network called Tees Valley Maths Network.",
        "Choose the network's region: one of the nine English regions.",
    ]
    with pytest.raises(RuleBroken, match="too close to Tees Valley Maths Network's"):
        networks.propose_network(world["valley_head"], world["valley"], "Tees-Valley Maths Network!", "North East")
    with pytest.raises(RuleBroken, match="cannot be a network's name"):
        networks.propose_network(world["valley_head"], world["valley"], "Propose", "North East")
    with pytest.raises(RuleBroken, match="letters or numbers"):
        networks.propose_network(world["valley_head"], world["valley"], "!!!", "North East")
    assert Network.objects.count() == 1


# Invitations and requests.


def test_an_invited_alliance_joins_only_when_its_own_leads_accept(world, network):
    invitation = networks.invite_alliance(world["hilltop_head"], network, world["valley"], "Join us")
    assert world["valley"] not in network.alliances.all()
    assert list(networks.waiting_for(world["valley_head"])) == [invitation]
    assert list(networks.waiting_for(world["hilltop_head"])) == []  # the network side asked: it does not answer
    with pytest.raises(NotAllowed, match="Only the leads of Valley Alliance can answer its invitation"):
        networks.accept(world["hilltop_head"], invitation)
    with pytest.raises(NotAllowed):
        networks.accept(world["council"], invitation)
    membership = networks.accept(world["valley_head"], invitation)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by) == (Status.ACCEPTED, world["valley_head"])
    assert membership.joined_on == date.today()
    assert set(network.alliances.all()) == {world["hilltop"], world["valley"]}
    with pytest.raises(RuleBroken, match="already accepted"):
        networks.decline(world["valley_head"], invitation)


def test_a_declined_invitation_leaves_the_network_as_it_was(world, network):
    invitation = networks.invite_alliance(world["hilltop_head"], network, world["valley"])
    networks.decline(world["valley_head"], invitation, "Not this year")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decision_reason) == (Status.DECLINED, "Not this year")
    assert list(network.alliances.all()) == [world["hilltop"]]
    # Declined, it may be asked again.
    networks.invite_alliance(world["hilltop_head"], network, world["valley"])


def test_only_leads_of_a_member_alliance_invite_and_not_twice(world, network):
    for who in ("valley_head", "member_head", "hilltop_staff", "council"):
        with pytest.raises(NotAllowed, match="Only the leads of an alliance in Tees Valley Maths Network can invite"):
            networks.invite_alliance(world[who], network, world["riverside"])
    networks.invite_alliance(world["hilltop_head"], network, world["valley"])
    with pytest.raises(RuleBroken, match="Valley Alliance has already been invited"):
        networks.invite_alliance(world["hilltop_head"], network, world["valley"])
    with pytest.raises(RuleBroken, match="Valley Alliance has already been invited"):
        networks.ask_to_join(world["valley_head"], network, world["valley"])
    with pytest.raises(RuleBroken, match="Hilltop Alliance is already in"):
        networks.invite_alliance(world["hilltop_head"], network, world["hilltop"])


def test_an_alliance_asks_to_join_and_a_lead_of_any_member_answers(world, network):
    request = networks.ask_to_join(world["riverside_head"], network, world["riverside"], "We run a maths hub")
    assert request.direction == Direction.ASKED
    assert list(networks.waiting_for(world["hilltop_head"])) == [request]
    with pytest.raises(NotAllowed, match="Only the leads of an alliance in Tees Valley Maths Network can answer Riverside Alliance's request"):
        networks.accept(world["riverside_head"], request)
    with pytest.raises(NotAllowed):
        networks.accept(world["council"], request)
    networks.accept(world["hilltop_head"], request)
    assert world["riverside"] in network.alliances.all()


def test_only_an_alliances_leads_ask_for_it(world, network):
    with pytest.raises(NotAllowed, match="Only the leads of Valley Alliance can ask for it to join"):
        networks.ask_to_join(world["hilltop_head"], network, world["valley"])


def test_the_side_that_asked_withdraws(world, network):
    invitation = networks.invite_alliance(world["hilltop_head"], network, world["valley"])
    with pytest.raises(NotAllowed, match="can withdraw its invitation to Valley Alliance"):
        networks.withdraw(world["valley_head"], invitation)
    networks.withdraw(world["hilltop_head"], invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.WITHDRAWN
    with pytest.raises(RuleBroken, match="already withdrawn"):
        networks.accept(world["valley_head"], invitation)


# Leaving.


def test_a_lead_takes_their_alliance_out_and_the_history_is_kept(world, network):
    networks.accept(world["valley_head"], networks.invite_alliance(world["hilltop_head"], network, world["valley"]))
    with pytest.raises(NotAllowed, match="Only the leads of Valley Alliance can take it out"):
        networks.leave_network(world["hilltop_head"], network, world["valley"])
    with pytest.raises(NotAllowed):
        networks.leave_network(world["council"], network, world["valley"])
    networks.leave_network(world["valley_head"], network, world["valley"])
    assert list(network.alliances.all()) == [world["hilltop"]]
    left = NetworkMembership.objects.get(network=network, alliance=world["valley"])
    assert (left.left_on, left.left_by) == (date.today(), world["valley_head"])
    assert list(Network.objects.of_alliance(world["valley"])) == []
    with pytest.raises(RuleBroken, match="Valley Alliance is not in Tees Valley Maths Network"):
        networks.leave_network(world["valley_head"], network, world["valley"])
    # Rejoining starts a new period; the old one stays.
    networks.accept(world["hilltop_head"], networks.ask_to_join(world["valley_head"], network, world["valley"]))
    assert network.memberships.filter(alliance=world["valley"]).count() == 2


def test_an_alliance_that_left_loses_the_library(world, network, person):
    valley_head = world["valley_head"]
    networks.accept(valley_head, networks.invite_alliance(world["hilltop_head"], network, world["valley"]))
    assert networks.can_use_library(valley_head, network) and networks.can_run_network(valley_head, network)
    networks.leave_network(valley_head, network, world["valley"])
    assert not networks.can_use_library(valley_head, network) and not networks.can_run_network(valley_head, network)
    assert networks.can_use_library(world["council"], network) and not networks.can_run_network(world["council"], network)


def test_the_old_relations_add_still_starts_a_membership(world):
    network = Network.objects.create(name="Old Style Network")
    network.alliances.add(world["hilltop"], world["valley"])
    network.alliances.add(world["hilltop"])  # already in: nothing new
    assert network.memberships.count() == 2 and network.alliances.count() == 2


# Pages.


def test_the_list_filters_by_region(client, world, network):
    Network.objects.create(name="Thames Network", region="London")
    page = client.get("/networks/", {"region": "North East"}).content.decode()
    assert "Tees Valley Maths Network" in page and "Thames Network" not in page
    assert "1 network in North East" in page
    page = client.get("/networks/").content.decode()
    assert "Tees Valley Maths Network" in page and "Thames Network" in page
    response = client.get("/networks/", {"region": "Narnia"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_proposing_through_the_page(client, world):
    client.force_login(world["hilltop_head"])
    response = client.post(
        "/networks/propose/", {"alliance": world["hilltop"].pk, "name": "Coastal Network", "region": "North East", "sub_region": "", "description": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/networks/coastal-network/"
    response = client.post("/networks/propose/", {"alliance": world["hilltop"].pk, "name": "Coastal Network", "region": "North East"})
    assert "There is already a network called Coastal Network." in response.content.decode()
    client.force_login(world["council"])
    response = client.get("/networks/propose/")
    assert response.status_code == 403 and "Only the leaders and business managers" in response.content.decode()


def test_invite_accept_and_leave_through_the_pages(client, world, network):
    client.force_login(world["hilltop_head"])
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Invite an alliance" in page and "Take Hilltop Alliance out of the network" in page
    client.post(f"/networks/{network.slug}/invite/", {"invite-alliance": "valley alliance", "invite-message": "Join us"})
    invitation = NetworkInvitation.objects.get()
    response = client.post(f"/networks/{network.slug}/invite/", {"invite-alliance": "Nowhere Alliance"}, follow=True)
    assert "No alliance is called “Nowhere Alliance”" in response.content.decode()

    client.force_login(world["valley_head"])
    yours = client.get("/alliances/yours/").content.decode()
    assert "Tees Valley Maths Network</a> invites Valley Alliance to join the network" in yours
    assert client.post(f"/network-invitations/{invitation.pk}/accept/").status_code == 302
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Valley Alliance</a>" in page and "Take Valley Alliance out of the network" in page
    client.post(f"/networks/{network.slug}/leave/", {"alliance": world["valley"].pk})
    assert world["valley"] not in network.alliances.all()
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Alliances that have left" not in page  # the history is for the network's own people
    client.force_login(world["hilltop_head"])
    assert "Alliances that have left" in client.get(network.get_absolute_url()).content.decode()


def test_a_stranger_cannot_answer_an_invitation(client, world, network):
    invitation = networks.invite_alliance(world["hilltop_head"], network, world["valley"])
    client.force_login(world["riverside_head"])
    response = client.post(f"/network-invitations/{invitation.pk}/accept/")
    assert response.status_code == 403 and "Only the leads of Valley Alliance can answer" in response.content.decode()


def test_the_profile_shows_current_networks_only(client, world, network):
    assert "Tees Valley Maths Network" in client.get(world["hilltop"].get_absolute_url()).content.decode()
    networks.leave_network(world["hilltop_head"], network, world["hilltop"])
    assert "Tees Valley Maths Network" not in client.get(world["hilltop"].get_absolute_url()).content.decode()


# The API.


def test_networks_in_the_api_are_public_and_filter_by_region(client, world, network):
    networks.accept(world["valley_head"], networks.invite_alliance(world["hilltop_head"], network, world["valley"]))
    Network.objects.create(name="Thames Network", region="London")
    body = client.get("/api/networks/", {"region": "North East"}).json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "slug": "tees-valley-maths-network", "name": "Tees Valley Maths Network", "region": "North East",
        "sub_region": "Tees Valley", "description": "Maths hubs working together.",
        "alliances": [
            {"slug": "hilltop-alliance", "name": "Hilltop Alliance", "joined_on": date.today().isoformat()},
            {"slug": "valley-alliance", "name": "Valley Alliance", "joined_on": date.today().isoformat()},
        ],
    }
    assert client.get("/api/networks/").json()["count"] == 2
    assert client.get("/api/networks/", {"region": "Narnia"}).status_code == 400
    networks.leave_network(world["valley_head"], network, world["valley"])
    detail = client.get(f"/api/networks/{network.slug}/").json()
    assert [a["slug"] for a in detail["alliances"]] == ["hilltop-alliance"]


def test_agreements_in_the_api_for_the_alliances_own_people_and_the_council(client, world, teaching_school, person):
    alliance, first = world["hilltop"], world["hilltop"].lead_schools().get()
    second = teaching_school(name="Second Teaching School")
    add_lead(alliance, second, new_type=Alliance.Type.MULTIPLE)
    agreement = agreements.record_agreement(
        alliance, world["hilltop_head"], "Hilltop leads ITT.", "A joint board.",
        {DeliveryArea.ITT: first, DeliveryArea.CPD: second, DeliveryArea.SCHOOL_SUPPORT: second},
    )
    agreements.sign_agreement(agreement, first, world["hilltop_head"])
    url = f"/api/alliances/{alliance.slug}/agreements/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(world["valley_head"])
    response = client.get(url)
    assert response.status_code == 403 and "see its agreement" in response.json()["detail"]
    for who in ("member_head", "hilltop_staff", "council"):
        client.force_login(world[who])
        body = client.get(url).json()
        assert [v["version"] for v in body] == [1]
    version = body[0]
    assert (version["roles_and_responsibilities"], version["governance"]) == ("Hilltop leads ITT.", "A joint board.")
    assert {(a["area"], a["accountable_school"]["name"]) for a in version["accountabilities"]} == {
        ("itt", "Hilltop Teaching School"), ("cpd", "Second Teaching School"), ("school_support", "Second Teaching School"),
    }
    assert [s["school"]["urn"] for s in version["signatures"]] == [first.urn]


def test_a_document_whose_file_is_gone_is_not_found_not_a_server_error(client, council_member, single_alliance):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliances.models import Network, NetworkResource

    network = Network.objects.create(name="Coast Network")
    network.alliances.add(single_alliance)
    resource = NetworkResource.objects.create(
        network=network, title="Handbook", document=SimpleUploadedFile("handbook.txt", b"text"), document_name="handbook.txt"
    )
    resource.document.storage.delete(resource.document.name)
    client.force_login(council_member)
    assert client.get(f"/networks/{network.slug}/documents/{resource.pk}/").status_code == 404


def test_leaving_with_an_odd_choice_is_a_message_not_a_crash(client, single_alliance, lead_user):
    from alliances.models import Network

    network = Network.objects.create(name="Moor Network")
    network.alliances.add(single_alliance)
    client.force_login(lead_user)
    response = client.post(f"/networks/{network.slug}/leave/", {"alliance": "²"}, follow=True)
    assert response.status_code == 200 and "Choose which of your alliances leaves the network." in response.content.decode()
    assert single_alliance in network.alliances.all()
