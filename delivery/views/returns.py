"""Annual return pages: an alliance's returns (its managers prepare; the Council reads), one
return's page (rows, KPIs, who has signed, sign-off for lead schools' leaders, notes, downloads),
and the CSV and XLSX downloads in the documented column layout."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from alliances.models import Alliance
from alliances.permissions import can_manage, can_see_returns, require
from alliances.rules import RuleBroken
from alliances.views.refusals import show_form_errors, show_refusal
from delivery import return_layout, returns
from delivery.models import AnnualReturn
from delivery.return_forms import NotesForm, YearForm
from delivery.spreadsheets import CSV_TYPE, XLSX_TYPE


def _alliance_for_reading(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_see_returns(request.user, alliance), f"{alliance.name}'s returns are for its leads and the Council.")
    return alliance


@login_required
@require_safe
def alliance_returns(request, slug):
    alliance = _alliance_for_reading(request, slug)
    listed = alliance.annual_returns.annotate(signed=Count("sign_offs"))
    return render(request, "delivery/returns/alliance_returns.html", {
        "alliance": alliance, "returns": listed.select_related("prepared_by"), "managing": can_manage(request.user, alliance),
        "form": YearForm(),
    })


@login_required
@require_POST
def prepare_return(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_manage(request.user, alliance), f"Only the leaders and business managers of {alliance.name}'s lead schools prepare its returns.")
    form = YearForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("delivery:alliance-returns", slug=alliance.slug)
    try:
        made = returns.prepare(request.user, alliance, form.cleaned_data["academic_year"])
    except RuleBroken as refused:
        show_refusal(request, refused)
        return redirect("delivery:alliance-returns", slug=alliance.slug)
    messages.success(request, f"Version {made.version} of the {made.year_label} return is prepared. Each lead school's leader now signs it off.")
    return redirect(made)


def _return(request, pk):
    annual_return = get_object_or_404(AnnualReturn.objects.select_related("alliance", "prepared_by"), pk=pk)
    require(can_see_returns(request.user, annual_return.alliance), f"{annual_return.alliance.name}'s returns are for its leads and the Council.")
    return annual_return


@login_required
@require_safe
def annual_return(request, pk):
    annual_return = _return(request, pk)
    leads, signed = returns.signing_state(annual_return)
    managing = can_manage(request.user, annual_return.alliance)
    former = [s for school_id, s in signed.items() if school_id not in {school.pk for school in leads}]
    return render(request, "delivery/returns/annual_return.html", {
        "annual_return": annual_return, "alliance": annual_return.alliance, "leads": [(school, signed.get(school.pk)) for school in leads],
        "former_signers": former, "may_sign": returns.may_sign(request.user, annual_return), "managing": managing,
        "notes_form": NotesForm(initial={"notes": annual_return.notes}), "year_form": YearForm(initial={"academic_year": annual_return.academic_year}),
        "disputed_now": returns.disputed_now(annual_return.alliance, annual_return.academic_year),
        "versions": annual_return.alliance.annual_returns.filter(academic_year=annual_return.academic_year).only("pk", "version", "state"),
    })


@login_required
@require_POST
def sign_return(request, pk):
    annual_return = _return(request, pk)
    try:
        signed = returns.sign(request.user, annual_return)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        if signed.state == AnnualReturn.State.FINAL:
            messages.success(request, f"Signed. Every lead school has signed: version {signed.version} of the {signed.year_label} return is final.")
        else:
            messages.success(request, "Signed. The return is final when every lead school has signed it.")
    return redirect("delivery:annual-return", pk=annual_return.pk)


@login_required
@require_POST
def return_notes(request, pk):
    annual_return = _return(request, pk)
    require(can_manage(request.user, annual_return.alliance), f"Only the leads of {annual_return.alliance.name} change its returns.")
    form = NotesForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("delivery:annual-return", pk=annual_return.pk)
    try:
        _, withdrawn = returns.amend_notes(request.user, annual_return, form.cleaned_data["notes"])
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, "Notes saved." + (f" {withdrawn} sign-off{'s were' if withdrawn != 1 else ' was'} withdrawn: the leads sign again." if withdrawn else ""))
    return redirect("delivery:annual-return", pk=annual_return.pk)


def _download(data, content_type, name):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def return_csv(request, pk):
    annual_return = _return(request, pk)
    return _download(return_layout.return_csv(annual_return), CSV_TYPE, return_layout.file_name(annual_return, "csv"))


@login_required
@require_safe
def return_xlsx(request, pk):
    annual_return = _return(request, pk)
    return _download(return_layout.return_xlsx(annual_return), XLSX_TYPE, return_layout.file_name(annual_return, "xlsx"))
