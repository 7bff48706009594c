"""A school's needs and offers: what support it wants and what expertise it can give, each in an
area from the Council's list. Quick to fill in (area, phase, priority, wanted by, days; or area,
person or team, days), changed by the school's leaders and business managers. The profile's
summary shows how much the school gives and receives: the days it offers a year, and the days of
school-to-school support it has given and received (delivery.SupportAssignment, completed ones
by days delivered)."""
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum

from alliances.permissions import require
from alliances.rules import RuleBroken
from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import can_edit_profile
from delivery.models import SupportAssignment

MAX_DAYS = Decimal(200)


def _require_editor(user, school):
    require(can_edit_profile(user, school), f"Only {school.name}'s leaders and business managers change its needs and offers.")


def _area_problems(area, was=None):
    if area is None:
        return ["Choose an area of expertise from the list."]
    if not area.active and not (was is not None and was.area_id == area.pk):
        return [f"“{area.name}” is no longer on the list of areas of expertise."]
    return []


def _days_problems(days, label):
    if days is None or not (0 < days <= MAX_DAYS):
        return [f"Give the {label}: more than 0 and at most {MAX_DAYS}."]
    return []


def _need_problems(*, area, phase, priority, days_wanted, was=None):
    problems = _area_problems(area, was)
    if not (phase or "").strip():
        problems.append("Give the phase of education the support is for.")
    if priority not in SchoolNeed.Priority.values:
        problems.append("Choose a priority: high, medium or low.")
    return problems + _days_problems(days_wanted, "days wanted")


@transaction.atomic
def add_need(user, school, *, area, phase, priority, wanted_by, days_wanted, notes=""):
    _require_editor(user, school)
    problems = _need_problems(area=area, phase=phase, priority=priority, days_wanted=days_wanted)
    if problems:
        raise RuleBroken(problems)
    return SchoolNeed.objects.create(
        school=school, area=area, phase=phase.strip(), priority=priority, wanted_by=wanted_by, days_wanted=days_wanted,
        notes=(notes or "").strip(), recorded_by=user,
    )


@transaction.atomic
def update_need(user, need, *, area, phase, priority, wanted_by, days_wanted, notes="", state):
    need = SchoolNeed.objects.select_for_update(of=("self",)).select_related("school").get(pk=need.pk)
    _require_editor(user, need.school)
    problems = _need_problems(area=area, phase=phase, priority=priority, days_wanted=days_wanted, was=need)
    if state not in SchoolNeed.State.values:
        problems.append("Choose whether the need is open, met or withdrawn.")
    if problems:
        raise RuleBroken(problems)
    need.area, need.phase, need.priority, need.wanted_by = area, phase.strip(), priority, wanted_by
    need.days_wanted, need.notes, need.state = days_wanted, (notes or "").strip(), state
    need.save()
    return need


def _offer_problems(school, *, area, given_by, specialist_leader, days_per_year, was=None):
    problems = _area_problems(area, was)
    if not (given_by or "").strip():
        problems.append("Say who gives the support: a person or a team.")
    if specialist_leader is not None:
        if specialist_leader.school_id != school.pk or specialist_leader.state != SpecialistLeader.State.DESIGNATED:
            problems.append("Link only a designated SLE of this school.")
        elif area is not None and not specialist_leader.areas.filter(pk=area.pk).exists():
            problems.append(f"{specialist_leader.person} is not designated for {area.name}.")
    return problems + _days_problems(days_per_year, "days available a year")


@transaction.atomic
def add_offer(user, school, *, area, given_by, days_per_year, specialist_leader=None):
    _require_editor(user, school)
    problems = _offer_problems(school, area=area, given_by=given_by, specialist_leader=specialist_leader, days_per_year=days_per_year)
    if problems:
        raise RuleBroken(problems)
    return SchoolOffer.objects.create(
        school=school, area=area, given_by=given_by.strip(), specialist_leader=specialist_leader, days_per_year=days_per_year, recorded_by=user,
    )


@transaction.atomic
def update_offer(user, offer, *, area, given_by, days_per_year, specialist_leader=None, active=True):
    offer = SchoolOffer.objects.select_for_update(of=("self",)).select_related("school").get(pk=offer.pk)
    _require_editor(user, offer.school)
    problems = _offer_problems(
        offer.school, area=area, given_by=given_by, specialist_leader=specialist_leader, days_per_year=days_per_year, was=offer,
    )
    if problems:
        raise RuleBroken(problems)
    offer.area, offer.given_by, offer.specialist_leader = area, given_by.strip(), specialist_leader
    offer.days_per_year, offer.active = days_per_year, active
    offer.save()
    return offer


@dataclass(frozen=True)
class Summary:
    days_offered: Decimal  # a year, across active offers
    days_needed: Decimal  # across open needs
    days_given: Decimal  # school-to-school support given, completed (days delivered)
    days_received: Decimal
    support_given: int  # support records in progress or completed
    support_received: int


def summary(school):
    """How much the school gives and receives, in three queries."""
    live = (SupportAssignment.State.IN_PROGRESS, SupportAssignment.State.COMPLETED)
    completed = SupportAssignment.State.COMPLETED
    rows = list(
        SupportAssignment.objects.filter(Q(supporting_school=school) | Q(supported_school=school), state__in=live)
        .values_list("supporting_school_id", "supported_school_id", "state", "days_delivered")
    )
    given = [row for row in rows if row[0] == school.pk]
    received = [row for row in rows if row[1] == school.pk]
    profile = SchoolOffer.objects.filter(school=school, active=True).aggregate(days=Sum("days_per_year"))
    needed = SchoolNeed.objects.filter(school=school, state=SchoolNeed.State.OPEN).aggregate(days=Sum("days_wanted"))
    return Summary(
        days_offered=profile["days"] or Decimal(0), days_needed=needed["days"] or Decimal(0),
        days_given=sum((row[3] for row in given if row[2] == completed), Decimal(0)),
        days_received=sum((row[3] for row in received if row[2] == completed), Decimal(0)),
        support_given=len(given), support_received=len(received),
    )
