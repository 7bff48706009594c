"""The programme finder's filters: by alliance name, kind, the region of the alliance's current
lead schools, and upcoming only."""
from datetime import date

import django_filters
from django import forms

from alliances.filters import current_leads, places_led_from
from delivery.models import Programme, Session
from registry.filters import SEARCH_LENGTH_LIMIT, GovukFilterSet


class ProgrammeFilter(GovukFilterSet):
    q = django_filters.CharFilter(field_name="alliance__name", lookup_expr="icontains", label="Alliance name", **SEARCH_LENGTH_LIMIT)
    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, label="Kind", empty_label="Any kind")
    region = django_filters.ChoiceFilter(method="led_in_region", label="Region of the alliance's lead schools", empty_label="Any region")
    upcoming = django_filters.BooleanFilter(
        method="only_upcoming", label="Only programmes with sessions to come", widget=forms.CheckboxInput,
    )

    class Meta:
        model = Programme
        fields = ["q", "kind", "region", "upcoming"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = places_led_from()
        self.filters["region"].extra["choices"] = choices["region"]

    def led_in_region(self, queryset, name, value: str):  # the type hint is for the OpenAPI document
        return queryset.filter(alliance__in=current_leads().filter(school__region=value).values("alliance"))

    def only_upcoming(self, queryset, name, value: bool):
        if not value:
            return queryset
        return queryset.filter(pk__in=Session.objects.filter(date__gte=date.today()).values("programme"))
