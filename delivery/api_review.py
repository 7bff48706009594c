"""The contribution review in the read-only API, for the same people as the pages: one alliance's
review for its leads' leaders and business managers and the Council; every alliance's, paged and
filtered by flag, for the Council."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from alliances.models import Alliance, DeliveryArea
from alliances.permissions import can_see_ledger, is_council_member
from delivery import kpis, review
from delivery.models import SuccessCriterion
from delivery.review_forms import FIRST_YEAR, LONGEST_DAYS

PERIOD = [
    OpenApiParameter("year", int, description="The academic year starting 1 September of this year (the current one by default)."),
    OpenApiParameter("start", str, description="Or the period's first day (YYYY-MM-DD), with `end`."),
    OpenApiParameter("end", str, description="The period's last day (YYYY-MM-DD), with `start`."),
]
FLAGS = review.FILTERS


class PeriodQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=2100)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    flag = serializers.ChoiceField(choices=FLAGS, required=False)

    def validate(self, data):
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise ValidationError({"end" if start else "start": "Give both start and end, or a year."})
        if start and end < start:
            raise ValidationError({"end": "The period must end on or after the day it starts."})
        if start and (end - start).days > LONGEST_DAYS:
            raise ValidationError({"end": "Review at most five years at once."})
        return data


def period_of(request):
    query = PeriodQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    if data.get("start"):
        return data["start"], data["end"], data.get("flag", "")
    return (*kpis.academic_year_bounds(data.get("year") or kpis.current_academic_year()), data.get("flag", ""))


class FlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(review.FLAG_KINDS))
    message = serializers.CharField()
    area = serializers.CharField(help_text="The delivery area it is about, or empty.")
    contributor = serializers.CharField(help_text="The school or organisation it is about, or empty.")


class AreaEffortSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=DeliveryArea.choices)
    days = serializers.DecimalField(max_digits=12, decimal_places=2)
    records = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Programmes and ITT cohorts by share: 40% of one is 0.4.")
    share = serializers.DecimalField(max_digits=4, decimal_places=1, help_text="Per cent of the area; an area's add up to 100.")
    outputs = serializers.IntegerField(help_text="Records with a counted entry.")
    disputed = serializers.IntegerField(help_text="Disputed entries, left out of the figures.")
    disputed_days = serializers.DecimalField(max_digits=12, decimal_places=2)
    disputed_records = serializers.DecimalField(max_digits=12, decimal_places=2)


class ContributorSerializer(serializers.Serializer):
    name = serializers.CharField()
    school_id = serializers.IntegerField(allow_null=True)
    organisation_id = serializers.IntegerField(allow_null=True)
    is_lead = serializers.BooleanField()
    overall_share = serializers.DecimalField(max_digits=4, decimal_places=1)
    outputs = serializers.IntegerField()
    disputed = serializers.IntegerField()
    areas = AreaEffortSerializer(many=True)


class AreaTotalSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=DeliveryArea.choices)
    days = serializers.DecimalField(max_digits=12, decimal_places=2)
    records = serializers.DecimalField(max_digits=12, decimal_places=2)
    outputs = serializers.IntegerField()
    contributors = serializers.IntegerField()
    disputed = serializers.IntegerField()
    delivered = serializers.BooleanField()


class KpiSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The 2018 KPI's number, 1.1 to 3.2.")
    measure = serializers.ChoiceField(choices=SuccessCriterion.Measure.choices)
    area = serializers.ChoiceField(choices=DeliveryArea.choices)
    measure_text = serializers.CharField()
    target = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True, help_text="Null: at or above the national rate.")
    target_text = serializers.CharField()
    actual = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    actual_text = serializers.CharField()
    detail = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="Null: nothing to compare yet.")
    accountable_school = serializers.CharField()
    set_by_alliance = serializers.BooleanField(help_text="False: the national target, the alliance has set none for the year.")


class ReviewSummarySerializer(serializers.Serializer):
    alliance_slug = serializers.CharField()
    alliance_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    year = serializers.IntegerField(help_text="The academic year of the KPIs.")
    minimum_share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    minimum_share_source = serializers.CharField()
    minimum_share_agreement_version = serializers.IntegerField(allow_null=True)
    delivered = serializers.BooleanField()
    disputed = serializers.IntegerField()
    kpis_met = serializers.IntegerField()
    areas = AreaTotalSerializer(many=True)
    flags = FlagSerializer(many=True)
    kpis = KpiSerializer(many=True)


class ReviewSerializer(ReviewSummarySerializer):
    contributors = ContributorSerializer(many=True)


class SeesReview(IsAuthenticated):
    message = "An alliance's contribution review is for its leads and the Council."


class IsCouncilMember(BasePermission):
    message = "The national review of alliances is for members of the Teaching Schools Council."

    def has_permission(self, request, view):
        return is_council_member(request.user)


class AllianceReviewView(GenericAPIView):
    """One alliance's contribution and effective-delivery review over a period: each contributor's
    effort and share of each area, the areas' totals, the flags and the KPIs. Disputed entries are
    left out of the figures and counted beside them."""

    permission_classes = [SeesReview]
    serializer_class = ReviewSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=PERIOD, responses=ReviewSerializer)
    def get(self, request, slug):
        alliance = get_object_or_404(Alliance, slug=slug)
        if not can_see_ledger(request.user, alliance):
            raise PermissionDenied(SeesReview.message)
        start, end, _ = period_of(request)
        return Response(ReviewSerializer(review.review_for(alliance, start, end)).data)


class ReviewListView(GenericAPIView):
    """Every alliance's review for a period, by name, 50 a page, without the per-contributor
    figures; `flag` keeps those with a flag of that kind, a KPI not met, or no flag at all."""

    permission_classes = [IsAuthenticated, IsCouncilMember]
    serializer_class = ReviewSummarySerializer
    filter_backends = []

    @extend_schema(
        parameters=[*PERIOD, OpenApiParameter("flag", str, enum=FLAGS, description="Only alliances with this flag.")],
        responses=ReviewSummarySerializer(many=True),
    )
    def get(self, request):
        start, end, flag = period_of(request)
        if flag:
            chosen = [result for result in review.national(start, end) if review.matches(result, flag)]
            page = self.paginate_queryset(chosen)
        else:
            page = review.reviews_for_all(start, end, alliances=self.paginate_queryset(Alliance.objects.order_by("name", "id")))
        return self.get_paginated_response(ReviewSummarySerializer(page, many=True).data)
