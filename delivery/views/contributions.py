"""The contribution ledger's pages: an alliance's ledger (filters, 50 a page, totals by delivery
area) for its managers and the Council; a school's or organisation's entries for its leaders and
business managers to confirm or dispute; voiding and correcting for the alliance's managers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from alliances.models import Alliance
from alliances.permissions import can_answer_contribution, can_manage, can_see_ledger, can_see_people, require
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from alliances.views.refusals import carried_out, show_refusal
from delivery import assurance, ledger
from delivery.forms import CorrectionForm, LedgerFilterForm, ReasonForm
from delivery.models import Contribution
from registry.models import Organisation, School


@login_required
@require_safe
def alliance_ledger(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_see_ledger(request.user, alliance), f"{alliance.name}'s ledger is for its leads and the Council.")
    form = LedgerFilterForm(request.GET or None, contributors=ledger.contributors_in(alliance))
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = ledger.filtered(alliance, **{k: v for k, v in chosen.items() if v})
    page = Paginator(
        ledger.with_records(entries), 50
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    managing = can_manage(request.user, alliance)
    awaiting = ledger.awaiting_entries(alliance) if managing else []
    # Counted only when the list is full: the rest are named by number, not listed.
    more = ledger.count_awaiting(alliance) - len(awaiting) if len(awaiting) == ledger.SHOWN_AWAITING else 0
    return render(request, "delivery/alliance_ledger.html", {
        "alliance": alliance, "form": form, "page": page, "query": query.urlencode(), "managing": managing,
        "totals": ledger.totals(entries), "awaiting": awaiting, "awaiting_more": more,
        "disputes": assurance.disputes_in(entries),
        "reason_form": ReasonForm(),
    })


@login_required
@require_POST
def accept_suggestions(request, slug):
    """Accept one record's suggested entries: the record is named by its kind and id."""
    alliance = managed_alliance(request, slug)
    kind = {"programme": "programme", "supportassignment": "supportassignment", "traineecohort": "traineecohort"}.get(request.POST.get("kind", ""))
    pk = request.POST.get("record", "")
    if kind and pk.isdigit():
        model = ContentType.objects.get(app_label="delivery", model=kind).model_class()
        delivery_record = model.objects.filter(alliance=alliance, pk=int(pk)).first()
    else:
        delivery_record = None
    if delivery_record is None:
        messages.error(request, "Choose a programme, support or ITT cohort record of this alliance.")
        return redirect("delivery:alliance-ledger", slug=alliance.slug)
    try:
        made = ledger.accept_suggestions(request.user, delivery_record)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{len(made)} entr{'y' if len(made) == 1 else 'ies'} recorded for {delivery_record}.")
    return redirect("delivery:alliance-ledger", slug=alliance.slug)


def _body_entries(request, body, template_name):
    require(can_see_people(request.user, body), f"{body.name}'s ledger entries are answered by its leaders and business managers.")
    entries = ledger.for_contributor(body)
    waiting = [e for e in entries.filter(state__in=ledger.ANSWERABLE)]
    page = Paginator(entries.exclude(state__in=ledger.ANSWERABLE), 50).get_page(request.GET.get("page"))
    return render(request, template_name, {"body": body, "waiting": waiting, "page": page, "reason_form": ReasonForm()})


@login_required
@require_safe
def school_contributions(request, urn):
    return _body_entries(request, get_object_or_404(School, urn=urn), "delivery/contributor_entries.html")


@login_required
@require_safe
def organisation_contributions(request, pk):
    return _body_entries(request, get_object_or_404(Organisation, pk=pk), "delivery/contributor_entries.html")


def _entry(pk):
    return get_object_or_404(Contribution.objects.select_related("alliance", "school", "organisation"), pk=pk)


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _contributor_page(entry):
    if entry.school_id:
        return redirect("delivery:school-contributions", urn=entry.school.urn).url
    return redirect("delivery:organisation-contributions", pk=entry.organisation_id).url


def _answer(request, pk, act, done):
    entry = _entry(pk)
    require(can_answer_contribution(request.user, entry), f"Only {entry.contributor.name}'s leaders and business managers answer its entries.")
    try:
        act(entry)
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, done(entry))
    return _back(request, _contributor_page(entry))


@login_required
@require_POST
def confirm(request, pk):
    return _answer(request, pk, lambda e: ledger.confirm(request.user, e), lambda e: f"Confirmed: {e}.")


@login_required
@require_POST
def dispute(request, pk):
    reason = request.POST.get("reason", "")
    return _answer(request, pk, lambda e: ledger.dispute(request.user, e, reason), lambda e: f"Disputed: {e}. The alliance's leads will see your reason.")


def _managed_entry(request, pk):
    entry = _entry(pk)
    require(can_manage(request.user, entry.alliance), f"Only the leads of {entry.alliance.name} void or correct its ledger entries.")
    return entry


@login_required
@require_POST
def void(request, pk):
    entry = _managed_entry(request, pk)
    try:
        ledger.void(request.user, entry, request.POST.get("reason", ""))
    except RuleBroken as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"Voided: {entry}.")
    return _back(request, redirect("delivery:alliance-ledger", slug=entry.alliance.slug).url)


@login_required
def correct(request, pk):
    entry = _managed_entry(request, pk)
    form = CorrectionForm(request.POST or None, initial={"amount": entry.amount})
    if carried_out(
        request, form, lambda data: ledger.correct(request.user, entry, **data),
        done=lambda new: f"Corrected: {entry} is voided and {new} recorded.",
    ):
        if entry.content_type.model == "supportassignment":
            return redirect("delivery:support-assignment", pk=entry.object_id)
        if entry.content_type.model == "traineecohort":
            return redirect("delivery:cohort", pk=entry.object_id)
        return redirect("delivery:alliance-ledger", slug=entry.alliance.slug)
    return render(request, "delivery/correct_entry.html", {"entry": entry, "form": form, "unit": ledger.unit_label(entry.unit)})
