"""Teaching schools: who is designated, with the history of each designation, and the
applications still waiting for the Council or declined by it."""
from datetime import timedelta

from alliances.models import Designation, DesignationEvent

from .dates import EARLIEST_DESIGNATION, _create_stamped, _random_day, _years_later
from .shares import _group, share_out
from .texts import (
    APPROVAL_REASONS,
    DECLINE_REASONS,
    HEADTEACHER_EVIDENCE,
    ITT_EVIDENCE,
    NOT_GOOD_REASON,
    SUPPORT_EVIDENCE,
)


def choose_teaching_schools(rng, schools, count, as_at):
    """At-least-Good schools spread over the regions in proportion to their schools. A school
    needs a year's track record, so very new schools are left out."""
    by_region = _group(schools, lambda s: s.region)
    quotas = share_out(count, {region: len(found) for region, found in by_region.items()})
    newest = as_at - timedelta(days=365)
    chosen = []
    for region in sorted(by_region):
        eligible = [s for s in by_region[region] if s.at_least_good and (s.open_date or newest) <= newest]
        chosen += rng.sample(eligible, min(quotas[region], len(eligible)))
    return chosen


def designate_teaching_schools(rng, schools, council, as_at):
    designations, stamps = [], []
    for school in schools:
        earliest = max(EARLIEST_DESIGNATION, (school.open_date or EARLIEST_DESIGNATION) + timedelta(days=365))
        designated_on = _random_day(rng, earliest, as_at - timedelta(days=30))
        applied_on = designated_on - timedelta(days=rng.randint(28, 120))
        designations.append(
            Designation(
                school=school,
                status=Designation.Status.DESIGNATED,
                applied_on=applied_on,
                designated_on=designated_on,
                review_due_on=_years_later(designated_on, Designation.TERM_YEARS),
                **_evidence(rng),
            )
        )
    Designation.objects.bulk_create(designations)
    for designation in designations:
        stamps.append(_event(designation, DesignationEvent.Kind.APPLIED, designation.applied_on))
        reason = rng.choice(APPROVAL_REASONS)
        stamps.append(_event(designation, DesignationEvent.Kind.APPROVED, designation.designated_on, council, reason))
    _create_stamped(rng, DesignationEvent, "at", stamps)
    return designations


def _event(designation, kind, day, by=None, reason=""):
    return DesignationEvent(designation=designation, kind=kind, by=by, reason=reason), day


def _evidence(rng, with_headteacher=True):
    def text(templates, low, high):
        return rng.choice(templates).format(n=rng.randint(low, high), year=rng.randint(2012, 2020))

    return {
        "itt_evidence": text(ITT_EVIDENCE, 4, 30),
        "support_evidence": text(SUPPORT_EVIDENCE, 2, 12),
        "headteacher_evidence": text(HEADTEACHER_EVIDENCE, 4, 20) if with_headteacher else "",
    }


def record_other_applications(rng, schools, teaching_schools, leaders, council, story, as_at):
    """Applications waiting for the Council (the last few weeks), and a few declined ones."""
    taken = {s.id for s in teaching_schools} | story.school_ids
    waiting_count = max(3, round(len(teaching_schools) / 80))
    declined_count = max(2, round(len(teaching_schools) / 200))
    good = [s for s in schools if s.at_least_good and s.id not in taken]
    not_good = [s for s in schools if s.at_least_good is False and s.id not in taken]
    # Most declined schools were Good but short of evidence; one was not at least Good.
    applicants = rng.sample(good, min(len(good), waiting_count + declined_count - 1))
    waiting, declined = applicants[:waiting_count], applicants[waiting_count:]
    declined += rng.sample(not_good, min(1, len(not_good)))
    leaders.ensure(waiting + declined)
    designations, stamps = [], []
    for index, school in enumerate(waiting):
        # One application lacks the headteacher's evidence, so the queue shows "needs evidence".
        applied_on = as_at - timedelta(days=rng.randint(3, 60))
        designations.append(
            Designation(school=school, applied_on=applied_on, applied_by=leaders[school], **_evidence(rng, index != 0))
        )
    for school in declined:
        applied_on = _random_day(rng, EARLIEST_DESIGNATION, as_at - timedelta(days=200))
        designations.append(
            Designation(
                school=school, status=Designation.Status.DECLINED, applied_on=applied_on, applied_by=leaders[school],
                **_evidence(rng),
            )
        )
    Designation.objects.bulk_create(designations)
    for designation in designations:
        applied = _event(designation, DesignationEvent.Kind.APPLIED, designation.applied_on, designation.applied_by)
        stamps.append(applied)
        if designation.status == Designation.Status.DECLINED:
            reason = NOT_GOOD_REASON if designation.school.at_least_good is False else rng.choice(DECLINE_REASONS)
            decided_on = designation.applied_on + timedelta(days=rng.randint(20, 90))
            stamps.append(_event(designation, DesignationEvent.Kind.DECLINED, decided_on, council, reason))
    _create_stamped(rng, DesignationEvent, "at", stamps)
