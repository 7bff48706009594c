"""Documents made in the background: an alliance's evidence pack (PDF) and the Council's national
roll-up (XLSX and CSV), asked for on their pages, prepared by a django-tasks task, shown with
their status and downloaded. One test runs the real queue: the database backend and its worker."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alliances import roles
from alliances.models import Alliance, Designation
from delivery import documents, ledger, returns, support
from delivery.models import Contribution, PreparedDocument
from delivery.spreadsheets import read_table

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def delivered(lead_user, support_for, member_school, trust, person):
    """Six days of support: 4 by the member school (confirmed), 2 by the trust (disputed)."""
    assignment = support_for(lead_user)
    support.complete(lead_user, assignment, days_delivered=Decimal(6), outcome="Met")
    assignment.refresh_from_db()
    mine, trusts = ledger.record(lead_user, assignment, [(member_school, Decimal(4)), (trust, Decimal(2))])
    ledger.confirm(person("head@brookside.example", member_school), mine)
    ledger.dispute(person("ceo@trust.example", trust), trusts, "One day only")
    return assignment


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_lead_asks_for_an_evidence_pack_and_downloads_the_pdf(client, lead_user, delivered, single_alliance, django_capture_on_commit_callbacks):
    returns.prepare(lead_user, single_alliance, YEAR)
    client.force_login(lead_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery:evidence-packs", args=[single_alliance.slug]), {"academic_year": YEAR})
    document = PreparedDocument.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert (document.kind, document.status, document.requested_by) == ("evidence_pack", "ready", lead_user)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Ready" in page and "hilltop-alliance-evidence-pack-2024-2025.pdf" in page
    made = document.files.get()
    download = client.get(reverse("delivery:document-file", args=[document.pk, made.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="hilltop-alliance-evidence-pack-2024-2025.pdf"'
    reader, text = _pdf_text(download.content)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    for expected in (
        "Hilltop Alliance", "Evidence pack, 2024 to 2025", "Hilltop Teaching School", "Version 1, draft, awaiting sign-off",
        "What needs attention", "1 entry for Northern Lights Learning Trust is disputed: left out of these figures until resolved.",
        "Hilltop Teaching School's share of the alliance's delivery is 0.0%, below the minimum of 50%",
        "3.1 Days of support to schools needing it", "At least 30 days", "6 days",
        "Who delivered: overall shares", "Brookside Primary member 100.0%",
        "School-to-school support", "1 disputed (2.00 days, 0.00 records)",
        "4 days", "0 days (+2 disputed)", "minimum lead share 50%",  # the charts' labels, drawn in SVG
        "Page 1 of",
    ):
        assert expected in text, expected
    listing = client.get(reverse("delivery:evidence-packs", args=[single_alliance.slug])).content.decode()
    assert "hilltop-alliance-evidence-pack-2024-2025.pdf" in listing


def test_an_evidence_pack_with_nothing_recorded_says_so(lead_user, single_alliance):
    from delivery import evidence_pack

    _, text = _pdf_text(evidence_pack.pdf_bytes(single_alliance, YEAR))
    assert "No school-to-school support delivery counts in 2024 to 2025." in text and "Not prepared yet" in text
    assert "Hilltop Teaching School lead 0.0% 0" in text


def test_a_failed_document_says_so(lead_user, single_alliance, monkeypatch, django_capture_on_commit_callbacks, client):
    def broken(document):
        raise ValueError("no fonts")

    monkeypatch.setitem(documents.BUILDERS, PreparedDocument.Kind.EVIDENCE_PACK, broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = documents.ask_for_evidence_pack(lead_user, single_alliance, YEAR)
    document.refresh_from_db()
    assert document.status == "failed" and "could not be made (ValueError)" in document.failure
    client.force_login(lead_user)
    assert "could not be made (ValueError)" in client.get(document.get_absolute_url()).content.decode()


def test_a_future_year_is_refused(lead_user, single_alliance, council_member):
    from alliances.rules import RuleBroken

    with pytest.raises(RuleBroken, match="Choose an academic year"):
        documents.ask_for_evidence_pack(lead_user, single_alliance, date.today().year + 3)
    with pytest.raises(RuleBroken, match="Choose an academic year"):
        documents.ask_for_national_rollup(council_member, 1999)
    assert not PreparedDocument.objects.exists()


def _another_alliance(make_school, n):
    lead = make_school(name=f"Lead {n} Teaching School", number_of_pupils=400, at_least_good=True)
    Designation.objects.create(school=lead, status="designated", designated_on=date(2023, 9, 1), review_due_on=date(2027, 9, 1))
    alliance = roles.create_alliance(f"Alliance {n}", Alliance.Type.SINGLE, [lead], starts_on=date(2023, 9, 1))
    Contribution.objects.create(
        record=alliance, alliance=alliance, school=lead, unit="days", amount=Decimal(n), area="school_support", delivered_on=date(2025, 2, 1),
    )
    return alliance


def test_the_council_asks_for_the_national_rollup(client, council_member, lead_user, delivered, single_alliance, make_school, django_capture_on_commit_callbacks):
    _another_alliance(make_school, 5)
    made = returns.prepare(lead_user, single_alliance, YEAR)
    returns.sign(lead_user, made)
    client.force_login(council_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("delivery:national-rollup"), {"academic_year": YEAR})
    document = PreparedDocument.objects.get(kind="national_rollup")
    assert document.status == "ready"
    files = {f.name: f for f in document.files.all()}
    assert sorted(files) == ["national-roll-up-2024-2025.csv", "national-roll-up-2024-2025.xlsx"]
    book = load_workbook(io.BytesIO(bytes(files["national-roll-up-2024-2025.xlsx"].data)))
    assert book.sheetnames == ["Contributions", "KPIs", "Returns", "Totals by area"]
    contributions = list(book["Contributions"].iter_rows(values_only=True))
    header = contributions[0]
    by_contributor = {row[header.index("Contributor")]: dict(zip(header, row)) for row in contributions[1:]}
    assert by_contributor["Brookside Primary"]["Return state"] == "Final" and by_contributor["Brookside Primary"]["Days"] == 4
    assert by_contributor["Northern Lights Learning Trust"]["Status"] == "Disputed"
    assert by_contributor["Lead 5 Teaching School"]["Return state"] == "Not prepared"
    returns_sheet = {row[0]: row for row in book["Returns"].iter_rows(values_only=True)}
    assert returns_sheet["Hilltop Alliance"][3:7] == (1, "Final", 1, 1)
    assert returns_sheet["Alliance 5"][3:5] == (None, "Not prepared")
    totals = {row[0]: row[1:] for row in book["Totals by area"].iter_rows(values_only=True)}
    assert totals["School-to-school support"][:2] == (2, 9)  # 4 days + 5 days; the disputed 2 not counted
    assert totals["Initial teacher training"][:2] == (0, 0)
    table = read_table("roll-up.csv", bytes(files["national-roll-up-2024-2025.csv"].data))
    assert {row["Contributor"] for _, row in table.rows} == set(by_contributor)
    assert "national-roll-up-2024-2025.xlsx" in client.get(reverse("delivery:national-rollup")).content.decode()


def test_the_rollup_runs_the_same_queries_however_many_alliances(make_school):
    for n in range(1, 3):
        _another_alliance(make_school, n)
    with CaptureQueriesContext(connection) as few:
        rows, *_ = documents.national_rollup_tables(YEAR)
    assert len(rows) == 2 * 3  # each alliance's lead school, in each area
    for n in range(3, 9):
        _another_alliance(make_school, n)
    with CaptureQueriesContext(connection) as many:
        rows, *_ = documents.national_rollup_tables(YEAR)
    assert len(rows) == 8 * 3
    assert len(many.captured_queries) == len(few.captured_queries) <= 20  # the review's ~15, and 3 of the return's own


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_prepare_an_evidence_pack(settings, lead_user, delivered, single_alliance):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = documents.ask_for_evidence_pack(lead_user, single_alliance, YEAR)  # commits: the task is enqueued
    document.refresh_from_db()
    assert document.status == "queued" and document.task_id
    assert DBTaskResult.objects.get(id=document.task_id).status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay")
    document.refresh_from_db()
    assert document.status == "ready" and document.started_at <= document.finished_at
    assert DBTaskResult.objects.get(id=document.task_id).status == "SUCCESSFUL"
    _, text = _pdf_text(bytes(document.files.get().data))
    assert "Brookside Primary" in text and "Northern Lights Learning Trust" in text


def test_administrators_read_returns_and_documents_but_change_nothing(client, lead_user, single_alliance):
    from django.contrib.auth import get_user_model

    from tests.sign_in import verified, with_two_factor

    made = returns.prepare(lead_user, single_alliance, YEAR)
    document = PreparedDocument.objects.create(kind="evidence_pack", alliance=single_alliance, academic_year=YEAR)
    admin = verified(get_user_model().objects.create_superuser("admin@example.org", "a long test password"))
    with_two_factor(admin)
    client.force_login(admin)
    for url in (reverse("admin:delivery_annualreturn_changelist"), reverse("admin:delivery_annualreturn_change", args=[made.pk]),
                reverse("admin:delivery_prepareddocument_changelist"), reverse("admin:delivery_prepareddocument_change", args=[document.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.content.decode()
    assert client.get(reverse("admin:delivery_annualreturn_add")).status_code == 403
