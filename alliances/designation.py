"""Designating teaching schools: the criteria, the decision, and reviews after new data.

The criteria (from the Teaching Schools Council's designation rules):
1. at least Good at the most recent Ofsted inspection (registry.inspection_standing, all three
   inspection regimes);
2. open and state-funded;
3. a track record in initial teacher training (evidence);
4. a track record of supporting other schools (evidence);
5. the headteacher's experience (evidence).
Each is shown as met, not met, or needing evidence. A Council member approves only when all are
met, or declines with reasons. A designation runs for four years, subject to continuing to meet
the criteria: when new GIAS or Ofsted data shows a teaching school has closed or fallen below
Good, its designation is put under review with the reason.
"""
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from alliances.models import Designation, DesignationEvent
from alliances.permissions import can_commit_school, is_council_member, require
from alliances.rules import RuleBroken
from registry.inspection_standing import at_least_good
from registry.models import School

MET, NOT_MET, NEEDS_EVIDENCE = "met", "not_met", "needs_evidence"
STATUS_LABELS = {MET: "Met", NOT_MET: "Not met", NEEDS_EVIDENCE: "Needs evidence"}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    status: str
    detail: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _evidence(key, label, text):
    if text.strip():
        return Criterion(key, label, MET, "Evidence attached, for the reviewer to judge.")
    return Criterion(key, label, NEEDS_EVIDENCE, "No evidence attached yet.")


def designation_criteria(school: School, itt_evidence="", support_evidence="", headteacher_evidence=""):
    """Check a school against each designation criterion, from the registry's data."""
    standing = at_least_good(school)
    if standing.at_least_good is None:
        inspection = Criterion("at_least_good", "At least Good at its most recent inspection", NEEDS_EVIDENCE, standing.reason)
    else:
        inspection = Criterion(
            "at_least_good",
            "At least Good at its most recent inspection",
            MET if standing.at_least_good else NOT_MET,
            standing.reason,
        )
    if school.is_open and school.is_state_funded:
        status = Criterion("open_state_funded", "Open and state-funded", MET, f"{school.get_status_display()}, {school.type_name.lower()}.")
    else:
        status = Criterion(
            "open_state_funded",
            "Open and state-funded",
            NOT_MET,
            f"{school.get_status_display()}, {school.type_name.lower()}"
            + ("" if school.is_state_funded else " (not state-funded)")
            + ".",
        )
    return [
        inspection,
        status,
        _evidence("itt", "Track record in initial teacher training", itt_evidence),
        _evidence("support", "Track record of supporting other schools", support_evidence),
        _evidence("headteacher", "Headteacher's experience", headteacher_evidence),
    ]


def criteria_for(designation: Designation):
    return designation_criteria(
        designation.school, designation.itt_evidence, designation.support_evidence, designation.headteacher_evidence
    )


@transaction.atomic
def apply(school: School, user, itt_evidence="", support_evidence="", headteacher_evidence="") -> Designation:
    require(can_commit_school(user, school), f"Only the leader or business manager of {school.name} can apply for it.")
    if Designation.objects.filter(school=school, status__in=Designation.LIVE_STATUSES).exists():
        raise RuleBroken(f"{school.name} already has an application or designation in progress.")
    designation = Designation.objects.create(
        school=school,
        applied_by=user,
        itt_evidence=itt_evidence,
        support_evidence=support_evidence,
        headteacher_evidence=headteacher_evidence,
    )
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.APPLIED, by=user)
    return designation


def _require_council(user):
    require(is_council_member(user), "Only a member of the Teaching Schools Council can decide on designations.")


@transaction.atomic
def approve(designation: Designation, reviewer, reason="", on=None) -> Designation:
    _require_council(reviewer)
    if designation.status != Designation.Status.APPLIED:
        raise RuleBroken(f"Only an application can be approved; this designation is {designation.get_status_display().lower()}.")
    unmet = [c for c in criteria_for(designation) if c.status != MET]
    if unmet:
        raise RuleBroken([f"{c.label}: {c.status_label.lower()}. {c.detail}" for c in unmet])
    on = on or date.today()
    designation.status = Designation.Status.DESIGNATED
    designation.designated_on = on
    designation.review_due_on = on.replace(year=on.year + Designation.TERM_YEARS)
    designation.save()
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.APPROVED, reason=reason, by=reviewer)
    return designation


@transaction.atomic
def decline(designation: Designation, reviewer, reason: str) -> Designation:
    _require_council(reviewer)
    if not reason.strip():
        raise RuleBroken("Give the reasons for declining, so that the school can act on them or appeal.")
    if designation.status != Designation.Status.APPLIED:
        raise RuleBroken(f"Only an application can be declined; this designation is {designation.get_status_display().lower()}.")
    designation.status = Designation.Status.DECLINED
    designation.save()
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.DECLINED, reason=reason, by=reviewer)
    return designation


def has_open_appeal(designation: Designation) -> bool:
    """An appeal is open until the Council upholds or dismisses it."""
    latest = designation.events.order_by("-at", "-id").first()
    return latest is not None and latest.kind == DesignationEvent.Kind.APPEALED


def open_appeals():
    """Designations whose latest event is an appeal, for the Council to decide."""
    appealable = Designation.objects.filter(status__in=[Designation.Status.DECLINED, Designation.Status.DE_DESIGNATED])
    return [d for d in appealable.select_related("school").prefetch_related("events") if has_open_appeal(d)]


@transaction.atomic
def appeal(designation: Designation, user, reason: str) -> DesignationEvent:
    school = designation.school
    require(can_commit_school(user, school), f"Only the leader or business manager of {school.name} can appeal for it.")
    if designation.status not in (Designation.Status.DECLINED, Designation.Status.DE_DESIGNATED):
        raise RuleBroken("Only a declined application or a removed designation can be appealed.")
    if has_open_appeal(designation):
        raise RuleBroken("An appeal is already waiting for the Council's decision.")
    if not reason.strip():
        raise RuleBroken("Say why the decision should change.")
    return DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.APPEALED, reason=reason, by=user)


@transaction.atomic
def decide_appeal(designation: Designation, reviewer, uphold: bool, reason: str) -> Designation:
    """Upholding an appeal reopens the application (or restores the designation) for a fresh
    decision; dismissing it leaves the decision as it was. Either way the reason is recorded."""
    _require_council(reviewer)
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if not has_open_appeal(designation):
        raise RuleBroken("There is no appeal waiting for a decision.")
    if not reason.strip():
        raise RuleBroken("Give the reasons for the decision on the appeal.")
    if uphold:
        others = Designation.objects.filter(school=designation.school, status__in=Designation.LIVE_STATUSES)
        if others.exclude(pk=designation.pk).exists():
            raise RuleBroken(f"{designation.school.name} already has another application or designation in progress.")
        if designation.status == Designation.Status.DE_DESIGNATED:
            designation.status = Designation.Status.UNDER_REVIEW
        else:
            designation.status = Designation.Status.APPLIED
        designation.save(update_fields=["status"])
    kind = DesignationEvent.Kind.APPEAL_UPHELD if uphold else DesignationEvent.Kind.APPEAL_DISMISSED
    DesignationEvent.objects.create(designation=designation, kind=kind, reason=reason, by=reviewer)
    return designation


def review_reasons(school: School):
    """Why a designated school no longer meets the criteria on the registry's data ([] if it does)."""
    reasons = []
    if not school.is_open:
        closed = f" on {school.close_date:%-d %B %Y}" if school.close_date else ""
        reasons.append(f"GIAS records the school as {school.get_status_display().lower()}{closed}.")
    standing = at_least_good(school)
    if standing.at_least_good is False:
        reasons.append(f"No longer at least Good: {standing.reason}")
    return reasons


@transaction.atomic
def review_designations_against_registry():
    """Put under review every designated school that has closed or fallen below Good.
    Returns the designations newly put under review."""
    flagged = []
    for designation in Designation.objects.filter(status=Designation.Status.DESIGNATED).select_related("school"):
        reasons = review_reasons(designation.school)
        if reasons:
            designation.status = Designation.Status.UNDER_REVIEW
            designation.review_reason = " ".join(reasons)
            designation.save(update_fields=["status", "review_reason"])
            DesignationEvent.objects.create(
                designation=designation, kind=DesignationEvent.Kind.PUT_UNDER_REVIEW, reason=designation.review_reason
            )
            flagged.append(designation)
    return flagged
