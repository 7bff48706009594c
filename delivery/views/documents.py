"""Pages for documents made in the background: an alliance's evidence packs (its leads and the
Council ask and download), the national roll-up (the Council), and one document's status page,
from which its files are downloaded once it is ready."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from alliances.models import Alliance
from alliances.permissions import can_ask_for_national_rollup, can_see_returns, require
from alliances.rules import RuleBroken
from alliances.views.refusals import show_form_errors, show_refusal
from delivery import documents
from delivery.models import DocumentFile, PreparedDocument
from delivery.return_forms import YearForm

LISTED = 25


def _with_files(queryset):
    return queryset.select_related("requested_by").prefetch_related(
        Prefetch("files", queryset=DocumentFile.objects.defer("data").order_by("name"))
    )


def _shown(listed):
    """The documents to show, any the worker never finished failed first (documents.STALLED)."""
    listed = list(listed)
    documents.STALLED.fail_shown(listed)
    return listed


def _asked(request, ask, back):
    form = YearForm(request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect(back)
    try:
        document = ask(form.cleaned_data["academic_year"])
    except RuleBroken as refused:
        show_refusal(request, refused)
        return redirect(back)
    messages.success(request, f"{document} is queued. This page shows when it is ready to download.")
    return redirect(document)


def _evidence_alliance(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_see_returns(request.user, alliance), f"{alliance.name}'s evidence packs are for its leads and the Council.")
    return alliance


@login_required
def evidence_packs(request, slug):
    alliance = _evidence_alliance(request, slug)
    if request.method == "POST":
        return _asked(request, lambda year: documents.ask_for_evidence_pack(request.user, alliance, year), request.path)
    listed = _shown(_with_files(alliance.prepared_documents.filter(kind=PreparedDocument.Kind.EVIDENCE_PACK))[:LISTED])
    return render(request, "delivery/returns/evidence_packs.html", {"alliance": alliance, "documents": listed, "form": YearForm()})


@login_required
def national_rollup(request):
    require(can_ask_for_national_rollup(request.user), "The national roll-up is for the Teaching Schools Council.")
    if request.method == "POST":
        return _asked(request, lambda year: documents.ask_for_national_rollup(request.user, year), request.path)
    listed = _shown(_with_files(PreparedDocument.objects.filter(kind=PreparedDocument.Kind.NATIONAL_ROLLUP))[:LISTED])
    return render(request, "delivery/returns/national_rollup.html", {"documents": listed, "form": YearForm()})


def _document(request, pk):
    document = get_object_or_404(_with_files(PreparedDocument.objects.select_related("alliance")), pk=pk)
    require(documents.can_see_document(request.user, document), "This document is for the alliance's leads and the Council.")
    documents.STALLED.fail_shown([document])
    return document


@login_required
@require_safe
def prepared_document(request, pk):
    return render(request, "delivery/returns/prepared_document.html", {"document": _document(request, pk)})


@login_required
@require_safe
def document_file(request, pk, file_pk):
    document = _document(request, pk)
    made = get_object_or_404(DocumentFile, document=document, pk=file_pk)
    response = HttpResponse(bytes(made.data), content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.name}"'
    return response
