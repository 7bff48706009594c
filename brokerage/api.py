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
from brokerage.capacity import days_committed, days_remaining
from brokerage.models import SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import visible_profile_filter, visible_sle_filter
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

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1))
    def get_days_committed(self, sle):
        return str(days_committed(sle).quantize(Decimal("0.1")))

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1))
    def get_days_remaining(self, sle):
        return str(days_remaining(sle).quantize(Decimal("0.1")))


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
