"""The second half of a deployment's life, once it is agreed (brokerage/deployments.py agrees it
and makes its support record):

    agreed ──review (any side, as often as needed)──▶ agreed
       └──final report (the supporter or the broker)──▶ reported
                └──confirm impact (the receiving school)──▶ completed

- **Reviews** note the date, the days used so far, how it is going and what happened. Days used
  never go above the days agreed nor below the last review's; a review is not dated before the
  deployment starts, before the last review or in the future.
- **The final report** gives the days delivered (more than 0, and at most the days agreed plus
  OVERRUN_TOLERANCE of them) and what was done. It completes the support record, as
  delivery.support.complete does (days delivered, outcome, state): the report is its outcome.
- **Confirming impact** is the receiving school's alone: a rating in Ofsted's four words, with a
  comment when it is Requires improvement or Inadequate. It rates the support record (once, as
  delivery.support.rate does), marks the record confirmed by the school (the school has just
  confirmed it here, so no emailed link is needed), and credits the home school with the days
  delivered in the alliance's contribution ledger, less any days the ledger already attributes.

Every rule takes the acting person first and refuses with every reason at once.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from alliances.permissions import can_see_support, require
from alliances.rules import RuleBroken
from brokerage import deployment_progress_notices as notices
from brokerage.models import Deployment, ProgressReview
from brokerage.permissions import can_see_sle, may_confirm, may_report, may_review
from delivery import ledger
from delivery.assurance import open_dispute
from delivery.models import SchoolCheck, SupportAssignment
# _note_outcome_before: the inspection outcome before is kept as delivery.support.complete keeps it.
from delivery.support import _note_outcome_before, days_text, ledger_days

State = Deployment.State
Rating = Deployment.Rating
# A deployment may run a little over the days agreed (a session overran, a follow-up was
# needed); more than a tenth over is a new piece of support, to be agreed as one.
OVERRUN_TOLERANCE = Decimal("0.10")
TENTH = Decimal("0.1")
# Ratings that must say why: the school's comment is what the supporter and broker learn from.
RATINGS_NEEDING_A_COMMENT = (Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)
OPEN_SUPPORT = (SupportAssignment.State.PLANNED, SupportAssignment.State.IN_PROGRESS)


def _locked(deployment):
    return Deployment.objects.select_for_update(of=("self",)).select_related(
        "need__area", "receiving_school", "home_school", "alliance", "specialist_leader__person", "support_record",
    ).get(pk=deployment.pk)


def _locked_support(deployment):
    """The support record, locked, and kept on the deployment so both read the same from now on."""
    if deployment.support_record_id is None:
        return None
    deployment.support_record = SupportAssignment.objects.select_for_update(of=("self",)).select_related(
        "alliance", "supported_school"
    ).get(pk=deployment.support_record_id)
    return deployment.support_record


def most_allowed(days_agreed):
    """The most days a final report may give: the days agreed and the tolerance, to a tenth of a day."""
    return (days_agreed * (1 + OVERRUN_TOLERANCE)).quantize(TENTH, rounding=ROUND_DOWN)


def _day_amount_problems(amount, what):
    """Days as the pages take them: a number, to a tenth of a day."""
    if amount is None:
        return [f"Give the {what}."]
    if amount != amount.quantize(TENTH):
        return [f"Give the {what} to at most one decimal place, such as 2.5."]
    return []


# When each step may be taken, in words for the person refused (and the pages, which do not offer
# the step otherwise): the state the step needs, and why.
WHEN = {
    "review": (State.AGREED, "Progress is reviewed only while the deployment is agreed and in progress."),
    "report": (State.AGREED, "The final report is written only while the deployment is agreed and in progress."),
    "confirm": (State.REPORTED, "The impact is confirmed once the final report is written, and only once."),
}


def not_now(deployment, step):
    """Why the step cannot be taken in the deployment's state; [] when it can."""
    wanted, why = WHEN[step]
    if deployment.state == wanted:
        return []
    return [f'This deployment\'s state is "{deployment.get_state_display()}". {why}']


def latest_review(deployment):
    return deployment.reviews.order_by("-reviewed_on", "-id").first()


@transaction.atomic
def review(user, deployment, *, reviewed_on, days_used, progress, notes):
    """A progress review by the receiving school, the supporter or the broker, while agreed."""
    deployment = _locked(deployment)
    require(
        may_review(user, deployment),
        f"Only {deployment.receiving_school.name}'s and {deployment.home_school.name}'s leaders and business managers, "
        f"the SLE and {deployment.alliance.name}'s leads review this deployment.",
    )
    problems = not_now(deployment, "review")
    last = latest_review(deployment)
    today = date.today()
    if reviewed_on is None:
        problems.append("Give the date of the review.")
    else:
        if deployment.starts_on and reviewed_on < deployment.starts_on:
            problems.append(f"The review cannot be dated before the deployment starts, on {deployment.starts_on:%-d %B %Y}.")
        if reviewed_on > today:
            problems.append("The review cannot be dated in the future.")
        if last and reviewed_on < last.reviewed_on:
            problems.append(f"The last review was on {last.reviewed_on:%-d %B %Y}: date this one on or after it.")
    amount_problems = _day_amount_problems(days_used, "days used so far")
    problems += amount_problems
    if not amount_problems:
        if days_used < 0:
            problems.append("Days used cannot be fewer than 0.")
        elif deployment.days is not None and days_used > deployment.days:
            problems.append(f"{days_text(days_used)} used is more than the {days_text(deployment.days)} agreed.")
        if last and days_used < last.days_used:
            problems.append(
                f"The review of {last.reviewed_on:%-d %B %Y} counted {days_text(last.days_used)} used: days used never go down."
            )
    if progress not in ProgressReview.Progress.values:
        problems.append("Say how the deployment is going: on track, some concerns or off track.")
    if not (notes or "").strip():
        problems.append("Say what has happened so far and what comes next.")
    if problems:
        raise RuleBroken(problems)
    return ProgressReview.objects.create(
        deployment=deployment, reviewed_on=reviewed_on, days_used=days_used, progress=progress, notes=notes.strip(), written_by=user,
    )


@transaction.atomic
def final_report(user, deployment, *, days_delivered, report):
    """The supporter (or the broker for them) reports the days delivered and what was done:
    agreed → reported, and the support record is completed with them."""
    deployment = _locked(deployment)
    require(
        may_report(user, deployment),
        f"Only the SLE, {deployment.home_school.name}'s leaders and business managers and {deployment.alliance.name}'s leads "
        "write the final report.",
    )
    problems = not_now(deployment, "report")
    assignment = _locked_support(deployment)
    if assignment is None:
        problems.append("This deployment has no support record to complete: it was never agreed in full.")
    elif assignment.state not in OPEN_SUPPORT:
        problems.append(f"Its support record is already {assignment.get_state_display().lower()}.")
    amount_problems = _day_amount_problems(days_delivered, "days delivered")
    problems += amount_problems
    if not amount_problems:
        if days_delivered <= 0:
            problems.append("Give the days delivered: more than 0.")
        elif deployment.days is not None and days_delivered > most_allowed(deployment.days):
            problems.append(
                f"{days_text(days_delivered)} delivered is more than the {days_text(deployment.days)} agreed and the tenth more "
                f"allowed over them: at most {days_text(most_allowed(deployment.days))}. More than that is new support, to agree as a new deployment."
            )
        if assignment is not None and days_delivered < ledger_days(assignment):
            problems.append(
                f"The ledger already records {days_text(ledger_days(assignment))} for this support: "
                f"{deployment.alliance.name}'s leads void entries before fewer days are reported."
            )
    if not (report or "").strip():
        problems.append("Write the final report: what was done, and what changed against the success criteria.")
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    deployment.days_delivered, deployment.final_report = days_delivered, report.strip()
    deployment.reported_by, deployment.reported_at, deployment.state = user, now, State.REPORTED
    deployment.save(update_fields=["days_delivered", "final_report", "reported_by", "reported_at", "state"])
    # As delivery.support.complete, but the school is not emailed a link to confirm the record:
    # the receiving school confirms it here, with the impact, and is told so below.
    assignment.days_delivered, assignment.outcome, assignment.state = days_delivered, deployment.final_report, SupportAssignment.State.COMPLETED
    assignment.save(update_fields=["days_delivered", "outcome", "state"])
    _note_outcome_before(assignment)
    notices.reported(deployment, user)
    return deployment


@transaction.atomic
def confirm_impact(user, deployment, *, rating, comment=""):
    """The receiving school confirms the impact: reported → completed. The support record is
    rated and confirmed, and the home school's days go into the ledger."""
    deployment = _locked(deployment)
    require(
        may_confirm(user, deployment),
        f"Only {deployment.receiving_school.name}'s leaders and business managers confirm the impact of the support it received.",
    )
    problems = []
    if deployment.state == State.COMPLETED:
        problems.append(
            f"{deployment.impact_confirmed_by or 'The school'} already confirmed the impact, on {deployment.impact_confirmed_at:%-d %B %Y}."
        )
    else:
        problems += not_now(deployment, "confirm")
    if rating not in Rating.values:
        problems.append("Choose a rating of the impact from Outstanding to Inadequate.")
    elif rating in RATINGS_NEEDING_A_COMMENT and not (comment or "").strip():
        problems.append(f"Say why you rate the impact {Rating(rating).label}: what fell short of the success criteria.")
    assignment = _locked_support(deployment)
    if assignment is None:
        problems.append("This deployment has no support record: it was never agreed in full.")
    else:
        if open_dispute(assignment):
            problems.append(
                f"{deployment.receiving_school.name} disputes the support record through an emailed link: "
                f"{deployment.alliance.name}'s leads resolve that first."
            )
    if problems:
        raise RuleBroken(problems)
    now = timezone.now()
    deployment.impact_rating, deployment.impact_comment = rating, (comment or "").strip()
    deployment.impact_confirmed_by, deployment.impact_confirmed_at, deployment.state = user, now, State.COMPLETED
    deployment.save(update_fields=["impact_rating", "impact_comment", "impact_confirmed_by", "impact_confirmed_at", "state"])
    _confirm_support_record(user, assignment, deployment, now)
    _credit_home_school(user, assignment, deployment)
    notices.impact_confirmed(deployment, user)
    return deployment


def _confirm_support_record(user, assignment, deployment, now):
    """Rated as delivery.support.rate rates (once: a rating the school already gave through an
    emailed link stands), and confirmed by the school; links not yet used are no longer needed."""
    fields = ["school_check"]
    if assignment.rating is None:
        assignment.rating, assignment.rating_comment, assignment.rated_by, assignment.rated_at = (
            deployment.impact_rating, deployment.impact_comment, user, now,
        )
        fields += ["rating", "rating_comment", "rated_by", "rated_at"]
    assignment.school_check = SchoolCheck.CONFIRMED
    assignment.save(update_fields=fields)
    assignment.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)


def _credit_home_school(user, assignment, deployment):
    """The home school's days in the ledger: what the ledger does not yet attribute. Nothing when
    the alliance's leads already attributed it all, or already gave the home school an entry
    (they correct that entry if it is wrong)."""
    left = ledger.remaining(assignment)
    home = deployment.home_school
    has_entry = ledger.entries_for(assignment).live().filter(school=home).exists()
    if left <= 0 or has_entry:
        return []
    return ledger.record_checked_elsewhere(user, assignment, [(home, left)])


# --- For the deployment page -------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """What the deployment page's progress section shows, and to whom its buttons show."""

    reviews: list
    days_used: Decimal
    may_review: bool
    may_report: bool
    may_confirm: bool
    report: str  # the final report, once written
    reporter: str  # who wrote it, in words this person may read
    impact: str  # the receiving school's rating in words, once confirmed
    support_record_visible: bool


def _author(user, deployment, writer, hides_sle):
    """Who wrote a review or the report: the SLE is "the SLE" to those who may not see their details."""
    if writer is None:
        return "someone no longer on the platform"
    if hides_sle and writer.pk == deployment.specialist_leader.person_id:
        return "the SLE"
    return str(writer)


def _hides_sle(user, deployment):
    return deployment.specialist_leader_id is not None and not can_see_sle(user, deployment.specialist_leader)


def with_authors(user, deployment, reviews):
    """The reviews, each with `author` in words this person may read (for the page and the API)."""
    reviews = list(reviews)
    # Only a review the SLE wrote can name them: ask who may see the SLE only then.
    sle_wrote = deployment.specialist_leader_id is not None and any(
        review.written_by_id == deployment.specialist_leader.person_id for review in reviews
    )
    hides_sle = sle_wrote and _hides_sle(user, deployment)
    for review in reviews:
        review.author = _author(user, deployment, review.written_by, hides_sle)
    return reviews


def progress_for(user, deployment):
    """The reviews, oldest first, the days used so far (the latest review's), whether this person
    may review, report or confirm now, and the report and the impact once they are in."""
    reviews = with_authors(user, deployment, deployment.reviews.select_related("written_by").order_by("reviewed_on", "id"))
    hides_sle = _hides_sle(user, deployment)
    latest = max(reviews, key=lambda row: (row.reviewed_on, row.pk), default=None)
    state = deployment.state
    return Progress(
        reviews=reviews,
        days_used=latest.days_used if latest else Decimal(0),
        may_review=not not_now(deployment, "review") and may_review(user, deployment),
        may_report=not not_now(deployment, "report") and may_report(user, deployment),
        may_confirm=not not_now(deployment, "confirm") and may_confirm(user, deployment),
        report=deployment.final_report if state in (State.REPORTED, State.COMPLETED) else "",
        reporter=_author(user, deployment, deployment.reported_by, hides_sle),
        impact=deployment.get_impact_rating_display() if state == State.COMPLETED else "",
        support_record_visible=deployment.support_record is not None and can_see_support(user, deployment.support_record),
    )
