"""Assurance: the supported school confirms or disputes the record of the support it received,
through an emailed link, without an account.

- When support is completed, its leaders and business managers on the platform are emailed a
  link; the alliance's managers can send it again, or to an address they enter (the school's
  office), from the support page. Each address gets its own link: a random 32-byte token of
  which only the SHA-256 digest is stored, working once, for 30 days. Sending again revokes
  every link not yet used; an answer through one link closes the others.
- The page behind the link shows the record (dates, days, focus, objectives, success criteria,
  outcome). The school confirms it, or disputes it with a reason, giving the name of who answers;
  it may rate the support then too (the same rules as rating when signed in, support.rate).
- The school's answer is about the record, not about who gets the credit: confirming does not
  confirm ledger entries (only each contributor confirms its own attribution, ledger.confirm),
  and disputing does not dispute them. The record shows "Disputed by the school" on every page
  and in the API and the ledger until the managers resolve it: they may correct the days
  delivered and the outcome, say what they did, and a new link goes to the school.
"""
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import token_digest
from alliances.permissions import can_manage, require
from alliances.rules import RuleBroken
from delivery.models import SchoolAnswer, SchoolCheck, SupportAssignment, SupportConfirmationLink
from notices.sending import Kind, absolute, email_held, people_of, settle, tell

logger = logging.getLogger(__name__)
Status = SupportConfirmationLink.Status
COMPLETED = SupportAssignment.State.COMPLETED


def _require_manager(user, assignment):
    require(
        can_manage(user, assignment.alliance),
        f"Only the leaders and business managers of {assignment.alliance.name}'s lead schools ask schools to confirm its support.",
    )


def _locked(assignment):
    return SupportAssignment.objects.select_for_update(of=("self",)).select_related(
        "alliance", "supported_school", "focus_area", "supporting_school", "supporting_organisation"
    ).get(pk=assignment.pk)


def school_addresses(assignment):
    """The supported school's leaders and business managers on the platform, by address."""
    return sorted({user.email.lower() for user in people_of([assignment.supported_school]) if user.email})


def live_links(assignment):
    return assignment.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


def open_dispute(assignment):
    return assignment.school_answers.filter(answer=SchoolAnswer.Answer.DISPUTED, resolved_at__isnull=True).first()


def _send(user, assignment, addresses):
    """Revoke the links not yet used and make one per address; emails go after commit (a mail
    server that refuses is logged: the managers see the link as sent and can send again)."""
    now = timezone.now()
    assignment.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    made = []
    for address in addresses:
        token = secrets.token_urlsafe(32)
        link = SupportConfirmationLink.objects.create(assignment=assignment, email=address, token_digest=token_digest(token), sent_by=user)
        made.append((link, token))
    assignment.school_check = SchoolCheck.AWAITING
    assignment.save(update_fields=["school_check"])
    if not email_held():  # the demo's records are made without email
        transaction.on_commit(lambda: _email(assignment, made), robust=True)
    return [link for link, _ in made]


def _email(assignment, made):
    for link, token in made:
        body = render_to_string("delivery/email/support_confirmation.txt", {
            "assignment": assignment, "link": link, "url": absolute(reverse("delivery:answer-support", args=[token])),
        })
        subject = f"Please confirm the record of {assignment.focus_area.name.lower()} support from {assignment.alliance.name}"
        try:
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [link.email])
        except Exception:  # one refused address must not stop the others
            logger.exception("Could not email support confirmation link %s", link.pk)


def _address_problems(email):
    try:
        validate_email(email)
    except ValidationError:
        return ["Enter the school's email address in the correct format, like office@school.example."]
    return []


def _addresses(assignment, email):
    """The address entered, or else the school's leaders and business managers on the platform."""
    email = (email or "").strip().lower()
    if email:
        return [email], _address_problems(email)
    found = school_addresses(assignment)
    if not found:
        return [], [
            f"Nobody leads {assignment.supported_school.name} on the platform yet: give the school's email address, "
            "such as its office's, to send the link to."
        ]
    return found, []


@transaction.atomic
def ask_school(user, assignment, email=""):
    """Send (or send again) the link to the school. Refused while a dispute is open: resolving it sends the link."""
    assignment = _locked(assignment)
    _require_manager(user, assignment)
    addresses, problems = _addresses(assignment, email)
    if assignment.state != COMPLETED:
        problems.insert(0, f"This support is {assignment.get_state_display().lower()}: the school confirms it once completed.")
    if assignment.school_check == SchoolCheck.CONFIRMED:
        problems.insert(0, f"{assignment.supported_school.name} has already confirmed this record.")
    if open_dispute(assignment):
        problems.insert(0, "The school disputes this record: resolve the dispute, which sends the school a new link.")
    if problems:
        raise RuleBroken(problems)
    return _send(user, assignment, addresses)


def on_completion(user, assignment):
    """Called when support is completed: the school's people on the platform get the link. With
    nobody there, nothing is sent, and the support page asks the managers for an address."""
    if school_addresses(assignment):
        return ask_school(user, assignment)
    return []


def find(token):
    return SupportConfirmationLink.objects.select_related(
        "assignment__alliance", "assignment__supported_school", "assignment__focus_area",
        "assignment__supporting_school", "assignment__supporting_organisation",
    ).filter(token_digest=token_digest(token or "")).first()


def link_problems(link):
    """Why a link no longer works, in words for whoever follows it (none: it works)."""
    status = link.status
    if status == Status.USED:
        return [f"This link has already been used, on {link.used_at:%-d %B %Y}. Each link works once."]
    if status == Status.REVOKED:
        return ["A newer link has been sent for this support record, so this one no longer works. Use the latest email."]
    if status == Status.EXPIRED:
        return [
            f"This link expired on {link.expires_at:%-d %B %Y}. Ask {link.assignment.alliance.name} to send a new one."
        ]
    return []


def _rating_problems(assignment, rating):
    from delivery.support import rating_problems

    return rating_problems(assignment, rating) if rating is not None else []


@transaction.atomic
def answer(token, *, confirmed, name, role="", reason="", rating=None, comment=""):
    """The school answers through its link: confirmed (True) or disputed (False, with a reason),
    and who answers. A rating is optional, and given at most once."""
    link = SupportConfirmationLink.objects.select_for_update().filter(token_digest=token_digest(token or "")).first()
    if link is None:
        raise RuleBroken("This link is not right. Check you copied all of it from the email.")
    problems = link_problems(link)
    if problems:
        raise RuleBroken(problems)
    assignment = _locked(link.assignment)
    if confirmed is None:
        problems.append("Say whether the record is right.")
    if not (name or "").strip():
        problems.append("Give your name.")
    if confirmed is False and not (reason or "").strip():
        problems.append("Say what is wrong with the record.")
    problems += _rating_problems(assignment, rating)
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    link.used_at = now
    link.save(update_fields=["used_at"])
    assignment.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    given = SchoolAnswer.objects.create(
        assignment=assignment, link=link, answered_at=now, answered_by_name=name.strip(), answered_by_role=(role or "").strip(),
        answer=SchoolAnswer.Answer.CONFIRMED if confirmed else SchoolAnswer.Answer.DISPUTED,
        reason=(reason or "").strip() if not confirmed else "",
    )
    assignment.school_check = SchoolCheck.CONFIRMED if confirmed else SchoolCheck.DISPUTED
    fields = ["school_check"]
    if rating is not None:
        assignment.rating, assignment.rating_comment, assignment.rated_at = rating, (comment or "").strip(), now
        fields += ["rating", "rating_comment", "rated_at"]
    assignment.save(update_fields=fields)
    if not confirmed:
        tell(
            people_of(assignment.alliance.lead_schools()), Kind.SUPPORT_DISPUTED, assignment,
            f"{assignment.supported_school.name} disputes the record of {assignment}",
            assignment.get_absolute_url(), f"Their reason: {given.reason}",
        )
    return given


@transaction.atomic
def resolve(user, assignment, *, resolution, days_delivered, outcome, email=""):
    """The managers resolve the school's dispute: correct the days delivered and the outcome (or
    keep them), say what they did, and a new link asks the school again."""
    from delivery.support import days_text, ledger_days

    assignment = _locked(assignment)
    _require_manager(user, assignment)
    dispute = open_dispute(assignment)
    problems = []
    if dispute is None:
        problems.append("The school has not disputed this record: there is nothing to resolve.")
    if not (resolution or "").strip():
        problems.append("Say what you changed, or why the record stands, for the school to read.")
    if days_delivered is None or days_delivered <= 0:
        problems.append("Give the days delivered: more than 0.")
    elif days_delivered < ledger_days(assignment):
        problems.append(
            f"The ledger already records {days_text(ledger_days(assignment))} for this support: void entries before giving fewer days."
        )
    if not (outcome or "").strip():
        problems.append("Say what the outcome of the support was.")
    addresses, address_problems = _addresses(assignment, email or (dispute.link.email if dispute else ""))
    problems += address_problems
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    dispute.resolved_by, dispute.resolved_at, dispute.resolution = user, now, resolution.strip()
    dispute.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    assignment.days_delivered, assignment.outcome = days_delivered, outcome.strip()
    assignment.save(update_fields=["days_delivered", "outcome"])
    settle(assignment, [Kind.SUPPORT_DISPUTED])
    return _send(user, assignment, addresses)


def disputes_in(entries):
    """For a ledger report, in one query: how many of these entries their contributor disputes
    (not counted in totals), and how many live ones belong to support the supported school
    disputes (counted, but flagged until resolved)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, Q

    from delivery.models import Contribution

    disputed_support = SupportAssignment.objects.filter(school_check=SchoolCheck.DISPUTED).values("pk")
    return entries.aggregate(
        by_contributor=Count("pk", filter=Q(state=Contribution.State.DISPUTED)),
        by_school=Count("pk", filter=Q(
            content_type=ContentType.objects.get_for_model(SupportAssignment), object_id__in=disputed_support,
        ) & ~Q(state=Contribution.State.VOIDED)),
    )
