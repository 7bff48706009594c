"""Search filters for schools and organisations, shared by the pages and the API."""
import math

import django_filters
from django.db.models import F, FloatField, Q
from django.db.models.functions import Sqrt

from registry import data_version
from registry.govuk_forms import apply_govuk_classes
from registry.models import Organisation, School, normalise_for_search
from registry.postcodes import FULL_POSTCODE, OUTWARD_CODE, postcode_area_centre


# Longer searches are refused, not run: no name is this long, and SQLite fails on LIKE patterns
# over 50,000 characters. Used by every search box (schools, organisations, alliances).
SEARCH_MAX_LENGTH = 200
SEARCH_LENGTH_LIMIT = {
    "max_length": SEARCH_MAX_LENGTH,
    "error_messages": {"max_length": f"Search must be {SEARCH_MAX_LENGTH} characters or fewer"},
}

# Nearest schools to a postcode no school has: the first box (this many km each way from the
# postcode's sector) holding enough schools is sorted by distance. Bounded, never the whole country.
NEAREST_RADII_KM = (3, 10, 30)
NEAREST_ENOUGH = 10
KM_PER_DEGREE_LATITUDE = 111.2


def search_words(text):
    """The words a school search must find, normalised like School.search_text. A word ending in
    "s" (longer than three letters) loses it, so "Infants" finds "Infant" and "Lukes" "Luke's"."""
    words = normalise_for_search(text).split()
    return [word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words]


def matching_words(text):
    """Every word searched for must start a word of the school's name, street or town, in any
    order. Case, apostrophes, full stops and hyphens do not matter, and a plural "s" is dropped:
    "St Lukes" finds "St. Luke's", "Goldthorpe Infants" finds "Goldthorpe Infant School", "Leeds
    Road Primary" finds a primary school on Leeds Road. Only starts of words, so "St Marys" does not
    find every St Anything Primary."""
    condition = Q()
    for word in search_words(text):
        condition &= Q(search_text__contains=f" {word}")
    return condition


def distinct_choices(queryset, field):
    """Every value the rows have for a field, once each and sorted, as (value, label) choices."""
    values = queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
    return [(value, value) for value in values]


def _school_choices():
    """Every region, phase and type schools have, and every local authority, as choices: read
    again only after the data changes (registry/data_version.py), not for every search."""

    def distinct(field):
        return distinct_choices(School.objects.all(), field)

    def read():
        local_authorities = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")
        return {
            "region": distinct("region"),
            "phase": distinct("phase"),
            "type_name": distinct("type_name"),
            "local_authority": list(local_authorities.values_list("id", "name")),
        }

    return data_version.cached("school-choices", read)


class GovukFilterSet(django_filters.FilterSet):
    # {filter name: [(id, label), ...]}: the options of model-choice filters, from lists kept
    # until the data changes (registry/data_version.py) rather than read for every page shown.
    # An answer is still checked against the database when the form is validated.
    kept_options = None

    @property
    def form(self):
        form = apply_govuk_classes(super().form)
        for name, options in (self.kept_options or {}).items():
            field = form.fields[name]
            field.widget.choices = [("", field.empty_label), *options]
        return form


class SchoolFilter(GovukFilterSet):
    q = django_filters.CharFilter(
        method="search", label="School name, URN or postcode", help_text="Or a town or street", **SEARCH_LENGTH_LIMIT
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "Open or closed")],
        empty_label=None,
        label="Status",
    )
    region = django_filters.ChoiceFilter(label="Region", empty_label="Any region")
    local_authority = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name"),
        label="Local authority",
        empty_label="Any local authority",
    )
    phase = django_filters.ChoiceFilter(label="Phase", empty_label="Any phase")
    type_name = django_filters.ChoiceFilter(label="Type of school", empty_label="Any type")
    latest_outcome = django_filters.ChoiceFilter(
        choices=School.Outcome.choices, label="Most recent graded inspection", empty_label="Any outcome"
    )
    at_least_good = django_filters.ChoiceFilter(
        method="filter_at_least_good",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not inspected")],
        label="At least Good at the most recent inspection",
        empty_label="Either",
    )
    trust = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ACADEMY_TRUST),
        label="Academy trust",
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = School
        fields = ["q", "status", "region", "local_authority", "phase", "type_name", "latest_outcome", "at_least_good"]

    def __init__(self, data=None, *args, **kwargs):
        # Open schools unless the user asks otherwise: closed ones are history.
        data = data.copy() if data is not None else {}
        data.setdefault("status", "open")
        super().__init__(data, *args, **kwargs)
        # Set by a search for a postcode no school has: {"postcode", "near"} (near: where the
        # distances are measured from, or "" when the postcode could not be placed).
        self.nearest_to = None
        choices = _school_choices()
        for name in ("region", "phase", "type_name"):
            self.filters[name].extra["choices"] = choices[name]
        self.kept_options = {"local_authority": choices["local_authority"]}

    def search(self, queryset, name, value):
        value = value.strip()
        upper = value.upper()
        # Only ASCII digits: "²" and "①" are digits to str.isdigit() but not to int().
        if value.isascii() and value.isdigit():
            return queryset.filter(Q(urn=int(value)) | matching_words(value))
        if full := FULL_POSTCODE.match(upper):
            postcode = f"{full[1]} {full[2]}"
            if queryset.filter(postcode=postcode).exists():
                return queryset.filter(postcode=postcode)
            return self.nearest(queryset, full)
        if OUTWARD_CODE.match(upper):
            return queryset.filter(Q(postcode__startswith=f"{upper} ") | matching_words(value))
        return queryset.filter(matching_words(value))

    def nearest(self, queryset, full_postcode):
        """Schools nearest to a postcode no school has, by straight-line distance from the middle
        of the schools in its sector ("LS6 2"), or failing that its outward code ("LS6")."""
        postcode = f"{full_postcode[1]} {full_postcode[2]}"
        found = postcode_area_centre(queryset, full_postcode)
        if found is None:
            self.nearest_to = {"postcode": postcode, "near": ""}
            return queryset.none()
        near, (latitude, longitude) = found
        self.nearest_to = {"postcode": postcode, "near": near}
        located = queryset.filter(latitude__isnull=False, longitude__isnull=False)
        km_per_degree_longitude = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude))
        for radius_km in NEAREST_RADII_KM:
            north_south = radius_km / KM_PER_DEGREE_LATITUDE
            east_west = radius_km / km_per_degree_longitude
            box = located.filter(
                latitude__range=(latitude - north_south, latitude + north_south),
                longitude__range=(longitude - east_west, longitude + east_west),
            )
            if box.count() >= NEAREST_ENOUGH:
                break
        # Flat-earth distance: within 30 km it is within a few metres of the great-circle one.
        north_km = (F("latitude") - latitude) * KM_PER_DEGREE_LATITUDE
        east_km = (F("longitude") - longitude) * km_per_degree_longitude
        distance = Sqrt(north_km * north_km + east_km * east_km, output_field=FloatField())
        return box.annotate(distance_km=distance).order_by("distance_km", "name", "urn")

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=School.OPEN_STATUSES)
        if value == "closed":
            return queryset.filter(status=School.Status.CLOSED)
        return queryset

    # `value: str` tells the OpenAPI document the parameter is one of the words, not a boolean.
    def filter_at_least_good(self, queryset, name, value: str):
        return queryset.filter(at_least_good={"yes": True, "no": False, "unknown": None}[value])


class OrganisationFilter(GovukFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name", **SEARCH_LENGTH_LIMIT)
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, label="Kind", empty_label="Any kind")
    region = django_filters.ChoiceFilter(label="Region", empty_label="Any region")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = distinct_choices(Organisation.objects.all(), "region")
