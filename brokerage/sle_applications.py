"""Applying to be a specialist leader of education, and the headteacher's consent.

A teacher applies for themself, acting for their school (any affiliation with it), naming the
teaching school they ask to assess them, their areas of expertise from the Council's list (at
least one, each still offered), their role, years of leadership and track record. Each school
decides whether its teachers take this path, so its leader consents or refuses, with a reason,
before the teaching school sees the application. The applicant may withdraw while waiting."""
from django.db import transaction
from django.utils import timezone

from alliances.permissions import can_act_for_school, require, schools_acting_for
from alliances.rules import RuleBroken
from brokerage import sle_notices
from brokerage.eligibility import eligibility_problems
from brokerage.models import SpecialistLeader
from brokerage.permissions import can_consent, teaching_schools

State = SpecialistLeader.State


def application_problems(user, *, school, teaching_school, areas, current_role, leadership_years, evidence):
    problems = []
    if school is None:
        problems.append(
            "You apply for your school: you do not act for a school on this site yet. Ask to act for your school first."
            if not schools_acting_for(user) else "Choose the school you work at."
        )
    elif not can_act_for_school(user, school):
        problems.append(f"You do not act for {school.name}: apply for a school you work at.")
    elif not school.is_open:
        problems.append(f"{school.name} is {school.get_status_display().lower()}.")
    if teaching_school is None:
        problems.append("Choose the teaching school you ask to assess you.")
    elif teaching_school.pk not in teaching_schools():
        problems.append(f"{teaching_school.name} is not a designated teaching school, so it cannot designate SLEs.")
    areas = list(areas or [])
    if not areas:
        problems.append("Choose at least one area of expertise.")
    for area in areas:
        if not area.active:
            problems.append(f"“{area.name}” is no longer on the list of areas of expertise.")
    problems += eligibility_problems(current_role, leadership_years)
    if not (evidence or "").strip():
        problems.append("Describe your track record: the evidence the teaching school assesses.")
    if SpecialistLeader.objects.filter(person=user, state__in=SpecialistLeader.LIVE_STATES).exists():
        problems.append("You already have an application in progress or a designation in force.")
    return problems


@transaction.atomic
def apply(user, *, school, teaching_school, areas, current_role, leadership_years, evidence):
    problems = application_problems(
        user, school=school, teaching_school=teaching_school, areas=areas, current_role=current_role,
        leadership_years=leadership_years, evidence=evidence,
    )
    if problems:
        raise RuleBroken(problems)
    sle = SpecialistLeader.objects.create(
        person=user, school=school, teaching_school=teaching_school, current_role=current_role,
        leadership_years=leadership_years, evidence=evidence.strip(),
    )
    sle.areas.set(areas)
    sle_notices.applied(sle)
    return sle


def _locked(sle):
    return SpecialistLeader.objects.select_for_update(of=("self",)).select_related("school", "teaching_school", "person").get(pk=sle.pk)


@transaction.atomic
def decide_consent(user, sle, *, consents, reason=""):
    """The headteacher consents, or refuses with a reason the teacher is told."""
    sle = _locked(sle)
    require(can_consent(user, sle), f"Only {sle.school.name}'s headteacher (its leaders on this site) decides whether its teachers apply.")
    problems = []
    if sle.state != State.AWAITING_CONSENT:
        problems.append(f"This application is {sle.get_state_display().lower()}: consent is no longer asked.")
    if not consents and not (reason or "").strip():
        problems.append("Give the reason you do not consent: the teacher is told it.")
    if problems:
        raise RuleBroken(problems)
    sle.state = State.AWAITING_ASSESSMENT if consents else State.CONSENT_REFUSED
    sle.consent_by, sle.consent_at, sle.consent_reason = user, timezone.now(), (reason or "").strip()
    sle.save()
    (sle_notices.consent_given if consents else sle_notices.consent_refused)(sle)
    return sle


@transaction.atomic
def withdraw(user, sle):
    sle = _locked(sle)
    require(sle.person_id == user.pk, "Only the applicant withdraws their application.")
    if sle.state not in (State.AWAITING_CONSENT, State.AWAITING_ASSESSMENT):
        raise RuleBroken(f"This application is {sle.get_state_display().lower()}: there is nothing to withdraw.")
    sle.state = State.WITHDRAWN
    sle.save()
    sle_notices.withdrawn(sle)
    return sle
