"""Documents made in the background: the national roll-up (XLSX and CSV) and an alliance's
evidence pack (PDF). Asking makes a `PreparedDocument` (queued) and, once the request's
transaction has committed, enqueues the `prepare_document` task (django-tasks; the database
backend's worker, `manage.py db_worker`, runs it). The task marks it running, builds the files,
stores them in the database (`DocumentFile`) and marks it ready, or failed with the reason. The
person sees its status on its page and downloads the files from there. A document the worker never
finishes is failed after a limit (`STALLED`, see delivery.stalled_jobs); the task then leaves it so.
"""
import logging
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task

from alliances.models import AllianceRole
from alliances.permissions import can_ask_for_national_rollup, can_see_returns, is_council_member, require
from alliances.rules import RuleBroken
from delivery import evidence_pack, return_figures, return_layout
from delivery.stalled_jobs import QUEUED_LIMIT, RUNNING_LIMIT, Limit, StalledJobs, did_not_finish
from delivery.kpis import current_academic_year
from delivery.models import AnnualReturn, DocumentFile, PreparedDocument, ReturnSignOff, academic_year_label
from delivery.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes

log = logging.getLogger(__name__)
PDF_TYPE = "application/pdf"
FIRST_YEAR = 2000


def _year_problems(year):
    latest = current_academic_year()
    if not isinstance(year, int) or not FIRST_YEAR <= year <= latest:
        return [f"Choose an academic year from {academic_year_label(FIRST_YEAR)} to {academic_year_label(latest)}."]
    return []


Status = PreparedDocument.Status
STALLED = StalledJobs(
    label="documents", model=PreparedDocument, state_field="status",
    limits=(Limit(Status.QUEUED, "requested_at", QUEUED_LIMIT), Limit(Status.RUNNING, "started_at", RUNNING_LIMIT)),
    failed=lambda limit, now: {"status": Status.FAILED, "finished_at": now, "failure": did_not_finish(limit.limit)},
)


def _queue(document):
    def enqueue():
        result = prepare_document.enqueue(document.pk)
        PreparedDocument.objects.filter(pk=document.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return document


def can_see_document(user, document):
    if document.kind == PreparedDocument.Kind.NATIONAL_ROLLUP:
        return is_council_member(user)
    return can_see_returns(user, document.alliance)


@transaction.atomic
def ask_for_evidence_pack(user, alliance, year):
    require(can_see_returns(user, alliance), f"{alliance.name}'s evidence packs are for its leads and the Council.")
    problems = _year_problems(year)
    if problems:
        raise RuleBroken(problems)
    return _queue(PreparedDocument.objects.create(kind=PreparedDocument.Kind.EVIDENCE_PACK, alliance=alliance, academic_year=year, requested_by=user))


@transaction.atomic
def ask_for_national_rollup(user, year):
    require(can_ask_for_national_rollup(user), "The national roll-up is for the Teaching Schools Council.")
    problems = _year_problems(year)
    if problems:
        raise RuleBroken(problems)
    return _queue(PreparedDocument.objects.create(kind=PreparedDocument.Kind.NATIONAL_ROLLUP, academic_year=year, requested_by=user))


# --- Building ------------------------------------------------------------------------------------


def _evidence_pack_files(document):
    alliance, year = document.alliance, document.academic_year
    return [(evidence_pack.file_name(alliance, year), PDF_TYPE, evidence_pack.pdf_bytes(alliance, year))]


def _returns_by_alliance(year):
    """Each alliance's current return for the year (draft or final), with its lead and sign-off
    counts: three queries for every alliance."""
    current = {r.alliance_id: r for r in AnnualReturn.objects.filter(academic_year=year).exclude(state=AnnualReturn.State.SUPERSEDED)}
    leads = dict(
        AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD).values("alliance_id").annotate(n=Count("id")).values_list("alliance_id", "n").order_by()
    )
    signed = dict(
        ReturnSignOff.objects.filter(annual_return__in=list(current.values())).values("annual_return_id").annotate(n=Count("id"))
        .values_list("annual_return_id", "n").order_by()
    )
    return current, leads, signed


def national_rollup_tables(year):
    """(contribution rows, KPI rows, return rows, area totals) across every alliance, in bulk."""
    made = return_figures.figures(None, year)
    current, leads, signed = _returns_by_alliance(year)
    rows, kpis, returns = [], [], []
    totals = defaultdict(lambda: {"alliances": 0, "days": Decimal(0), "records": Decimal(0), "outputs": 0, "disputed": 0})
    label = academic_year_label(year)
    for alliance_id, alliance in made.items():  # by alliance name: the review's order
        one_review = alliance["review"]
        annual_return = current.get(alliance_id)
        version = annual_return.version if annual_return else None
        state = annual_return.get_state_display() if annual_return else "Not prepared"
        rows += [{**row, "return_version": version, "return_state": state} for row in alliance["rows"]]
        kpis += alliance["kpis"]
        for area in one_review.areas:
            total = totals[area.label]
            total["alliances"] += 1 if area.delivered else 0
            total["days"] += area.days
            total["records"] += area.records
            total["outputs"] += area.outputs
            total["disputed"] += area.disputed
        returns.append({
            "alliance": one_review.alliance_name, "alliance_id": one_review.alliance_slug, "academic_year": label, "return_version": version,
            "return_state": state, "leads_signed": signed.get(annual_return.pk, 0) if annual_return else 0,
            "leads": leads.get(alliance_id, 0), "final_at": f"{annual_return.final_at:%Y-%m-%d}" if annual_return and annual_return.final_at else "",
        })
    area_rows = [[area, t["alliances"], t["days"], t["records"], t["outputs"], t["disputed"]] for area, t in totals.items()]
    return rows, kpis, returns, area_rows


AREA_TOTAL_HEADER = ["Delivery area", "Alliances delivering", "Days", "Records (by share)", "Outputs", "Disputed entries"]


def _national_rollup_files(document):
    year = document.academic_year
    rows, kpis, returns, area_rows = national_rollup_tables(year)
    stem = f"national-roll-up-{year}-{year + 1}"
    book = xlsx_bytes([
        ("Contributions", *return_layout.table(return_layout.COLUMNS, rows)),
        ("KPIs", *return_layout.table(return_layout.KPI_COLUMNS, kpis)),
        ("Returns", *return_layout.table(return_layout.RETURN_COLUMNS, returns)),
        ("Totals by area", AREA_TOTAL_HEADER, area_rows),
    ])
    return [
        (f"{stem}.xlsx", XLSX_TYPE, book),
        (f"{stem}.csv", CSV_TYPE, csv_bytes(*return_layout.table(return_layout.COLUMNS, rows))),
    ]


BUILDERS = {PreparedDocument.Kind.EVIDENCE_PACK: _evidence_pack_files, PreparedDocument.Kind.NATIONAL_ROLLUP: _national_rollup_files}


@task()
def prepare_document(document_id):
    """Build a queued document's files. A document another worker already took is left alone."""
    taken = PreparedDocument.objects.filter(pk=document_id, status=PreparedDocument.Status.QUEUED).update(
        status=PreparedDocument.Status.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return "not queued"
    document = PreparedDocument.objects.select_related("alliance").get(pk=document_id)
    # Results are saved only while the document is still running: one failed as stalled meanwhile stays so.
    still_running = PreparedDocument.objects.filter(pk=document_id, status=Status.RUNNING)
    try:
        made = BUILDERS[document.kind](document)
    except Exception as error:
        log.exception("Preparing %s failed", document)
        still_running.update(status=Status.FAILED, finished_at=timezone.now(), failure=(
            f"It could not be made ({type(error).__name__}). Ask for it again; if it fails again, tell the support team."
        ))
        raise
    with transaction.atomic():
        if not still_running.update(status=Status.READY, finished_at=timezone.now()):
            return "stalled"
        for name, content_type, data in made:
            DocumentFile.objects.create(document=document, name=name, content_type=content_type, size=len(data), data=data)
    return "ready"
