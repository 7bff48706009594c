"""Ending another lead school's role, as the leads' signed agreement allows: who proposes, who
answers, when it carries, and every refusal leaving everything as it was."""
from datetime import date, timedelta

import pytest

from alliances import agreements, lead_removal, roles
from alliances.change_history import alliance_changes
from alliances.forms import AgreementForm
from alliances.models import Agreement, Alliance, AllianceRole, DeliveryArea, LeadEndAnswer, LeadEndProposal
from alliances.rules import NotAllowed, RuleBroken

pytestmark = pytest.mark.django_db
Rule = Agreement.LeadRemoval
Status = LeadEndProposal.Status
NAMES = ("Abbey Teaching School", "Brook Teaching School", "Castle Teaching School", "Dale Teaching School", "Elm Teaching School")


@pytest.fixture
def leads_of(teaching_school, person):
    """leads_of(n, rule, alliance_type) -> (alliance, [schools], [their leaders]), the agreement
    with `rule` recorded and signed by every lead (rule None: no agreement at all)."""

    def make(n=3, rule=Rule.MAJORITY_OF_OTHERS, alliance_type=Alliance.Type.MULTIPLE, **school_fields):
        schools = [teaching_school(name=name, **school_fields) for name in NAMES[:n]]
        alliance = roles.create_alliance("Riverside Teaching Schools", alliance_type, schools, starts_on=date(2020, 9, 1))
        people = [person(f"head@{school.name.split()[0].lower()}.example", school) for school in schools]
        if rule is not None:
            agreement = agreements.record_agreement(
                alliance, people[0], "Each lead runs one strand.", "A joint board meets each term.",
                {area: schools[0] for area in DeliveryArea.values}, rule,
            )
            for school, head in zip(schools, people):
                agreements.sign_agreement(agreement, school, head)
        return alliance, schools, people

    return make


def lead_role(alliance, school):
    return AllianceRole.objects.get(alliance=alliance, school=school, role=AllianceRole.Role.LEAD, ends_on__isnull=True)


LAST_DAY = date.today() + timedelta(days=30)


def test_in_three_leads_the_proposer_and_one_more_carry_a_majority(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    assert proposal.status == Status.PENDING
    assert [(a.school, a.agrees) for a in proposal.answers.all()] == [(abbey, True)]  # proposing is agreeing
    lead_removal.answer(head_b, proposal, True)
    proposal.refresh_from_db()
    role = AllianceRole.objects.get(pk=proposal.role_id)
    assert proposal.status == Status.CARRIED and proposal.decided_at is not None
    assert role.ends_on == LAST_DAY and role.end_reason == "Castle is leaving the area"
    assert role.ended_by == head_b and role.ended_at is not None
    assert castle not in alliance.lead_schools(LAST_DAY + timedelta(days=1))


def test_majority_means_more_than_half_of_the_leads_other_than_the_one_leaving(leads_of):
    # Four leads: three others, so two (the proposer and one more) are more than half.
    alliance, (abbey, brook, castle, dale), (head_a, head_b, head_c, head_d) = leads_of(4)
    proposal = lead_removal.propose(head_a, lead_role(alliance, dale), LAST_DAY, "Dale has stopped delivering")
    assert lead_removal.answer(head_b, proposal, True).status == Status.CARRIED
    assert lead_removal.threshold_reached(Rule.MAJORITY_OF_OTHERS, {1, 2}, {1, 2, 3})


def test_with_five_leads_two_of_four_others_is_not_a_majority(leads_of):
    alliance, schools, (head_a, head_b, head_c, head_d, head_e) = leads_of(5)
    proposal = lead_removal.propose(head_a, lead_role(alliance, schools[4]), LAST_DAY, "Elm has stopped delivering")
    assert lead_removal.answer(head_b, proposal, True).status == Status.PENDING  # 2 of 4: half, not more
    assert lead_removal.answer(head_c, proposal, False).status == Status.PENDING  # Dale could still make 3
    assert lead_removal.answer(head_d, proposal, True).status == Status.CARRIED  # 3 of 4
    assert not lead_removal.threshold_reached(Rule.MAJORITY_OF_OTHERS, {1, 2}, {1, 2, 3, 4})


def test_a_majority_that_can_no_longer_be_reached_refuses_the_proposal(leads_of):
    alliance, schools, (head_a, head_b, head_c, head_d, head_e) = leads_of(5)
    proposal = lead_removal.propose(head_a, lead_role(alliance, schools[4]), LAST_DAY, "Elm has stopped delivering")
    lead_removal.answer(head_b, proposal, False)
    proposal = lead_removal.answer(head_c, proposal, False)
    assert proposal.status == Status.REFUSED and proposal.decided_at is not None
    assert lead_role(alliance, schools[4]).ends_on is None
    with pytest.raises(RuleBroken, match="no longer waiting for answers: not agreed"):
        lead_removal.answer(head_d, proposal, True)


def test_every_other_lead_must_agree_and_one_no_refuses(leads_of):
    alliance, (abbey, brook, castle, dale), (head_a, head_b, head_c, head_d) = leads_of(4, Rule.ALL_OTHERS)
    proposal = lead_removal.propose(head_a, lead_role(alliance, dale), LAST_DAY, "Dale has stopped delivering")
    assert lead_removal.answer(head_b, proposal, True).status == Status.PENDING
    assert lead_removal.answer(head_c, proposal, True).status == Status.CARRIED


def test_one_lead_saying_no_refuses_when_every_other_lead_must_agree(leads_of):
    alliance, (abbey, brook, castle, dale), (head_a, head_b, head_c, head_d) = leads_of(4, Rule.ALL_OTHERS)
    proposal = lead_removal.propose(head_a, lead_role(alliance, dale), LAST_DAY, "Dale has stopped delivering")
    assert lead_removal.answer(head_b, proposal, False).status == Status.REFUSED
    assert lead_role(alliance, dale).ends_on is None


def test_the_lead_whose_role_would_end_is_not_asked_and_cannot_block_it(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    with pytest.raises(NotAllowed, match="lead schools other than Castle Teaching School answer"):
        lead_removal.answer(head_c, proposal, False)
    with pytest.raises(NotAllowed):
        lead_removal.withdraw(head_c, proposal)
    assert list(proposal.answers.values_list("school__name", flat=True)) == ["Abbey Teaching School"]
    assert lead_removal.answer(head_b, proposal, True).status == Status.CARRIED


def test_answering_twice_and_answering_for_someone_else_are_refused(leads_of, person, make_school):
    alliance, (abbey, brook, castle, dale), (head_a, head_b, head_c, head_d) = leads_of(4, Rule.ALL_OTHERS)
    proposal = lead_removal.propose(head_a, lead_role(alliance, dale), LAST_DAY, "Dale has stopped delivering")
    with pytest.raises(RuleBroken, match="Abbey Teaching School has already answered"):
        lead_removal.answer(head_a, proposal, True)
    lead_removal.answer(head_b, proposal, True)
    with pytest.raises(RuleBroken, match="Brook Teaching School has already answered"):
        lead_removal.answer(head_b, proposal, False)
    with pytest.raises(NotAllowed):
        lead_removal.answer(person("teacher@brook.example", brook, "staff"), proposal, True)
    with pytest.raises(NotAllowed):
        lead_removal.answer(person("head@elsewhere.example", make_school()), proposal, True)
    assert proposal.answers.count() == 2


def test_the_proposing_school_withdraws(leads_of, person):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    with pytest.raises(NotAllowed, match="Only Abbey Teaching School's leader or business manager"):
        lead_removal.withdraw(head_b, proposal)
    withdrawn = lead_removal.withdraw(person("bursar@abbey.example", abbey, "business_manager"), proposal)
    assert withdrawn.status == Status.WITHDRAWN and withdrawn.decided_at is not None
    with pytest.raises(RuleBroken, match="no longer waiting for answers: withdrawn"):
        lead_removal.answer(head_b, proposal, True)
    # Withdrawn, so a new proposal may be made.
    assert lead_removal.propose(head_b, lead_role(alliance, castle), LAST_DAY, "Again").status == Status.PENDING


def test_only_another_lead_schools_leader_or_business_manager_proposes(leads_of, person, make_school):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    role = lead_role(alliance, castle)
    for who in (head_c, person("teacher@abbey.example", abbey, "staff"), person("head@other.example", make_school())):
        with pytest.raises(NotAllowed, match="Only the leader or business manager of another of Riverside"):
            lead_removal.propose(who, role, LAST_DAY, "No")
    assert not LeadEndProposal.objects.exists()


def test_an_agreement_leaving_it_to_each_lead_refuses_naming_the_version(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3, Rule.OWN_DECISION)
    with pytest.raises(RuleBroken) as refused:
        lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving")
    assert refused.value.messages == [
        "Version 1 of the agreement leaves ending a lead's role to that lead school's own decision."
    ]
    assert not LeadEndProposal.objects.exists()


def test_no_agreement_signed_by_every_lead_refuses(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3, rule=None)
    message = "No agreement signed by all of Riverside Teaching Schools's lead schools says how a lead's role can end"
    with pytest.raises(RuleBroken, match=message):
        lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving")
    # Recorded but signed by two of the three: still refused.
    agreement = agreements.record_agreement(
        alliance, head_a, "Roles.", "Board.", {area: abbey for area in DeliveryArea.values}, Rule.MAJORITY_OF_OTHERS
    )
    agreements.sign_agreement(agreement, abbey, head_a)
    agreements.sign_agreement(agreement, brook, head_b)
    with pytest.raises(RuleBroken, match=message):
        lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving")
    assert not LeadEndProposal.objects.exists()


def test_every_reason_is_given_at_once_and_nothing_is_written(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    too_late = date.today() + timedelta(days=3 * 365)
    with pytest.raises(RuleBroken) as refused:
        lead_removal.propose(head_a, lead_role(alliance, castle), too_late, "  ")
    assert refused.value.messages == [
        f"An end date can be at most two years ahead ({date.today() + timedelta(days=730):%-d %B %Y}).",
        "Give the reason for ending Castle Teaching School's role.",
    ]
    with pytest.raises(RuleBroken, match="at most 200 characters"):
        lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "x" * 201)
    assert not LeadEndProposal.objects.exists() and not LeadEndAnswer.objects.exists()


def test_ending_a_lead_that_would_leave_too_few_is_refused_until_the_type_is_settled(leads_of):
    alliance, (abbey, brook), (head_a, head_b) = leads_of(2)
    with pytest.raises(RuleBroken) as refused:
        lead_removal.propose(head_a, lead_role(alliance, brook), LAST_DAY, "Brook is leaving")
    assert refused.value.messages == [
        "A multiple alliance is led by two or more teaching schools; this would have 1.",
        "The lead schools can settle Riverside Teaching Schools's type first (invite another lead, or change the type), "
        "then propose ending Brook Teaching School's role.",
    ]
    assert lead_role(alliance, brook).ends_on is None and not LeadEndProposal.objects.exists()


def test_a_job_share_cannot_lose_one_of_its_two_leads_this_way(leads_of):
    alliance, (abbey, brook), (head_a, head_b) = leads_of(2, alliance_type=Alliance.Type.JOB_SHARE, number_of_pupils=150)
    with pytest.raises(RuleBroken, match="A job-share alliance is led by exactly two schools; this would have 1"):
        lead_removal.propose(head_a, lead_role(alliance, brook), LAST_DAY, "Brook is leaving")


def test_one_pending_proposal_per_lead_role(leads_of):
    alliance, (abbey, brook, castle, dale), (head_a, head_b, head_c, head_d) = leads_of(4)
    lead_removal.propose(head_a, lead_role(alliance, dale), LAST_DAY, "Dale has stopped delivering")
    with pytest.raises(RuleBroken, match="A proposal to end Dale Teaching School's role is already waiting for answers"):
        lead_removal.propose(head_b, lead_role(alliance, dale), LAST_DAY, "Me too")
    assert LeadEndProposal.objects.count() == 1


def test_a_member_role_cannot_be_ended_this_way(leads_of, make_school):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    member = roles.add_member(alliance, make_school(name="Meadow Primary"), date(2024, 9, 1))
    with pytest.raises(NotAllowed, match="Only a lead school's role"):
        lead_removal.propose(head_a, member, LAST_DAY, "No")


def test_the_lead_can_still_end_its_own_role_and_the_proposal_is_overtaken(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    roles.end_role_for(head_c, lead_role(alliance, castle), date.today() + timedelta(days=10), "Our own decision")
    proposal.refresh_from_db()
    assert proposal.status == Status.OVERTAKEN
    with pytest.raises(RuleBroken, match="no longer waiting"):
        lead_removal.answer(head_b, proposal, True)


def test_the_rule_carries_over_to_a_new_version_and_shows_in_the_history(leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3, Rule.ALL_OTHERS)
    form = AgreementForm(leads=[abbey, brook, castle], current=Agreement.latest_of(alliance))
    assert form.initial["lead_removal"] == Rule.ALL_OTHERS
    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    lead_removal.answer(head_b, proposal, True)
    assert [record.status for record in proposal.history.order_by("history_id")] == ["pending", "carried"]
    changes = alliance_changes(alliance)
    proposal_changes = [c for c in changes if c.subject == "Proposal to end Castle Teaching School's role as a lead"]
    assert "Status: Waiting for the other lead schools → Agreed: the role ends" in proposal_changes[0].details
    role_changes = [c for c in changes if c.subject == "Castle Teaching School: lead teaching school" and c.details]
    assert any("End reason: none → Castle is leaving the area" in c.details for c in role_changes)


# The pages: the manage page's lead schools, the proposal form, answering and withdrawing.


def test_the_manage_page_offers_each_lead_the_right_buttons(client, leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    manage = f"/alliances/{alliance.slug}/manage/"
    client.force_login(head_a)
    page = client.get(manage).content.decode()
    assert "says a lead school's role ends when a majority of the other lead schools agree" in page
    assert page.count("Propose ending this lead school's role") == 2  # Brook and Castle, not Abbey itself

    proposal = lead_removal.propose(head_a, lead_role(alliance, castle), LAST_DAY, "Castle is leaving the area")
    page = client.get(manage).content.decode()
    assert page.count("Propose ending this lead school's role") == 1  # Castle's is pending
    assert "Withdraw<span" in page and "Do not agree" not in page

    client.force_login(head_b)
    page = client.get(manage).content.decode()
    assert "Castle is leaving the area" in page and "Agree<span" in page and "Do not agree" in page
    assert "Withdraw<span" not in page
    assert "Agree<span" in client.get("/alliances/yours/").content.decode()

    client.force_login(head_c)
    page = client.get(manage).content.decode()
    assert "Castle is leaving the area" in page and "Do not agree" not in page and "Withdraw<span" not in page
    assert f"/roles/{proposal.role_id}/end/" in page  # it can still end its own role
    assert "Castle is leaving the area" in client.get("/alliances/yours/").content.decode()


def test_an_agreement_leaving_it_to_each_lead_offers_no_proposal(client, leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3, Rule.OWN_DECISION)
    client.force_login(head_a)
    page = client.get(f"/alliances/{alliance.slug}/manage/").content.decode()
    assert "Propose ending" not in page
    assert "leaves ending a lead&#x27;s role to that lead school&#x27;s own decision" in page
    page = client.get(f"/roles/{lead_role(alliance, castle).pk}/propose-end/").content.decode()
    assert "leaves ending a lead&#x27;s role" in page and "<form method=\"post\" novalidate>" not in page


def test_proposing_and_answering_through_the_pages(client, leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3)
    role = lead_role(alliance, castle)
    client.force_login(head_a)
    response = client.post(f"/roles/{role.pk}/propose-end/", {"ends_on": LAST_DAY.isoformat(), "reason": "Castle is leaving"})
    assert response.status_code == 302
    proposal = LeadEndProposal.objects.get()
    client.force_login(head_b)
    assert client.post(f"/lead-end-proposals/{proposal.pk}/answer/", {"agrees": "maybe"}).status_code == 302
    assert proposal.answers.count() == 1
    response = client.post(f"/lead-end-proposals/{proposal.pk}/answer/", {"agrees": "yes"}, follow=True)
    assert f"Agreed: Castle Teaching School&#x27;s role as a lead ends on {LAST_DAY:%-d %B %Y}." in response.content.decode()
    role.refresh_from_db()
    assert role.ends_on == LAST_DAY and role.end_reason == "Castle is leaving" and role.ended_by == head_b
    # Answering again is refused with the reason, not a server error.
    response = client.post(f"/lead-end-proposals/{proposal.pk}/answer/", {"agrees": "no"}, follow=True)
    assert "no longer waiting for answers" in response.content.decode()


def test_a_refused_proposal_form_keeps_what_was_typed(client, leads_of):
    alliance, (abbey, brook), (head_a, head_b) = leads_of(2)
    client.force_login(head_a)
    data = {"ends_on_day": str(LAST_DAY.day), "ends_on_month": str(LAST_DAY.month), "ends_on_year": str(LAST_DAY.year), "reason": "Brook is leaving"}
    response = client.post(f"/roles/{lead_role(alliance, brook).pk}/propose-end/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "A multiple alliance is led by two or more teaching schools; this would have 1." in page
    assert "Brook is leaving</textarea>" in page and f'value="{LAST_DAY.year}"' in page
    response = client.post(f"/roles/{lead_role(alliance, brook).pk}/propose-end/", {"ends_on_day": "31", "ends_on_month": "2", "ends_on_year": "2026"})
    page = response.content.decode()
    assert "Last day must be a real date" in page and "Enter the reason for ending it" in page
    assert not LeadEndProposal.objects.exists()


def test_the_agreement_page_and_the_api_show_the_rule(client, leads_of):
    alliance, (abbey, brook, castle), (head_a, head_b, head_c) = leads_of(3, Rule.ALL_OTHERS)
    client.force_login(head_a)
    page = client.get(f"/alliances/{alliance.slug}/agreement/").content.decode()
    assert "When every other lead school agrees." in page
    assert '<option value="all_others" selected>' in page  # the next version starts from it
    assert client.get(f"/api/alliances/{alliance.slug}/agreements/").json()[0]["lead_removal"] == "all_others"
