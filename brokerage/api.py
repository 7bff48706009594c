"""JSON API for SLEs and schools' needs and offers, read-only, with the pages' visibility: an
SLE's record (name, email, role, track record, decisions) for the SLE, their school's and
teaching school's leaders and business managers and their alliances' leads; a school's needs and
offers for its people, its alliances' leads and the Council. Rows nobody may see are not there
(404 for one of them). Changes are made on the pages."""
from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from alliances.api import SchoolRefSerializer
from alliances.models import Alliance
from alliances.rules import RuleBroken
from brokerage import runs
from brokerage.capacity import days_committed, days_remaining, with_capacity
from brokerage.matching.problem import PRIORITY_WORDS
from brokerage.models import Deployment, MatchingRun, MatchProposal, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import visible_deployment_filter, visible_profile_filter, visible_sle_filter
from delivery.models import ExpertiseArea
from registry.models import School


class SpecialistLeaderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.__str__", read_only=True)
    email = serializers.EmailField(source="person.email", read_only=True)
    school = SchoolRefSerializer(read_only=True)
    teaching_school = SchoolRefSerializer(read_only=True)
    areas = serializers.SerializerMethodField()
    days_committed = serializers.SerializerMethodField()
    days_remaining = serializers.SerializerMethodField()

    class Meta:
        model = SpecialistLeader
        fields = [
            "id", "name", "email", "school", "teaching_school", "areas", "current_role", "leadership_years", "evidence",
            "state", "applied_at", "consent_at", "consent_reason", "assessed_at", "assessment_reasons", "designated_on",
            "yearly_capacity_days", "days_committed", "days_remaining", "ended_on", "end_reason",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_areas(self, sle):
        return [area.name for area in sle.areas.all()]

    # The viewset counts the page's capacity in one query (brokerage.capacity.with_capacity).
    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1))
    def get_days_committed(self, sle):
        committed = sle.committed if hasattr(sle, "committed") else days_committed(sle)
        return str(committed.quantize(Decimal("0.1")))

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1))
    def get_days_remaining(self, sle):
        remaining = sle.remaining if hasattr(sle, "remaining") else days_remaining(sle)
        return str(remaining.quantize(Decimal("0.1")))


class SchoolNeedSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True)
    area = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = SchoolNeed
        fields = ["id", "school", "area", "phase", "priority", "wanted_by", "days_wanted", "notes", "state"]


class SchoolOfferSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True)
    area = serializers.CharField(source="area.name", read_only=True)
    specialist_leader = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The SLE's record id, if the offer names one.")

    class Meta:
        model = SchoolOffer
        fields = ["id", "school", "area", "given_by", "specialist_leader", "days_per_year", "active"]


def _fake(view, model):
    """The OpenAPI generator asks with nobody signed in: an empty queryset of the model."""
    return model.objects.none() if getattr(view, "swagger_fake_view", False) else None


class SpecialistLeaderViewSet(viewsets.ReadOnlyModelViewSet):
    """SLE applications and designations whose personal details the person may see."""

    serializer_class = SpecialistLeaderSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if (fake := _fake(self, SpecialistLeader)) is not None:
            return fake
        return (
            SpecialistLeader.objects.filter(visible_sle_filter(self.request.user))
            .select_related("person", "school", "teaching_school")
            .prefetch_related(Prefetch("areas", queryset=ExpertiseArea.objects.order_by("name")))
            .order_by("-applied_at", "-id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_capacity(page) if page is not None else None

    def get_object(self):
        return with_capacity([super().get_object()])[0]


class SchoolNeedViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools' needs: for the school's people, its alliances' leads and the Council."""

    serializer_class = SchoolNeedSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if (fake := _fake(self, SchoolNeed)) is not None:
            return fake
        return SchoolNeed.objects.filter(visible_profile_filter(self.request.user)).select_related("school", "area").order_by("id")


class SchoolOfferViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools' offers of expertise: for the school's people, its alliances' leads and the Council."""

    serializer_class = SchoolOfferSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if (fake := _fake(self, SchoolOffer)) is not None:
            return fake
        return SchoolOffer.objects.filter(visible_profile_filter(self.request.user)).select_related("school", "area").order_by("id")


# --- Deployments ----------------------------------------------------------------------------------
# Seen, with the day rate and the fee's split, by the SLE deployed, the leaders and business
# managers of the receiving, home and brokering schools, the brokering alliance's leads and the
# Council (brokerage.permissions.visible_deployment_filter): the fee is shown to exactly the people
# who see the deployment, so every row here carries it. Others get no row (404 for one).


class DeploymentSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="need.area.name", read_only=True)
    receiving_school = SchoolRefSerializer(read_only=True)
    home_school = SchoolRefSerializer(read_only=True)
    brokering_school = SchoolRefSerializer(read_only=True)
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    supporter = serializers.CharField(source="supporter_name", read_only=True)
    specialist_leader = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The SLE's record id, for an SLE's deployment.")
    offer = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The school offer's id, for an offer's deployment.")
    support_record = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The support record made when it was agreed.")
    fee_total = serializers.SerializerMethodField()
    fee_home_school = serializers.SerializerMethodField()
    fee_broker = serializers.SerializerMethodField()

    class Meta:
        model = Deployment
        fields = [
            "id", "need", "area", "receiving_school", "home_school", "brokering_school", "alliance", "supporter",
            "specialist_leader", "offer", "route", "state", "days_requested", "requested_at", "released_at", "release_reason",
            "days", "day_rate", "home_school_share", "fee_total", "fee_home_school", "fee_broker", "objectives",
            "success_criteria", "starts_on", "ends_on", "agreed_at", "support_record", "cancelled_at", "cancel_reason",
        ]

    def _fee(self, deployment, part):
        from brokerage.deployments import fee

        split = fee(deployment)
        return str(getattr(split, part)) if split else None

    @extend_schema_field(serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True))
    def get_fee_total(self, deployment):
        return self._fee(deployment, "total")

    @extend_schema_field(serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True))
    def get_fee_home_school(self, deployment):
        return self._fee(deployment, "home_school")

    @extend_schema_field(serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True))
    def get_fee_broker(self, deployment):
        return self._fee(deployment, "broker")


class DeploymentViewSet(viewsets.ReadOnlyModelViewSet):
    """Deployments of SLEs and schools' offers, from request to agreement and after, with their fee."""

    serializer_class = DeploymentSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if (fake := _fake(self, Deployment)) is not None:
            return fake
        return (
            Deployment.objects.filter(visible_deployment_filter(self.request.user))
            .select_related("need__area", "receiving_school", "home_school", "brokering_school", "alliance", "offer")
            .order_by("-requested_at", "-id")
        )
# --- Matching runs ---------------------------------------------------------------------------------
# Seen by whoever may see the run's page (brokerage.runs.can_see_run); started with the same rules
# as the page: a broken rule answers 400 with every reason, a scope the person may not match 403.

RUN_REFUSED = OpenApiResponse(
    inline_serializer("RunRefusal", fields={"reasons": serializers.ListField(child=serializers.CharField())}),
    description="A rule refused it: every reason, in words.",
)


class MatchingRunSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True, allow_null=True)
    alliance = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    problems = serializers.ListField(child=serializers.CharField(), read_only=True,
                                     help_text="Why nothing could be proposed, or why the run failed.")
    figures = serializers.DictField(read_only=True, help_text=(
        "`engine` and `greedy`: needs, needs_met, needs_partly_met, needs_split, high_priority_needs, high_priority_met, "
        "days_wanted, days_met, mean_distance_km, objective, seconds; `notes`: what was left out and why."))

    class Meta:
        model = MatchingRun
        fields = ["id", "scope", "school", "alliance", "travel_limit_km", "road_factor", "state", "progress", "problems",
                  "figures", "started_at", "finished_at"]


class StartRunSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=MatchingRun.Scope.choices)
    school = serializers.IntegerField(required=False, min_value=1, max_value=99_999_999, help_text="The school's URN, for scope `school`.")
    alliance = serializers.SlugField(required=False, help_text="The alliance's slug, for scope `alliance`.")
    travel_limit_km = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="From 1 to 500.")
    road_factor = serializers.DecimalField(max_digits=3, decimal_places=2, default="1.00",
                                           help_text="1.00 for the straight line, 1.30 to estimate by road; at most 3.00.")


class MatchProposalSerializer(serializers.ModelSerializer):
    need_school = SchoolRefSerializer(source="need.school", read_only=True)
    area = serializers.CharField(source="need.area.name", read_only=True)
    priority_words = serializers.SerializerMethodField()
    supporter_school = serializers.SerializerMethodField()
    met = serializers.SerializerMethodField()

    class Meta:
        model = MatchProposal
        fields = ["id", "need", "need_school", "area", "priority", "priority_words", "specialist_leader", "offer",
                  "supporter_school", "days", "distance_km", "met", "explanation"]

    def get_priority_words(self, proposal) -> str:
        return PRIORITY_WORDS[proposal.priority]

    @extend_schema_field(SchoolRefSerializer(allow_null=True))
    def get_supporter_school(self, proposal):
        school = (proposal.specialist_leader.school if proposal.specialist_leader_id
                  else proposal.offer.school if proposal.offer_id else None)
        return {"urn": school.urn, "name": school.name} if school else None

    def get_met(self, proposal) -> bool:
        return not proposal.is_unmet


SHOW = ("met", "unmet")


class MatchingRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Matching runs the person may see (those they started, those of a school or alliance they
    run, every run for the Council), with figures and problems; POST starts one."""

    serializer_class = MatchingRunSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if (fake := _fake(self, MatchingRun)) is not None:
            return fake
        return (MatchingRun.objects.filter(runs.visible_runs_filter(self.request.user))
                .select_related("school", "alliance").order_by("-started_at", "-id"))

    # A stalled run shown is failed first (brokerage.runs.STALLED): no query unless one is.
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":  # the proposals action pages proposals
            runs.STALLED.fail_shown(page)
        return page

    def get_object(self):
        run = super().get_object()
        runs.STALLED.fail_shown([run])
        return run

    @extend_schema(request=StartRunSerializer, responses={201: MatchingRunSerializer, 400: RUN_REFUSED})
    def create(self, request):
        """Start a run with the page's rules: 400 with every reason, 403 for a scope you may not match."""
        given = StartRunSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        school = alliance = None
        if data.get("school") is not None:
            school = School.objects.filter(urn=data["school"]).first()
            if school is None:
                raise ValidationError({"school": "No school has that URN."})
        if data.get("alliance"):
            alliance = Alliance.objects.filter(slug=data["alliance"]).first()
            if alliance is None:
                raise ValidationError({"alliance": "No alliance has that slug."})
        try:
            run = runs.start_run(request.user, scope=data["scope"], school=school, alliance=alliance,
                                 travel_limit_km=data["travel_limit_km"], road_factor=data["road_factor"])
        except RuleBroken as broken:
            return Response({"reasons": list(broken.messages)}, status=status.HTTP_400_BAD_REQUEST)
        run.refresh_from_db()
        return Response(MatchingRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: MatchProposalSerializer(many=True)},
        parameters=[OpenApiParameter("show", str, enum=["met", "unmet"], description="Only proposed partners, or only needs not met in full.")],
    )
    @action(detail=True, methods=["get"])
    def proposals(self, request, pk=None):
        """The run's proposals, highest priority first, 50 a page (SLEs by id and school only)."""
        run = self.get_object()
        rows = MatchProposal.objects.filter(run=run).select_related(
            "need__school", "need__area", "specialist_leader__school", "offer__school",
        ).order_by("-priority", "need_id", "id")
        show = request.query_params.get("show", "")
        if show:
            if show not in SHOW:
                raise ValidationError({"show": "Give met or unmet."})
            unmet = {"specialist_leader__isnull": True, "offer__isnull": True}
            rows = rows.filter(**unmet) if show == "unmet" else rows.exclude(**unmet)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MatchProposalSerializer(page, many=True).data)
