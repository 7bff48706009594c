"""Applying to be a teaching school, and the Council's decisions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from alliances import designation as designating
from alliances.forms import DesignationApplicationForm, ReasonForm
from alliances.models import Designation
from alliances.permissions import MANAGING_ROLES, can_commit_school, is_council_member, require, schools_acting_for
from alliances.rules import RuleBroken
from registry.models import School


def teaching_schools(request):
    """Public list of designated teaching schools; the Council also sees applications and reviews."""
    council = is_council_member(request.user)
    designated = Designation.objects.filter(status__in=Designation.ACTIVE_STATUSES).select_related("school", "school__local_authority")
    context = {
        "designated": designated.order_by("school__name"),
        "council": council,
        "applications": Designation.objects.filter(status=Designation.Status.APPLIED).select_related("school") if council else [],
        "under_review": designated.filter(status=Designation.Status.UNDER_REVIEW) if council else [],
        "appeals": designating.open_appeals() if council else [],
    }
    return render(request, "alliances/teaching_schools.html", context)


@login_required
def apply(request):
    schools = School.objects.open().filter(pk__in=schools_acting_for(request.user, MANAGING_ROLES)).order_by("name")
    form = DesignationApplicationForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = designating.apply(
                data["school"], request.user, data["itt_evidence"], data["support_evidence"], data["headteacher_evidence"]
            )
        except RuleBroken as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, "Application sent to the Teaching Schools Council.")
            return redirect(application)
    return render(request, "alliances/apply.html", {"form": form, "has_schools": schools.exists()})


def _visible(request, pk):
    application = get_object_or_404(Designation.objects.select_related("school"), pk=pk)
    own = application.school_id in schools_acting_for(request.user)
    if not (own or is_council_member(request.user) or application.is_active):
        raise PermissionDenied
    return application, own


def detail(request, pk):
    application, own = _visible(request, pk)
    council = is_council_member(request.user)
    if request.method == "POST":
        require(council or can_commit_school(request.user, application.school), "Only the Council decides, and only the school's leader or business manager appeals.")
        reason = request.POST.get("reason", "")
        try:
            if "approve" in request.POST:
                designating.approve(application, request.user, reason)
                messages.success(request, f"{application.school.name} is now a teaching school.")
            elif "decline" in request.POST:
                designating.decline(application, request.user, reason)
                messages.success(request, f"The application from {application.school.name} was declined.")
            elif "appeal" in request.POST and own:
                designating.appeal(application, request.user, reason)
                messages.success(request, "Your appeal was sent to the Teaching Schools Council.")
            elif "uphold" in request.POST or "dismiss" in request.POST:
                designating.decide_appeal(application, request.user, "uphold" in request.POST, reason)
                messages.success(request, f"The appeal was {'upheld' if 'uphold' in request.POST else 'dismissed'}.")
            else:
                raise RuleBroken("There is nothing here for you to decide.")
        except RuleBroken as refused:
            for message in refused.messages:
                messages.error(request, message)
        return redirect(application)
    return render(
        request,
        "alliances/designation.html",
        {
            "application": application,
            "criteria": designating.criteria_for(application),
            "events": application.events.select_related("by") if (own or council) else [],
            "council": council,
            "own": own,
            "reason_form": ReasonForm(),
            "show_evidence": own or council,
            "open_appeal": designating.has_open_appeal(application),
        },
    )
