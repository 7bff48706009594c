"""The contribution and effective-delivery review pages: an alliance's review for its leads and
the Council, its success criteria for its managers, and the Council's list of every alliance."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from alliances.models import Alliance, DeliveryArea
from alliances.permissions import can_manage, can_see_ledger, is_council_member, require
from alliances.rules import RuleBroken
from alliances.views.membership import managed_alliance
from delivery import kpis, review
from delivery.models import SuccessCriterion, academic_year_label
from delivery.review_forms import CouncilReviewForm, CriteriaForm, PeriodForm, initial_criteria, year_choices

ALLIANCES_A_PAGE = 25


def chart_data(result):
    """What the two charts draw, for json_script: the same figures as the tables beside them."""
    return {
        "shares": {
            "labels": [total.label for total in result.areas],
            "datasets": [
                {"label": c.name, "data": [float(effort.share) for effort in c.areas]} for c in result.contributors
            ],
        },
        "kpis": {
            # KPI numbers only, so the bars keep their width on a phone: the table beside names them.
            "labels": [f"KPI {kpi.id}" for kpi in result.kpis],
            "data": [float(kpi.progress or 0) for kpi in result.kpis],
        },
    }


def _period_caption(result):
    start, end = result.start, result.end
    year_start, year_end = kpis.academic_year_bounds(result.year)
    if (start, end) == (year_start, year_end):
        return f"Academic year {academic_year_label(result.year)}"
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


@login_required
@require_safe
def alliance_review(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_see_ledger(request.user, alliance), f"{alliance.name}'s contribution review is for its leads and the Council.")
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    result = review.review_for(alliance, start, end)
    return render(request, "delivery/review.html", {
        "alliance": alliance, "form": form, "review": result, "charts": chart_data(result), "caption": _period_caption(result),
        "managing": can_manage(request.user, alliance),
        "ledger_query": f"start={start.isoformat()}&end={end.isoformat()}",
    })


def _year(value):
    years = {year for year, _ in year_choices()}
    try:
        year = int(value)
    except (TypeError, ValueError):
        return kpis.current_academic_year()
    return year if year in years else kpis.current_academic_year()


@login_required
def success_criteria(request, slug):
    """The year's targets and accountable schools, for the alliance's managers to set and change."""
    alliance = managed_alliance(request, slug)
    year = _year(request.POST.get("year") if request.method == "POST" else request.GET.get("year"))
    leads = list(alliance.lead_schools())
    criteria = kpis.criteria_for(alliance, year)
    defaults = {area: kpis.default_accountable(alliance, area) for area in DeliveryArea.values}
    form = CriteriaForm(leads=leads, initial=initial_criteria(criteria, defaults))
    here = f"{reverse('delivery:success-criteria', args=[alliance.slug])}?year={year}"
    if request.method == "POST":
        try:
            if "national" in request.POST:
                made = kpis.use_national_kpis(request.user, alliance, year)
                messages.success(request, f"{len(made)} national KPI{'s' if len(made) != 1 else ''} set for {academic_year_label(year)}.")
                return redirect(here)
            form = CriteriaForm(request.POST, leads=leads)
            if form.is_valid():
                kpis.set_criteria(request.user, alliance, year, form.targets())
                messages.success(request, f"Success criteria for {academic_year_label(year)} saved.")
                return redirect(here)
        except RuleBroken as refused:
            form.add_error(None, refused)
    changes = (
        SuccessCriterion.history.filter(alliance_id=alliance.pk, academic_year=year)
        .select_related("history_user", "accountable_school").order_by("-history_date")[:30]
    )
    return render(request, "delivery/success_criteria.html", {
        "alliance": alliance, "form": form, "year": year, "year_label": academic_year_label(year), "years": year_choices(),
        "criteria": criteria, "changes": changes, "has_leads": bool(leads),
    })


@login_required
@require_safe
def council_reviews(request):
    """Every alliance's flags and KPI status for a period, 25 a page. Without a filter only the
    page's alliances are reviewed; a filter needs them all, kept until the data changes."""
    require(is_council_member(request.user), "The national review of alliances is for members of the Teaching Schools Council.")
    form = CouncilReviewForm(request.GET or None)
    start, end = form.period()
    flag = form.cleaned_data.get("flag", "") if form.is_bound and form.is_valid() else ""
    if flag:
        chosen = [result for result in review.national(start, end) if review.matches(result, flag)]
        page = Paginator(chosen, ALLIANCES_A_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        page = Paginator(Alliance.objects.order_by("name", "id"), ALLIANCES_A_PAGE).get_page(request.GET.get("page"))
        rows = review.reviews_for_all(start, end, alliances=page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "delivery/council_reviews.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "start": start, "end": end,
        "caption": f"{start:%-d %B %Y} to {end:%-d %B %Y}",
    })
