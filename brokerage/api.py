"""JSON API for SLEs and schools' needs and offers, read-only, with the pages' visibility: an
SLE's record (name, email, role, track record, decisions) for the SLE, their school's and
teaching school's leaders and business managers and their alliances' leads; a school's needs and
offers for its people, its alliances' leads and the Council. Rows nobody may see are not there
(404 for one of them). Changes are made on the pages."""
from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from alliances.api import SchoolRefSerializer
from brokerage.capacity import days_committed, days_remaining, with_capacity
from brokerage.models import Deployment, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import visible_deployment_filter, visible_profile_filter, visible_sle_filter
from delivery.models import ExpertiseArea


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
