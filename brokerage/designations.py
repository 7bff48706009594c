"""A teaching school assesses an SLE application its candidate's headteacher consented to:
it designates them, with a yearly capacity in days, or does not, with reasons. It may end a
designation later, with a reason and the date it ends; the record is kept."""
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from alliances.permissions import require
from alliances.rules import RuleBroken
from brokerage import sle_notices
from brokerage.models import SpecialistLeader
from brokerage.permissions import can_assess

State = SpecialistLeader.State
MAX_CAPACITY_DAYS = Decimal(100)  # more than a school year's worth of days away is a typing slip


def _locked(sle):
    return SpecialistLeader.objects.select_for_update(of=("self",)).select_related("school", "teaching_school", "person").get(pk=sle.pk)


def _require_assessor(user, sle):
    require(can_assess(user, sle), f"Only the leaders of {sle.teaching_school.name}, as a designated teaching school, assess and designate its SLEs.")


@transaction.atomic
def assess(user, sle, *, designate, reasons="", yearly_capacity_days=Decimal(15)):
    sle = _locked(sle)
    _require_assessor(user, sle)
    problems = []
    if sle.state != State.AWAITING_ASSESSMENT:
        problems.append(f"This application is {sle.get_state_display().lower()}: it is not waiting for assessment.")
    if not designate and not (reasons or "").strip():
        problems.append("Give the reasons for not designating: the applicant is told them.")
    if designate:
        if yearly_capacity_days is None or not (0 < yearly_capacity_days <= MAX_CAPACITY_DAYS):
            problems.append(f"Give a yearly capacity of more than 0 and at most {MAX_CAPACITY_DAYS} days (typically about 15).")
        retired = [area.name for area in sle.areas.all() if not area.active]
        if retired and len(retired) == sle.areas.count():
            problems.append("Every area of expertise in this application has been retired from the list: it cannot be designated.")
    if problems:
        raise RuleBroken(problems)
    sle.state = State.DESIGNATED if designate else State.NOT_DESIGNATED
    sle.assessed_by, sle.assessed_at, sle.assessment_reasons = user, timezone.now(), (reasons or "").strip()
    if designate:
        sle.designated_on, sle.yearly_capacity_days = date.today(), yearly_capacity_days
    sle.save()
    sle_notices.assessed(sle)
    return sle


@transaction.atomic
def set_capacity(user, sle, yearly_capacity_days):
    sle = _locked(sle)
    _require_assessor(user, sle)
    problems = []
    if sle.state != State.DESIGNATED:
        problems.append(f"Only a designated SLE's capacity changes; this record is {sle.get_state_display().lower()}.")
    if yearly_capacity_days is None or not (0 < yearly_capacity_days <= MAX_CAPACITY_DAYS):
        problems.append(f"Give a yearly capacity of more than 0 and at most {MAX_CAPACITY_DAYS} days.")
    if problems:
        raise RuleBroken(problems)
    sle.yearly_capacity_days = yearly_capacity_days
    sle.save()
    return sle


@transaction.atomic
def end(user, sle, *, reason, ends_on=None):
    sle = _locked(sle)
    _require_assessor(user, sle)
    ends_on = ends_on or date.today()
    problems = []
    if sle.state != State.DESIGNATED:
        problems.append(f"Only a designation in force can be ended; this record is {sle.get_state_display().lower()}.")
    if not (reason or "").strip():
        problems.append("Give the reason the designation ends: the SLE is told it.")
    if sle.designated_on and ends_on < sle.designated_on:
        problems.append(f"The designation cannot end before it began ({sle.designated_on:%-d %B %Y}).")
    if problems:
        raise RuleBroken(problems)
    sle.state, sle.ended_on, sle.ended_by, sle.end_reason = State.ENDED, ends_on, user, reason.strip()
    sle.save()
    sle_notices.ended(sle)
    return sle


def awaiting_assessment(teaching_school):
    return SpecialistLeader.objects.filter(teaching_school=teaching_school, state=State.AWAITING_ASSESSMENT)


