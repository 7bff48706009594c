"""One filter for alliances, shared by the directory page and the API, so both answer alike."""
import django_filters

from alliances.models import Alliance, AllianceRole, DeliveryArea
from registry.filters import SEARCH_LENGTH_LIMIT, GovukFilterSet
from registry.models import Organisation, School


def current_leads():
    return AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD)


class AllianceFilter(GovukFilterSet):
    """Regions and local authorities are where an alliance's *current* lead schools are."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Alliance name", **SEARCH_LENGTH_LIMIT)
    region = django_filters.ChoiceFilter(method="led_in_region", label="Region of a lead school", empty_label="Any region")
    local_authority = django_filters.ModelChoiceFilter(
        method="led_in_local_authority",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY),
        label="Local authority of a lead school",
        empty_label="Any local authority",
    )
    alliance_type = django_filters.ChoiceFilter(choices=Alliance.Type.choices, label="Type", empty_label="Any type")
    area = django_filters.ChoiceFilter(method="delivers", choices=DeliveryArea.choices, label="Delivers", empty_label="Any area")

    class Meta:
        model = Alliance
        fields = ["q", "region", "local_authority", "alliance_type", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lead_schools = School.objects.filter(pk__in=current_leads().values("school"))
        regions = lead_schools.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
        self.filters["region"].extra["choices"] = [(region, region) for region in regions]
        self.filters["local_authority"].queryset = Organisation.objects.filter(
            pk__in=lead_schools.values("local_authority")
        ).order_by("name")

    # The type hints tell the OpenAPI document what each parameter takes (a region name; a local
    # authority's id), as the filter methods hide the model fields.
    def led_in_region(self, queryset, name, value: str):
        return queryset.filter(pk__in=current_leads().filter(school__region=value).values("alliance"))

    def led_in_local_authority(self, queryset, name, value: int):
        return queryset.filter(pk__in=current_leads().filter(school__local_authority=value).values("alliance"))

    def delivers(self, queryset, name, value):
        # The areas are a JSON list, which SQLite cannot search inside: read them (a few hundred
        # short rows) and filter by id.
        offering = [pk for pk, areas in Alliance.objects.values_list("pk", "delivery_areas") if value in (areas or [])]
        return queryset.filter(pk__in=offering)
