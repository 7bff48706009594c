"""Designating teaching schools: the criteria, the decision, and reviews after new data.

The criteria (from the Teaching Schools Council's designation rules):
1. at least Good at the most recent Ofsted inspection (registry.inspection_standing, all three
   inspection regimes);
2. open and state-funded;
3. a track record in initial teacher training (evidence);
4. a track record of supporting other schools (evidence);
5. the headteacher's experience (evidence).
Each is shown as met, not met, needing evidence, or (for the track records) evidence to judge
until the Council judges it. A Council member approves only when all are met, or declines with
reasons; a declined school may appeal.

The lifecycle after designation: a designation runs for four years. It is put *under review*
when its term ends (`review_due_designations`, run daily by the `review_designations` command) or
when new GIAS or Ofsted data shows the school has closed or fallen below Good. During a review
the Council may ask the school for evidence, which the school sends; the Council then clears the
review (four more years) or de-designates the school, with reasons. A de-designated school may
appeal. Alliances left without enough designated leads are told (`alliances.leadership`).
"""
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from alliances.models import Designation, DesignationEvent
from alliances.permissions import can_commit_school, is_council_member, require
from alliances.rules import RuleBroken
from notices import for_alliances as notices
from registry.inspection_standing import at_least_good
from registry.models import School

MET, NOT_MET, NEEDS_EVIDENCE, TO_JUDGE = "met", "not_met", "needs_evidence", "to_judge"
STATUS_LABELS = {MET: "Met", NOT_MET: "Not met", NEEDS_EVIDENCE: "Needs evidence", TO_JUDGE: "Evidence to judge"}
# The track-record criteria, which the Council judges from the evidence: key -> (label, field).
EVIDENCE_CRITERIA = {
    "itt": ("Track record in initial teacher training", "itt"),
    "support": ("Track record of supporting other schools", "support"),
    "headteacher": ("Headteacher's experience", "headteacher"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    status: str
    detail: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _evidence(key, label, text, judged_met=None):
    if not text.strip():
        return Criterion(key, label, NEEDS_EVIDENCE, "No evidence attached yet.")
    if judged_met is None:
        return Criterion(key, label, TO_JUDGE, "Evidence attached, for the Council to judge.")
    if judged_met:
        return Criterion(key, label, MET, "The Council judged the evidence to meet the criterion.")
    return Criterion(key, label, NOT_MET, "The Council judged the evidence not to meet the criterion.")


def designation_criteria(school: School, itt_evidence="", support_evidence="", headteacher_evidence="", judgements=None):
    """Check a school against each designation criterion: the registry's data decides the first
    two; the Council's judgements (key -> True/False, absent until judged) the track records."""
    judgements = judgements or {}
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
        *(
            _evidence(key, label, text, judgements.get(key))
            for (key, (label, _)), text in zip(EVIDENCE_CRITERIA.items(), (itt_evidence, support_evidence, headteacher_evidence))
        ),
    ]


def judgements_of(designation: Designation):
    return {key: getattr(designation, f"{field}_judged_met") for key, (_, field) in EVIDENCE_CRITERIA.items()}


def criteria_for(designation: Designation):
    return designation_criteria(
        designation.school, designation.itt_evidence, designation.support_evidence, designation.headteacher_evidence,
        judgements_of(designation),
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
def approve(designation: Designation, reviewer, reason="", on=None, evidence_judged_met=()) -> Designation:
    """Approve when every criterion is met. `evidence_judged_met` names the track-record criteria
    (keys of EVIDENCE_CRITERIA) the reviewer judges met now; the judgement is kept either way."""
    _require_council(reviewer)
    if designation.status != Designation.Status.APPLIED:
        raise RuleBroken(f"Only an application can be approved; this designation is {designation.get_status_display().lower()}.")
    for key in evidence_judged_met:
        setattr(designation, f"{EVIDENCE_CRITERIA[key][1]}_judged_met", True)
    unmet = [c for c in criteria_for(designation) if c.status != MET]
    if unmet:
        raise RuleBroken([f"{c.label}: {c.status_label.lower()}. {c.detail}" for c in unmet])
    on = on or date.today()
    designation.status = Designation.Status.DESIGNATED
    designation.designated_on = on
    designation.review_due_on = _years_after(on, Designation.TERM_YEARS)
    designation.save()
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.APPROVED, reason=reason, by=reviewer)
    notices.designation_decided(designation, f"approved, until {designation.review_due_on:%-d %B %Y}", reason)
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
    notices.designation_decided(designation, "application declined", reason)
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
    notices.designation_decided(designation, "appeal upheld" if uphold else "appeal dismissed", reason)
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


def _put_under_review(designation, reason, cause, by=None):
    designation.status = Designation.Status.UNDER_REVIEW
    designation.review_reason, designation.review_cause = reason, cause
    designation.save(update_fields=["status", "review_reason", "review_cause"])
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.PUT_UNDER_REVIEW, reason=reason, by=by)
    notices.designation_under_review(designation, reason)


@transaction.atomic
def review_due_designations(today=None):
    """Put under review every designation whose four-year term has ended. Idempotent: one run
    a day in production (the `review_designations` command). Returns those newly under review."""
    today = today or date.today()
    due = Designation.objects.filter(status=Designation.Status.DESIGNATED, review_due_on__lte=today).select_related("school")
    flagged = []
    for designation in due.select_for_update(of=("self",)):
        reason = f"Its four-year term ended on {designation.review_due_on:%-d %B %Y}: the Council reviews it before renewing."
        _put_under_review(designation, reason, Designation.ReviewCause.TERM)
        flagged.append(designation)
    return flagged


def cause_gone(designation: Designation):
    """For a review the registry's data started: True when later imports show the school open and
    at least Good again, so the Council sees that beside the review."""
    return designation.review_cause == Designation.ReviewCause.REGISTRY and not review_reasons(designation.school)


def _locked(designation):
    """The designation as stored now, locked until the change is written."""
    return Designation.objects.select_for_update().select_related("school").get(pk=designation.pk)


def _require_under_review(designation):
    if designation.status != Designation.Status.UNDER_REVIEW:
        raise RuleBroken(f"This designation is {designation.get_status_display().lower()}, not under review.")


@transaction.atomic
def request_evidence(designation: Designation, reviewer, message: str) -> DesignationEvent:
    """The Council asks the school for evidence during a review."""
    _require_council(reviewer)
    designation = _locked(designation)
    _require_under_review(designation)
    if not message.strip():
        raise RuleBroken("Say what evidence the school should send.")
    notices.evidence_requested(designation, message)
    return DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.EVIDENCE_REQUESTED, reason=message, by=reviewer)


@transaction.atomic
def give_evidence(designation: Designation, user, evidence: str) -> DesignationEvent:
    """The school answers the Council during a review."""
    school = designation.school
    require(can_commit_school(user, school), f"Only the leader or business manager of {school.name} can send evidence for it.")
    designation = _locked(designation)
    _require_under_review(designation)
    if not evidence.strip():
        raise RuleBroken("Write the evidence for the Council.")
    notices.evidence_given(designation)
    return DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.EVIDENCE_GIVEN, reason=evidence, by=user)


@transaction.atomic
def clear_review(designation: Designation, reviewer, reason: str, on=None) -> Designation:
    """The school still meets the criteria: designated for another four years from today."""
    _require_council(reviewer)
    designation = _locked(designation)
    _require_under_review(designation)
    problems = [] if reason.strip() else ["Give the reasons for clearing the review."]
    problems += [f"It cannot be cleared: {why}" for why in review_reasons(designation.school)]
    if problems:
        raise RuleBroken(problems)
    on = on or date.today()
    designation.status = Designation.Status.DESIGNATED
    designation.review_due_on = _years_after(on, Designation.TERM_YEARS)
    designation.review_reason, designation.review_cause = "", ""
    designation.save(update_fields=["status", "review_due_on", "review_reason", "review_cause"])
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.REVIEW_CLEARED, reason=reason, by=reviewer)
    notices.designation_decided(designation, f"review cleared, designated until {designation.review_due_on:%-d %B %Y}", reason)
    return designation


@transaction.atomic
def de_designate(designation: Designation, reviewer, reason: str) -> Designation:
    """The school no longer meets the criteria. It may appeal; the alliances it leads are told
    where this leaves them without enough designated leads (alliances.leadership)."""
    _require_council(reviewer)
    designation = _locked(designation)
    _require_under_review(designation)
    if not reason.strip():
        raise RuleBroken("Give the reasons for removing the designation, so that the school can act on them or appeal.")
    designation.status = Designation.Status.DE_DESIGNATED
    designation.save(update_fields=["status"])
    DesignationEvent.objects.create(designation=designation, kind=DesignationEvent.Kind.DE_DESIGNATED, reason=reason, by=reviewer)
    notices.designation_decided(designation, "designation removed after review", reason)
    return designation


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def review_designations_against_registry():
    """Put under review every designated school that has closed or fallen below Good.
    Returns the designations newly put under review."""
    flagged = []
    for designation in Designation.objects.filter(status=Designation.Status.DESIGNATED).select_related("school"):
        reasons = review_reasons(designation.school)
        if reasons:
            _put_under_review(designation, " ".join(reasons), Designation.ReviewCause.REGISTRY)
            flagged.append(designation)
    return flagged
