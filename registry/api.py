"""Read-only JSON API for schools and organisations, with the same filters as the pages."""
from django.utils.decorators import method_decorator
from rest_framework import serializers, viewsets

from registry.filters import OrganisationFilter, SchoolFilter
from registry.models import Inspection, Organisation, School, SchoolLink
from registry.page_cache import for_visitors
from registry.pagination import MatchesFirstPagination


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "code"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "code", "region", "website", "description"]


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        exclude = ["id", "school"]


class SchoolLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchoolLink
        fields = ["linked_urn", "linked_name", "link_type", "established_date"]


class SchoolSerializer(serializers.ModelSerializer):
    # Null where GIAS names none: a school need not be in a trust or have a diocese.
    local_authority = OrganisationSummarySerializer(read_only=True, allow_null=True)
    trust = OrganisationSummarySerializer(read_only=True, allow_null=True)
    diocese = OrganisationSummarySerializer(read_only=True, allow_null=True)
    is_small = serializers.BooleanField(read_only=True)

    class Meta:
        model = School
        exclude = ["id", "search_text"]


class SchoolDetailSerializer(SchoolSerializer):
    inspections = InspectionSerializer(many=True, read_only=True)
    links = SchoolLinkSerializer(many=True, read_only=True)


@method_decorator(for_visitors, name="dispatch")
class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools in England from GIAS, open ones unless `status` says otherwise."""

    lookup_field = "urn"
    filterset_class = SchoolFilter
    pagination_class = MatchesFirstPagination

    def get_queryset(self):
        queryset = School.objects.select_related("local_authority", "trust", "diocese").order_by("urn")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("inspections", "links")
        return queryset

    def get_serializer_class(self):
        return SchoolDetailSerializer if self.action == "retrieve" else SchoolSerializer


@method_decorator(for_visitors, name="dispatch")
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Academy trusts, local authorities, dioceses, universities and other organisations."""

    queryset = Organisation.objects.order_by("name", "id")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
