"""Deployment pages: asking for support for a need (SLEs and offers with days left in its area,
nearest first), a deployment's page, the home school's release, the agreement, cancelling, and
the list of deployments the person's schools receive, give and broker. The rules are in
brokerage.deployments; who sees what in brokerage.permissions."""
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from alliances.permissions import MANAGING_ROLES, can_see_support, managed_alliance_ids, require, schools_acting_for
from alliances.views.refusals import carried_out
from brokerage import deployments
from brokerage.capacity import offers_with_capacity, with_capacity
from brokerage.deployment_progress import progress_for
from brokerage.forms import AgreementForm, CancelForm, ReleaseForm, RequestForm
from brokerage.models import Deployment, MatchProposal, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import can_request, can_see_deployment, can_see_fee, can_see_sle
from brokerage.runs import can_see_run

State = Deployment.State
MOST_CANDIDATES = 50


@dataclass
class Candidate:
    key: str
    sle: SpecialistLeader | None
    offer: SchoolOffer | None
    school: object
    remaining: object
    distance: float | None

    @property
    def label(self):
        who = f"An SLE at {self.school.name}" if self.sle else f"{self.offer.given_by}, {self.school.name}"
        where = f"{self.distance:.1f} km away" if self.distance is not None else "distance not known"
        return f"{who}: {where}, {self.remaining.normalize():f} days remaining this year"


def candidates(need):
    """SLEs and offers in the need's area with days left this year, not already asked for this
    need and not from the school itself, nearest first."""
    live = Deployment.objects.filter(need=need, state__in=deployments.LIVE_STATES)
    sles = with_capacity(
        SpecialistLeader.objects.filter(state=SpecialistLeader.State.DESIGNATED, areas=need.area).exclude(school=need.school)
        .exclude(pk__in=live.filter(specialist_leader__isnull=False).values("specialist_leader_id")).select_related("school")
    )
    offers = offers_with_capacity(
        SchoolOffer.objects.filter(active=True, area=need.area).exclude(school=need.school)
        .exclude(pk__in=live.filter(offer__isnull=False).values("offer_id")).select_related("school")
    )
    found = [Candidate(f"sle-{s.pk}", s, None, s.school, s.remaining, deployments.distance_km(s.school, need.school)) for s in sles if s.remaining > 0]
    found += [Candidate(f"offer-{o.pk}", None, o, o.school, o.remaining, deployments.distance_km(o.school, need.school)) for o in offers if o.remaining > 0]
    found.sort(key=lambda c: (c.distance is None, c.distance or 0, c.school.name, c.key))
    return found[:MOST_CANDIDATES]


@login_required
def request_support(request, pk):
    need = get_object_or_404(SchoolNeed.objects.select_related("school", "area"), pk=pk)
    require(can_request(request.user, need), deployments.REQUEST_REFUSED.format(school=need.school.name))
    found = candidates(need) if need.state == SchoolNeed.State.OPEN else []
    form = RequestForm(request.POST or None, candidates=found)
    if carried_out(
        request, form, lambda data: deployments.request_deployment(request.user, need, **form.service_arguments()),
        done=lambda d: f"{d.home_school.name} is asked to release {d.supporter_name}.",
    ):
        return redirect(form.outcome)
    return render(request, "brokerage/deployments/request.html", {"need": need, "form": form, "candidates": found})


@login_required
def request_proposed(request, pk):
    """Take up a matching run's proposal: a page saying what will be asked, then the request
    (route "proposed by the matching engine", checked against the run's travel limit)."""
    proposal = get_object_or_404(
        MatchProposal.objects.select_related("run", "need__school", "need__area", "specialist_leader__school", "offer__school"), pk=pk,
    )
    need = proposal.need
    require(can_see_run(request.user, proposal.run), "A matching run is seen by whoever started it, the managers of the schools or alliance it covers and the Council.")
    require(can_request(request.user, need), deployments.REQUEST_REFUSED.format(school=need.school.name))
    form = forms.Form(request.POST if request.method == "POST" else None)
    if carried_out(
        request, form, lambda data: deployments.request_deployment(request.user, need, proposal=proposal),
        done=lambda d: f"{d.home_school.name} is asked to release {d.supporter_name}.",
    ):
        return redirect(form.outcome)
    return render(request, "brokerage/deployments/request_proposed.html", {"proposal": proposal, "need": need, "form": form})


def _deployments():
    return Deployment.objects.select_related(
        "need__area", "receiving_school", "home_school", "brokering_school", "alliance", "specialist_leader__person", "offer", "support_record",
    )


def _visible(request, pk):
    deployment = get_object_or_404(_deployments(), pk=pk)
    require(
        can_see_deployment(request.user, deployment),
        "A deployment is seen by the SLE, the receiving, home and brokering schools' leaders and business managers, the alliance's leads and the Council.",
    )
    return deployment


@login_required
@require_safe
def deployment(request, pk):
    deployment = _visible(request, pk)
    user = request.user
    record = deployment.support_record
    return render(request, "brokerage/deployments/deployment.html", {
        "deployment": deployment,
        "fee": deployments.fee(deployment) if can_see_fee(user, deployment) else None,
        "show_fee": can_see_fee(user, deployment),
        "where": deployments.in_words(deployment),
        "sees_sle": deployment.specialist_leader_id is not None and _sees_sle(user, deployment),
        "may_release": deployment.state == State.REQUESTED and deployments.can_release(user, deployment),
        "may_agree": deployment.state == State.RELEASED and deployments.can_agree(user, deployment),
        "may_cancel": deployment.state in deployments.CANCELLABLE_STATES and deployments.can_cancel(user, deployment),
        "record_link": record is not None and can_see_support(user, record),
        "progress": progress_for(user, deployment),
    })


def _sees_sle(user, deployment):
    return can_see_sle(user, deployment.specialist_leader)


def _decision_page(request, deployment, form, title, button):
    return render(request, "brokerage/deployments/decide.html", {"deployment": deployment, "form": form, "title": title, "button": button})


@login_required
def release(request, pk):
    deployment = _visible(request, pk)
    require(deployments.can_release(request.user, deployment), f"Only {deployment.home_school.name}'s headteacher (its leaders on this site) decides whether to release its people.")
    form = ReleaseForm(request.POST or None)
    if carried_out(request, form, lambda data: deployments.release(request.user, deployment, **data), done="Your decision is recorded and the schools are told."):
        return redirect(deployment)
    return _decision_page(request, deployment, form, "Release for a deployment", "Record the decision")


@login_required
def agree(request, pk):
    deployment = _visible(request, pk)
    require(deployments.can_agree(request.user, deployment), deployments.agree_refusal(deployment))
    initial = {"days": deployment.days_requested, "home_school_share": 50}
    form = AgreementForm(request.POST or None, initial=initial)
    if carried_out(
        request, form, lambda data: deployments.agree(request.user, deployment, **data),
        done="The deployment is agreed and recorded as support given through the alliance.",
    ):
        return redirect(deployment)
    return _decision_page(request, deployment, form, "Agree the deployment", "Agree the deployment")


@login_required
def cancel(request, pk):
    deployment = _visible(request, pk)
    require(deployments.can_cancel(request.user, deployment), "Only the receiving school, the home school's leaders or the brokering alliance's managers cancel a deployment.")
    form = CancelForm(request.POST or None)
    if carried_out(request, form, lambda data: deployments.cancel(request.user, deployment, data["reason"]), done="The deployment is cancelled and everyone involved is told."):
        return redirect(deployment)
    return _decision_page(request, deployment, form, "Cancel the deployment", "Cancel the deployment")


PARTS = {"receive": "Your schools receive", "give": "Your schools give", "broker": "Your schools broker"}


@login_required
@require_safe
def deployment_list(request):
    """What the person's schools receive, give and broker (and, for an SLE, their own)."""
    user = request.user
    managing = schools_acting_for(user, MANAGING_ROLES)
    managed = managed_alliance_ids(user)
    parts = {
        "receive": Q(receiving_school_id__in=managing),
        "give": Q(home_school_id__in=managing) | Q(specialist_leader__person=user),
        "broker": Q(brokering_school_id__in=managing) | Q(alliance_id__in=managed),
    }
    rows = _deployments().filter(parts["receive"] | parts["give"] | parts["broker"])
    state, part = request.GET.get("state", ""), request.GET.get("part", "")
    if state in State.values:
        rows = rows.filter(state=state)
    if part in parts:
        rows = rows.filter(parts[part])
    page = Paginator(rows.order_by("-requested_at", "-id"), 50).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.parts = [
            label for key, label in (("receive", "Receives"), ("give", "Gives"), ("broker", "Brokers"))
            if (key == "receive" and row.receiving_school_id in managing)
            or (key == "give" and (row.home_school_id in managing or (row.specialist_leader_id and row.specialist_leader.person_id == user.pk)))
            or (key == "broker" and (row.brokering_school_id in managing or row.alliance_id in managed))
        ]
    query = "&".join(f"{name}={value}" for name, value in (("state", state), ("part", part)) if value)
    return render(request, "brokerage/deployments/list.html", {
        "page": page, "states": State.choices, "state": state, "parts": PARTS, "part": part, "query": query,
    })
