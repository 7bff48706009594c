"""Upload pages: an alliance's managers upload programmes, support, trainees, placements and
ledger entries for the alliance, and attendance for one of its programmes. Each page offers the
template, checks the whole file (delivery/uploads/flow.py) and either stores all of it and shows
what was stored, or stores nothing and lists every problem by row and column, with the rows in
error to download. Who may upload is who may record the same records by form."""
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from alliances.views.membership import managed_alliance
from delivery.spreadsheets import CSV_TYPE, XLSX_TYPE, UnreadableFile, read_table
from delivery.upload_forms import UploadForm
from delivery.uploads import flow, kinds
from delivery.views.running import run_programme

FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
SHOWN_IN_SUMMARY = 20  # the error summary names the first problems; the table below lists them all


@dataclass(frozen=True)
class Place:
    """Where an upload is made: the layout, what it is stored against, and its pages' addresses."""

    layout: flow.Layout
    target: object
    prefix: str  # URL names: "<prefix>", "<prefix>-template", "-errors", "-done"
    args: list
    back_text: str
    back_url: str

    @property
    def session_key(self):
        return f"upload:{self.prefix}:{':'.join(str(a) for a in self.args)}"

    def url(self, suffix="", *extra):
        return reverse(f"delivery:{self.prefix}{suffix}", args=[*self.args, *extra])


def _alliance_place(request, slug, kind):
    alliance = managed_alliance(request, slug)
    layout = kinds.FOR_ALLIANCE.get(kind)
    if layout is None:
        raise Http404("There is no upload of that kind.")
    return Place(layout, alliance, "upload", [alliance.slug, kind], f"{alliance.name}'s uploads", reverse("delivery:uploads", args=[alliance.slug]))


def _attendance_place(request, pk):
    programme = run_programme(request, pk)
    return Place(
        kinds.ATTENDANCE, programme, "upload-attendance", [programme.pk], programme.title,
        reverse("delivery:programme-bookings", args=[programme.pk]),
    )


def _file(data, file_format, name):
    response = HttpResponse(data, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def _upload(request, place):
    form = UploadForm(request.POST or None, request.FILES or None)
    problems, file_name = [], ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        try:
            table = read_table(upload.name, upload.read())
        except UnreadableFile as unreadable:
            form.add_error("file", str(unreadable))
        else:
            outcome = flow.check_and_store(request.user, place.layout, place.target, table)
            if outcome.ok:
                lines = place.layout.describe(place.layout.context(request.user, place.target), outcome.stored)
                request.session[place.session_key] = {"done": {"file_name": file_name, "count": len(outcome.stored), "lines": lines}}
                return redirect(place.url("-done"))
            header, lines = flow.rows_in_error(table, outcome.problems)
            request.session[place.session_key] = {"errors": {"file_name": file_name, "header": header, "lines": lines}}
            problems = outcome.problems
    return render(request, "delivery/upload.html", {
        "place": place, "layout": place.layout, "form": form, "problems": problems, "file_name": file_name,
        "summary": problems[:SHOWN_IN_SUMMARY], "rows_in_error": len({p.row for p in problems}),
        "template_csv": place.url("-template", "csv"), "template_xlsx": place.url("-template", "xlsx"),
        "errors_csv": place.url("-errors", "csv"), "errors_xlsx": place.url("-errors", "xlsx"),
    })


def _template(request, place, file_format):
    if file_format not in FORMATS:
        raise Http404("Templates are CSV or XLSX.")
    if file_format == "csv":
        data = flow.template_csv(place.layout)
    else:
        data = flow.template_xlsx(place.layout, place.layout.context(request.user, place.target))
    return _file(data, file_format, f"{place.layout.kind}-template")


def _errors(request, place, file_format):
    """The rows in error of this person's last refused upload here; back to the page when there is none."""
    if file_format not in FORMATS:
        raise Http404("The rows in error are CSV or XLSX.")
    kept = request.session.get(place.session_key, {}).get("errors")
    if not kept:
        return redirect(place.url())
    stem = kept["file_name"].rsplit(".", 1)[0] or place.layout.kind
    return _file(flow.error_file(kept["header"], kept["lines"], file_format), file_format, f"{stem}-rows-in-error")


def _done(request, place):
    kept = request.session.get(place.session_key, {}).get("done")
    if not kept:
        return redirect(place.url())
    return render(request, "delivery/upload_done.html", {"place": place, "layout": place.layout, **kept})


@login_required
@require_safe
def alliance_uploads(request, slug):
    alliance = managed_alliance(request, slug)
    layouts = [(layout, reverse("delivery:upload", args=[alliance.slug, kind])) for kind, layout in kinds.FOR_ALLIANCE.items()]
    return render(request, "delivery/uploads.html", {"alliance": alliance, "layouts": layouts})


@login_required
def upload(request, slug, kind):
    return _upload(request, _alliance_place(request, slug, kind))


@login_required
@require_safe
def upload_template(request, slug, kind, file_format):
    return _template(request, _alliance_place(request, slug, kind), file_format)


@login_required
@require_safe
def upload_errors(request, slug, kind, file_format):
    return _errors(request, _alliance_place(request, slug, kind), file_format)


@login_required
@require_safe
def upload_done(request, slug, kind):
    return _done(request, _alliance_place(request, slug, kind))


@login_required
def upload_attendance(request, pk):
    return _upload(request, _attendance_place(request, pk))


@login_required
@require_safe
def attendance_template(request, pk, file_format):
    return _template(request, _attendance_place(request, pk), file_format)


@login_required
@require_safe
def attendance_errors(request, pk, file_format):
    return _errors(request, _attendance_place(request, pk), file_format)


@login_required
@require_safe
def attendance_done(request, pk):
    return _done(request, _attendance_place(request, pk))
