"""The public alliance directory and profiles, with members-only sections for those allowed."""
from datetime import date
from django.core.paginator import Paginator
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from alliances.agreements import agreement_status
from alliances.filters import AllianceFilter
from alliances.forms import AsAtForm
from alliances.leadership import leadership_warning
from alliances.maps import role_points
from alliances.models import Alliance, AllianceRole, Designation, Memorandum, Network, attach_role_counts
from alliances.change_history import alliance_changes
from alliances.permissions import can_manage, can_see_history, can_see_members_only, is_council_member, require, terms_visible_to
from registry.models import School


def directory(request):
    alliances = Alliance.objects.with_roles(leads_only=True).order_by("name")
    alliance_filter = AllianceFilter(request.GET, queryset=alliances)
    page = Paginator(alliance_filter.qs if alliance_filter.is_valid() else alliances.none(), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Alliances with several leads and no agreement signed by all of them are flagged here too.
    rows = []
    for alliance in attach_role_counts(page.object_list):
        leads = sorted((role.school for role in alliance.current_roles if role.role == AllianceRole.Role.LEAD), key=lambda s: s.name)
        rows.append((alliance, leads, len(leads) > 1 and not agreement_status(alliance).in_place))
    return render(
        request, "alliances/directory.html", {"form": alliance_filter.form, "page": page, "rows": rows, "query": query.urlencode()}
    )


def _as_at(request):
    """The day asked for (`?on=2024-09-01`, or the form's day, month and year boxes), and the form."""
    asked = any(request.GET.get(name) for name in ("on", "on_day", "on_month", "on_year"))
    form = AsAtForm(request.GET if asked else None)
    return (form.cleaned_data["on"] if asked and form.is_valid() else None), form


def profile(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    day, as_at_form = _as_at(request)
    roles = alliance.roles_on(day).select_related("school", "organisation", "terms").order_by("role", "starts_on")
    by_role = {role: [r for r in roles if r.role == role] for role in AllianceRole.Role.values}
    members_only = can_see_members_only(request.user, alliance)
    manager = can_manage(request.user, alliance)
    # From the roles already loaded with their schools: no query per school.
    map_points, not_on_map = role_points(roles)
    context = {
        "alliance": alliance,
        "day": day,
        "as_at_form": as_at_form,
        "leads": by_role["lead"],
        "members": by_role["member"],
        "deliverers": by_role["deliverer"],
        "map_points": map_points,
        "not_on_map": not_on_map,
        "agreement": agreement_status(alliance),
        "networks": Network.objects.of_alliance(alliance),
        # Published programmes with sessions to come (delivery/), through the reverse relation.
        "programmes": alliance.programmes.filter(published=True, sessions__date__gte=date.today()).distinct().order_by("title")
        if day is None else [],
        "members_only": members_only,
        "visible_terms": terms_visible_to(request.user, alliance, by_role["member"]),
        "manager": manager,
        "sees_history": manager or is_council_member(request.user),
        "patch": _patch_coverage(alliance),
        "history": alliance.roles.select_related("school", "organisation").order_by("-starts_on")[:50] if members_only else [],
        "memorandum": Memorandum.latest_of(alliance) if members_only else None,
        "pending_leads": alliance.lead_invitations.filter(status="pending").select_related("school") if day is None else [],
        "leadership_warning": leadership_warning(alliance) if (members_only or manager) and day is None else None,
        "leads_under_review": Designation.objects.filter(
            school__in=[role.school for role in by_role["lead"]], status=Designation.Status.UNDER_REVIEW
        ),
    }
    return render(request, "alliances/profile.html", context)


def _patch_coverage(alliance):
    """For an alliance with a patch: the open state-funded schools there it does not yet reach."""
    patch = list(alliance.patch.all())
    if not patch:
        return None
    in_patch = School.objects.open().state_funded().filter(local_authority__in=patch)
    reached = alliance.roles_on().values("school_id")
    not_reached = in_patch.exclude(pk__in=reached).order_by("name")
    return {"authorities": patch, "total": in_patch.count(), "not_reached": not_reached[:100], "not_reached_count": not_reached.count()}


@login_required
@require_safe
def history(request, slug):
    """Every change to the alliance, newest first, with who made it: for its leads and the Council."""
    alliance = get_object_or_404(Alliance, slug=slug)
    require(can_see_history(request.user, alliance), f"The history of {alliance.name}'s records is for its leads and the Council.")
    return render(request, "alliances/history.html", {"alliance": alliance, "changes": alliance_changes(alliance)})
