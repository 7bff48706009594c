"""Ending another lead school's role, when the leads' agreement allows it.

A lead school's role ends by its own decision (`roles.end_role_for`), or, when the current
agreement version, signed by every lead, says so (`Agreement.lead_removal`), by the other lead
schools:

- *every other lead school agrees*: each lead school except the one whose role would end;
- *a majority of the other lead schools agree*: more than half of the lead schools except the
  one whose role would end, the proposing school counted among them. With three leads both other
  leads must agree; with four, two of the three others; with five, three of the four others.

A leader or business manager of one lead school proposes (a last day and a reason); the
proposing school agrees by proposing. The other leads' people answer on the manage page or Your
alliances. When enough agree the role ends (`roles.end_role`, so the type rules are checked
again); when enough disagree that it never can, the proposal is refused. The school whose role
would end is never asked and cannot block it, but sees the proposal and may still end its own
role itself. Who counts is worked out each time from today's leads, so a lead that joins or
leaves meanwhile is counted or dropped.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Affiliation
from alliances.alliance_types import type_problems
from alliances.models import Agreement, Alliance, AllianceRole, LeadEndAnswer, LeadEndProposal
from alliances.permissions import MANAGING_ROLES, can_commit_school, require, schools_acting_for
from alliances.roles import end_date_problems, end_role
from alliances.rules import RuleBroken
from notices import for_alliances as notices

Rule = Agreement.LeadRemoval
Status = LeadEndProposal.Status
REASON_MAX = LeadEndProposal._meta.get_field("reason").max_length


def threshold_reached(rule, agreeing, others):
    """Whether the schools in `agreeing` are enough, of `others` (every lead school except the
    one whose role would end), under the agreement's rule."""
    agreeing = set(agreeing) & set(others)
    if not others:
        return False
    if rule == Rule.ALL_OTHERS:
        return agreeing == set(others)
    if rule == Rule.MAJORITY_OF_OTHERS:
        return 2 * len(agreeing) > len(others)
    return False


def agreement_problems(alliance, leads=None):
    """Why the agreement does not let the other leads end a lead's role ([] when it does), and
    the version that does (None when it does not). `leads`: today's lead schools, if known."""
    leads = list(alliance.lead_schools()) if leads is None else leads
    agreement = Agreement.latest_of(alliance) if len(leads) > 1 else None
    signed = set(agreement.signatures.values_list("school_id", flat=True)) if agreement else set()
    if agreement is None or any(school.pk not in signed for school in leads):
        return [f"No agreement signed by all of {alliance.name}'s lead schools says how a lead's role can end, "
                "so only each lead school can end its own role."], None
    if agreement.lead_removal == Rule.OWN_DECISION:
        return [f"Version {agreement.version} of the agreement leaves ending a lead's role to that lead school's "
                "own decision."], None
    return [], agreement


@dataclass
class Tally:
    """Today's other leads (every lead school except the one whose role would end) and their answers."""

    others: list  # schools
    agreeing: set = field(default_factory=set)
    disagreeing: set = field(default_factory=set)

    @property
    def waiting(self):
        return [school for school in self.others if school.pk not in self.agreeing | self.disagreeing]


def tally(proposal, leads=None):
    """`leads`: today's lead schools, when the caller has them already."""
    leads = list(proposal.role.alliance.lead_schools()) if leads is None else leads
    others = [school for school in leads if school.pk != proposal.role.school_id]
    ids = {school.pk for school in others}
    result = Tally(others)
    for answer in proposal.answers.all():
        if answer.school_id in ids:
            (result.agreeing if answer.agrees else result.disagreeing).add(answer.school_id)
    return result


def _lock(proposal):
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins select_related makes.
    proposal = LeadEndProposal.objects.select_for_update(of=("self",)).select_related(
        "role__alliance", "role__school", "agreement", "proposing_school"
    ).get(pk=proposal.pk)
    Alliance.objects.select_for_update().get(pk=proposal.role.alliance_id)
    return proposal


@transaction.atomic
def propose(user, role, ends_on, reason):
    """A lead school proposes the last day of another lead school's role, with the reason."""
    role = AllianceRole.objects.select_related("alliance", "school").get(pk=role.pk)
    alliance = Alliance.objects.select_for_update().get(pk=role.alliance_id)
    require(role.role == AllianceRole.Role.LEAD, "Only a lead school's role can be ended this way.")
    target = role.school
    leads = list(alliance.lead_schools())
    proposing = [school for school in leads if school.pk != target.pk and can_commit_school(user, school)]
    require(
        proposing,
        f"Only the leader or business manager of another of {alliance.name}'s lead schools can propose ending "
        f"{target.name}'s role.",
    )
    problems = []
    if not role.is_current():
        problems.append(f"{target.name} is not a lead of {alliance.name} today.")
    refusals, agreement = agreement_problems(alliance, leads)
    problems += refusals
    problems += end_date_problems(ends_on)
    reason = reason.strip()
    if not reason:
        problems.append(f"Give the reason for ending {target.name}'s role.")
    elif len(reason) > REASON_MAX:
        problems.append(f"The reason can be at most {REASON_MAX} characters.")
    remaining = [school for school in alliance.lead_schools(ends_on + timedelta(days=1)) if school.pk != target.pk]
    left = type_problems(alliance.alliance_type, remaining)
    if left:
        problems += left
        problems.append(
            f"The lead schools can settle {alliance.name}'s type first (invite another lead, or change the type), "
            f"then propose ending {target.name}'s role."
        )
    if LeadEndProposal.objects.filter(role=role, status=Status.PENDING).exists():
        problems.append(f"A proposal to end {target.name}'s role is already waiting for answers.")
    if problems:
        raise RuleBroken(problems)
    school = proposing[0]
    proposal = LeadEndProposal.objects.create(
        role=role, agreement=agreement, proposed_by=user, proposing_school=school, ends_on=ends_on, reason=reason
    )
    # Proposing is the proposing school's yes.
    LeadEndAnswer.objects.create(proposal=proposal, school=school, agrees=True, answered_by=user)
    proposal = _settle(proposal, user, leads)
    notices.lead_end_proposed(proposal)
    return proposal


def _settle(proposal, user, leads=None):
    """Carry the proposal when enough lead schools agree; refuse it when they no longer can."""
    count = tally(proposal, leads)
    rule = proposal.agreement.lead_removal
    all_ids = {school.pk for school in count.others}
    if threshold_reached(rule, count.agreeing, all_ids):
        problems = end_date_problems(proposal.ends_on)
        if problems:
            raise RuleBroken([*problems, "Withdraw this proposal and propose a new last day."])
        role = end_role(proposal.role, proposal.ends_on, proposal.reason)
        role.ended_by, role.ended_at = user, timezone.now()
        role.save(update_fields=["ended_by", "ended_at"])
        proposal.status = Status.CARRIED
    elif not threshold_reached(rule, all_ids - count.disagreeing, all_ids):
        proposal.status = Status.REFUSED
    else:
        return proposal
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


def require_answerer(user, proposal, leads=None):
    """Refused unless the person acts for one of the lead schools asked; gives the tally and
    the schools they answer for."""
    target, alliance = proposal.role.school, proposal.role.alliance
    count = tally(proposal, leads)
    mine = [school for school in count.others if can_commit_school(user, school)]
    require(
        mine,
        f"Only the leaders and business managers of {alliance.name}'s lead schools other than {target.name} answer "
        f"this proposal.",
    )
    return count, mine


@transaction.atomic
def answer(user, proposal, agrees):
    """One of the other lead schools answers, through its leader or business manager."""
    proposal = _lock(proposal)
    leads = list(proposal.role.alliance.lead_schools())
    count, mine = require_answerer(user, proposal, leads)
    if proposal.status != Status.PENDING:
        raise RuleBroken(f"This proposal is no longer waiting for answers: {proposal.get_status_display().lower()}.")
    unanswered = [school for school in mine if school in count.waiting]
    if not unanswered:
        raise RuleBroken(f"{' and '.join(school.name for school in mine)} has already answered this proposal.")
    LeadEndAnswer.objects.create(proposal=proposal, school=unanswered[0], agrees=bool(agrees), answered_by=user)
    proposal = _settle(proposal, user, leads)
    notices.lead_end_answered(proposal, unanswered[0])
    return proposal


@transaction.atomic
def withdraw(user, proposal):
    """The proposing school's people take the proposal back."""
    proposal = _lock(proposal)
    school = proposal.proposing_school
    require(can_commit_school(user, school), f"Only {school.name}'s leader or business manager can withdraw its proposal.")
    if proposal.status != Status.PENDING:
        raise RuleBroken(f"This proposal is no longer waiting for answers: {proposal.get_status_display().lower()}.")
    proposal.status, proposal.decided_at = Status.WITHDRAWN, timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    notices.answered(proposal)
    return proposal


@dataclass
class Pending:
    """A pending proposal as one person sees it."""

    proposal: LeadEndProposal
    tally: Tally
    answer_for: object = None  # the school the person answers for, if any
    may_withdraw: bool = False
    is_target: bool = False


def pending_for(user, proposals, leads_by_alliance, mine=None):
    """What each pending proposal asks of this person. `mine`: the schools they commit."""
    mine = schools_acting_for(user, MANAGING_ROLES) if mine is None else mine
    found = []
    for proposal in proposals:
        count = tally(proposal, leads_by_alliance[proposal.role.alliance_id])
        answer_for = next((school for school in count.waiting if school.pk in mine), None)
        found.append(Pending(
            proposal, count, answer_for,
            may_withdraw=proposal.proposing_school_id in mine,
            is_target=proposal.role.school_id in mine,
        ))
    return found


def _pending(alliance_ids):
    return LeadEndProposal.objects.filter(status=Status.PENDING, role__alliance_id__in=alliance_ids).select_related(
        "role__school", "role__alliance", "proposing_school", "proposed_by", "agreement"
    ).prefetch_related("answers")


def for_alliance(user, alliance):
    """The manage page's lead schools section: today's lead roles, what the agreement allows,
    and the pending proposals with what each asks of this person. One query for a single
    alliance (a lead school alone has no one to propose ending its role)."""
    mine_here = Affiliation.objects.filter(user=user, school=OuterRef("school"), role__in=MANAGING_ROLES)
    lead_roles = list(
        alliance.roles_on().filter(role=AllianceRole.Role.LEAD).select_related("school")
        .annotate(is_mine=Exists(mine_here)).order_by("school__name")
    )
    leads = [role.school for role in lead_roles]
    mine = {role.school_id for role in lead_roles if role.is_mine}
    refusals, agreement, pending = [], None, []
    if len(leads) > 1:
        refusals, agreement = agreement_problems(alliance, leads)
        pending = pending_for(user, _pending([alliance.pk]), {alliance.pk: leads}, mine)
    proposed = {item.proposal.role_id for item in pending}
    return {
        "lead_roles": [
            (role, agreement is not None and role.pk not in proposed and bool(mine - {role.school_id}))
            for role in lead_roles
        ],
        "lead_removal_refusals": refusals,
        "lead_removal_agreement": agreement,
        "lead_end_proposals": pending,
    }


def waiting_for(user, alliance_ids):
    """Pending proposals in the alliances this person runs: those they answer, those they made,
    and those about their own school."""
    proposals = list(_pending(alliance_ids))
    if not proposals:
        return []
    alliances = {proposal.role.alliance_id for proposal in proposals}
    leads = {alliance_id: [] for alliance_id in alliances}
    for role in AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, alliance_id__in=alliances).select_related("school"):
        leads[role.alliance_id].append(role.school)
    return pending_for(user, proposals, leads)
