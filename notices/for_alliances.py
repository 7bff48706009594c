"""What the alliance services tell people, and what acting settles: one function for each moment,
called in one line from the service (joining, memoranda, agreements, designation, lead_invitations,
networks, lead_removal), inside its transaction."""
from django.urls import reverse

from notices.sending import Kind, people_of, settle, tell

YOURS = "alliances:yours"  # where invitations and lead-end proposals are answered


# --- Joining an alliance --------------------------------------------------------------------


def join_requested(request):
    alliance = request.alliance
    tell(
        people_of(alliance.lead_schools()), Kind.JOIN_REQUEST, request,
        f"{request.school.name} asks to join {alliance.name}", reverse("alliances:requests", args=[alliance.slug]),
        f"Their message: {request.message}" if request.message else "",
    )


def join_decided(request):
    settle(request, [Kind.JOIN_REQUEST])
    alliance, decision = request.alliance, request.get_status_display().lower()
    tell(
        people_of([request.school]), Kind.JOIN_DECISION, request,
        f"{alliance.name} has {decision} {request.school.name}'s request to join", alliance.get_absolute_url(),
        f"The reason given: {request.decision_reason}" if request.decision_reason else "",
    )


# --- Documents to sign ------------------------------------------------------------------------


def memorandum_published(memorandum):
    alliance = memorandum.alliance
    # A new version replaces the old: nobody is asked to sign an old one any more.
    settle(type(memorandum).objects.filter(alliance=alliance, version__lt=memorandum.version))
    tell(
        people_of(alliance.member_schools()), Kind.MEMORANDUM_TO_SIGN, memorandum,
        f"Sign version {memorandum.version} of {alliance.name}'s memorandum of understanding",
        reverse("alliances:memorandum", args=[alliance.slug]),
    )


def agreement_recorded(agreement):
    alliance = agreement.alliance
    settle(type(agreement).objects.filter(alliance=alliance, version__lt=agreement.version))
    tell(
        people_of(alliance.lead_schools()), Kind.AGREEMENT_TO_SIGN, agreement,
        f"Sign version {agreement.version} of the agreement between the leads of {alliance.name}",
        reverse("alliances:agreement", args=[alliance.slug]),
    )


def signed(document, school):
    """One school signed: its own people's notices are done; the other schools' still wait."""
    settle(document, recipients=people_of([school]))


# --- Designation --------------------------------------------------------------------------------


def designation_decided(designation, decision, reason=""):
    """`decision` in words, such as "approved" or "removed after review"."""
    if designation.status != designation.Status.UNDER_REVIEW:
        settle(designation, [Kind.DESIGNATION_REVIEW])  # the review is over
    tell(
        people_of([designation.school]), Kind.DESIGNATION_DECISION, designation,
        f"{designation.school.name}'s teaching school designation: {decision}", designation.get_absolute_url(),
        f"The Council's reasons: {reason}" if reason.strip() else "",
    )


def designation_under_review(designation, reason):
    tell(
        people_of([designation.school]), Kind.DESIGNATION_REVIEW, designation,
        f"{designation.school.name}'s teaching school designation is under review", designation.get_absolute_url(),
        reason,
    )


def evidence_requested(designation, message):
    tell(
        people_of([designation.school]), Kind.DESIGNATION_REVIEW, designation,
        f"The Council asks {designation.school.name} for evidence for its designation review",
        designation.get_absolute_url(), f"What the Council asks for: {message}",
    )


def evidence_given(designation):
    settle(designation, [Kind.DESIGNATION_REVIEW])


# --- Invitations and proposals between schools and alliances --------------------------------


def lead_invited(invitation):
    tell(
        people_of([invitation.school]), Kind.LEAD_INVITATION, invitation,
        f"{invitation.alliance.name} invites {invitation.school.name} to co-lead it", reverse(YOURS),
    )


def network_invited(invitation):
    """An invitation goes to the invited alliance's leads; a request to join, to the network's."""
    from alliances.models import AllianceRole

    network, alliance = invitation.network, invitation.alliance
    if invitation.direction == invitation.Direction.INVITED:
        schools, text = alliance.lead_schools(), f"{network.name} invites {alliance.name} to join the network"
    else:
        leads = AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, alliance__in=network.alliances.all())
        schools, text = [role.school for role in leads.select_related("school")], f"{alliance.name} asks to join {network.name}"
    tell(people_of(schools), Kind.NETWORK_INVITATION, invitation, text, reverse(YOURS), invitation.message)


def answered(item):
    """An invitation or request answered or withdrawn: nobody need act on it now."""
    settle(item)


def lead_end_proposed(proposal):
    if proposal.status != proposal.Status.PENDING:
        return  # carried at once: nobody else is asked
    role = proposal.role
    others = [school for school in role.alliance.lead_schools() if school.pk not in (role.school_id, proposal.proposing_school_id)]
    tell(
        people_of(others), Kind.LEAD_END_PROPOSAL, proposal,
        f"{proposal.proposing_school.name} proposes ending {role.school.name}'s role as a lead of {role.alliance.name}",
        reverse(YOURS), f"Their reason: {proposal.reason}",
    )


def lead_end_answered(proposal, school):
    settle(proposal, recipients=people_of([school]))
    if proposal.status != proposal.Status.PENDING:
        settle(proposal)
