"""Initial teacher training: an alliance's managers record cohorts, trainees, placements and
outcomes; the Council records the national rates the KPIs compare with. Each function takes the
acting person first and refuses with every reason, writing nothing, when a rule is broken."""
import re
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from simple_history.utils import bulk_create_with_history

from alliances.models import AllianceRole
from alliances.permissions import can_record_itt, can_set_national_rates, require
from alliances.rules import RuleBroken
from delivery.models import NationalRate, Placement, Trainee, TraineeCohort, academic_year_label
from registry.models import Organisation

PLACING_ROLES = (AllianceRole.Role.LEAD, AllianceRole.Role.MEMBER, AllianceRole.Role.DELIVERER)
FIRST_YEAR = 2000
MOST_AT_ONCE = 200  # a bulk add bigger than any alliance's intake is a slip of the keyboard
SIX_MONTHS_DAYS = 183


def _require_recorder(user, alliance):
    require(can_record_itt(user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools record its trainees.")


def latest_year(today=None):
    """Cohorts may be planned for the next academic year, not further ahead."""
    today = today or date.today()
    return today.year + 1


def overlaps(first_start, first_end, second_start, second_end):
    """Whether two date ranges share a day; an open end (None) runs on for ever."""
    return (first_end is None or second_start <= first_end) and (second_end is None or first_start <= second_end)


# --- Cohorts -------------------------------------------------------------------------------------


@transaction.atomic
def create_cohort(user, alliance, *, academic_year, route, lead_school, accredited_provider=None,
                  accredited_provider_name="", partner_university=None, subject_phase=""):
    _require_recorder(user, alliance)
    problems = []
    if academic_year is None or not FIRST_YEAR <= academic_year <= latest_year():
        problems.append(f"The academic year must be between {academic_year_label(FIRST_YEAR)} and {academic_year_label(latest_year())}.")
    if route not in TraineeCohort.Route.values:
        problems.append("Choose the training route.")
    name = (accredited_provider_name or "").strip()
    if accredited_provider is None and not name:
        problems.append("Choose the accredited provider, or type its name if it is not listed.")
    if accredited_provider is not None and name:
        problems.append("Give the accredited provider once: chosen from the list or typed, not both.")
    if partner_university is not None and partner_university.kind != Organisation.Kind.UNIVERSITY:
        problems.append(f"{partner_university.name} is not a university.")
    if lead_school is None or not alliance.lead_schools().filter(pk=lead_school.pk).exists():
        problems.append(f"The lead school must be one of {alliance.name}'s current lead schools.")
    if problems:
        raise RuleBroken(problems)
    return TraineeCohort.objects.create(
        alliance=alliance, academic_year=academic_year, route=route, lead_school=lead_school,
        accredited_provider=accredited_provider, accredited_provider_name=name, partner_university=partner_university,
        subject_phase=subject_phase.strip(), created_by=user,
    )


# --- Trainees ------------------------------------------------------------------------------------


@transaction.atomic
def add_trainee(user, cohort, *, reference, display_name="", subject="", phase=""):
    cohort = TraineeCohort.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=cohort.pk)
    _require_recorder(user, cohort.alliance)
    reference = reference.strip()
    problems = []
    if not reference:
        problems.append("Give the trainee a reference.")
    elif cohort.trainees.filter(reference__iexact=reference).exists():
        problems.append(f"{reference} is already a trainee's reference in this cohort.")
    if problems:
        raise RuleBroken(problems)
    return Trainee.objects.create(
        cohort=cohort, reference=reference, display_name=display_name.strip(), subject=subject.strip(), phase=phase.strip(),
    )


@transaction.atomic
def bulk_add_trainees(user, cohort, *, number, prefix, subject="", phase=""):
    """Adds `number` trainees referenced prefix-001, prefix-002 and on, after the highest number
    the cohort already has with that prefix, so adding more later never collides."""
    cohort = TraineeCohort.objects.select_for_update(of=("self",)).select_related("alliance").get(pk=cohort.pk)
    _require_recorder(user, cohort.alliance)
    prefix = prefix.strip()
    problems = []
    if number is None or not 1 <= number <= MOST_AT_ONCE:
        problems.append(f"Add between 1 and {MOST_AT_ONCE} trainees at once.")
    if not prefix:
        problems.append("Give a reference prefix, such as the cohort's year and route.")
    elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 /_-]{0,29}", prefix):
        problems.append("A reference prefix is up to 30 letters, digits, spaces, hyphens, slashes or underscores.")
    if problems:
        raise RuleBroken(problems)
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$", re.IGNORECASE)
    used = [int(m.group(1)) for ref in cohort.trainees.values_list("reference", flat=True) if (m := pattern.match(ref))]
    start = max(used, default=0) + 1
    made = [
        Trainee(cohort=cohort, reference=f"{prefix}-{n:03d}", subject=subject.strip(), phase=phase.strip())
        for n in range(start, start + number)
    ]
    return bulk_create_with_history(made, Trainee, default_user=user)


@transaction.atomic
def record_outcome(user, trainee, *, state, outcome_on=None, employed=Trainee.Employed.UNKNOWN, employing_school=None, today=None):
    trainee = Trainee.objects.select_for_update(of=("self",)).select_related("cohort__alliance").get(pk=trainee.pk)
    cohort = trainee.cohort
    _require_recorder(user, cohort.alliance)
    today = today or date.today()
    problems = []
    if state not in Trainee.State.values:
        problems.append("Choose where the trainee's training stands.")
    if state == Trainee.State.IN_TRAINING and outcome_on:
        problems.append("A trainee still in training has no outcome date: leave it empty.")
    if state in (Trainee.State.QTS_AWARDED, Trainee.State.WITHDRAWN, Trainee.State.DEFERRED) and not outcome_on:
        problems.append("Give the date of the outcome.")
    if outcome_on and outcome_on < cohort.starts_on:
        problems.append(f"The outcome date is before the cohort's year starts ({cohort.starts_on:%-d %B %Y}).")
    if outcome_on and outcome_on > today:
        problems.append("The outcome date is in the future.")
    if employed != Trainee.Employed.UNKNOWN and state != Trainee.State.QTS_AWARDED:
        problems.append("Employment within six months is recorded only for a trainee awarded QTS.")
    if employing_school is not None and employed != Trainee.Employed.YES:
        problems.append("Give an employing school only for a trainee employed within six months.")
    if problems:
        raise RuleBroken(problems)
    trainee.state, trainee.outcome_on = state, outcome_on
    trainee.employed_within_six_months, trainee.employing_school = employed, employing_school
    trainee.save()
    return trainee


# --- Placements ----------------------------------------------------------------------------------


def placing_roles(alliance):
    """Roles whose schools may take trainees: leads, members and school deliverers, any dates."""
    return alliance.roles.filter(role__in=PLACING_ROLES, school__isnull=False)


def placement_schools(alliance, day=None):
    """Schools a placement may be made at today: the alliance's lead, member and deliverer schools."""
    from registry.models import School

    return School.objects.filter(alliance_roles__in=alliance.roles_on(day).filter(role__in=PLACING_ROLES)).distinct().order_by("name")


def _covered(alliance, school, starts_on, ends_on):
    """Whether one of the school's periods in the alliance covers every day of the placement."""
    for role in placing_roles(alliance).filter(school=school):
        if role.starts_on <= starts_on and (role.ends_on is None or (ends_on is not None and ends_on <= role.ends_on)):
            return True
    return False


def _overlap_problems(trainee, starts_on, ends_on, leaving_out=None):
    others = trainee.placements.exclude(pk=getattr(leaving_out, "pk", None)).select_related("school")
    return [
        f"The trainee is placed at {other.school.name} from {other.starts_on:%-d %B %Y}"
        f"{f' to {other.ends_on:%-d %B %Y}' if other.ends_on else ' with no end date'}: placements cannot overlap."
        for other in others if overlaps(starts_on, ends_on, other.starts_on, other.ends_on)
    ]


@transaction.atomic
def add_placement(user, trainee, *, school, starts_on, ends_on=None):
    trainee = Trainee.objects.select_for_update(of=("self",)).select_related("cohort__alliance").get(pk=trainee.pk)
    alliance = trainee.cohort.alliance
    _require_recorder(user, alliance)
    problems = []
    if school is None:
        problems.append("Choose the school.")
    if starts_on is None:
        problems.append("Give the date the placement starts.")
    if starts_on and ends_on and ends_on < starts_on:
        problems.append("The placement must end on or after the day it starts.")
    if starts_on and starts_on < trainee.cohort.starts_on:
        problems.append(f"The placement starts before the cohort's year starts ({trainee.cohort.starts_on:%-d %B %Y}).")
    if trainee.state in (Trainee.State.WITHDRAWN, Trainee.State.DEFERRED) and starts_on and trainee.outcome_on and starts_on > trainee.outcome_on:
        problems.append(f"The trainee {trainee.get_state_display().lower()} on {trainee.outcome_on:%-d %B %Y}: no placement after that.")
    if school is not None and starts_on and not (ends_on and ends_on < starts_on) and not _covered(alliance, school, starts_on, ends_on):
        problems.append(f"{school.name} is not one of {alliance.name}'s lead, member or deliverer schools for all of the placement's dates.")
    if starts_on and not (ends_on and ends_on < starts_on):
        problems += _overlap_problems(trainee, starts_on, ends_on)
    if problems:
        raise RuleBroken(problems)
    return Placement.objects.create(trainee=trainee, school=school, starts_on=starts_on, ends_on=ends_on, created_by=user)


@transaction.atomic
def end_placement(user, placement, *, ends_on):
    trainee = Trainee.objects.select_for_update(of=("self",)).select_related("cohort__alliance").get(pk=placement.trainee_id)
    placement = Placement.objects.select_related("school").get(pk=placement.pk)
    alliance = trainee.cohort.alliance
    _require_recorder(user, alliance)
    problems = []
    if ends_on is None:
        problems.append("Give the last day of the placement.")
    elif ends_on < placement.starts_on:
        problems.append(f"The placement started on {placement.starts_on:%-d %B %Y}: it cannot end before then.")
    elif placement.ends_on is not None and ends_on > placement.ends_on:
        problems.append(f"The placement already ends on {placement.ends_on:%-d %B %Y}: add a new placement to extend it.")
    if problems:
        raise RuleBroken(problems)
    placement.ends_on = ends_on
    placement.save(update_fields=["ends_on"])
    return placement


# --- National rates ------------------------------------------------------------------------------


@transaction.atomic
def set_national_rate(user, *, year, value, measure=NationalRate.Measure.EMPLOYED_WITHIN_SIX_MONTHS):
    require(can_set_national_rates(user), "Only members of the Teaching Schools Council enter national rates.")
    problems = []
    if year is None or not FIRST_YEAR <= year <= latest_year():
        problems.append(f"The year must be between {academic_year_label(FIRST_YEAR)} and {academic_year_label(latest_year())}.")
    if value is None or not 0 <= value <= 100:
        problems.append("The rate is a percentage from 0 to 100.")
    if problems:
        raise RuleBroken(problems)
    rate, _ = NationalRate.objects.update_or_create(year=year, measure=measure, defaults={"value": value, "recorded_by": user})
    return rate


# --- Reading -------------------------------------------------------------------------------------


def with_employment(trainees):
    """Trainees with whether their employing school was one of the alliance's schools on the
    outcome date, as one subquery, so a list runs a fixed number of queries. (An employing school
    is recorded only with QTS, which always has an outcome date.)"""
    day = OuterRef("outcome_on")
    in_alliance = AllianceRole.objects.filter(
        alliance=OuterRef("cohort__alliance"), school=OuterRef("employing_school"), role__in=PLACING_ROLES, starts_on__lte=day,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return trainees.annotate(_employed_in_alliance=Exists(in_alliance))
