"""A school's or organisation's leaders change a colleague's role or remove them; anyone may
leave. simple-history keeps each change and removal with who made it.

The last leader may not leave, be removed or stop being a leader while colleagues remain: someone
must be left to approve their requests and invitations and to change roles. They make another
colleague a leader first; a leader with no colleagues may leave (support then decides requests)."""
from django.db import transaction

from accounts.models import Affiliation
from alliances.permissions import can_manage_colleagues, holder, require
from alliances.rules import RuleBroken

Role = Affiliation.Role


def colleagues_of(body):
    return Affiliation.objects.filter(**holder(body)).select_related("user").order_by("user__full_name", "user__email", "role")


def last_leader_problem(affiliation, going):
    """Why this leader cannot stop being one ("leave", "be removed", "stop being a leader"), or None."""
    if affiliation.role != Role.LEADER:
        return None
    body = affiliation.body
    others = Affiliation.objects.filter(**holder(body)).exclude(user_id=affiliation.user_id)
    if others.filter(role=Role.LEADER).exists() or not others.exists():
        return None
    count = others.values("user_id").distinct().count()
    return (
        f"{affiliation.user} is the last leader of {body.name} and cannot {going}: {count} colleague"
        f"{'s' if count != 1 else ''} still act{'s' if count == 1 else ''} for it and need a leader to decide "
        "requests and invitations. Make another colleague a leader first."
    )


def _locked(affiliation):
    return Affiliation.objects.select_for_update(of=("self",)).select_related("user", "school", "organisation").get(pk=affiliation.pk)


@transaction.atomic
def change_role(user, affiliation, role):
    affiliation = _locked(affiliation)
    body = affiliation.body
    require(can_manage_colleagues(user, body), f"Only {body.name}'s leaders change colleagues' roles.")
    problems = []
    if role not in Role.values:
        problems.append("Choose a role: leader, business manager or staff member.")
    elif role == affiliation.role:
        problems.append(f"{affiliation.user} is already {affiliation.get_role_display().lower()} at {body.name}.")
    elif Affiliation.objects.filter(user_id=affiliation.user_id, role=role, **holder(body)).exists():
        problems.append(f"{affiliation.user} already acts for {body.name} in that role as well.")
    else:
        problems.append(last_leader_problem(affiliation, "stop being a leader"))
    problems = [problem for problem in problems if problem]
    if problems:
        raise RuleBroken(problems)
    before = affiliation.get_role_display().lower()
    affiliation.role = role
    affiliation._history_user = user
    affiliation._change_reason = f"Role changed from {before} by {user}"
    affiliation.save(update_fields=["role"])
    return affiliation


@transaction.atomic
def remove(user, affiliation, reason=None):
    """A leader removes a colleague, or a person leaves (removes their own affiliation). `reason`
    replaces the one history records ("Left", "Removed by ..."), as deleting an account does."""
    affiliation = _locked(affiliation)
    body = affiliation.body
    leaving = affiliation.user_id == user.pk
    require(leaving or can_manage_colleagues(user, body), f"Only {body.name}'s leaders remove colleagues.")
    problem = last_leader_problem(affiliation, "leave" if leaving else "be removed")
    if problem:
        raise RuleBroken(problem)
    affiliation._history_user = user
    affiliation._change_reason = reason or ("Left" if leaving else f"Removed by {user}")
    affiliation.delete()  # simple-history keeps a row for the removal
    return affiliation
