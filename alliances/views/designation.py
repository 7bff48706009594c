"""Applying to be a teaching school, and the Council's decisions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from alliances import designation as designating
from alliances.filters import TeachingSchoolFilter
from alliances.forms import DesignationApplicationForm, EvidenceForm, ReasonForm
from alliances.models import Alliance, AllianceRole, Designation
from alliances.permissions import MANAGING_ROLES, can_commit_school, is_council_member, require, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out
from registry.models import School


def teaching_schools(request):
    """Designated teaching schools (under review ones too), filtered and 25 a page."""
    designations = (
        Designation.objects.filter(status__in=Designation.ACTIVE_STATUSES)
        .select_related("school", "school__local_authority")
        .order_by("school__name", "id")
    )
    found = TeachingSchoolFilter(request.GET, queryset=designations)
    page = Paginator(found.qs if found.is_valid() else designations.none(), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "alliances/teaching_schools.html",
        {"filter": found, "page": page, "query": query.urlencode(), "council": is_council_member(request.user)},
    )


@login_required
def apply(request):
    schools = School.objects.open().filter(pk__in=schools_acting_for(request.user, MANAGING_ROLES)).order_by("name")
    form = DesignationApplicationForm(request.POST or None, schools=schools)
    if carried_out(
        request, form,
        lambda data: designating.apply(data["school"], request.user, data["itt_evidence"], data["support_evidence"], data["headteacher_evidence"]),
        done="Application sent to the Teaching Schools Council.",
    ):
        return redirect(form.outcome)
    return render(request, "alliances/apply.html", {"form": form, "has_schools": schools.exists()})


def _visible(request, pk):
    application = get_object_or_404(Designation.objects.select_related("school"), pk=pk)
    own = application.school_id in schools_acting_for(request.user)
    if not (own or is_council_member(request.user) or application.is_active):
        raise PermissionDenied
    return application, own


# What each button on the designation page does: (function, arguments from the form, message).
COUNCIL_ACTIONS = {
    "decline": (designating.decline, "The application from {school} was declined."),
    "request_evidence": (designating.request_evidence, "{school} has been asked for evidence."),
    "clear": (designating.clear_review, "The review is cleared: {school} is designated for four more years."),
    "de_designate": (designating.de_designate, "{school} is no longer a teaching school. It may appeal."),
}
SCHOOL_ACTIONS = {
    "appeal": (designating.appeal, "Your appeal was sent to the Teaching Schools Council."),
    "give_evidence": (designating.give_evidence, "Your evidence was sent to the Teaching Schools Council."),
}


def _decide(request, application, council):
    reason = request.POST.get("reason", "")
    school = application.school.name
    action = next((name for name in (*COUNCIL_ACTIONS, *SCHOOL_ACTIONS, "approve", "uphold", "dismiss") if name in request.POST), None)
    if action == "approve":
        judged = [key for key in designating.EVIDENCE_CRITERIA if request.POST.get(f"judged_{key}") == "met"]
        designating.approve(application, request.user, reason, evidence_judged_met=judged)
        return f"{school} is now a teaching school."
    if action in ("uphold", "dismiss"):
        designating.decide_appeal(application, request.user, action == "uphold", reason)
        return f"The appeal was {'upheld' if action == 'uphold' else 'dismissed'}."
    if action in COUNCIL_ACTIONS:
        function, message = COUNCIL_ACTIONS[action]
    elif action in SCHOOL_ACTIONS:
        function, message = SCHOOL_ACTIONS[action]
    else:
        raise RuleBroken("There is nothing here for you to decide.")
    function(application, request.user, reason)
    return message.format(school=school)


def detail(request, pk):
    application, own = _visible(request, pk)
    council = is_council_member(request.user)
    forms = {"reason_form": ReasonForm(), "evidence_form": EvidenceForm()}
    if request.method == "POST":
        require(
            council or can_commit_school(request.user, application.school),
            "Only the Council decides, and only the school's leader or business manager appeals or sends evidence.",
        )
        try:
            messages.success(request, _decide(request, application, council))
        except RuleBroken as refused:
            # Shown again with what was typed; a refusal for want of a reason belongs to the reason box.
            name, form_class = ("evidence_form", EvidenceForm) if "give_evidence" in request.POST else ("reason_form", ReasonForm)
            form = forms[name] = form_class(request.POST)
            form.is_valid()
            about_reason = form.has_error("reason") and "approve" not in request.POST
            form.errors.pop("reason", None)
            form.add_error("reason" if about_reason else None, refused)
        else:
            return redirect(application)
    school = application.school
    return render(
        request,
        "alliances/designation.html",
        {
            "application": application,
            "school": school,
            "inspections": school.inspections.order_by("-start_date")[:10] if (own or council) else [],
            "criteria": designating.criteria_for(application),
            "evidence_to_judge": [key for key, value in designating.judgements_of(application).items() if value is None],
            "judged_met": [key for key in designating.EVIDENCE_CRITERIA if request.POST.get(f"judged_{key}") == "met"],
            "events": application.events.select_related("by") if (own or council) else [],
            "council": council,
            "own": own,
            "can_act": can_commit_school(request.user, school),
            **forms,
            "show_evidence": own or council,
            "open_appeal": designating.has_open_appeal(application),
            "cause_gone": designating.cause_gone(application),
            "alliances_led": Alliance.objects.filter(
                roles__in=AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD, school=school)
            ).order_by("name"),
        },
    )
