"""The access-control matrix: every URL the site answers (read from the URL resolver, not a list
kept by hand) × every kind of person × objects of their own alliance and of another, for reading
(GET) and for changing (POST).

Adding a URL without a row here fails `test_every_url_has_a_row`. A row says who may read and
who may write; everyone else must be refused (403, 401 or 404, or sent to sign in), and a URL
that takes no writes must refuse every POST (405).
"""
from dataclasses import dataclass
from datetime import date
from typing import Callable

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from allauth.account.models import EmailAddress, EmailConfirmationHMAC

from accounts.models import Affiliation, AffiliationInvitation, AffiliationRequest, User, token_digest
from alliances import roles
from alliances.models import (
    Agreement,
    Alliance,
    AllianceRole,
    Designation,
    LeadEndProposal,
    LeadInvitation,
    MembershipRequest,
    Network,
    NetworkInvitation,
    NetworkResource,
    SuccessorMove,
)
from alliances.permissions import COUNCIL_GROUP
from registry.models import Organisation, School
from tests.sign_in import verified, with_two_factor

ROLES = (
    "anonymous",
    "member_leader",  # leader of a member school
    "member_staff",  # staff at a member school
    "lead",  # leader of the lead teaching school
    "business_manager",  # business manager of the lead teaching school
    "deliverer_staff",  # staff at an academy trust that is a deliverer
    "council",  # Teaching Schools Council member
    "admin",  # site administrator (superuser), no affiliations
)
SCOPES = ("own", "other")
EVERYONE = ROLES
SIGNED_IN = ROLES[1:]
ALLIANCE_PEOPLE = ("member_leader", "member_staff", "lead", "business_manager", "deliverer_staff")
MANAGERS = ("lead", "business_manager")
COMMITTING = ("member_leader", "lead", "business_manager")  # lead or run a school in the alliance


def both(*roles):
    """Allowed for these people, on their own alliance's objects and on another's."""
    return frozenset((role, scope) for role in roles for scope in SCOPES)


def own(*roles):
    """Allowed for these people on their own alliance's objects only."""
    return frozenset((role, "own") for role in roles)


NOT_OFFERED = None  # the URL does not take this method: everyone gets 405 (or is refused first)
SKIP = "skip"  # Django's admin checks its own staff and CSRF rules


@dataclass(frozen=True)
class Row:
    read: frozenset | None | str
    write: frozenset | None | str = NOT_OFFERED
    args: Callable = lambda world, scope: []


def alliance_slug(world, scope):
    return [world[scope]["alliance"].slug]


def _pk(key):
    return lambda world, scope: [world[scope][key].pk]


def network_slug(world, scope):
    return [world[scope]["network"].slug]


def _network_invitation(sent_by_own_network):
    """An invitation between one scope's alliance and the other scope's network, made once per
    world. Answered by the invited alliance's leads; withdrawn by the inviting network's leads."""

    def args(world, scope):
        other = "other" if scope == "own" else "own"
        network, alliance = (world[scope], world[other]) if sent_by_own_network else (world[other], world[scope])
        key = ("sent" if sent_by_own_network else "received") + "_network_invitation"
        if key not in world[scope]:
            world[scope][key] = NetworkInvitation.objects.create(
                network=network["network"], alliance=alliance["alliance"], direction=NetworkInvitation.Direction.INVITED,
                sent_by=User.objects.get(email="admin@example.org"),
            )
        return [world[scope][key].pk]

    return args


def _lead_end(key):
    """Two more lead schools (Proposing, Leaving) in one scope's alliance, made once per world,
    and proposals to end a lead's role: `target_role` (Leaving's role, which the lead proposes to
    end), `to_answer` (Proposing proposes ending Leaving's role: the lead answers) and
    `to_withdraw` (the lead proposed ending Proposing's role: the lead withdraws)."""

    def args(world, scope):
        mine = world[scope]
        if "to_answer" not in mine:
            alliance, prefix = mine["alliance"], mine["lead"].name.split()[0]
            made = {}
            for name in ("Proposing", "Leaving"):
                school = School.objects.create(urn=990000 + len(made) + (10 if scope == "other" else 0), name=f"{prefix} {name} School")
                made[name] = AllianceRole.objects.create(alliance=alliance, role="lead", school=school, starts_on=date(2023, 9, 1))
            agreement = Agreement.objects.create(
                alliance=alliance, version=1, roles_and_responsibilities="Roles.", governance="Board.",
                lead_removal=Agreement.LeadRemoval.MAJORITY_OF_OTHERS,
            )
            proposer = User.objects.get(email="admin@example.org")
            mine["target_role"] = made["Leaving"]
            mine["to_answer"] = LeadEndProposal.objects.create(
                role=made["Leaving"], agreement=agreement, proposed_by=proposer, proposing_school=made["Proposing"].school,
                ends_on=date.today(), reason="Leaving the area",
            )
            mine["to_withdraw"] = LeadEndProposal.objects.create(
                role=made["Proposing"], agreement=agreement, proposed_by=proposer, proposing_school=mine["lead"],
                ends_on=date.today(), reason="Leaving the area",
            )
        return [mine[key].pk]

    return args


def _affiliation_request(world, scope):
    """Staff at the own member school ask to act for each scope's lead school as staff: the own
    lead school's leaders decide; the other's has no leader on the platform, so support does."""
    if "affiliation_request" not in world[scope]:
        world[scope]["affiliation_request"] = AffiliationRequest.objects.create(
            user=world["people"]["member_staff"], school=world[scope]["lead"], role="staff", note="Teacher"
        )
    return [world[scope]["affiliation_request"].pk]


def _colleague(world, scope):
    """A staff member at each scope's lead school, whose role its leaders change or who they remove."""
    if "colleague" not in world[scope]:
        user = User.objects.create_user(f"colleague@{scope}.example")
        world[scope]["colleague"] = Affiliation.objects.create(user=user, school=world[scope]["lead"], role="staff")
    return [world[scope]["colleague"].pk]


def _affiliation_invitation(world, scope):
    """An invitation to act for each scope's lead school as staff, and its link's token."""
    if "affiliation_invitation" not in world[scope]:
        token = f"matrix-token-{scope}"
        world[scope]["affiliation_invitation"] = AffiliationInvitation.objects.create(
            school=world[scope]["lead"], role="staff", email=f"invited@{scope}.example", token_digest=token_digest(token),
            invited_by=User.objects.get(email="admin@example.org"),
        )
        world[scope]["invitation_token"] = token
    return world[scope]["affiliation_invitation"]


def _delivery(key):
    """Per scope, made once per world: a published programme with a session to come, on which
    the member school's staff (own) or a stranger at the other member school (other) awaits
    approval; and one that began yesterday, on which they hold a confirmed place."""

    def args(world, scope):
        from datetime import timedelta

        from delivery.models import Booking, Programme, Session

        mine = world[scope]
        if "programme" not in mine:
            alliance = mine["alliance"]
            lead_role = alliance.roles.get(role="lead")
            participant = world["people"]["member_staff"] if scope == "own" else User.objects.create_user(f"teacher@{scope}.example")
            if scope == "other":
                Affiliation.objects.create(user=participant, school=mine["member"], role="staff")
            made = {}
            for name, day in (("programme", date.today() + timedelta(days=30)), ("running", date.today() - timedelta(days=1))):
                programme = Programme.objects.create(alliance=alliance, title=f"{name} course", kind="leadership", places=5, published=True)
                programme.led_by.add(lead_role)
                made[name] = programme
                made[f"{name}_session"] = Session.objects.create(
                    programme=programme, date=day, starts_at="09:00", ends_at="12:00", venue="Main hall"
                )
            made["awaiting"] = Booking.objects.create(
                programme=made["programme"], participant=participant, school=mine["member"], state="awaiting_approval"
            )
            made["confirmed"] = Booking.objects.create(
                programme=made["running"], participant=participant, school=mine["member"], state="confirmed"
            )
            mine.update(made)
        return [mine[key].pk]

    return args


def _attended(world, scope):
    """The confirmed booking on the programme that has begun, marked present at its session."""
    from delivery.models import Attendance

    booking_id = _delivery("confirmed")(world, scope)[0]
    if "attended" not in world[scope]:
        world[scope]["attended"] = Attendance.objects.create(
            booking_id=booking_id, session=world[scope]["running_session"], present=True
        )
    return [booking_id]


def _itt(key):
    """Per scope, made once per world: a cohort of the alliance, a trainee in it and the trainee's
    placement at the member school."""

    def args(world, scope):
        from delivery.models import Placement, Trainee, TraineeCohort

        mine = world[scope]
        if "cohort" not in mine:
            mine["cohort"] = TraineeCohort.objects.create(
                alliance=mine["alliance"], academic_year=2024, route="scitt", lead_school=mine["lead"], accredited_provider_name="Moor SCITT",
            )
            mine["trainee"] = Trainee.objects.create(cohort=mine["cohort"], reference=f"{scope}-001")
            mine["placement"] = Placement.objects.create(trainee=mine["trainee"], school=mine["member"], starts_on=date(2024, 9, 9))
        return [mine[key].pk]

    return args


def _support(key):
    """Per scope, made once per world: completed support by the lead school for the member school
    (`assignment`), with a ledger entry for the lead school recorded by someone else (`entry`)."""

    def args(world, scope):
        from decimal import Decimal

        from delivery.models import Contribution, ExpertiseArea, SupportAssignment

        mine = world[scope]
        if "assignment" not in mine:
            mine["assignment"] = SupportAssignment.objects.create(
                alliance=mine["alliance"], supported_school=mine["member"], supporting_school=mine["lead"],
                focus_area=ExpertiseArea.objects.get(name="Phonics"), objectives="Phonics screening", success_criteria="90% pass",
                starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 28), days_planned=Decimal(4), days_delivered=Decimal(4),
                outcome="Met", state="completed",
            )
            mine["entry"] = Contribution.objects.create(
                record=mine["assignment"], alliance=mine["alliance"], school=mine["lead"], unit="days", amount=Decimal(3),
                area="school_support", delivered_on=date(2025, 3, 28), recorded_by=User.objects.get(email="admin@example.org"),
            )
        return [mine[key].pk]

    return args


def _support_link(world, scope):
    """A live confirmation link for each scope's support record, and its token."""
    from delivery.models import SupportConfirmationLink

    mine = world[scope]
    if "support_token" not in mine:
        _support("assignment")(world, scope)
        mine["support_token"] = f"matrix-support-{scope}-" + "x" * 43
        SupportConfirmationLink.objects.create(
            assignment=mine["assignment"], email=f"office@{scope}.example", token_digest=token_digest(mine["support_token"]),
        )
    return [mine["support_token"]]


def _returns(key):
    """Per scope, made once per world: a draft annual return of the alliance (`annual_return`) and
    a ready evidence pack with its PDF (`evidence_pack`, `evidence_file`)."""

    def args(world, scope):
        from delivery.models import AnnualReturn, DocumentFile, PreparedDocument

        mine = world[scope]
        if "annual_return" not in mine:
            mine["annual_return"] = AnnualReturn.objects.create(alliance=mine["alliance"], academic_year=2024, version=1, ledger_fingerprint="x")
            mine["evidence_pack"] = PreparedDocument.objects.create(kind="evidence_pack", alliance=mine["alliance"], academic_year=2024, status="ready")
            mine["evidence_file"] = DocumentFile.objects.create(
                document=mine["evidence_pack"], name="pack.pdf", content_type="application/pdf", size=8, data=b"%PDF-1.4"
            )
        if key == "evidence_file":
            return [mine["evidence_pack"].pk, mine["evidence_file"].pk]
        return [mine[key].pk]

    return args


def _expertise_area(world, scope):
    """An area of the national list: its id is whatever the list was loaded with (PostgreSQL's
    sequences move on when a transactional test reloads it)."""
    from delivery.models import ExpertiseArea

    return [ExpertiseArea.objects.order_by("pk").values_list("pk", flat=True).first()]


def _brokerage(key):
    """Per scope, made once per world: SLE records at the member school with the lead teaching
    school as assessor: `sle` (the member school's staff, designated, in the own scope; someone
    else there in the other), `awaiting_consent` and `awaiting_assessment` (two more teachers),
    and the member school's `need` and `offer`."""

    def args(world, scope):
        from decimal import Decimal

        from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
        from delivery.models import ExpertiseArea

        mine = world[scope]
        if "sle" not in mine:
            maths = ExpertiseArea.objects.get(name="Maths")

            def record(person, state):
                sle = SpecialistLeader.objects.create(
                    person=person, school=mine["member"], teaching_school=mine["lead"], current_role="middle_leader",
                    leadership_years=4, evidence="Led maths", state=state,
                )
                sle.areas.add(maths)
                return sle

            def teacher(name):
                user = User.objects.create_user(f"{name}@{scope}.example")
                Affiliation.objects.create(user=user, school=mine["member"], role="staff")
                return user

            mine["sle"] = record(world["people"]["member_staff"] if scope == "own" else teacher("sle"), "designated")
            mine["awaiting_consent"] = record(teacher("applicant"), "awaiting_consent")
            mine["awaiting_assessment"] = record(teacher("consented"), "awaiting_assessment")
            mine["need"] = SchoolNeed.objects.create(school=mine["member"], area=maths, phase="Primary", days_wanted=Decimal(5))
            mine["offer"] = SchoolOffer.objects.create(school=mine["member"], area=maths, given_by="Maths team", days_per_year=Decimal(5))
        if key in ("requested_deployment", "released_deployment") and key not in mine:
            _deployments(mine, scope)
        return [mine[key].pk]

    return args


def _deployments(mine, scope):
    """The member school's SLE asked for by a member school of the alliance with nobody in the
    matrix's roles, brokered by the lead teaching school for its alliance (so its managers may agree
    for it): one deployment waiting for the release, one released."""
    from decimal import Decimal

    from brokerage.models import Deployment, SchoolNeed

    receiving = School.objects.create(urn=990000 + len(scope), name=f"{scope.title()} Receiving Academy", phase="Secondary", status="open")
    AllianceRole.objects.create(alliance=mine["alliance"], role="member", school=receiving, starts_on=date(2024, 9, 1))
    need = SchoolNeed.objects.create(school=receiving, area=mine["need"].area, phase="Secondary", days_wanted=Decimal(5))
    for key, state in (("requested_deployment", "requested"), ("released_deployment", "released")):
        mine[key] = Deployment.objects.create(
            need=need, receiving_school=receiving, specialist_leader=mine["sle"], home_school=mine["member"], brokering_school=mine["lead"],
            alliance=mine["alliance"], days_requested=Decimal(2), state=state,
        )


def _progress(key):
    """Per scope, made once per world, for the pages after a deployment's agreement: an SLE of
    the lead teaching school deployed to the member school, brokered by the alliance, with its
    support record: `agreed_deployment` (in progress) and `reported_deployment` (its final report
    written). The member school's leader is the receiving side; the lead school's leader and
    business manager are the home school and the broker; the SLE is nobody in the matrix."""

    def args(world, scope):
        from datetime import timedelta
        from decimal import Decimal

        from brokerage.models import Deployment, SchoolNeed, SpecialistLeader
        from delivery.models import ExpertiseArea, SupportAssignment

        mine = world[scope]
        if "agreed_deployment" not in mine:
            maths = ExpertiseArea.objects.get(name="Maths")
            person = User.objects.create_user(f"sle-lead@{scope}.example")
            Affiliation.objects.create(user=person, school=mine["lead"], role="staff")
            sle = SpecialistLeader.objects.create(
                person=person, school=mine["lead"], teaching_school=mine["lead"], current_role="senior_leader",
                leadership_years=6, evidence="Led maths", state="designated",
            )
            starts, ends = date.today() - timedelta(days=30), date.today() + timedelta(days=30)
            for name, state in (("agreed_deployment", "agreed"), ("reported_deployment", "reported")):
                record = SupportAssignment.objects.create(
                    alliance=mine["alliance"], supported_school=mine["member"], supporting_school=mine["lead"], focus_area=maths,
                    objectives="Algebra", success_criteria="Scores up", starts_on=starts, ends_on=ends, days_planned=Decimal(4),
                    days_delivered=Decimal(4 if state == "reported" else 0), state="completed" if state == "reported" else "in_progress",
                )
                mine[name] = Deployment.objects.create(
                    need=SchoolNeed.objects.create(school=mine["member"], area=maths, phase="Primary", days_wanted=Decimal(4)),
                    receiving_school=mine["member"], specialist_leader=sle, home_school=mine["lead"], brokering_school=mine["lead"],
                    alliance=mine["alliance"], days_requested=Decimal(4), days=Decimal(4), state=state, objectives="Algebra",
                    success_criteria="Scores up", starts_on=starts, ends_on=ends, support_record=record,
                    days_delivered=Decimal(4) if state == "reported" else None, final_report="Done" if state == "reported" else "",
                )
        return [mine[key].pk]

    return args


def _matching_run(world, scope):
    """Per scope, made once per world: a finished run over the alliance's needs, started by the
    own alliance's lead (own) or by someone outside the matrix (other)."""
    from brokerage.models import MatchingRun

    mine = world[scope]
    if "matching_run" not in mine:
        starter = world["people"]["lead"] if scope == "own" else User.objects.create_user(f"broker@{scope}.example")
        mine["matching_run"] = MatchingRun.objects.create(
            scope="alliance", alliance=mine["alliance"], travel_limit_km=25, started_by=starter, state="finished",
            progress="Finished: 0 of 0 needs met in full.", problems=["There are no needs to match."],
        )
    return [mine["matching_run"].pk]


def _run_proposal(world, scope):
    """Per scope: the run above proposing the member school's SLE for the member school's need."""
    from brokerage.models import MatchProposal

    _brokerage("need")(world, scope)
    _matching_run(world, scope)
    mine = world[scope]
    if "run_proposal" not in mine:
        mine["run_proposal"] = MatchProposal.objects.create(
            run=mine["matching_run"], need=mine["need"], specialist_leader=mine["sle"], days=2, distance_km=0.0,
            priority=1, explanation="An SLE in the need's area, at the same school.",
        )
    return [mine["run_proposal"].pk]


PUBLIC = Row(read=both(*EVERYONE))


def _notice(world, scope):
    """A notice for the lead's head (own), or for someone outside the matrix (other)."""
    from notices.sending import Kind, tell

    key = "notice"
    if key not in world[scope]:
        who = world["people"]["lead"] if scope == "own" else User.objects.create_user("elsewhere@example.org")
        alliance = world[scope]["alliance"]
        world[scope][key] = tell([who], Kind.JOIN_REQUEST, alliance, "A school asks to join", "/alliances/yours/")[0]
    return [world[scope][key].pk]


MATRIX = {
    # Registry and site pages: public, read-only.
    "home": PUBLIC,
    "data-sources": PUBLIC,
    "registry:schools": PUBLIC,
    "registry:school": Row(read=both(*EVERYONE), args=lambda w, s: [w[s]["member"].urn]),
    "registry:organisations": PUBLIC,
    "registry:organisation": Row(read=both(*EVERYONE), args=_pk("trust")),
    # Accounts (allauth's pages at accounts/allauth_urls.py). Signing in, up and out, confirming an
    # address and resetting a password are open to everyone (a signed-in person is sent on).
    "account_login": Row(read=both(*EVERYONE), write=both(*EVERYONE)),
    "account_logout": Row(read=both(*EVERYONE), write=both(*EVERYONE)),
    "account_inactive": PUBLIC,
    "account_signup": Row(read=both(*EVERYONE), write=both(*EVERYONE)),
    "account_email_verification_sent": PUBLIC,
    # Confirming (POST) verifies the address and sends the person to sign in, which the matrix
    # cannot tell from a refusal; tests/accounts/test_sign_up.py follows it through.
    "account_confirm_email": Row(read=both(*EVERYONE), write=frozenset(), args=lambda w, s: [w["confirmation_key"]]),
    "account_reset_password": Row(read=both(*EVERYONE), write=both(*EVERYONE)),
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": Row(read=both(*EVERYONE), write=both(*EVERYONE), args=lambda w, s: ["1", "not-a-key"]),
    "account_reset_password_from_key_done": PUBLIC,
    # The second step of signing in: sends the signed-out to sign in and the signed-in on.
    "mfa_authenticate": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    # Your own account's email, password and two-factor.
    "accounts:account": Row(read=both(*SIGNED_IN)),
    "account_email": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "account_change_password": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "account_set_password": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "account_reauthenticate": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "mfa_index": Row(read=both(*SIGNED_IN)),
    "mfa_reauthenticate": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "mfa_activate_totp": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    # Turning two-factor off and recovery codes: for those who have it (a 404 for the others).
    # Each asks for the password again first (force_login is not a recent sign-in), POST included.
    "mfa_deactivate_totp": Row(read=both("council", "admin"), write=both("council", "admin")),
    "mfa_view_recovery_codes": Row(read=both("council", "admin")),
    "mfa_generate_recovery_codes": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "mfa_download_recovery_codes": Row(read=both("council", "admin"), write=both("council", "admin")),
    # Alliances: public directory and profiles; signed-in pages; members-only and managers' pages.
    "alliances:directory": PUBLIC,
    "alliances:finder": PUBLIC,
    "alliances:yours": Row(read=both(*SIGNED_IN)),
    "alliances:start": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "alliances:alliance": Row(read=both(*EVERYONE), args=alliance_slug),
    "alliances:join": Row(read=both(*COMMITTING), write=both(*COMMITTING), args=alliance_slug),
    "alliances:requests": Row(read=own(*MANAGERS), args=alliance_slug),
    "alliances:manage": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    "alliances:history": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "alliances:edit": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    # GET asks the alliance's managers to confirm, with the last day and a reason; POST ends it.
    "alliances:end-role": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_pk("member_role")),
    "alliances:payment": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_pk("member_role")),
    "alliances:memorandum": Row(
        read=own(*ALLIANCE_PEOPLE) | both("council"), write=own("member_leader", *MANAGERS), args=alliance_slug
    ),
    "alliances:agreement": Row(read=own(*ALLIANCE_PEOPLE) | both("council"), write=own(*MANAGERS), args=alliance_slug),
    "alliances:accept": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_pk("request")),
    "alliances:decline": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_pk("request")),
    "alliances:confirm-move": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_pk("move")),
    # Designations: designated schools are public; the Council decides; the school appeals.
    "alliances:teaching-schools": PUBLIC,
    "alliances:apply": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "alliances:designation": Row(read=both(*EVERYONE), write=both("council") | own(*MANAGERS), args=_pk("designation")),
    "alliances:council": Row(read=both("council")),
    "alliances:settle-leadership": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=alliance_slug),
    "alliances:invite-lead": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=alliance_slug),
    "alliances:accept-lead": Row(read=NOT_OFFERED, write=own("member_leader"), args=_pk("lead_invitation")),
    "alliances:decline-lead": Row(read=NOT_OFFERED, write=own("member_leader"), args=_pk("lead_invitation")),
    # Another lead school proposes ending a lead's role; the other leads answer; the proposer withdraws.
    "alliances:propose-lead-end": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_lead_end("target_role")),
    "alliances:answer-lead-end": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_lead_end("to_answer")),
    "alliances:withdraw-lead-end": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_lead_end("to_withdraw")),
    # Networks: public with their alliances; the library is for their own people.
    "alliances:networks": PUBLIC,
    "alliances:network": Row(read=both(*EVERYONE), write=own(*MANAGERS), args=lambda w, s: [w[s]["network"].slug]),
    "alliances:network-document": Row(
        read=own(*ALLIANCE_PEOPLE) | both("council"),
        args=lambda w, s: [w[s]["network"].slug, w[s]["document"].pk],
    ),
    # Leads propose networks, invite, ask to join, answer and leave; the Council runs none.
    "alliances:propose-network": Row(read=both(*MANAGERS), write=both(*MANAGERS)),
    "alliances:network-invite": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=network_slug),
    "alliances:network-ask": Row(read=NOT_OFFERED, write=both(*MANAGERS), args=network_slug),
    "alliances:network-leave": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=network_slug),
    "alliances:network-accept": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_network_invitation(sent_by_own_network=False)),
    "alliances:network-decline": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_network_invitation(sent_by_own_network=False)),
    "alliances:network-withdraw": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_network_invitation(sent_by_own_network=True)),
    # The API: read-only; membership lists for the alliance's people and the Council.
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    "school-list": PUBLIC,
    "school-detail": Row(read=both(*EVERYONE), args=lambda w, s: [w[s]["member"].urn]),
    "organisation-list": PUBLIC,
    "organisation-detail": Row(read=both(*EVERYONE), args=_pk("trust")),
    "alliance-list": PUBLIC,
    "alliance-detail": Row(read=both(*EVERYONE), args=alliance_slug),
    "alliance-memberships": Row(read=own(*ALLIANCE_PEOPLE) | both("council"), args=alliance_slug),
    "designation-list": PUBLIC,
    "designation-detail": Row(read=both(*EVERYONE), args=_pk("designation")),
    "network-list": PUBLIC,
    "network-detail": Row(read=both(*EVERYONE), args=network_slug),
    # The delivery API (delivery/api.py): published programmes for everyone, booking for anyone
    # signed in (an empty request is a 400 naming the school); every other list for the signed in,
    # holding only the rows they may see (404 for any other); writes as on the pages.
    "programme-list": PUBLIC,
    "programme-detail": Row(read=both(*EVERYONE), args=_delivery("programme")),
    "programme-book": Row(read=NOT_OFFERED, write=both(*SIGNED_IN), args=_delivery("programme")),
    "booking-list": Row(read=both(*SIGNED_IN)),
    "booking-detail": Row(read=own("member_staff", "member_leader", *MANAGERS), args=_delivery("awaiting")),
    "booking-approve": Row(read=NOT_OFFERED, write=own("member_leader"), args=_delivery("awaiting")),
    "booking-refuse": Row(read=NOT_OFFERED, write=own("member_leader"), args=_delivery("awaiting")),
    "booking-cancel": Row(read=NOT_OFFERED, write=own("member_staff"), args=_delivery("awaiting")),
    "support-assignment-list": Row(read=both(*SIGNED_IN)),
    "support-assignment-detail": Row(
        read=own(*MANAGERS, "member_leader", "member_staff") | both("council"), args=_support("assignment")
    ),
    "trainee-cohort-list": Row(read=both(*SIGNED_IN)),
    "trainee-cohort-detail": Row(read=own(*MANAGERS) | both("council"), args=_itt("cohort")),
    "trainee-list": Row(read=both(*SIGNED_IN)),
    "trainee-detail": Row(read=own(*MANAGERS) | both("council"), args=_itt("trainee")),
    "placement-list": Row(read=both(*SIGNED_IN)),
    "placement-detail": Row(read=own(*MANAGERS, "member_leader") | both("council"), args=_itt("placement")),
    "contribution-list": Row(read=both(*SIGNED_IN)),
    "contribution-detail": Row(read=own(*MANAGERS) | both("council"), args=_support("entry")),
    "contribution-confirm": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("entry")),
    "contribution-dispute": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("entry")),
    "alliance-agreements": Row(read=own(*ALLIANCE_PEOPLE) | both("council"), args=alliance_slug),
    # Every /admin/ URL: site administrators only.
    "admin:index": Row(read=both("admin"), write=SKIP),
    # Acting for a school or organisation (accounts/affiliation_requests.py and friends). Anyone
    # signed in asks (refusals, like asking again, are form errors); the school's leaders, and its
    # business managers for staff, decide, invite and see its people; support (staff accounts:
    # the admin here) decides where a school has no leader on the platform (the other lead school).
    "accounts:your-schools": Row(read=both(*SIGNED_IN)),
    "accounts:act-for": Row(read=both(*SIGNED_IN)),
    "accounts:act-for-school": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN), args=lambda w, s: [w[s]["lead"].urn]),
    "accounts:act-for-organisation": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN), args=_pk("trust")),
    "accounts:propose-organisation": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "accounts:withdraw-request": Row(read=NOT_OFFERED, write=both("member_staff"), args=_affiliation_request),
    "accounts:approve-request": Row(
        read=NOT_OFFERED, write=own(*MANAGERS) | frozenset({("admin", "other")}), args=_affiliation_request
    ),
    "accounts:refuse-request": Row(
        read=NOT_OFFERED, write=own(*MANAGERS) | frozenset({("admin", "other")}), args=_affiliation_request
    ),
    "accounts:change-role": Row(read=NOT_OFFERED, write=own("lead"), args=_colleague),
    "accounts:remove-affiliation": Row(read=NOT_OFFERED, write=own("lead"), args=_colleague),
    "accounts:school-people": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=lambda w, s: [w[s]["lead"].urn]),
    # The trust has staff only: nobody here leads or runs it.
    "accounts:organisation-people": Row(read=frozenset(), write=frozenset(), args=_pk("trust")),
    "accounts:withdraw-invitation": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=lambda w, s: [_affiliation_invitation(w, s).pk]),
    # The link shows the invitation to whoever holds it; accepting needs sign-in (refusals are shown on the page).
    "accounts:accept-invitation": Row(
        read=both(*EVERYONE), write=both(*SIGNED_IN),
        args=lambda w, s: [_affiliation_invitation(w, s) and w[s]["invitation_token"]],
    ),
    "accounts:support": Row(read=both("admin")),
    # Personal data: the privacy page and the page after deleting are public; downloading and
    # deleting act only on the signed-in person's own account (no id in the address). A POST
    # without the password is a form error, so deleting is "allowed" here; its refusals and
    # success are in tests/accounts/test_personal_data.py.
    "accounts:privacy": PUBLIC,
    "accounts:change-name": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "accounts:download-data": Row(read=both(*SIGNED_IN)),
    "accounts:delete-account": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "accounts:account-deleted": PUBLIC,
    # Programmes (delivery/): anyone browses published ones; anyone acting for a school books
    # (an empty form is shown again); the running alliance's managers run them and see who
    # booked; the school's leader decides its staff's bookings; the participant cancels and evaluates.
    "delivery:programmes": PUBLIC,
    "delivery:programme": Row(read=both(*EVERYONE), args=_delivery("programme")),
    "delivery:book": Row(read=NOT_OFFERED, write=both(*COMMITTING, "member_staff"), args=_delivery("programme")),
    "delivery:alliance-programmes": Row(read=own(*MANAGERS), args=alliance_slug),
    "delivery:new-programme": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    "delivery:edit-programme": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_delivery("programme")),
    "delivery:add-session": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_delivery("programme")),
    "delivery:remove-session": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_delivery("programme_session")),
    "delivery:publish": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_delivery("programme")),
    "delivery:programme-bookings": Row(read=own(*MANAGERS), args=_delivery("programme")),
    "delivery:evaluation-summary": Row(read=own(*MANAGERS), args=_delivery("programme")),
    "delivery:attendance": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_delivery("running_session")),
    "delivery:school-bookings": Row(read=own("member_leader"), write=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    "delivery:approve-booking": Row(read=NOT_OFFERED, write=own("member_leader"), args=_delivery("awaiting")),
    "delivery:refuse-booking": Row(read=NOT_OFFERED, write=own("member_leader"), args=_delivery("awaiting")),
    "delivery:cancel-booking": Row(read=NOT_OFFERED, write=own("member_staff"), args=_delivery("awaiting")),
    "delivery:evaluate": Row(read=own("member_staff"), write=own("member_staff"), args=_delivery("confirmed")),
    "delivery:your-bookings": Row(read=both(*SIGNED_IN)),
    # Paperwork: the certificate for the participant, their school's leaders and the running
    # alliance's managers; invoice lines (fees) for the managers (a programme's) and the school's
    # leaders and business managers (their own school's), nobody else.
    "delivery:certificate": Row(read=own("member_staff", "member_leader", *MANAGERS), args=_attended),
    "delivery:programme-invoice-lines": Row(read=own(*MANAGERS), args=_delivery("programme")),
    "delivery:school-invoice-lines": Row(read=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    # Each person's own notices and email choices; marking done is for the notice's recipient only.
    "notices:list": Row(read=both(*SIGNED_IN)),
    "notices:email-choices": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "notices:done": Row(read=NOT_OFFERED, write=own("lead"), args=_notice),
    # Initial teacher training (delivery/itt.py): trainees are seen by the running alliance's
    # managers, who record them, and read by the Council; a placement school's leaders see the
    # trainees placed there; the Council enters national rates.
    "delivery:itt": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "delivery:new-cohort": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    "delivery:cohort": Row(read=own(*MANAGERS) | both("council"), args=_itt("cohort")),
    "delivery:add-trainee": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_itt("cohort")),
    "delivery:bulk-add-trainees": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_itt("cohort")),
    "delivery:cohort-entries": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_itt("cohort")),
    "delivery:trainee": Row(read=own(*MANAGERS) | both("council"), args=_itt("trainee")),
    "delivery:record-outcome": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_itt("trainee")),
    "delivery:add-placement": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_itt("trainee")),
    "delivery:end-placement": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_itt("placement")),
    "delivery:school-placements": Row(read=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    "delivery:national-rates": Row(read=both("council"), write=both("council")),
    # School-to-school support and the contribution ledger (delivery/support.py, ledger.py). Support
    # records are personal to the schools involved: the running alliance's managers, the supported
    # (member) and supporting (lead) schools' people and the Council read them; managers change
    # them and keep the ledger; the supported school's leader rates; the contributor's leaders and
    # business managers confirm or dispute its entries (the trust has staff only: nobody answers).
    "delivery:alliance-support": Row(read=own(*MANAGERS), args=alliance_slug),
    "delivery:new-support": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    "delivery:support-assignment": Row(
        read=own(*MANAGERS, "member_leader", "member_staff") | both("council"), args=_support("assignment")
    ),
    "delivery:edit-support": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_support("assignment")),
    "delivery:complete-support": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_support("assignment")),
    "delivery:rate-support": Row(read=NOT_OFFERED, write=own("member_leader"), args=_support("assignment")),
    "delivery:support-entries": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("assignment")),
    # Assurance (delivery/assurance.py): the link is the key, so whoever holds it sees the record
    # and answers (an empty answer is a 400 naming the fields); managers send it and resolve disputes.
    "delivery:answer-support": Row(read=both(*EVERYONE), write=both(*EVERYONE), args=_support_link),
    "delivery:ask-school": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("assignment")),
    "delivery:resolve-support-dispute": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_support("assignment")),
    "delivery:alliance-ledger": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "delivery:accept-suggestions": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=alliance_slug),
    "delivery:school-contributions": Row(read=own(*MANAGERS), args=lambda w, s: [w[s]["lead"].urn]),
    "delivery:organisation-contributions": Row(read=frozenset(), args=_pk("trust")),
    "delivery:confirm-contribution": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("entry")),
    "delivery:dispute-contribution": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("entry")),
    "delivery:void-contribution": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_support("entry")),
    "delivery:correct-contribution": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_support("entry")),
    # Uploads (delivery/uploads/): whoever records the records by form, the alliance's managers,
    # and only for their own alliance or programme. The rows in error and the success page send
    # a manager with nothing kept back to the upload page; a POST without a file shows the form.
    "delivery:uploads": Row(read=own(*MANAGERS), args=alliance_slug),
    "delivery:upload": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=lambda world, scope: [*alliance_slug(world, scope), "support"]),
    "delivery:upload-template": Row(read=own(*MANAGERS), args=lambda world, scope: [*alliance_slug(world, scope), "trainees", "xlsx"]),
    "delivery:upload-errors": Row(read=own(*MANAGERS), args=lambda world, scope: [*alliance_slug(world, scope), "contributions", "csv"]),
    "delivery:upload-done": Row(read=own(*MANAGERS), args=lambda world, scope: [*alliance_slug(world, scope), "programmes"]),
    "delivery:upload-attendance": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_delivery("running")),
    "delivery:upload-attendance-template": Row(read=own(*MANAGERS), args=lambda world, scope: [*_delivery("running")(world, scope), "xlsx"]),
    "delivery:upload-attendance-errors": Row(read=own(*MANAGERS), args=lambda world, scope: [*_delivery("running")(world, scope), "csv"]),
    "delivery:upload-attendance-done": Row(read=own(*MANAGERS), args=_delivery("running")),
    # Annual returns (delivery/returns.py): the alliance's managers prepare and read them, the
    # Council reads every alliance's; only a lead school's leader signs (not its business manager).
    "delivery:alliance-returns": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "delivery:prepare-return": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=alliance_slug),
    "delivery:annual-return": Row(read=own(*MANAGERS) | both("council"), args=_returns("annual_return")),
    "delivery:sign-return": Row(read=NOT_OFFERED, write=own("lead"), args=_returns("annual_return")),
    "delivery:return-notes": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_returns("annual_return")),
    "delivery:annual-return-csv": Row(read=own(*MANAGERS) | both("council"), args=_returns("annual_return")),
    "delivery:annual-return-xlsx": Row(read=own(*MANAGERS) | both("council"), args=_returns("annual_return")),
    "annual-return-list": Row(read=both(*SIGNED_IN)),
    "annual-return-detail": Row(read=own(*MANAGERS) | both("council"), args=_returns("annual_return")),
    # The national roll-up is the Council's; evidence packs are the alliance's managers' and the Council's.
    "delivery:national-rollup": Row(read=both("council"), write=both("council")),
    "delivery:evidence-packs": Row(read=own(*MANAGERS) | both("council"), write=own(*MANAGERS) | both("council"), args=alliance_slug),
    "delivery:prepared-document": Row(read=own(*MANAGERS) | both("council"), args=_returns("evidence_pack")),
    "delivery:document-file": Row(read=own(*MANAGERS) | both("council"), args=_returns("evidence_file")),
    # The contribution review (delivery/review.py): read by the alliance's managers and the
    # Council, as the ledger is; success criteria are set by the managers; the Council's list of
    # every alliance, and the same in the API.
    "delivery:alliance-review": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "delivery:success-criteria": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=alliance_slug),
    "delivery:council-reviews": Row(read=both("council")),
    "alliance-review": Row(read=own(*MANAGERS) | both("council"), args=alliance_slug),
    "review-list": Row(read=both("council")),
    # Specialist leaders of education and schools' needs and offers (brokerage/). An SLE's record
    # (name, email, track record) is for the SLE, their school's and teaching school's leaders and
    # business managers and their alliances' leads; the directory (areas, schools, days) for anyone
    # signed in. The school's leader consents; the teaching school's leader assesses, sets the
    # capacity and ends. A school's needs and offers are read by its people, its alliances' leads
    # and the Council, and changed by its leaders and business managers. The Council keeps the
    # areas of expertise. Empty forms are shown again with their errors.
    "brokerage:directory": Row(read=both(*SIGNED_IN)),
    # The API (brokerage/api.py) answers with the same visibility: rows nobody may see are a 404.
    "specialist-leader-list": Row(read=both(*SIGNED_IN)),
    "specialist-leader-detail": Row(read=own("member_staff", "member_leader", *MANAGERS), args=_brokerage("sle")),
    "school-need-list": Row(read=both(*SIGNED_IN)),
    "school-need-detail": Row(read=own("member_leader", "member_staff", *MANAGERS) | both("council"), args=_brokerage("need")),
    "school-offer-list": Row(read=both(*SIGNED_IN)),
    "school-offer-detail": Row(read=own("member_leader", "member_staff", *MANAGERS) | both("council"), args=_brokerage("offer")),
    "brokerage:apply": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "brokerage:yours": Row(read=both(*SIGNED_IN)),
    "brokerage:sle": Row(read=own("member_staff", "member_leader", *MANAGERS), args=_brokerage("sle")),
    "brokerage:consent": Row(read=own("member_leader"), write=own("member_leader"), args=_brokerage("awaiting_consent")),
    "brokerage:assess": Row(read=own("lead"), write=own("lead"), args=_brokerage("awaiting_assessment")),
    "brokerage:capacity": Row(read=NOT_OFFERED, write=own("lead"), args=_brokerage("sle")),
    "brokerage:end": Row(read=own("lead"), write=own("lead"), args=_brokerage("sle")),
    # Only the applicant withdraws (a designated record is not withdrawn: the refusal is shown on its page).
    "brokerage:withdraw": Row(read=NOT_OFFERED, write=own("member_staff"), args=_brokerage("sle")),
    "brokerage:school-sles": Row(read=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    "brokerage:assessments": Row(read=own(*MANAGERS), args=lambda w, s: [w[s]["lead"].urn]),
    "brokerage:profile": Row(
        read=own("member_leader", "member_staff", *MANAGERS) | both("council"), args=lambda w, s: [w[s]["member"].urn]
    ),
    "brokerage:new-need": Row(read=own("member_leader"), write=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    "brokerage:edit-need": Row(read=own("member_leader"), write=own("member_leader"), args=_brokerage("need")),
    "brokerage:new-offer": Row(read=own("member_leader"), write=own("member_leader"), args=lambda w, s: [w[s]["member"].urn]),
    "brokerage:edit-offer": Row(read=own("member_leader"), write=own("member_leader"), args=_brokerage("offer")),
    "brokerage:areas": Row(read=both("council"), write=both("council")),
    "brokerage:edit-area": Row(read=both("council"), write=both("council"), args=_expertise_area),
    # Deployments (brokerage/deployments.py). The receiving school's managers, or the leaders of a
    # teaching school whose alliance it is in (brokers), ask for support for a need. A deployment, its day rate and fee are
    # seen by the SLE (member_staff in the own scope), the home school's (member), the brokering
    # school's (lead) and, here outside the roles, the receiving school's leaders and business
    # managers, the brokering alliance's leads and the Council. The home school's leader releases;
    # the alliance's managers (or the receiving school) agree; the receiving school, the home
    # school's leader or the alliance's managers cancel. The list shows each person their own.
    "brokerage:request-support": Row(read=own("member_leader", "lead"), write=own("member_leader", "lead"), args=_brokerage("need")),
    "brokerage:deployments": Row(read=both(*SIGNED_IN)),
    "brokerage:deployment": Row(read=own("member_staff", "member_leader", *MANAGERS) | both("council"), args=_brokerage("requested_deployment")),
    "brokerage:release": Row(read=own("member_leader"), write=own("member_leader"), args=_brokerage("requested_deployment")),
    "brokerage:agree": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_brokerage("released_deployment")),
    "brokerage:cancel": Row(read=own("member_leader", *MANAGERS), write=own("member_leader", *MANAGERS), args=_brokerage("released_deployment")),
    # The API the same (brokerage/api.py). An empty POST asking for support is a 400 naming the
    # need, for anyone signed in; each step is refused (404) to those who do not see the
    # deployment and (403) to those who see it but may not take the step, before the input is read.
    "deployment-list": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "deployment-detail": Row(read=own("member_staff", "member_leader", *MANAGERS) | both("council"), args=_brokerage("requested_deployment")),
    "deployment-release": Row(read=NOT_OFFERED, write=own("member_leader"), args=_brokerage("requested_deployment")),
    "deployment-agree": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_brokerage("released_deployment")),
    "deployment-cancel": Row(read=NOT_OFFERED, write=own("member_leader", *MANAGERS), args=_brokerage("released_deployment")),
    # An agreed deployment's progress (brokerage/deployment_progress.py): the receiving school's
    # leaders and business managers, the SLE, the home school's and the broker's review; the SLE,
    # the home school or the broker report; only the receiving school confirms the impact.
    "brokerage:review-deployment": Row(
        read=own("member_leader", *MANAGERS), write=own("member_leader", *MANAGERS), args=_progress("agreed_deployment")
    ),
    "brokerage:report-deployment": Row(read=own(*MANAGERS), write=own(*MANAGERS), args=_progress("agreed_deployment")),
    "brokerage:confirm-impact": Row(read=own("member_leader"), write=own("member_leader"), args=_progress("reported_deployment")),
    # The API the same; the reviews are read by whoever sees the deployment.
    "deployment-reviews": Row(
        read=own("member_leader", *MANAGERS) | both("council"), write=own("member_leader", *MANAGERS), args=_progress("agreed_deployment")
    ),
    "deployment-final-report": Row(read=NOT_OFFERED, write=own(*MANAGERS), args=_progress("agreed_deployment")),
    "deployment-impact": Row(read=NOT_OFFERED, write=own("member_leader"), args=_progress("reported_deployment")),
    # Matching runs (brokerage/runs.py): started by a school's leaders and business managers (the
    # member's head), an alliance's managers and the Council (for every school); an empty form is
    # shown again. A run is seen by its starter, the Council and the managers of its school or
    # alliance; the list holds the runs the person may see (perhaps none). The API the same; an
    # empty POST is a 400 naming the fields.
    "brokerage:runs": Row(read=both(*SIGNED_IN)),
    "brokerage:new-run": Row(read=both("member_leader", *MANAGERS, "council"), write=both("member_leader", *MANAGERS, "council")),
    "brokerage:run": Row(read=own(*MANAGERS) | both("council"), args=_matching_run),
    # Taking a run's proposal up: those who see the run and may ask for the need's support (the
    # need's school's managers, or a teaching school's leader as a broker): the own lead here.
    "brokerage:request-proposal": Row(read=own("lead"), write=own("lead"), args=_run_proposal),
    "matching-run-list": Row(read=both(*SIGNED_IN), write=both(*SIGNED_IN)),
    "matching-run-detail": Row(read=own(*MANAGERS) | both("council"), args=_matching_run),
    "matching-run-proposals": Row(read=own(*MANAGERS) | both("council"), args=_matching_run),
}


def routes(patterns=None, namespace=""):
    """Every named route the resolver knows, as 'namespace:name'."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def unlisted(names):
    """Routes with no row. The admin's many URLs are one row: its own staff check guards them all."""
    return sorted({name for name in names if not name.startswith("admin:")} - set(MATRIX))


def test_every_url_has_a_row():
    names = set(routes())
    assert unlisted(names) == [], "Add a row to MATRIX for each new URL"
    assert sorted(set(MATRIX) - names) == [], "MATRIX has rows for URLs that no longer exist"


def test_an_unlisted_url_is_caught():
    assert unlisted([*routes(), "alliances:brand-new-page"]) == ["alliances:brand-new-page"]


def _alliance(prefix, make_school, lead_name):
    lead = make_school(name=f"{lead_name} Teaching School", number_of_pupils=420, at_least_good=True)
    designation = Designation.objects.create(
        school=lead, status=Designation.Status.DESIGNATED, designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1)
    )
    alliance = roles.create_alliance(f"{lead_name} Alliance", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    member = make_school(name=f"{lead_name} Member Primary")
    member_role = roles.add_member(alliance, member, date(2024, 9, 1), subscription_pence=50000, period="annual")
    trust = Organisation.objects.create(name=f"{lead_name} Learning Trust", kind=Organisation.Kind.ACADEMY_TRUST, code=f"TR{prefix}")
    roles.add_deliverer(alliance, trust, "Subject leadership CPD", date(2024, 1, 1))
    asking = make_school(name=f"{lead_name} Asking Primary")
    closed = make_school(name=f"{lead_name} Closed Infant School", status=School.Status.CLOSED)
    closed_role = AllianceRole.objects.create(alliance=alliance, role="member", school=closed, starts_on=date(2022, 9, 1))
    successor = make_school(name=f"{lead_name} Primary Academy")
    network = Network.objects.create(name=f"{lead_name} Network")
    network.alliances.add(alliance)
    document = NetworkResource.objects.create(
        network=network, title="Coaching handbook", document=SimpleUploadedFile("handbook.pdf", b"%PDF-1.4 handbook"),
        document_name="handbook.pdf",
    )
    return {
        "alliance": alliance,
        "lead": lead,
        "member": member,
        "trust": trust,
        "designation": designation,
        "member_role": member_role,
        "request": MembershipRequest.objects.create(
            alliance=alliance, school=asking, requested_by=User.objects.create_user(f"head@{prefix}.example")
        ),
        "move": SuccessorMove.objects.create(role=closed_role, successor=successor),
        # The member school is invited to co-lead (as if it were a teaching school): its leader answers.
        "lead_invitation": LeadInvitation.objects.create(
            alliance=alliance, school=member, becomes=Alliance.Type.MULTIPLE, invited_by=User.objects.create_user(f"inviter@{prefix}.example")
        ),
        "network": network,
        "document": document,
    }


@pytest.fixture
def world(db, make_school, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = {"own": _alliance("a", make_school, "Hilltop"), "other": _alliance("b", make_school, "Riverside")}
    own = world["own"]

    def person(email, body=None, role=Affiliation.Role.LEADER):
        user = verified(User.objects.create_user(email, "a long test password"))
        if body is not None:
            field = "school" if isinstance(body, School) else "organisation"
            Affiliation.objects.create(user=user, role=role, **{field: body})
        return user

    council = person("council@example.org")
    council.groups.add(Group.objects.get_or_create(name=COUNCIL_GROUP)[0])
    world["people"] = {
        "anonymous": None,
        "member_leader": person("head@member.example", own["member"]),
        "member_staff": person("teacher@member.example", own["member"], Affiliation.Role.STAFF),
        "lead": person("head@lead.example", own["lead"]),
        "business_manager": person("bursar@lead.example", own["lead"], Affiliation.Role.BUSINESS_MANAGER),
        "deliverer_staff": person("staff@trust.example", own["trust"], Affiliation.Role.STAFF),
        "council": council,
        "admin": verified(User.objects.create_superuser("admin@example.org", "a long test password")),
    }
    # Council members and administrators have two-factor, as the site requires of them.
    with_two_factor(council)
    with_two_factor(world["people"]["admin"])
    newcomer = User.objects.create_user("newcomer@example.org", "a long test password")
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, primary=True)
    world["confirmation_key"] = EmailConfirmationHMAC(address).key
    return world


def refused(response):
    """Refused: forbidden, not found, not signed in, or sent to a sign-in page."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and ("/sign-in/" in location or "/admin/login/" in location)


def _check(client, world, name, row, method):
    expected = row.read if method == "get" else row.write
    if expected == SKIP:
        return []
    wrong = []
    scopes = SCOPES if row.args(world, "own") != row.args(world, "other") else ("own",)
    for role in ROLES:
        user = world["people"][role]
        client.logout()
        if user is not None:
            client.force_login(user)
        for scope in scopes:
            url = reverse(name, args=row.args(world, scope))
            # Each request's changes are rolled back, so every cell starts from the same world.
            with transaction.atomic():
                response = getattr(client, method)(url)
                transaction.set_rollback(True)
            status = response.status_code
            if status >= 500:
                wrong.append(f"{method.upper()} {url} as {role}: server error {status}")
            elif expected is NOT_OFFERED:
                if not (status == 405 or refused(response)):
                    wrong.append(f"{method.upper()} {url} as {role}: expected 405, got {status}")
            elif (role, scope) in expected:
                if refused(response) or status == 405:
                    wrong.append(f"{method.upper()} {url} as {role} ({scope}): expected allowed, got {status}")
            elif not refused(response):
                wrong.append(f"{method.upper()} {url} as {role} ({scope}): expected refused, got {status}")
    return wrong


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, world, name):
    row = MATRIX[name]
    wrong = _check(client, world, name, row, "get") + _check(client, world, name, row, "post")
    assert wrong == [], "\n".join(wrong)
