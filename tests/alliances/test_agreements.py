"""Agreements between lead schools: versions, accountability, signing only for your own school."""
import pytest
from django.urls import reverse

from alliances import agreements
from alliances.roles import add_lead
from alliances.models import Alliance, DeliveryArea
from alliances.rules import NotAllowed, RuleBroken

pytestmark = pytest.mark.django_db


@pytest.fixture
def multiple(single_alliance, teaching_school, person):
    first = single_alliance.lead_schools().get()
    second = teaching_school(name="Valley Teaching School")
    add_lead(single_alliance, second, new_type=Alliance.Type.MULTIPLE)
    return single_alliance, first, second, person("head1@example.org", first), person("head2@example.org", second)


def _record(alliance, user, first, second):
    return agreements.record_agreement(
        alliance,
        user,
        "Hilltop leads ITT; Valley leads CPD and school-to-school support.",
        "A joint strategic board meets each half term.",
        {DeliveryArea.ITT: first, DeliveryArea.CPD: second, DeliveryArea.SCHOOL_SUPPORT: second, "Recruit 40 trainees a year": first},
    )


def test_single_alliance_needs_no_agreement(single_alliance):
    status = agreements.agreement_status(single_alliance)
    assert status.in_place and not status.needed


def test_multiple_alliance_without_an_agreement_is_flagged(multiple):
    alliance, *_ = multiple
    status = agreements.agreement_status(alliance)
    assert not status.in_place
    assert status.summary == "No agreement between the lead schools has been recorded."


def test_each_lead_signs_and_then_the_agreement_is_in_place(multiple):
    alliance, first, second, head1, head2 = multiple
    agreement = _record(alliance, head1, first, second)
    assert {(a.area, a.success_criterion, a.accountable_school) for a in agreement.accountabilities.all()} >= {
        ("itt", "", first),
        ("", "Recruit 40 trainees a year", first),
    }
    agreements.sign_agreement(agreement, first, head1)
    status = agreements.agreement_status(alliance)
    assert not status.in_place and status.unsigned_leads == [second]
    assert "not yet signed by Valley Teaching School" in status.summary
    agreements.sign_agreement(agreement, second, head2)
    assert agreements.agreement_status(alliance).in_place


def test_signing_for_another_school_is_refused(multiple):
    alliance, first, second, head1, head2 = multiple
    agreement = _record(alliance, head1, first, second)
    with pytest.raises(NotAllowed, match="You cannot sign for Valley Teaching School"):
        agreements.sign_agreement(agreement, second, head1)
    assert not agreement.signatures.exists()


def test_a_new_version_must_be_signed_again(multiple):
    alliance, first, second, head1, head2 = multiple
    old = _record(alliance, head1, first, second)
    agreements.sign_agreement(old, first, head1)
    agreements.sign_agreement(old, second, head2)
    new = _record(alliance, head2, first, second)
    assert new.version == 2 and not agreements.agreement_status(alliance).in_place
    with pytest.raises(RuleBroken, match="replaced by version 2"):
        agreements.sign_agreement(old, first, head1)


def test_every_delivery_area_needs_an_accountable_lead(multiple, make_school):
    alliance, first, second, head1, _ = multiple
    with pytest.raises(RuleBroken) as refused:
        agreements.record_agreement(alliance, head1, "Roles", "Board", {DeliveryArea.ITT: make_school(name="Outsider")})
    reasons = refused.value.messages
    assert "Say which lead school is accountable for CPD and leadership development." in reasons
    assert any("Outsider does not lead" in r for r in reasons)
    assert not alliance.agreements.exists()


def test_signing_the_agreement_for_a_made_up_school_is_refused(client, single_alliance, teaching_school, lead_user):
    first = single_alliance.lead_schools().get()
    second = teaching_school(name="Second Lead")
    add_lead(single_alliance, second, new_type=Alliance.Type.MULTIPLE)
    agreements.record_agreement(single_alliance, lead_user, "Roles", "Board", {area.value: first for area in DeliveryArea})
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
