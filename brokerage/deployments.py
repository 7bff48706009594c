"""Brokering a deployment, from the request to the agreement.

A school asks for support for one of its open needs, by an SLE or by another school's offer of
expertise (route SCHOOL; ENGINE when it takes up a matching run's proposal); or a broker, a
leader of a teaching school, proposes one (route BROKER). The supporter's home school decides
whether to release them, giving a reason when it does not. The brokering alliance's managers or
the receiving school then agree the days, day rate, the home school's share of the fee,
objectives, success criteria and dates; the agreed deployment becomes a support record of the
brokering alliance (delivery.SupportAssignment). Every rule broken is given at once."""
import math
from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Affiliation
from alliances.models import AllianceRole
from alliances.permissions import can_act_for_school, can_commit_school, can_manage, require
from alliances.rules import RuleBroken
from brokerage import capacity, deployment_notices
from brokerage.models import Deployment, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import can_edit_profile, may_broker_for, teaching_schools_led_by
from delivery.models import SupportAssignment
from delivery.support import days_text

State = Deployment.State
Route = Deployment.Route
LIVE_STATES = Deployment.LIVE_STATES
PENCE = Decimal("0.01")
Fee = namedtuple("Fee", "total home_school broker")
REQUEST_REFUSED = (
    "Support for {school}'s needs is asked for by its leaders and business managers, or proposed by the leaders "
    "of a teaching school whose alliance it is in."
)


def distance_km(school, other):
    """Straight-line distance in km between two schools from the register's grid references, or
    None when either has none."""
    if None in (school.easting, school.northing, other.easting, other.northing):
        return None
    return math.hypot(school.easting - other.easting, school.northing - other.northing) / 1000


def _lead_alliance_of(school_ids):
    """(teaching school, alliance) for the first of these schools currently leading an alliance."""
    role = (
        AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, school_id__in=list(school_ids))
        .select_related("school", "alliance").order_by("alliance__name", "pk").first()
    )
    return (role.school, role.alliance) if role else (None, None)


def _broker_for(user, brokered, sle, offer):
    """The brokering teaching school and its alliance (with why, when there is none). A broker
    who does not act for the receiving school brokers through their own teaching school."""
    if brokered:
        led = teaching_schools_led_by(user)
        preferred = [sle.teaching_school_id] if sle and sle.teaching_school_id in led else []
        school, alliance = _lead_alliance_of(preferred) if preferred else (None, None)
        if alliance is None:
            school, alliance = _lead_alliance_of(led)
        why = "The teaching school you lead does not currently lead an alliance, so it cannot broker the deployment."
        return school, alliance, why
    if sle is not None:
        school, alliance = _lead_alliance_of([sle.teaching_school_id])
        why = f"{sle.teaching_school.name}, the SLE's teaching school, does not currently lead an alliance, so no one can broker the deployment."
        return school, alliance, why
    alliances = AllianceRole.objects.on().filter(school=offer.school).values("alliance_id")
    leads = AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, alliance_id__in=alliances, school__isnull=False)
    school, alliance = _lead_alliance_of(leads.values_list("school_id", flat=True))
    why = f"{offer.school.name} is not in an alliance led by a teaching school, so no one can broker its offer."
    return school, alliance, why


def _route(user, need, proposal):
    if can_edit_profile(user, need.school):
        return Route.ENGINE if proposal else Route.SCHOOL
    if may_broker_for(user, need.school):
        return Route.ENGINE if proposal else Route.BROKER
    return None


def supporter_problems(need, specialist_leader, offer):
    """Whether the SLE or offer can give this support now: asked for and checked again when agreed."""
    problems = []
    if specialist_leader is not None:
        if not specialist_leader.is_designated:
            problems.append(f"This SLE is not designated ({specialist_leader.get_state_display().lower()}).")
        if need.area_id not in {area.pk for area in specialist_leader.areas.all()}:
            problems.append(f"The SLE's areas of expertise do not include {need.area.name}.")
    else:
        if not offer.active:
            problems.append(f"{offer.school.name}'s offer of {offer.area.name} is no longer offered.")
        if offer.area_id != need.area_id:
            problems.append(f"The offer is of {offer.area.name}, not {need.area.name}.")
    return problems


def capacity_problems(specialist_leader, offer, days, verb, *, on, exclude=None):
    """Days beyond what remains in the academic year of `on`: the offer's own days and, for an
    offer given by a designated SLE, the SLE's too (it is their time, whichever way it is asked)."""
    problems = []
    sle = specialist_leader or (offer.specialist_leader if offer.specialist_leader_id else None)
    for supporter, whose in ((offer, "the offer's"), (sle, "the SLE's")):
        if supporter is None or (supporter is sle and not sle.is_designated):
            continue
        remaining = capacity.remaining_of(supporter, exclude=exclude, on=on)
        if days > remaining:
            problems.append(
                f"{days_text(days)} {verb}, but only {days_text(remaining)} remain of {whose} capacity in the "
                f"academic year {capacity.year_label(on)}."
            )
    return problems


def request_problems(user, need, *, specialist_leader, offer, days, proposal, travel_limit_km):
    problems = []
    if need.state != SchoolNeed.State.OPEN:
        problems.append(f"This need is {need.get_state_display().lower()}: support is asked for open needs only.")
    if proposal is not None and proposal.need_id != need.pk:
        problems.append("The proposal is for another need.")
    if (specialist_leader is None) == (offer is None):
        if proposal is not None and proposal.is_unmet:
            problems.append("The matching run left this need unmet: it proposes no SLE or offer to ask for.")
        else:
            problems.append("Choose either one SLE or one school's offer.")
        return problems
    problems += supporter_problems(need, specialist_leader, offer)
    home = specialist_leader.school if specialist_leader is not None else offer.school
    if days is None or days <= 0:
        problems.append("Ask for at least half a day.")
    else:
        problems += capacity_problems(specialist_leader, offer, days, "asked for", on=timezone.localdate())
    # A run's limit is on its own measure of distance: by road, the straight line times its factor.
    limit, factor = travel_limit_km, 1.0
    if limit is None and proposal is not None:
        limit, factor = proposal.run.travel_limit_km, float(proposal.run.road_factor)
    if limit is not None:
        km = distance_km(home, need.school)
        how = "" if factor == 1.0 else " by road (estimated)"
        if km is None:
            problems.append(f"The distance from {home.name} to {need.school.name} is not known, so the travel limit of {limit} km cannot be checked.")
        elif km * factor > float(limit):
            problems.append(f"{home.name} is {km * factor:.1f} km{how} from {need.school.name}, beyond the travel limit of {limit} km.")
    if home.pk == need.school_id:
        problems.append("A school cannot support itself.")
    live = Deployment.objects.filter(need=need, state__in=LIVE_STATES)
    if specialist_leader is not None and live.filter(specialist_leader=specialist_leader).exists():
        problems.append("This SLE already has a deployment for this need in progress.")
    if offer is not None and live.filter(offer=offer).exists():
        problems.append("This offer already has a deployment for this need in progress.")
    return problems


@transaction.atomic
def request_deployment(user, need, *, specialist_leader=None, offer=None, days=None, proposal=None, travel_limit_km=None):
    need = SchoolNeed.objects.select_for_update(of=("self",)).select_related("school", "area").get(pk=need.pk)
    route = _route(user, need, proposal)
    require(route is not None, REQUEST_REFUSED.format(school=need.school.name))
    if proposal is not None and specialist_leader is None and offer is None:
        specialist_leader, offer = proposal.specialist_leader, proposal.offer
    if days is None:
        days = proposal.days if proposal is not None and proposal.days else need.days_wanted
    # Lock the supporter so two requests do not both take its last days.
    if specialist_leader is not None:
        specialist_leader = SpecialistLeader.objects.select_for_update(of=("self",)).select_related("school", "teaching_school").get(pk=specialist_leader.pk)
    if offer is not None:
        offer = SchoolOffer.objects.select_for_update(of=("self",)).select_related("school", "area").get(pk=offer.pk)
    problems = request_problems(
        user, need, specialist_leader=specialist_leader, offer=offer, days=days, proposal=proposal, travel_limit_km=travel_limit_km,
    )
    school = alliance = None
    if (specialist_leader is None) != (offer is None):
        school, alliance, why = _broker_for(user, not can_edit_profile(user, need.school), specialist_leader, offer)
        if alliance is None:
            problems.append(why)
    if problems:
        raise RuleBroken(problems)
    deployment = Deployment.objects.create(
        need=need, receiving_school=need.school, specialist_leader=specialist_leader, offer=offer,
        home_school=specialist_leader.school if specialist_leader else offer.school, brokering_school=school, alliance=alliance,
        route=route, proposal=proposal, days_requested=days, requested_by=user,
    )
    deployment_notices.requested(deployment)
    return deployment


def _locked(deployment):
    return (
        Deployment.objects.select_for_update(of=("self",))
        .select_related("need__area", "receiving_school", "home_school", "brokering_school", "alliance", "specialist_leader__person", "offer")
        .get(pk=deployment.pk)
    )


def can_release(user, deployment):
    """The home school's headteacher decides (its leaders on this site), never the SLE themself."""
    if deployment.specialist_leader_id and deployment.specialist_leader.person_id == user.pk:
        return False
    return can_act_for_school(user, deployment.home_school, [Affiliation.Role.LEADER])


@transaction.atomic
def release(user, deployment, *, released, reason=""):
    deployment = _locked(deployment)
    require(can_release(user, deployment), f"Only {deployment.home_school.name}'s headteacher (its leaders on this site) decides whether to release its people.")
    problems = []
    if deployment.state != State.REQUESTED:
        problems.append(f"This deployment is {deployment.get_state_display().lower()}: the release is no longer asked.")
    if not released and not (reason or "").strip():
        problems.append("Give the reason for not releasing: the school that asked is told it.")
    if problems:
        raise RuleBroken(problems)
    deployment.state = State.RELEASED if released else State.NOT_RELEASED
    deployment.released_by, deployment.released_at, deployment.release_reason = user, timezone.now(), (reason or "").strip()
    deployment.save()
    deployment_notices.release_decided(deployment)
    return deployment


def can_agree(user, deployment):
    """The receiving school agrees its terms; the brokering alliance's managers agree for it only
    when it is one of their alliance's schools."""
    if can_commit_school(user, deployment.receiving_school):
        return True
    return can_manage(user, deployment.alliance) and deployment.alliance.roles_on().filter(school=deployment.receiving_school).exists()


def agree_refusal(deployment):
    """Who agrees, in words: the one wording for this rule, its page and the API."""
    return (
        f"The deployment is agreed by {deployment.receiving_school.name}'s leaders and business managers (or, for a school of "
        f"{deployment.alliance.name}, the alliance's)."
    )


def agreement_problems(deployment, *, days, day_rate, home_school_share, objectives, success_criteria, starts_on, ends_on):
    problems = []
    if deployment.state == State.REQUESTED:
        problems.append(f"{deployment.home_school.name} has not released {deployment.supporter_name} yet: a deployment without the home school's release cannot be agreed.")
    elif deployment.state != State.RELEASED:
        problems.append(f"This deployment is {deployment.get_state_display().lower()}: it cannot be agreed.")
    problems += supporter_problems(deployment.need, deployment.specialist_leader, deployment.offer)
    if days is None or days <= 0:
        problems.append("Agree at least half a day.")
    else:
        problems += capacity_problems(
            deployment.specialist_leader, deployment.offer, days, "agreed", on=starts_on or timezone.localdate(), exclude=deployment,
        )
    if day_rate is None or day_rate < 0:
        problems.append("Give the day rate in pounds: 0 or more.")
    if home_school_share is None or not (0 <= home_school_share <= 100):
        problems.append("Give the home school's share of the fee as a percentage from 0 to 100.")
    if not (objectives or "").strip():
        problems.append("Give the objectives of the deployment.")
    if not (success_criteria or "").strip():
        problems.append("Give the success criteria.")
    if starts_on is None or ends_on is None:
        problems.append("Give the dates the deployment starts and ends.")
    elif ends_on < starts_on:
        problems.append("The deployment must end on or after the day it starts.")
    return problems


@transaction.atomic
def agree(user, deployment, *, days, day_rate, home_school_share, objectives, success_criteria, starts_on, ends_on):
    deployment = _locked(deployment)
    require(can_agree(user, deployment), agree_refusal(deployment))
    if deployment.specialist_leader_id:
        SpecialistLeader.objects.select_for_update(of=("self",)).get(pk=deployment.specialist_leader_id)
    else:
        SchoolOffer.objects.select_for_update(of=("self",)).get(pk=deployment.offer_id)
    problems = agreement_problems(
        deployment, days=days, day_rate=day_rate, home_school_share=home_school_share, objectives=objectives,
        success_criteria=success_criteria, starts_on=starts_on, ends_on=ends_on,
    )
    if problems:
        raise RuleBroken(problems)
    deployment.days, deployment.day_rate, deployment.home_school_share = days, day_rate, home_school_share
    deployment.objectives, deployment.success_criteria = objectives.strip(), success_criteria.strip()
    deployment.starts_on, deployment.ends_on = starts_on, ends_on
    deployment.state, deployment.agreed_by, deployment.agreed_at = State.AGREED, user, timezone.now()
    deployment.support_record = _support_record(user, deployment)
    deployment.save()
    _meet_need(deployment.need)
    deployment_notices.agreed(deployment)
    return deployment


def _support_record(user, deployment):
    """The agreed deployment as support given by the home school through the brokering alliance."""
    started = deployment.starts_on <= timezone.localdate()
    return SupportAssignment.objects.create(
        alliance=deployment.alliance, supported_school=deployment.receiving_school, supporting_school=deployment.home_school,
        supporter_name=_supporter_name(deployment), focus_area=deployment.need.area, objectives=deployment.objectives,
        success_criteria=deployment.success_criteria, starts_on=deployment.starts_on, ends_on=deployment.ends_on,
        days_planned=deployment.days, state=SupportAssignment.State.IN_PROGRESS if started else SupportAssignment.State.PLANNED,
        outcome_before=deployment.receiving_school.latest_outcome if started else "", recorded_by=user,
    )


def _supporter_name(deployment):
    """As the support record names the supporter: an SLE by school, never by name, since the
    record is read by more people than may see the SLE's details."""
    return deployment.supporter_name[:200]


AGREED_STATES = (State.AGREED, State.REPORTED, State.COMPLETED)


def _meet_need(need):
    """Met once the agreed days cover the days wanted; open again if a cancellation uncovers it."""
    need = SchoolNeed.objects.select_for_update(of=("self",)).get(pk=need.pk)
    agreed = need.deployments.filter(state__in=AGREED_STATES).aggregate(days=Sum("days"))["days"] or 0
    if need.state == SchoolNeed.State.OPEN and agreed >= need.days_wanted:
        need.state = SchoolNeed.State.MET
        need.save(update_fields=["state"])
    elif need.state == SchoolNeed.State.MET and agreed < need.days_wanted:
        need.state = SchoolNeed.State.OPEN
        need.save(update_fields=["state"])


CANCELLABLE_STATES = (State.REQUESTED, State.RELEASED, State.AGREED)


def can_cancel(user, deployment):
    return (
        can_commit_school(user, deployment.receiving_school)
        or can_act_for_school(user, deployment.home_school, [Affiliation.Role.LEADER])
        or can_manage(user, deployment.alliance)
    )


@transaction.atomic
def cancel(user, deployment, reason):
    deployment = _locked(deployment)
    require(
        can_cancel(user, deployment),
        f"A deployment is cancelled by {deployment.receiving_school.name}'s leaders and business managers, "
        f"{deployment.home_school.name}'s leaders or {deployment.alliance.name}'s managers.",
    )
    problems = []
    if deployment.state not in CANCELLABLE_STATES:
        problems.append(f"This deployment is {deployment.get_state_display().lower()}: it can no longer be cancelled.")
    if not (reason or "").strip():
        problems.append("Give the reason for cancelling: everyone involved is told it.")
    if problems:
        raise RuleBroken(problems)
    was_agreed = deployment.state == State.AGREED
    deployment.state, deployment.cancelled_by, deployment.cancelled_at = State.CANCELLED, user, timezone.now()
    deployment.cancel_reason = reason.strip()
    deployment.save()
    if deployment.support_record_id:
        SupportAssignment.objects.filter(pk=deployment.support_record_id).update(state=SupportAssignment.State.WITHDRAWN)
    if was_agreed:
        _meet_need(deployment.need)
    deployment_notices.cancelled(deployment)
    return deployment


def fee(deployment):
    """The fee as (total, home school's part, broker's part) in pounds, to the penny, the two
    parts adding up to the total; None until days, day rate and share are agreed."""
    if None in (deployment.days, deployment.day_rate, deployment.home_school_share):
        return None
    total = (Decimal(deployment.days) * Decimal(deployment.day_rate)).quantize(PENCE, ROUND_HALF_UP)
    home = (total * Decimal(deployment.home_school_share) / 100).quantize(PENCE, ROUND_HALF_UP)
    return Fee(total, home, total - home)


def _alliance_names(school_id, among=None):
    roles = AllianceRole.objects.on().filter(school_id=school_id)
    if among is not None:
        roles = roles.filter(alliance_id__in=among)
    return sorted(set(roles.values_list("alliance__name", flat=True)))


def in_words(deployment):
    """Whether the deployment is inside or outside the supporter's alliance, in words: inside
    when the receiving school holds a role today in an alliance the home school is in."""
    home, receiving = deployment.home_school, deployment.receiving_school
    whose = "the SLE's" if deployment.specialist_leader_id else f"{home.name}'s"
    home_alliances = AllianceRole.objects.on().filter(school_id=home.pk).values("alliance_id")
    shared = _alliance_names(receiving.pk, among=home_alliances)
    if shared:
        return f"Inside {whose} alliance: {receiving.name} and {home.name} are both in {', '.join(shared)}."
    names = _alliance_names(home.pk)
    if names:
        return f"Outside {whose} alliance: {receiving.name} is not in {', '.join(names)}."
    return f"Outside any alliance: {home.name} is in no alliance today."
