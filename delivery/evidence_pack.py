"""An alliance's evidence pack for an academic year, as a PDF: who contributed what in each
delivery area (tables, with a bar chart of the days beside each), the KPIs, what needs attention,
and where its annual return stands. Drawn by WeasyPrint from an HTML template; the charts are
SVG made here, since WeasyPrint runs no JavaScript. Every chart's figures are in the table next
to it. Disputed entries are shown as disputed, never counted, until resolved.
"""
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from alliances.models import DeliveryArea
from delivery import return_figures
from delivery.models import AnnualReturn, academic_year_label

BAR_COLOUR, DISPUTED_COLOUR = "#1d70b8", "#d4351c"
CHART_WIDTH, LABEL_WIDTH, ROW_HEIGHT = 480, 190, 22


def bar_chart(title, bars, unit):
    """A horizontal bar chart as inline SVG: bars are (label, amount, disputed amount)."""
    biggest = max((amount + disputed for _, amount, disputed in bars), default=Decimal(0)) or Decimal(1)
    span = CHART_WIDTH - LABEL_WIDTH - 60
    height = ROW_HEIGHT * len(bars) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">'
    ]
    for n, (label, amount, disputed) in enumerate(bars):
        y = 5 + n * ROW_HEIGHT
        width = float(amount / biggest) * span
        extra = float(disputed / biggest) * span
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="0" y="{y + 14}" font-size="10">{escape(short)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="14" fill="{BAR_COLOUR}"/>')
        if extra:
            parts.append(f'<rect x="{LABEL_WIDTH + width:.1f}" y="{y + 3}" width="{extra:.1f}" height="14" fill="{DISPUTED_COLOUR}"/>')
        shown = f"{amount.normalize():f}{unit}" + (f" (+{disputed.normalize():f} disputed)" if disputed else "")
        parts.append(f'<text x="{LABEL_WIDTH + width + extra + 4:.1f}" y="{y + 14}" font-size="10">{escape(shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _areas(rows):
    """The rows grouped by delivery area, in the areas' order, each with its chart."""
    areas = []
    for area in DeliveryArea:
        mine = [r for r in rows if r["area"] == area.label]
        if not mine:
            continue
        by_days = any(Decimal(r["days"]) or Decimal(r["disputed_days"]) for r in mine)
        if by_days:
            bars = [(r["contributor"], Decimal(r["days"]), Decimal(r["disputed_days"])) for r in mine]
            chart = bar_chart(f"Days delivered in {area.label.lower()}, by contributor", bars, " days")
        else:
            bars = [(r["contributor"], Decimal(r["programmes"]), Decimal(0)) for r in mine]
            chart = bar_chart(f"Programmes (by share) in {area.label.lower()}, by contributor", bars, "")
        areas.append({"label": area.label, "rows": mine, "chart": chart, "by_days": by_days})
    return areas


def context(alliance, year):
    rows = return_figures.contribution_rows([alliance.pk], year).get(alliance.pk, [])
    kpis = return_figures.kpi_rows([alliance.pk], year).get(alliance.pk, [])
    latest = alliance.annual_returns.filter(academic_year=year).exclude(state=AnnualReturn.State.SUPERSEDED).prefetch_related("sign_offs__school").first()
    return {
        "alliance": alliance, "year_label": academic_year_label(year), "areas": _areas(rows), "kpis": kpis,
        "flags": return_figures.flags_for(rows, kpis), "annual_return": latest, "made_at": timezone.now(),
        "leads": list(alliance.lead_schools()),
        "disputed": sum(r["disputed_entries"] for r in rows),
    }


def pdf_bytes(alliance, year):
    from weasyprint import HTML  # imported here: loading Pango is slow, and only the worker needs it

    html = render_to_string("delivery/returns/evidence_pack.html", context(alliance, year))
    return HTML(string=html).write_pdf()


def file_name(alliance, year):
    return f"{alliance.slug}-evidence-pack-{year}-{year + 1}.pdf"
