"""Paperwork from bookings: certificates of attendance (PDF) and invoice lines (a page, and CSV or
XLSX for the running alliance's managers)."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from alliances.rules import RuleBroken
from delivery import certificates, invoices
from delivery.models import Booking
from delivery.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from delivery.views.running import run_programme
from registry.models import School


@login_required
@require_safe
def certificate(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("programme__alliance", "school", "participant"), pk=pk)
    try:
        name, pdf = certificates.certificate(request.user, booking)
    except RuleBroken as refused:
        return render(request, "delivery/no_certificate.html", {"booking": booking, "problems": refused.messages}, status=404)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(lines, file_stem, fmt):
    rows = list(invoices.rows(lines))
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes([("Invoice lines", invoices.HEADER, rows)]), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(invoices.HEADER, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{fmt}"'
    return response


@login_required
@require_safe
def programme_invoice_lines(request, pk):
    programme = run_programme(request, pk)
    lines = list(invoices.lines_for_programme(request.user, programme))
    fmt = request.GET.get("download", "")
    if fmt in ("csv", "xlsx"):
        return _download(lines, f"invoice-lines-programme-{programme.pk}", fmt)
    return render(request, "delivery/invoice_lines.html", {
        "programme": programme, "lines": lines, "total": invoices.total(lines), "free_places": invoices.free_places(programme),
    })


@login_required
@require_safe
def school_invoice_lines(request, urn):
    school = get_object_or_404(School, urn=urn)
    lines = list(invoices.lines_for_school(request.user, school))
    fmt = request.GET.get("download", "")
    if fmt in ("csv", "xlsx"):
        return _download(lines, f"invoice-lines-school-{school.urn}", fmt)
    return render(request, "delivery/invoice_lines.html", {"school": school, "lines": lines, "total": invoices.total(lines)})
