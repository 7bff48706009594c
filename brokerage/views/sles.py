"""SLE pages: the directory (areas, schools and days remaining; never a name), applying, the
applicant's own records, an SLE's record, the school's consent queue and the teaching school's
assessment queue, and the decisions. Who sees what is in brokerage.permissions."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.models import Affiliation
from alliances.permissions import MANAGING_ROLES, can_act_for_school, require, schools_acting_for
from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_refusal
from brokerage import designations, sle_applications
from brokerage.capacity import with_capacity
from brokerage.forms import ApplicationForm, AssessmentForm, CapacityForm, ConsentForm, EndForm
from brokerage.models import SpecialistLeader
from brokerage.permissions import can_assess, can_consent, can_see_sle, teaching_schools, visible_deployment_filter
from delivery.models import ExpertiseArea
from registry.models import School

State = SpecialistLeader.State
AREAS = Prefetch("areas", queryset=ExpertiseArea.objects.order_by("name"))


def _records():
    return SpecialistLeader.objects.select_related("person", "school", "teaching_school").prefetch_related(AREAS)


@login_required
@require_safe
def directory(request):
    """Designated SLEs by area and school, for schools looking for expertise."""
    sles = _records().filter(state=State.DESIGNATED).order_by("school__name", "id")
    areas = ExpertiseArea.objects.filter(active=True)
    chosen = request.GET.get("area", "")
    if chosen.isdigit():
        sles = sles.filter(areas__id=int(chosen)).distinct()
    page = Paginator(sles, 50).get_page(request.GET.get("page"))
    with_capacity(page.object_list)
    return render(request, "brokerage/directory.html", {"page": page, "areas": areas, "chosen": chosen})


@login_required
def apply(request):
    schools = list(School.objects.filter(pk__in=schools_acting_for(request.user)).order_by("name"))
    tschools = list(School.objects.filter(pk__in=teaching_schools()).order_by("name"))
    form = ApplicationForm(request.POST or None, schools=schools, teaching_schools=tschools)
    if carried_out(
        request, form, lambda data: sle_applications.apply(request.user, **form.service_arguments()),
        done=lambda sle: f"Your application is sent to {sle.school.name}'s headteacher for consent.",
    ):
        return redirect(form.outcome)
    live = SpecialistLeader.objects.filter(person=request.user, state__in=SpecialistLeader.LIVE_STATES).first()
    return render(request, "brokerage/apply.html", {"form": form, "schools": schools, "live": live})


@login_required
@require_safe
def yours(request):
    sles = with_capacity(list(_records().filter(person=request.user)))
    return render(request, "brokerage/yours.html", {"sles": sles})


def _sle(pk):
    return get_object_or_404(_records(), pk=pk)


def _visible(request, pk):
    sle = _sle(pk)
    require(can_see_sle(request.user, sle), "An SLE's record is seen by the SLE, their school's and teaching school's leaders and business managers, their alliance's leads, and the leaders and business managers of schools they are released to.")
    return sle


def _record_page(request, sle, **forms):
    assessor = can_assess(request.user, sle)
    return render(request, "brokerage/sle.html", {
        "sle": with_capacity([sle])[0], "assessor": assessor, "consenter": can_consent(request.user, sle),
        "is_applicant": sle.person_id == request.user.pk,
        "capacity_form": forms.get("capacity_form") or CapacityForm(initial={"yearly_capacity_days": sle.yearly_capacity_days}),
        "history": _steps(sle),
        "deployments": sle.deployments.filter(visible_deployment_filter(request.user)).select_related("receiving_school", "need__area")[:50],
    })


def _steps(sle):
    """The record's history as steps: a change of state, with when and who (choosing the areas
    adds a row of its own, which is not a step)."""
    steps = []
    for row in sle.history.select_related("history_user").order_by("history_date", "history_id")[:200]:
        if not steps or steps[-1].state != row.state:
            steps.append(row)
    return steps


@login_required
@require_safe
def sle(request, pk):
    return _record_page(request, _visible(request, pk))


@login_required
def consent(request, pk):
    sle = _sle(pk)
    require(can_consent(request.user, sle), f"Only {sle.school.name}'s headteacher (its leaders on this site) decides whether its teachers apply.")
    form = ConsentForm(request.POST or None)
    if carried_out(
        request, form, lambda data: sle_applications.decide_consent(request.user, sle, **data),
        done="Your decision is recorded and the teacher is told.",
    ):
        return redirect("brokerage:school-sles", sle.school.urn)
    return render(request, "brokerage/decide.html", {"sle": sle, "form": form, "title": "Consent to an SLE application"})


def _assessed(request, pk):
    sle = _sle(pk)
    require(can_assess(request.user, sle), f"Only the leaders of {sle.teaching_school.name}, as a designated teaching school, assess and designate its SLEs.")
    return sle


@login_required
def assess(request, pk):
    sle = _assessed(request, pk)
    form = AssessmentForm(request.POST or None)
    if carried_out(request, form, lambda data: designations.assess(request.user, sle, **data), done="The decision is recorded and the applicant is told."):
        return redirect(sle)
    return render(request, "brokerage/decide.html", {"sle": sle, "form": form, "title": "Assess an SLE application", "show_evidence": True})


@login_required
@require_POST
def capacity(request, pk):
    sle = _assessed(request, pk)
    form = CapacityForm(request.POST)
    if carried_out(
        request, form, lambda data: designations.set_capacity(request.user, sle, data["yearly_capacity_days"]), done="The yearly capacity is changed.",
    ):
        return redirect(sle)
    return _record_page(request, sle, capacity_form=form)


@login_required
def end(request, pk):
    sle = _assessed(request, pk)
    form = EndForm(request.POST or None)
    if carried_out(request, form, lambda data: designations.end(request.user, sle, **data), done="The designation is ended and the SLE is told."):
        return redirect(sle)
    return render(request, "brokerage/decide.html", {"sle": sle, "form": form, "title": "End an SLE's designation"})


@login_required
@require_POST
def withdraw(request, pk):
    sle = _sle(pk)
    require(sle.person_id == request.user.pk, "Only the applicant withdraws their application.")
    try:
        sle_applications.withdraw(request.user, sle)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, "Your application is withdrawn.")
    return redirect(sle)


@login_required
@require_safe
def school_sles(request, urn):
    """A school's applications waiting for the headteacher, and its SLEs."""
    school = get_object_or_404(School, urn=urn)
    require(can_act_for_school(request.user, school, MANAGING_ROLES), f"Only {school.name}'s leaders and business managers see its SLEs.")
    sles = with_capacity(list(_records().filter(school=school).order_by("state", "-applied_at")))
    return render(request, "brokerage/school_sles.html", {
        "school": school, "waiting": [s for s in sles if s.state == State.AWAITING_CONSENT],
        "others": [s for s in sles if s.state != State.AWAITING_CONSENT],
        "is_head": can_act_for_school(request.user, school, [Affiliation.Role.LEADER]),
    })


@login_required
@require_safe
def assessments(request, urn):
    """A teaching school's applications to assess, and the SLEs it designated."""
    school = get_object_or_404(School, urn=urn)
    if school.pk not in teaching_schools():
        raise Http404("Not a designated teaching school.")
    require(can_act_for_school(request.user, school, MANAGING_ROLES), f"Only {school.name}'s leaders and business managers see the SLEs it designates.")
    sles = with_capacity(list(_records().filter(teaching_school=school).exclude(state__in=[State.AWAITING_CONSENT, State.CONSENT_REFUSED])))
    return render(request, "brokerage/assessments.html", {
        "school": school, "waiting": [s for s in sles if s.state == State.AWAITING_ASSESSMENT],
        "others": [s for s in sles if s.state != State.AWAITING_ASSESSMENT],
        "is_leader": can_act_for_school(request.user, school, [Affiliation.Role.LEADER]),
    })
