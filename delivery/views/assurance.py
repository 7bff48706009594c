"""Assurance pages: the supported school's page behind its emailed link (no account: the token
is the key), and the managers sending the link again and resolving a dispute."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliances.rules import RuleBroken
from alliances.views.refusals import carried_out, show_form_errors, show_refusal
from delivery import assurance, ledger
from delivery.assurance_forms import AskSchoolForm, ResolveDisputeForm, SchoolAnswerForm
from delivery.views.support import _managed


@never_cache
def answer_support(request, token):
    """Unknown link: 404; used, replaced or expired: 410, saying why; otherwise the record and the form."""
    link = assurance.find(token)
    if link is None:
        return render(request, "delivery/answer_support_gone.html", {
            "problems": ["This link is not right. Check you copied all of it from the email."], "title": "Link not found",
        }, status=404)
    problems = assurance.link_problems(link)
    if problems:
        return render(request, "delivery/answer_support_gone.html", {
            "problems": problems, "title": "This link no longer works", "assignment": link.assignment,
        }, status=410)
    assignment = link.assignment
    can_rate = assignment.rating is None
    form = SchoolAnswerForm(request.POST or None, can_rate=can_rate)
    if carried_out(request, form, lambda data: assurance.answer(token, **form.service_arguments())):
        return render(request, "delivery/answer_support_done.html", {"assignment": assignment, "given": form.outcome})
    return render(request, "delivery/answer_support.html", {
        "assignment": assignment, "link": link, "form": form, "can_rate": can_rate,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def ask_school(request, pk):
    assignment = _managed(request, pk)
    form = AskSchoolForm(request.POST)
    if form.is_valid():
        try:
            sent = assurance.ask_school(request.user, assignment, form.cleaned_data["email"])
        except RuleBroken as refused:
            show_refusal(request, refused)
        else:
            messages.success(request, f"The link is sent to {', '.join(link.email for link in sent)}. Earlier links no longer work.")
    else:
        show_form_errors(request, form)
    return redirect(assignment)


@login_required
def resolve_dispute(request, pk):
    assignment = _managed(request, pk)
    dispute = assurance.open_dispute(assignment)
    form = ResolveDisputeForm(request.POST or None, initial={"days_delivered": assignment.days_delivered, "outcome": assignment.outcome})
    if carried_out(
        request, form, lambda data: assurance.resolve(request.user, assignment, **data),
        done=lambda sent: f"The record is updated and a new link is sent to {', '.join(link.email for link in sent)}.",
    ):
        return redirect(assignment)
    return render(request, "delivery/resolve_dispute.html", {
        "assignment": assignment, "dispute": dispute, "form": form, "ledger_days": ledger.live_total(assignment),
    })
