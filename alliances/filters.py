"""Filters shared by pages and the API, so both answer alike: alliances and teaching schools."""
from datetime import date, timedelta

import django_filters

from alliances.models import Alliance, AllianceRole, DeliveryArea, Designation
from registry import data_version
from registry.filters import SEARCH_LENGTH_LIMIT, GovukFilterSet, distinct_choices
from registry.models import Organisation, School


def current_leads():
    return AllianceRole.objects.on().filter(role=AllianceRole.Role.LEAD)


def places_led_from():
    """The regions and local authorities of today's lead schools, as choices, kept until the data
    changes (registry/data_version.py)."""
    return data_version.cached(f"alliance-choices:{date.today().isoformat()}", _read_places_led_from)


def _read_places_led_from():
    lead_schools = School.objects.filter(pk__in=current_leads().values("school"))
    authorities = list(
        Organisation.objects.filter(pk__in=lead_schools.values("local_authority")).order_by("name").values_list("id", "name")
    )
    return {
        "region": distinct_choices(lead_schools, "region"),
        "local_authority": authorities,
        "local_authority_ids": [pk for pk, _ in authorities],
    }


def _designated_places_and_phases():
    """The regions and phases of schools with a designation, and every local authority, as choices."""
    schools = School.objects.filter(pk__in=Designation.objects.values("school"))
    choices = {name: distinct_choices(schools, name) for name in ("region", "phase")}
    authorities = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")
    choices["local_authority"] = list(authorities.values_list("id", "name"))
    return choices


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
        choices = places_led_from()
        self.filters["region"].extra["choices"] = choices["region"]
        self.filters["local_authority"].queryset = Organisation.objects.filter(pk__in=choices["local_authority_ids"])
        self.kept_options = {"local_authority": choices["local_authority"]}

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


REVIEW_WINDOW_DAYS = 90


class TeachingSchoolFilter(GovukFilterSet):
    """Designated teaching schools (and, for those allowed, applications), by where they are,
    their phase, their status and when their review falls due."""

    q = django_filters.CharFilter(field_name="school__name", lookup_expr="icontains", label="School name", **SEARCH_LENGTH_LIMIT)
    region = django_filters.ChoiceFilter(field_name="school__region", label="Region", empty_label="Any region")
    local_authority = django_filters.ModelChoiceFilter(
        field_name="school__local_authority",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name"),
        label="Local authority",
        empty_label="Any local authority",
    )
    phase = django_filters.ChoiceFilter(field_name="school__phase", label="Phase", empty_label="Any phase")
    status = django_filters.ChoiceFilter(choices=Designation.Status.choices, label="Status", empty_label="Any status")
    review_due = django_filters.ChoiceFilter(
        method="review_falls_due",
        choices=[("overdue", "Term ended"), ("soon", f"Term ends within {REVIEW_WINDOW_DAYS} days")],
        label="Review",
        empty_label="Any time",
    )

    class Meta:
        model = Designation
        fields = ["q", "region", "local_authority", "phase", "status", "review_due"]

    def __init__(self, *args, statuses=Designation.ACTIVE_STATUSES, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = [(value, Designation.Status(value).label) for value in statuses]
        choices = data_version.cached("teaching-school-choices", _designated_places_and_phases)
        for name in ("region", "phase"):
            self.filters[name].extra["choices"] = choices[name]
        self.kept_options = {"local_authority": choices["local_authority"]}

    def review_falls_due(self, queryset, name, value: str):
        today = date.today()
        if value == "overdue":
            return queryset.filter(review_due_on__lte=today)
        return queryset.filter(review_due_on__gt=today, review_due_on__lte=today + timedelta(days=REVIEW_WINDOW_DAYS))


class DesignationFilter(TeachingSchoolFilter):
    """The API's: every status may be asked for (the queryset already limits what each reader sees)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, statuses=Designation.Status.values, **kwargs)
