"""School-to-school support: an alliance's managers record and update support for a school by one
of its lead, deliverer or member schools or organisations, and complete it with the days delivered
and the outcome; the supported school's leader or business manager then rates it once. The
school's inspection outcome before is stored when the support starts; the outcome after is read
from the registry whenever it is shown, so a later inspection appears by itself."""
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from alliances.models import AllianceRole
from alliances.permissions import can_manage, can_rate_support, require
from alliances.rules import RuleBroken
from delivery.models import SupportAssignment
from registry.models import Inspection

State = SupportAssignment.State
SUPPORTING_ROLES = (AllianceRole.Role.LEAD, AllianceRole.Role.DELIVERER, AllianceRole.Role.MEMBER)
# What a manager may set by editing: completing has its own step, with the days and outcome.
EDITABLE_STATES = (State.PLANNED, State.IN_PROGRESS, State.WITHDRAWN)


def supporters(alliance, day=None):
    """The schools and organisations that may give support for the alliance: its current lead,
    deliverer and member schools and organisations, each once, by name."""
    roles = alliance.roles_on(day).filter(role__in=SUPPORTING_ROLES).select_related("school", "organisation")
    found = {}
    for role in roles:
        found.setdefault((type(role.holder).__name__, role.holder.pk), role.holder)
    return sorted(found.values(), key=lambda holder: holder.name)


def _require_manager(user, alliance):
    require(can_manage(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools record its support.")


def _problems(alliance, *, supported_school, supporter, focus_area, objectives, success_criteria, starts_on, ends_on, days_planned, was=None):
    problems = []
    if supported_school is None:
        problems.append("Choose the school being supported.")
    elif not supported_school.is_open:
        problems.append(f"{supported_school.name} is {supported_school.get_status_display().lower()}.")
    if supporter is None:
        problems.append("Choose who gives the support.")
    elif supporter not in supporters(alliance) and not (was and supporter == was.supporter):
        problems.append(f"{supporter.name} is not a current lead, deliverer or member of {alliance.name}.")
    if supporter is not None and supporter == supported_school:
        problems.append("A school cannot support itself.")
    if focus_area is None:
        problems.append("Choose the area of expertise.")
    elif not focus_area.active and not (was and was.focus_area_id == focus_area.pk):
        problems.append(f"{focus_area.name} is no longer offered as an area of expertise.")
    if not (objectives or "").strip():
        problems.append("Give the objectives of the support.")
    if not (success_criteria or "").strip():
        problems.append("Give the success criteria.")
    if starts_on and ends_on and ends_on < starts_on:
        problems.append("The support must end on or after the day it starts.")
    if days_planned is None or days_planned <= 0:
        problems.append("Plan at least part of a day of support.")
    return problems


def _holder_fields(supporter):
    from registry.models import School

    if isinstance(supporter, School):
        return {"supporting_school": supporter, "supporting_organisation": None}
    return {"supporting_school": None, "supporting_organisation": supporter}


@transaction.atomic
def record_assignment(user, alliance, *, supported_school, supporter, focus_area, objectives, success_criteria,
                      starts_on, ends_on, days_planned, supporter_name="", state=State.PLANNED):
    _require_manager(user, alliance)
    problems = _problems(
        alliance, supported_school=supported_school, supporter=supporter, focus_area=focus_area, objectives=objectives,
        success_criteria=success_criteria, starts_on=starts_on, ends_on=ends_on, days_planned=days_planned,
    )
    if state not in (State.PLANNED, State.IN_PROGRESS):
        problems.append("New support is planned or in progress: complete it once it has been delivered.")
    if problems:
        raise RuleBroken(problems)
    assignment = SupportAssignment.objects.create(
        alliance=alliance, supported_school=supported_school, supporter_name=supporter_name.strip(), focus_area=focus_area,
        objectives=objectives.strip(), success_criteria=success_criteria.strip(), starts_on=starts_on, ends_on=ends_on,
        days_planned=days_planned, state=state, recorded_by=user, **_holder_fields(supporter),
    )
    _note_outcome_before(assignment)
    return assignment


def _note_outcome_before(assignment):
    """Keep the registry's latest outcome once the support has started (today's, as the registry knows it)."""
    started = assignment.state in (State.IN_PROGRESS, State.COMPLETED) or assignment.starts_on <= date.today()
    if started and not assignment.outcome_before:
        assignment.outcome_before = assignment.supported_school.latest_outcome
        assignment.save(update_fields=["outcome_before"])


def _locked(assignment):
    return SupportAssignment.objects.select_for_update(of=("self",)).select_related("alliance", "supported_school").get(pk=assignment.pk)


@transaction.atomic
def update_assignment(user, assignment, *, supported_school, supporter, focus_area, objectives, success_criteria,
                      starts_on, ends_on, days_planned, supporter_name="", state):
    assignment = _locked(assignment)
    _require_manager(user, assignment.alliance)
    problems = _problems(
        assignment.alliance, supported_school=supported_school, supporter=supporter, focus_area=focus_area, objectives=objectives,
        success_criteria=success_criteria, starts_on=starts_on, ends_on=ends_on, days_planned=days_planned, was=assignment,
    )
    if assignment.state in (State.COMPLETED, State.WITHDRAWN):
        problems.insert(0, f"This support is {assignment.get_state_display().lower()}: it can no longer be changed.")
    if state not in EDITABLE_STATES:
        problems.append("Complete the support with its days delivered and outcome, on its own page.")
    if problems:
        raise RuleBroken(problems)
    assignment.supported_school, assignment.focus_area, assignment.supporter_name = supported_school, focus_area, supporter_name.strip()
    assignment.objectives, assignment.success_criteria = objectives.strip(), success_criteria.strip()
    assignment.starts_on, assignment.ends_on, assignment.days_planned, assignment.state = starts_on, ends_on, days_planned, state
    for field, value in _holder_fields(supporter).items():
        setattr(assignment, field, value)
    assignment.save()
    _note_outcome_before(assignment)
    return assignment


@transaction.atomic
def complete(user, assignment, *, days_delivered, outcome):
    """Completed with the days delivered and what came of it. The ledger's days may not be more
    than the days delivered, so fewer days than the entries already record is refused."""
    assignment = _locked(assignment)
    _require_manager(user, assignment.alliance)
    problems = []
    if assignment.state not in (State.PLANNED, State.IN_PROGRESS):
        problems.append(f"This support is already {assignment.get_state_display().lower()}.")
    if days_delivered is None or days_delivered <= 0:
        problems.append("Give the days delivered: more than 0.")
    if not (outcome or "").strip():
        problems.append("Say what the outcome of the support was.")
    recorded = ledger_days(assignment)
    if days_delivered is not None and days_delivered < recorded:
        problems.append(f"The ledger already records {days_text(recorded)} for this support: void entries before giving fewer days.")
    if problems:
        raise RuleBroken(problems)
    assignment.days_delivered, assignment.outcome, assignment.state = days_delivered, outcome.strip(), State.COMPLETED
    assignment.save(update_fields=["days_delivered", "outcome", "state"])
    _note_outcome_before(assignment)
    from delivery import assurance  # the supported school is asked to confirm the record

    assurance.on_completion(user, assignment)
    return assignment


def ledger_days(assignment):
    from delivery import ledger

    return ledger.live_total(assignment) if assignment.pk else Decimal(0)


def days_text(days):
    """"6 days", "1.5 days": the same words whichever database summed them (PostgreSQL keeps 6.00)."""
    from delivery import ledger

    return ledger.amount_text(days, "days")


def rating_problems(assignment, rating):
    """Why this rating cannot be given now: shared by rating when signed in and by the school's
    emailed link (delivery/assurance.py)."""
    problems = []
    if assignment.state != State.COMPLETED:
        problems.append(f"The support is {assignment.get_state_display().lower()}: it can be rated once completed.")
    if assignment.rating is not None:
        problems.append(f"{assignment.rated_by or 'The school'} already rated it {assignment.get_rating_display()} on {assignment.rated_at:%-d %B %Y}.")
    if rating not in SupportAssignment.Rating.values:
        problems.append("Choose a rating from Outstanding to Inadequate.")
    return problems


@transaction.atomic
def rate(user, assignment, *, rating, comment=""):
    """The supported school's leader or business manager rates the support once it is completed; once only."""
    require(
        can_rate_support(user, assignment),
        f"Only {assignment.supported_school.name}'s leaders and business managers rate the support it received.",
    )
    assignment = _locked(assignment)
    problems = rating_problems(assignment, rating)
    if problems:
        raise RuleBroken(problems)
    assignment.rating, assignment.rating_comment = rating, (comment or "").strip()
    assignment.rated_by, assignment.rated_at = user, timezone.now()
    assignment.save(update_fields=["rating", "rating_comment", "rated_by", "rated_at"])
    return assignment


def inspection_outcome(inspection):
    """A graded inspection's outcome in words."""
    if inspection.overall_effectiveness:
        return inspection.get_overall_effectiveness_display()
    if inspection.regime == Inspection.Regime.REPORT_CARD:
        return "Report card"
    return "Key judgements, no overall grade"


def outcome_after(assignment):
    """The first graded inspection of the supported school after the support ended, as
    (outcome, inspection), or None while there is none."""
    after = Inspection.objects.filter(
        school_id=assignment.supported_school_id, regime__in=Inspection.GRADED_REGIMES, start_date__gt=assignment.ends_on,
    ).order_by("start_date", "pk").first()
    return (inspection_outcome(after), after) if after else None


def for_alliance(alliance):
    return alliance.support_assignments.select_related(
        "supported_school", "supporting_school", "supporting_organisation", "focus_area"
    ).order_by("-starts_on", "-pk")


def rateable_by(user):
    """Completed support, not yet rated, that this person's schools may rate (for Your alliances)."""
    from alliances.permissions import MANAGING_ROLES, schools_acting_for

    schools = schools_acting_for(user, MANAGING_ROLES)
    return SupportAssignment.objects.filter(supported_school_id__in=schools, state=State.COMPLETED, rating__isnull=True)

