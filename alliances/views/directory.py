"""The public alliance directory and profiles, with members-only sections for those allowed."""
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from alliances.agreements import agreement_status
from alliances.forms import DirectoryFilterForm
from alliances.leadership import leadership_warning
from alliances.models import Alliance, AllianceRole, Designation
from alliances.permissions import can_manage, can_see_members_only, terms_visible_to
from registry.models import Organisation, School


def directory(request):
    current_members = (
        AllianceRole.objects.on()
        .filter(alliance=OuterRef("pk"), role=AllianceRole.Role.MEMBER)
        .values("alliance")
        .annotate(n=Count("id"))
        .values("n")
    )
    # Filters are by where an alliance's *current* leads are.
    current_leads = AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD)
    lead_schools = School.objects.filter(pk__in=current_leads.values("school"))
    lead_regions = lead_schools.exclude(region="").values_list("region", flat=True)
    lead_authorities = Organisation.objects.filter(pk__in=lead_schools.values("local_authority")).order_by("name")
    form = DirectoryFilterForm(request.GET or None, regions=sorted(set(lead_regions)), local_authorities=lead_authorities)
    alliances = Alliance.objects.annotate(member_count=Coalesce(Subquery(current_members), 0)).order_by("name")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            alliances = alliances.filter(name__icontains=data["q"])
        if data["region"]:
            led_there = current_leads.filter(school__region=data["region"])
            alliances = alliances.filter(pk__in=led_there.values("alliance"))
        if data["local_authority"]:
            led_there = current_leads.filter(school__local_authority=data["local_authority"])
            alliances = alliances.filter(pk__in=led_there.values("alliance"))
        if data["alliance_type"]:
            alliances = alliances.filter(alliance_type=data["alliance_type"])
        if data["area"]:
            # A list of delivery areas in JSON: filtered here, as SQLite cannot search inside it.
            alliances = [a for a in alliances if data["area"] in a.delivery_areas]
    page = Paginator(alliances, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    leads = _current_leads([a.pk for a in page.object_list])
    # Alliances with several leads and no agreement signed by all of them are flagged here too.
    rows = [
        (alliance, leads.get(alliance.pk, []), len(leads.get(alliance.pk, [])) > 1 and not agreement_status(alliance).in_place)
        for alliance in page.object_list
    ]
    return render(request, "alliances/directory.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()})


def _current_leads(alliance_ids):
    roles = (
        AllianceRole.objects.on()
        .filter(alliance_id__in=alliance_ids, role=AllianceRole.Role.LEAD)
        .select_related("school")
        .order_by("school__name")
    )
    leads = {}
    for role in roles:
        leads.setdefault(role.alliance_id, []).append(role.school)
    return leads


def _as_at(request):
    try:
        return date.fromisoformat(request.GET["on"]) if request.GET.get("on") else None
    except ValueError:
        return None


def profile(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    day = _as_at(request)
    roles = alliance.roles_on(day).select_related("school", "organisation", "terms").order_by("role", "starts_on")
    by_role = {role: [r for r in roles if r.role == role] for role in AllianceRole.Role.values}
    members_only = can_see_members_only(request.user, alliance)
    manager = can_manage(request.user, alliance)
    context = {
        "alliance": alliance,
        "day": day,
        "invalid_day": bool(request.GET.get("on")) and day is None,
        "leads": by_role["lead"],
        "members": by_role["member"],
        "deliverers": by_role["deliverer"],
        "agreement": agreement_status(alliance),
        "networks": alliance.networks.all(),
        "members_only": members_only,
        "visible_terms": terms_visible_to(request.user, alliance, by_role["member"]),
        "manager": manager,
        "patch": _patch_coverage(alliance),
        "history": alliance.roles.select_related("school", "organisation").order_by("-starts_on")[:50] if members_only else [],
        "memorandum": alliance.memoranda.order_by("-version").first() if members_only else None,
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
