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


def bar_chart(title, bars, unit, marker=None):
    """A horizontal bar chart as inline SVG: bars are (label, amount, disputed amount); `marker`
    (value, words) draws a dashed line across the bars, such as the minimum lead share."""
    biggest = max([amount + disputed for _, amount, disputed in bars] + [marker[0] if marker else 0]) or Decimal(1)
    span = CHART_WIDTH - LABEL_WIDTH - 90
    height = ROW_HEIGHT * len(bars) + (26 if marker else 10)
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
    if marker:
        x = LABEL_WIDTH + float(marker[0] / biggest) * span
        bottom = 5 + len(bars) * ROW_HEIGHT
        parts.append(f'<line x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{bottom}" stroke="#0b0c0c" stroke-width="1" stroke-dasharray="3,2"/>')
        parts.append(f'<text x="{max(x - 60, LABEL_WIDTH):.1f}" y="{bottom + 14}" font-size="9">{escape(marker[1])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _areas(rows, one_review):
    """The rows grouped by delivery area, in the areas' order, each with its chart and totals."""
    areas = []
    for total in one_review.areas:
        mine = [r for r in rows if r["area"] == total.label and (r["outputs"] or r["disputed_entries"])]
        if not mine:
            areas.append({"label": total.label, "in_sentence": DeliveryArea(total.area).in_sentence, "rows": [], "total": total})
            continue
        by_days = any(Decimal(r["days"]) or Decimal(r["disputed_days"]) for r in mine)
        if by_days:
            bars = [(r["contributor"], Decimal(r["days"]), Decimal(r["disputed_days"])) for r in mine]
            chart = bar_chart(f"Days delivered in {total.label}, by contributor", bars, " days")
        else:
            bars = [(r["contributor"], Decimal(r["records"]), Decimal(r["disputed_records"])) for r in mine]
            chart = bar_chart(f"Records (by share) in {total.label}, by contributor", bars, "")
        areas.append({"label": total.label, "rows": mine, "chart": chart, "by_days": by_days, "total": total})
    return areas


def _overall(rows, one_review):
    """Each contributor's overall share, leads first, with the minimum lead share marked."""
    roles = {r["contributor"]: r["role"] for r in rows}
    contributors = [(c.name, roles.get(c.name, "lead" if c.is_lead else ""), c.overall_share, c.disputed) for c in one_review.contributors]
    if not one_review.delivered:
        return contributors, None
    marker = (one_review.minimum_share, f"minimum lead share {one_review.minimum_share.normalize():f}%") if one_review.minimum_share is not None else None
    chart = bar_chart("Overall share of the alliance's delivery, by contributor", [(name, share, Decimal(0)) for name, _, share, _ in contributors], "%", marker)
    return contributors, chart


def context(alliance, year):
    made = return_figures.figures([alliance], year)[alliance.pk]
    one_review, rows = made["review"], made["rows"]
    contributors, overall_chart = _overall(rows, one_review)
    latest = alliance.annual_returns.filter(academic_year=year).exclude(state=AnnualReturn.State.SUPERSEDED).prefetch_related("sign_offs__school").first()
    return {
        "alliance": alliance, "year_label": academic_year_label(year), "review": one_review, "areas": _areas(rows, one_review),
        "kpis": made["kpis"], "flags": made["flags"], "contributors": contributors, "overall_chart": overall_chart,
        "annual_return": latest, "made_at": timezone.now(), "leads": list(alliance.lead_schools()), "disputed": one_review.disputed,
    }


def pdf_bytes(alliance, year):
    from weasyprint import HTML  # imported here: loading Pango is slow, and only the worker needs it

    html = render_to_string("delivery/returns/evidence_pack.html", context(alliance, year))
    return HTML(string=html).write_pdf()


def file_name(alliance, year):
    return f"{alliance.slug}-evidence-pack-{year}-{year + 1}.pdf"
