"""Public pages of the registry: find a school, a school's profile, organisations."""
from django.shortcuts import get_object_or_404, render

from registry.filters import OrganisationFilter, SchoolFilter
from registry.inspection_standing import standing_from_inspections
from registry.models import ImportRun, Organisation, School
from registry.pagination import MatchesFirstPaginator

RESULTS_PER_PAGE = 25


def _page(request, queryset):
    paginator = MatchesFirstPaginator(queryset, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def home(request):
    return render(
        request,
        "home.html",
        {
            "open_schools": School.objects.open().state_funded().count(),
            "organisations": Organisation.objects.count(),
        },
    )


def school_list(request):
    school_filter = SchoolFilter(
        request.GET, queryset=School.objects.select_related("local_authority").order_by("name", "urn")
    )
    queryset = school_filter.qs if school_filter.is_valid() else School.objects.none()
    page, query = _page(request, queryset)
    return render(request, "registry/school_list.html", {"filter": school_filter, "page": page, "query": query})


def school_detail(request, urn):
    school = get_object_or_404(School.objects.select_related("local_authority", "trust", "diocese"), urn=urn)
    inspections = list(school.inspections.all())
    links = list(school.links.all())
    linked = {s.urn: s for s in School.objects.filter(urn__in=[link.linked_urn for link in links])}
    return render(
        request,
        "registry/school_detail.html",
        {
            "school": school,
            "standing": standing_from_inspections(inspections),
            "inspections": inspections,
            "links": [(link, linked.get(link.linked_urn)) for link in links],
            "successor": None if school.is_open else school.successor(),
            # Partnerships the school is in now (held in the alliances app, reached by relation).
            "alliance_roles": school.alliance_roles.on().select_related("alliance"),
        },
    )


def organisation_list(request):
    organisation_filter = OrganisationFilter(request.GET, queryset=Organisation.objects.order_by("name"))
    queryset = organisation_filter.qs if organisation_filter.is_valid() else Organisation.objects.none()
    page, query = _page(request, queryset)
    return render(
        request, "registry/organisation_list.html", {"filter": organisation_filter, "page": page, "query": query}
    )


def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    schools = organisation.schools.select_related("local_authority").order_by("name", "urn")
    page, query = _page(request, schools)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "open_count": schools.open().count(),
            "pupils": sum(n or 0 for n in schools.open().values_list("number_of_pupils", flat=True)),
        },
    )


def data_sources(request):
    return render(request, "registry/data_sources.html", {"runs": ImportRun.objects.all()[:50]})
