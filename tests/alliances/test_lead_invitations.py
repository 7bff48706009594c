"""A school becomes a lead only when its own leader or business manager accepts."""
import pytest

from alliances import lead_invitations
from alliances.models import Alliance, LeadInvitation
from alliances.rules import NotAllowed, RuleBroken

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(single_alliance, teaching_school, person):
    lead_user = person("head@hilltop.example", single_alliance.lead_schools().get())
    valley = teaching_school(name="Valley Teaching School")
    return lead_invitations.invite_lead(lead_user, single_alliance, valley, Alliance.Type.MULTIPLE), lead_user


def test_an_invited_school_leads_only_once_its_leader_accepts(invitation, person):
    invitation, lead_user = invitation
    alliance, valley = invitation.alliance, invitation.school
    assert list(alliance.lead_schools()) != [] and valley not in alliance.lead_schools()
    with pytest.raises(NotAllowed, match="Only Valley Teaching School's own leader or business manager"):
        lead_invitations.accept_invitation(lead_user, invitation)
    with pytest.raises(NotAllowed):
        lead_invitations.accept_invitation(person("teacher@valley.example", valley, "staff"), invitation)
    lead_invitations.accept_invitation(person("bursar@valley.example", valley, "business_manager"), invitation)
    alliance.refresh_from_db()
    assert valley in alliance.lead_schools() and alliance.alliance_type == Alliance.Type.MULTIPLE
    with pytest.raises(RuleBroken, match="already accepted"):
        lead_invitations.decline_invitation(person("head@valley.example", valley), invitation)


def test_declining_leaves_the_alliance_as_it_was(invitation, person):
    invitation, _ = invitation
    lead_invitations.decline_invitation(person("head@valley.example", invitation.school), invitation, "Not this year")
    invitation.refresh_from_db()
    assert invitation.status == LeadInvitation.Status.DECLINED and invitation.decision_reason == "Not this year"
    assert invitation.alliance.alliance_type == Alliance.Type.SINGLE
    assert invitation.school not in invitation.alliance.lead_schools()


def test_invitations_are_checked_against_the_type_rules_and_not_repeated(invitation, make_school, teaching_school):
    invitation, lead_user = invitation
    alliance = invitation.alliance
    with pytest.raises(RuleBroken, match="already been invited"):
        lead_invitations.invite_lead(lead_user, alliance, invitation.school, Alliance.Type.MULTIPLE)
    with pytest.raises(RuleBroken, match="not a designated teaching school"):
        lead_invitations.invite_lead(lead_user, alliance, make_school(name="Plain Primary"), Alliance.Type.MULTIPLE)
    with pytest.raises(RuleBroken, match="A job-share alliance is led by exactly two schools; this would have 3"):
        lead_invitations.invite_lead(lead_user, alliance, teaching_school(name="Small Teaching School", number_of_pupils=90), Alliance.Type.JOB_SHARE)


def test_only_an_alliances_leads_invite(single_alliance, teaching_school, council_member):
    with pytest.raises(NotAllowed):
        lead_invitations.invite_lead(council_member, single_alliance, teaching_school(name="Valley"), Alliance.Type.MULTIPLE)
