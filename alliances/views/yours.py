"""One page for a signed-in person: the alliances their schools and organisations are in, and
what is waiting for them (requests, signatures, moves, designations under review)."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from accounts.affiliation_requests import waiting_for as affiliation_requests_waiting_for

from alliances.agreements import agreement_status
from alliances.models import Alliance, AllianceRole, Designation, LeadInvitation, Memorandum, MembershipRequest, SuccessorMove
from alliances.lead_removal import waiting_for as lead_end_proposals
from alliances.leadership import leadership_warning
from alliances.networks import waiting_for as network_questions
from alliances.permissions import MANAGING_ROLES, can_manage, is_council_member, organisations_acting_for, schools_acting_for
from alliances.views.council import council_queue
from delivery.support import rateable_by
from notices.models import for_you


@login_required
def yours(request):
    user = request.user
    schools, organisations = schools_acting_for(user), organisations_acting_for(user)
    current = AllianceRole.objects.on().filter(Q(school_id__in=schools) | Q(organisation_id__in=organisations))
    roles = current.select_related("alliance", "school", "organisation").order_by("alliance__name", "role")
    alliance_ids = {role.alliance_id for role in roles}
    managed = [a for a in Alliance.objects.filter(pk__in=alliance_ids) if can_manage(user, a)]
    unsigned_memoranda = []
    for role in roles:
        if role.role == AllianceRole.Role.MEMBER:
            latest = Memorandum.latest_of(role.alliance)
            if latest and not latest.signatures.filter(school=role.school).exists():
                unsigned_memoranda.append((role.alliance, role.school, latest))
    my_leads = schools_acting_for(user, MANAGING_ROLES)
    unsigned_agreements = [
        (alliance, school)
        for alliance in managed
        for school in agreement_status(alliance).unsigned_leads
        if school.pk in my_leads
    ]
    council = is_council_member(user)
    open_notices, more_notices, done_notices = for_you(user)
    warnings = [(alliance, leadership_warning(alliance)) for alliance in Alliance.objects.filter(pk__in=alliance_ids).order_by("name")]
    return render(
        request,
        "alliances/yours.html",
        {
            "open_notices": open_notices,
            "more_notices": more_notices,
            "done_notices": done_notices,
            "council_queue": council_queue(user) if council else None,
            "affiliation_requests": affiliation_requests_waiting_for(user),
            "lead_invitations": LeadInvitation.objects.filter(
                school_id__in=my_leads, status=LeadInvitation.Status.PENDING
            ).select_related("alliance", "school"),
            "network_invitations": network_questions(user, {alliance.pk for alliance in managed}),
            "lead_end_proposals": lead_end_proposals(user, [alliance.pk for alliance in managed]),
            "leadership_warnings": [(alliance, warning) for alliance, warning in warnings if warning],
            "roles": roles,
            "managed": [
                (
                    alliance,
                    alliance.membership_requests.filter(status=MembershipRequest.Status.PENDING).count(),
                    SuccessorMove.objects.filter(role__alliance=alliance, status=SuccessorMove.Status.PENDING).count(),
                )
                for alliance in managed
            ],
            "unsigned_memoranda": unsigned_memoranda,
            "unsigned_agreements": unsigned_agreements,
            "requests": MembershipRequest.objects.filter(school_id__in=schools).select_related("alliance", "school")[:20],
            "designations": Designation.objects.filter(school_id__in=schools).select_related("school"),
            # Programmes (delivery/): staff bookings to approve at schools one leads or runs, and one's own.
            "bookings_to_approve": _bookings_to_approve(my_leads),
            "own_bookings": user.bookings.filter(state__in=("awaiting_approval", "confirmed", "waiting_list")).count(),
            # Support (delivery/support.py): completed support one's schools received, to rate.
            "support_to_rate": rateable_by(user).select_related("supported_school", "focus_area", "alliance")[:20],
            # Partners (trusts, universities…) confirm or dispute what alliances attribute to them.
            "organisations_to_answer": _organisations_to_answer(user),
        },
    )


def _bookings_to_approve(school_ids):
    """Each school one leads or runs, with how many staff bookings await its approval."""
    from registry.models import School

    waiting = Count("bookings", filter=Q(bookings__state="awaiting_approval"), distinct=True)
    # Ledger entries other alliances recorded for the school, waiting for it to confirm or dispute.
    to_answer = Count("contributions", filter=Q(contributions__state="recorded"), distinct=True)
    schools = School.objects.filter(pk__in=school_ids).annotate(waiting=waiting, to_answer=to_answer)
    return list(schools.order_by("name")) if school_ids else []


def _organisations_to_answer(user):
    """Organisations one leads or runs, with how many ledger entries wait for them to confirm or dispute."""
    from alliances.permissions import MANAGING_ROLES
    from registry.models import Organisation

    ids = user.affiliations.filter(organisation__isnull=False, role__in=MANAGING_ROLES).values("organisation_id")
    to_answer = Count("contributions", filter=Q(contributions__state="recorded"), distinct=True)
    return list(Organisation.objects.filter(pk__in=ids).annotate(to_answer=to_answer).order_by("name"))
