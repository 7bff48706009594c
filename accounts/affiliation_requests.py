"""Asking to act for a school or organisation, and the answer.

A signed-in person asks, in a role, with a short note (their job title, say). The school's
leaders approve or refuse; a business manager may decide requests from staff only. A school or
organisation with no leader on the platform yet, and an organisation the person proposes because
the registry lacks it, are decided by the support team, who must record why they approve. Approval
creates the affiliation (and a proposed organisation); refusal keeps a reason the person sees.
Each function checks who is acting, refuses with every reason broken and writes nothing then."""
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts import emails
from accounts.models import Affiliation, AffiliationRequest
from alliances.permissions import (
    MANAGING_ROLES,
    can_decide_affiliation_request,
    decided_by_support,
    holder,
    is_support,
    require,
)
from alliances.rules import RuleBroken
from notices.sending import Kind, settle
from registry.models import Organisation, School

Status = AffiliationRequest.Status
Role = Affiliation.Role
# The registry has every academy trust, local authority and diocese from GIAS; people add the rest.
PROPOSABLE_KINDS = (Organisation.Kind.UNIVERSITY, Organisation.Kind.PRIVATE_PROVIDER, Organisation.Kind.OTHER)


def _request_problems(role, note, body_name):
    problems = []
    if role not in Role.values:
        problems.append("Choose the role you have: leader, business manager or staff member.")
    if not note.strip():
        problems.append(f"Say what you do at {body_name}, such as your job title.")
    return problems


@transaction.atomic
def ask_to_act_for(user, body, role, note):
    """The person asks to act for a school or listed organisation."""
    require(user.is_authenticated, "Sign in to ask to act for a school or organisation.")
    problems = []
    if isinstance(body, School) and not body.is_open:
        problems.append(f"{body.name} is {body.get_status_display().lower()}: you can act only for an open school.")
    held = Affiliation.objects.filter(user=user, **holder(body)).first()
    if held:
        problems.append(
            f"You already act for {body.name} as {held.get_role_display().lower()}. Ask its leader to change your role."
        )
    if AffiliationRequest.objects.filter(user=user, status=Status.PENDING, **holder(body)).exists():
        problems.append(f"You have already asked to act for {body.name}. Wait for the answer, or withdraw that request.")
    problems += _request_problems(role, note, body.name)
    if problems:
        raise RuleBroken(problems)
    asked = AffiliationRequest.objects.create(user=user, role=role, note=note.strip(), **holder(body))
    emails.request_made(asked)
    return asked


@transaction.atomic
def propose_organisation(user, name, kind, website, role, note):
    """The person asks to act for an organisation the registry lacks. It stays out of every public
    list (it is only these fields on the request) until support approves and creates it."""
    require(user.is_authenticated, "Sign in to propose an organisation.")
    name = name.strip()
    problems = []
    if not name:
        problems.append("Enter the organisation's name.")
    if kind not in PROPOSABLE_KINDS:
        problems.append("Choose what kind of organisation it is: university, private sector organisation or other.")
    if name and Organisation.objects.filter(name__iexact=name).exists():
        problems.append(f"{name} is already listed: search for it and ask to act for it there.")
    if name and AffiliationRequest.objects.filter(user=user, status=Status.PENDING, proposed_name__iexact=name).exists():
        problems.append(f"You have already proposed {name}. Wait for the answer, or withdraw that request.")
    problems += _request_problems(role, note, name or "the organisation")
    if problems:
        raise RuleBroken(problems)
    asked = AffiliationRequest.objects.create(
        user=user, proposed_name=name, proposed_kind=kind, proposed_website=website.strip(), role=role, note=note.strip()
    )
    emails.request_made(asked)
    return asked


def _pending(user, affiliation_request):
    """The request, locked, for someone who may decide it, while it still waits."""
    locked = AffiliationRequest.objects.select_for_update(of=("self",)).select_related("user", "school", "organisation")
    affiliation_request = locked.get(pk=affiliation_request.pk)
    require(can_decide_affiliation_request(user, affiliation_request), refusal_reason(user, affiliation_request))
    if affiliation_request.status != Status.PENDING:
        raise RuleBroken(f"This request was already {affiliation_request.get_status_display().lower()}.")
    return affiliation_request


def refusal_reason(user, affiliation_request):
    """Why this person may not decide this request, in words."""
    if affiliation_request.user_id == user.pk:
        return "You cannot decide your own request."
    if decided_by_support(affiliation_request):
        return f"{affiliation_request.body_name} has no leader on the platform yet: the support team decides."
    if affiliation_request.role == Role.STAFF:
        return f"Only {affiliation_request.body_name}'s leaders and business managers decide requests from its staff."
    return f"Only {affiliation_request.body_name}'s leaders decide who acts for it as a leader or business manager."


def _decided(user, affiliation_request, status, reason):
    affiliation_request.status, affiliation_request.reason = status, reason.strip()
    affiliation_request.decided_by, affiliation_request.decided_at = user, timezone.now()
    affiliation_request.save(update_fields=["status", "reason", "decided_by", "decided_at", "organisation"])
    settle(affiliation_request, [Kind.ACT_FOR_REQUEST])


@transaction.atomic
def approve(user, affiliation_request, reason=""):
    affiliation_request = _pending(user, affiliation_request)
    problems = []
    if decided_by_support(affiliation_request) and not reason.strip():
        problems.append(f"Give the reason for approving {affiliation_request.user}: support records why.")
    school = affiliation_request.school
    if school and not school.is_open:
        problems.append(f"{school.name} is {school.get_status_display().lower()}: nobody can act for it now.")
    body = affiliation_request.body
    if body and Affiliation.objects.filter(user=affiliation_request.user, role=affiliation_request.role, **holder(body)).exists():
        problems.append(f"{affiliation_request.user} already acts for {body.name} in that role.")
    if affiliation_request.is_proposal and Organisation.objects.filter(name__iexact=affiliation_request.proposed_name).exists():
        problems.append(f"{affiliation_request.proposed_name} is listed now: refuse this and ask them to request it there.")
    if problems:
        raise RuleBroken(problems)
    if affiliation_request.is_proposal:
        body = affiliation_request.organisation = Organisation.objects.create(
            name=affiliation_request.proposed_name,
            kind=affiliation_request.proposed_kind,
            website=affiliation_request.proposed_website,
        )
    affiliation = Affiliation(user=affiliation_request.user, role=affiliation_request.role, **holder(body))
    # simple-history records who approved, outside a web request too (demo, shell).
    affiliation._history_user = user
    affiliation._change_reason = f"Request {affiliation_request.pk} approved"
    affiliation.save()
    _decided(user, affiliation_request, Status.APPROVED, reason)
    emails.request_decided(affiliation_request)
    return affiliation


@transaction.atomic
def refuse(user, affiliation_request, reason):
    affiliation_request = _pending(user, affiliation_request)
    if not reason.strip():
        raise RuleBroken(f"Give the reason for refusing {affiliation_request.user}: they will see it.")
    _decided(user, affiliation_request, Status.REFUSED, reason)
    emails.request_decided(affiliation_request)
    return affiliation_request


@transaction.atomic
def withdraw(user, affiliation_request):
    affiliation_request = AffiliationRequest.objects.select_for_update().get(pk=affiliation_request.pk)
    require(affiliation_request.user_id == user.pk, "Only the person who asked can withdraw a request.")
    if affiliation_request.status != Status.PENDING:
        raise RuleBroken(f"This request was already {affiliation_request.get_status_display().lower()}.")
    _decided(user, affiliation_request, Status.WITHDRAWN, "")
    return affiliation_request


def _with_bodies(requests):
    return requests.select_related("user", "school", "organisation").order_by("created_at")


def support_queue():
    """Requests the support team decides: proposed organisations, and schools and organisations
    with no leader on the platform. A request moves to the leaders' own list once one arrives."""
    leaders = Affiliation.objects.filter(role=Role.LEADER)
    return _with_bodies(
        AffiliationRequest.objects.filter(status=Status.PENDING).filter(
            Q(organisation__isnull=True, school__isnull=True)
            | Q(school__isnull=False) & ~Exists(leaders.filter(school=OuterRef("school")))
            | Q(organisation__isnull=False) & ~Exists(leaders.filter(organisation=OuterRef("organisation")))
        )
    )


def waiting_for_leaders(user, body=None):
    """Pending requests this person decides as a leader (every role) or business manager (staff),
    for one school or organisation or all of theirs."""
    mine = Affiliation.objects.filter(user=user, role__in=MANAGING_ROLES)
    if body is not None:
        mine = mine.filter(**holder(body))
    led = Q()
    for role, school_id, organisation_id in mine.values_list("role", "school_id", "organisation_id"):
        where = Q(school_id=school_id) if school_id else Q(organisation_id=organisation_id)
        if role == Role.LEADER:
            led |= where
        else:  # a business manager decides staff requests, where a leader is there to decide the rest
            leader = Affiliation.objects.filter(role=Role.LEADER, school_id=school_id, organisation_id=organisation_id)
            led |= where & Q(role=Role.STAFF) & Exists(leader)
    if not led:
        return AffiliationRequest.objects.none()
    return _with_bodies(AffiliationRequest.objects.filter(led, status=Status.PENDING).exclude(user=user))


def waiting_for(user):
    """Everything this person may decide, as a leader and as support: (request, page to decide it on)."""
    requests = [(r, emails.people_url(r.body)) for r in waiting_for_leaders(user)]
    if is_support(user):
        queue = reverse("accounts:support")
        requests += [(r, queue) for r in support_queue() if r.user_id != user.pk]
    return requests
