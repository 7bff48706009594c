"""A lead proposes a network, invites another alliance, and that alliance's lead accepts on Your
alliances; axe-core finds nothing wrong on any of the pages on the way."""
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Affiliation, User
from alliances.roles import create_alliance
from alliances.models import Alliance, Designation
from tests.browser.conftest import PASSWORD, accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alliances(make_school):
    for name, email in (("Hilltop", "head@hilltop.example"), ("Valley", "head@valley.example")):
        lead = make_school(name=f"{name} Teaching School", number_of_pupils=600, region="North East")
        Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
        create_alliance(f"{name} Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
        user = User.objects.create_user(email, PASSWORD, full_name=f"{name} Head")
        Affiliation.objects.create(user=user, school=lead, role="leader")


def test_a_lead_proposes_a_network_invites_an_alliance_and_its_lead_accepts(live_server, page, alliances):
    base = live_server.url
    sign_in(page, base, "head@hilltop.example")
    page.goto(f"{base}/networks/")
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="propose a network").click()
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Start the network").click()  # nothing filled in
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Name of the network").fill("Tees Valley Maths Network")
    page.get_by_label("Region", exact=True).select_option("North East")
    page.get_by_label("Area within the region (optional)").fill("Tees Valley")
    page.get_by_label("What the network is for").fill("Maths hubs working together.")
    page.get_by_role("button", name="Start the network").click()
    expect(page.get_by_text("Tees Valley Maths Network has started, with Hilltop Alliance as its first member.")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Name of the alliance to invite").fill("Valley Alliance")
    page.get_by_label("Message to its leads (optional)").fill("Join our maths network.")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Valley Alliance is invited to join Tees Valley Maths Network.")).to_be_visible()
    expect(page.get_by_text("Invitations waiting for an answer")).to_be_visible()
    assert accessibility_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, base, "head@valley.example")
    # On Your alliances twice: as a notice "For you", and as the invitation to answer.
    expect(page.get_by_role("link", name="Tees Valley Maths Network invites Valley Alliance to join the network")).to_be_visible()
    expect(page.get_by_text("Tees Valley Maths Network invites Valley Alliance to join the network. Invited")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Join Tees Valley Maths Network", exact=True).click()
    expect(page.get_by_text("Valley Alliance has joined Tees Valley Maths Network.")).to_be_visible()
    expect(page.get_by_role("link", name="Valley Alliance")).to_be_visible()
    assert accessibility_violations(page) == []

    page.goto(f"{base}/networks/?region=North+East")
    expect(page.get_by_text("1 network in North East")).to_be_visible()
    expect(page.get_by_text("(North East, Tees Valley; 2 alliances)")).to_be_visible()
    assert accessibility_violations(page) == []
