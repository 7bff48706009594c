"""Who may see and change what: the one home of the platform's permission rules. Pages, the API
(through `alliances.api_permissions`) and the service functions all ask these predicates, so they
cannot disagree.

- **Anyone** sees the public directory and profiles (name, type, leads, members, deliverers),
  designated teaching schools and networks.
- **People of an alliance** (acting for a school or organisation that currently holds a role in
  it: lead, member or deliverer) see its members-only information: memorandum, agreement,
  history, network libraries.
- **Leaders and business managers of its current lead schools** run it: requests, members,
  payments, deliverers, memorandum, agreement, profile.
- **A school's leader or business manager** commits the school: asks to join, signs the
  memorandum or agreement, applies for designation. Its staff see, but do not commit it.
- **A member's terms and payments** are seen by that school's people, the alliance's managers and
  the Council; other members see who the members are, not what each pays.
- **Teaching Schools Council** members (the Django group) decide designations and reviews, and
  read every alliance's members-only information for that. They do not run alliances.
- **Who changed what and when** in an alliance is shown to its managers and the Council.
- **Site administrators** work through `/admin/`; on the site they have only their affiliations.
"""
from accounts.models import Affiliation
from alliances.models import AllianceRole
from alliances.rules import NotAllowed

COUNCIL_GROUP = "Teaching Schools Council"
MANAGING_ROLES = (Affiliation.Role.LEADER, Affiliation.Role.BUSINESS_MANAGER)


def require(allowed, reason):
    """Refuse with the reason (a 403 on pages and in the API) unless allowed."""
    if not allowed:
        raise NotAllowed(reason)


def is_council_member(user):
    if not (user and user.is_authenticated):
        return False
    # Cached on the user object: several checks run in one request.
    if not hasattr(user, "_is_council_member"):
        user._is_council_member = user.groups.filter(name=COUNCIL_GROUP).exists()
    return user._is_council_member


def schools_acting_for(user, roles=None):
    """Ids of the schools a user acts for (optionally only in some affiliation roles)."""
    if not (user and user.is_authenticated):
        return set()
    affiliations = user.affiliations.filter(school__isnull=False)
    if roles:
        affiliations = affiliations.filter(role__in=roles)
    return set(affiliations.values_list("school_id", flat=True))


def organisations_acting_for(user):
    if not (user and user.is_authenticated):
        return set()
    return set(user.affiliations.filter(organisation__isnull=False).values_list("organisation_id", flat=True))


def can_act_for_school(user, school, roles=None):
    return school.id in schools_acting_for(user, roles)


def can_commit_school(user, school):
    """Asking to join, signing and applying bind the whole school: its leader or business manager."""
    return can_act_for_school(user, school, MANAGING_ROLES)


def managed_alliance_ids(user):
    """Alliances the user runs today: those led by a school they lead or are business manager of."""
    schools = schools_acting_for(user, MANAGING_ROLES)
    if not schools:
        return set()
    leads = AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, school_id__in=schools)
    return set(leads.values_list("alliance_id", flat=True))


def can_manage(user, alliance):
    return alliance.pk in managed_alliance_ids(user)


def can_see_members_only(user, alliance):
    if is_council_member(user):
        return True
    schools, organisations = schools_acting_for(user), organisations_acting_for(user)
    if not (schools or organisations):
        return False
    roles = alliance.roles_on()
    return roles.filter(school_id__in=schools).exists() or roles.filter(organisation_id__in=organisations).exists()


def terms_visible_to(user, alliance, member_roles):
    """Ids of the member roles whose terms and payments the user may see."""
    if is_council_member(user) or can_manage(user, alliance):
        return {role.pk for role in member_roles}
    own = schools_acting_for(user)
    return {role.pk for role in member_roles if role.school_id in own}


def can_see_history(user, alliance):
    """Who changed what and when: the alliance's leads and the Council."""
    return is_council_member(user) or can_manage(user, alliance)


# --- Who acts for a school or organisation (accounts/affiliation_requests.py and friends) -------
# A school's leaders decide who acts for it: they approve requests, invite, change roles and
# remove. A business manager approves requests from, and invites, staff only: they run the
# school's business, not its leadership. Where a school or organisation has no leader on the
# platform yet, or a person proposes an organisation the registry lacks, the platform's support
# team (staff accounts) decides, recording why.


def holder(body):
    """The affiliation field naming this school or organisation: {"school": body} or {"organisation": body}."""
    from registry.models import School

    return {"school": body} if isinstance(body, School) else {"organisation": body}


def is_support(user):
    return bool(user and user.is_authenticated and user.is_staff)


def roles_at(user, body):
    if not (user and user.is_authenticated):
        return set()
    return set(Affiliation.objects.filter(user=user, **holder(body)).values_list("role", flat=True))


def has_leader(body):
    return Affiliation.objects.filter(role=Affiliation.Role.LEADER, **holder(body)).exists()


def can_see_people(user, body):
    """A school's people page (colleagues, requests, invitations): its leaders and business managers."""
    return bool(roles_at(user, body) & set(MANAGING_ROLES))


def can_manage_colleagues(user, body):
    """Changing roles and removing colleagues: leaders only."""
    return Affiliation.Role.LEADER in roles_at(user, body)


def can_invite(user, body, role):
    roles = roles_at(user, body)
    return Affiliation.Role.LEADER in roles or (Affiliation.Role.BUSINESS_MANAGER in roles and role == Affiliation.Role.STAFF)


def decided_by_support(affiliation_request):
    """Support decides for proposed organisations and for bodies with no leader on the platform."""
    body = affiliation_request.body
    return body is None or affiliation_request.is_proposal or not has_leader(body)


def can_decide_affiliation_request(user, affiliation_request):
    if not (user and user.is_authenticated) or affiliation_request.user_id == user.pk:
        return False  # nobody approves their own request
    if decided_by_support(affiliation_request):
        return is_support(user)
    return can_invite(user, affiliation_request.body, affiliation_request.role)


# --- Programmes and bookings (delivery/) ---------------------------------------------------------
# An alliance's managers run its programmes and see who booked them. A booking binds the school's
# time, so the school's leader or business manager decides it. Who booked, and what they said in
# an evaluation, is personal: the participant, their school's leaders and business managers, and
# the running alliance's managers see it (evaluations reach managers only as counts and unnamed
# comments).


def can_run_programme(user, programme):
    return can_manage(user, programme.alliance)


def can_decide_booking(user, booking):
    return can_commit_school(user, booking.school)


def can_see_booking(user, booking):
    if not (user and user.is_authenticated):
        return False
    return booking.participant_id == user.pk or can_decide_booking(user, booking) or can_manage(user, booking.programme.alliance)


def can_book_for_themselves(user):
    """Anyone acting for a school, in any role, books themselves onto programmes."""
    return bool(schools_acting_for(user))


# --- Initial teacher training (delivery/itt.py) --------------------------------------------------
# Trainees are people: their records are for the running alliance's managers, who record them, and
# the Council, who read them for the KPIs but never see a name. A placement school's leaders and
# business managers see only the trainees placed with them, by reference and dates.


def can_record_itt(user, alliance):
    return can_manage(user, alliance)


def can_see_trainees(user, alliance):
    return is_council_member(user) or can_manage(user, alliance)


def can_see_trainee_names(user, alliance):
    return can_manage(user, alliance)


def can_see_school_placements(user, school):
    return can_commit_school(user, school)


def can_set_national_rates(user):
    return is_council_member(user)


# --- School-to-school support and the contribution ledger (delivery/support.py, ledger.py) -------
# Support records say which school needed help and how it judged it: personal to the schools
# involved. The running alliance's managers, the supported school's people, the supporting
# school's or organisation's people and the Council see them. A ledger entry binds the
# contributing school or organisation, so its leaders and business managers answer it.


def can_see_support(user, assignment):
    if not (user and user.is_authenticated):
        return False
    if is_council_member(user) or can_manage(user, assignment.alliance):
        return True
    schools = schools_acting_for(user)
    if assignment.supported_school_id in schools or (assignment.supporting_school_id or 0) in schools:
        return True
    return (assignment.supporting_organisation_id or 0) in organisations_acting_for(user)


def can_rate_support(user, assignment):
    return can_commit_school(user, assignment.supported_school)


def can_see_ledger(user, alliance):
    return is_council_member(user) or can_manage(user, alliance)


def can_answer_contribution(user, entry):
    """Confirming or disputing an entry speaks for the contributor: its leaders and business managers."""
    return bool(roles_at(user, entry.contributor) & set(MANAGING_ROLES))


# --- Annual returns, the national roll-up and evidence packs (delivery/returns.py, documents.py) --
# A return speaks for the alliance: its managers prepare it, and each current lead teaching
# school's leader (not its business manager) signs it off for that school. The Council reads every
# alliance's returns and evidence packs, and alone asks for the national roll-up.


def can_see_returns(user, alliance):
    return is_council_member(user) or can_manage(user, alliance)


def lead_schools_led_by(user, alliance):
    """Ids of the alliance's current lead schools the user is a leader of: those they sign for."""
    schools = schools_acting_for(user, (Affiliation.Role.LEADER,))
    if not schools:
        return set()
    leads = AllianceRole.objects.on().filter(alliance=alliance, role=AllianceRole.Role.LEAD, school_id__in=schools)
    return set(leads.values_list("school_id", flat=True))


def can_ask_for_national_rollup(user):
    return is_council_member(user)
