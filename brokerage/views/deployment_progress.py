"""Pages for an agreed deployment's progress reviews, final report and the receiving school's
confirmation of impact. Each shows its form beside the agreed objectives and success criteria
(what everyone judges against), carries it out and goes back to the deployment's page. Who may
do what is in brokerage.permissions; the rules in brokerage.deployment_progress."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from alliances.permissions import require
from alliances.views.refusals import carried_out
from brokerage import deployment_progress
from brokerage.deployment_progress_forms import FinalReportForm, ImpactForm, ReviewForm
from brokerage.models import Deployment
from brokerage.permissions import may_confirm, may_report, may_review


def _deployment(pk):
    return get_object_or_404(
        Deployment.objects.select_related(
            "need__area", "receiving_school", "home_school", "alliance", "specialist_leader__person", "offer", "support_record", "reported_by",
        ), pk=pk,
    )


def _page(request, deployment, form, *, title, button, step):
    """GET shows the form; POST carries it out. Out of its state, the form is not offered: the
    deployment's page says why."""
    refusals = deployment_progress.not_now(deployment, step)
    if request.method == "GET" and refusals:
        for reason in refusals:
            messages.error(request, reason)
        return redirect(deployment)
    return render(request, "brokerage/deployment_progress_form.html", {
        "deployment": deployment, "form": form, "title": title, "button": button,
        "last_review": deployment_progress.latest_review(deployment),
        "most_allowed": deployment_progress.most_allowed(deployment.days) if deployment.days else None,
    })


@login_required
def review(request, pk):
    deployment = _deployment(pk)
    require(
        may_review(request.user, deployment),
        "Progress is reviewed by the receiving school's and the home school's leaders and business managers, the SLE and the broker.",
    )
    form = ReviewForm(request.POST or None, initial={"reviewed_on": date.today()})
    if carried_out(
        request, form, lambda data: deployment_progress.review(request.user, deployment, **data), done="The review is recorded.",
    ):
        return redirect(deployment)
    return _page(
        request, deployment, form, title="Review progress", button="Record the review", step="review",
    )


@login_required
def final_report(request, pk):
    deployment = _deployment(pk)
    require(
        may_report(request.user, deployment),
        "The final report is written by the SLE, the home school's leaders and business managers, or the broker.",
    )
    form = FinalReportForm(request.POST or None, initial={"days_delivered": deployment.days})
    if carried_out(
        request, form, lambda data: deployment_progress.final_report(request.user, deployment, **data),
        done=lambda done: f"The final report is sent to {done.receiving_school.name} to confirm its impact.",
    ):
        return redirect(deployment)
    return _page(
        request, deployment, form, title="Write the final report", button="Send the final report", step="report",
    )


@login_required
def confirm_impact(request, pk):
    deployment = _deployment(pk)
    require(
        may_confirm(request.user, deployment),
        f"Only {deployment.receiving_school.name}'s leaders and business managers confirm the impact of the support it received.",
    )
    form = ImpactForm(request.POST or None)
    if carried_out(
        request, form, lambda data: deployment_progress.confirm_impact(request.user, deployment, **data),
        done=lambda done: f"Thank you: the impact is confirmed, and {done.home_school.name}'s days are in the contribution ledger.",
    ):
        return redirect(deployment)
    return _page(
        request, deployment, form, title="Confirm the impact", button="Confirm the impact", step="confirm",
    )
