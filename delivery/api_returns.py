"""Read-only JSON API for annual returns, with the pages' permissions: an alliance's managers and
the Council. `/api/returns/` lists the returns the reader may see (filters: `alliance` slug,
`academic_year`, `state`); `/api/returns/<id>/` gives one with its rows and KPIs in the
documented column layout (delivery/return_layout.py) and who signed it."""
import django_filters
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from alliances.permissions import is_council_member, managed_alliance_ids
from delivery.models import AnnualReturn, ReturnSignOff
from delivery.return_layout import COLUMNS, KPI_COLUMNS

FIELD_FOR = {
    "text": lambda: serializers.CharField(allow_blank=True, allow_null=True),
    "number": lambda: serializers.CharField(allow_null=True, help_text="A decimal number written as text, such as 2.50"),
    "count": lambda: serializers.IntegerField(allow_null=True),
}
# Rows carry the return's version and state only in files; in the API they are the return's own fields.
ROW_COLUMNS = [(key, header, kind) for key, header, kind in COLUMNS if key not in ("return_version", "return_state")]


def _row_serializer(name, columns):
    fields = {key: FIELD_FOR[kind]() for key, _, kind in columns}
    for (key, header, _), field in zip(columns, fields.values()):
        field.label = header
    return type(name, (serializers.Serializer,), fields)


ReturnRowSerializer = _row_serializer("ReturnRow", ROW_COLUMNS)
ReturnKpiSerializer = _row_serializer("ReturnKpi", KPI_COLUMNS)


class SignOffSerializer(serializers.ModelSerializer):
    school_urn = serializers.IntegerField(source="school.urn")
    school_name = serializers.CharField(source="school.name")

    class Meta:
        model = ReturnSignOff
        fields = ["school_urn", "school_name", "signed_at"]


class AnnualReturnSummarySerializer(serializers.ModelSerializer):
    alliance = serializers.SlugField(source="alliance.slug")
    alliance_name = serializers.CharField(source="alliance.name")
    year_label = serializers.CharField()
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True)
    sign_offs = SignOffSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualReturn
        fields = ["id", "alliance", "alliance_name", "academic_year", "year_label", "version", "state", "prepared_at", "final_at",
                  "supersedes", "sign_offs"]


class AnnualReturnSerializer(AnnualReturnSummarySerializer):
    rows = ReturnRowSerializer(many=True, read_only=True)
    kpis = ReturnKpiSerializer(many=True, read_only=True)
    flags = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(AnnualReturnSummarySerializer.Meta):
        fields = [*AnnualReturnSummarySerializer.Meta.fields, "notes", "flags", "rows", "kpis"]


class AnnualReturnFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="alliance__slug", help_text="The alliance's slug")

    class Meta:
        model = AnnualReturn
        fields = ["alliance", "academic_year", "state"]


class AnnualReturnViewSet(viewsets.ReadOnlyModelViewSet):
    """Annual returns of the alliances the reader runs (all of them for the Council), newest
    year first; each version is listed, superseded ones included."""

    permission_classes = [IsAuthenticated]
    filterset_class = AnnualReturnFilter

    def get_queryset(self):
        returns = AnnualReturn.objects.select_related("alliance").prefetch_related("sign_offs__school").order_by("-academic_year", "alliance__name", "-version")
        if self.action == "list":
            returns = returns.defer("rows", "kpis", "flags", "entry_ids", "notes")
        if is_council_member(self.request.user):
            return returns
        return returns.filter(alliance_id__in=managed_alliance_ids(self.request.user))

    def get_serializer_class(self):
        return AnnualReturnSummarySerializer if self.action == "list" else AnnualReturnSerializer
