"""JSON API for alliances, memberships, designations, networks and agreements, with the pages'
permissions: public profiles and networks for everyone; terms, requests and agreements for the
alliance's own people and the Council."""
from datetime import date

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from alliances.agreements import agreement_status
from alliances.models import (
    Accountability,
    Agreement,
    AgreementSignature,
    Alliance,
    AllianceRole,
    Designation,
    MembershipTerms,
    Network,
    NetworkMembership,
    attach_role_counts,
)
from alliances.api_permissions import SeesAgreements, SeesMembersOnly
from alliances.filters import AllianceFilter, DesignationFilter
from alliances.permissions import is_council_member, schools_acting_for, terms_visible_to
from registry.page_cache import for_visitors


class SchoolRefSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    name = serializers.CharField()


class RoleSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True, allow_null=True)
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = AllianceRole
        fields = ["role", "school", "organisation", "starts_on", "ends_on", "responsibilities"]

    def get_organisation(self, role) -> dict | None:
        if role.organisation is None:
            return None
        return {"id": role.organisation_id, "name": role.organisation.name, "kind": role.organisation.kind}


class TermsSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipTerms
        fields = ["subscription_pence", "period", "renewal_due_on", "paid"]


class MembershipSerializer(RoleSerializer):
    terms = serializers.SerializerMethodField()

    class Meta(RoleSerializer.Meta):
        fields = [*RoleSerializer.Meta.fields, "terms"]

    @extend_schema_field(TermsSerializer(allow_null=True))
    def get_terms(self, role):
        """Private: null unless the reader is the school itself, the alliance's leads or the Council."""
        if role.pk not in self.context["visible_terms"] or getattr(role, "terms", None) is None:
            return None
        return TermsSerializer(role.terms).data


class AllianceSummarySerializer(serializers.ModelSerializer):
    """An alliance in a list: its lead schools and how many members and deliverers it has."""

    leads = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    deliverer_count = serializers.IntegerField(read_only=True)
    agreement_in_place = serializers.SerializerMethodField()

    class Meta:
        model = Alliance
        fields = ["slug", "name", "alliance_type", "delivery_areas", "agreement_in_place", "leads", "member_count", "deliverer_count"]

    def _roles(self, alliance):
        return alliance.roles_then if self.context.get("on") else alliance.current_roles

    @extend_schema_field(SchoolRefSerializer(many=True))
    def get_leads(self, alliance):
        """Lead schools on the date asked for (`on`), today by default."""
        return [SchoolRefSerializer(role.school).data for role in self._roles(alliance) if role.role == AllianceRole.Role.LEAD]

    def get_agreement_in_place(self, alliance) -> bool:
        return agreement_status(alliance).in_place


class AllianceSerializer(AllianceSummarySerializer):
    """One alliance's public profile, with every lead, member and deliverer."""

    roles = serializers.SerializerMethodField()

    class Meta(AllianceSummarySerializer.Meta):
        fields = [*AllianceSummarySerializer.Meta.fields[:3], "description", "ethos", "specialisms", *AllianceSummarySerializer.Meta.fields[3:], "roles"]

    def get_roles(self, alliance) -> list[dict]:
        """Leads, members and deliverers on the date asked for (`on`), today by default."""
        return RoleSerializer(self._roles(alliance), many=True).data


class AccountabilitySerializer(serializers.ModelSerializer):
    accountable_school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = Accountability
        fields = ["area", "success_criterion", "accountable_school"]


class AgreementSignatureSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = AgreementSignature
        fields = ["school", "signed_at"]


class AgreementSerializer(serializers.ModelSerializer):
    accountabilities = AccountabilitySerializer(many=True, read_only=True)
    signatures = AgreementSignatureSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["version", "roles_and_responsibilities", "governance", "lead_removal", "minimum_lead_share", "created_at", "accountabilities", "signatures"]


def _day(request):
    value = request.query_params.get("on")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"on": "Give a date as YYYY-MM-DD."}) from None


@extend_schema(parameters=[OpenApiParameter("on", str, description="Show roles as on this date (YYYY-MM-DD).")])
@method_decorator(for_visitors, name="dispatch")
class AllianceViewSet(viewsets.ReadOnlyModelViewSet):
    """Teaching school alliances: public profiles. The list gives each alliance's leads and counts
    of members and deliverers; one alliance's profile gives every lead, member and deliverer."""

    serializer_class = AllianceSerializer
    lookup_field = "slug"
    filterset_class = AllianceFilter

    def get_queryset(self):
        day = _day(self.request)
        # A list gives each alliance's leads and counts; one alliance gives every role.
        return Alliance.objects.with_roles(day, leads_only=self.action == "list").order_by("name")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return attach_role_counts(page, _day(self.request)) if page is not None else page

    def get_object(self):
        return attach_role_counts([super().get_object()], _day(self.request))[0]

    def get_serializer_class(self):
        return AllianceSummarySerializer if self.action == "list" else AllianceSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "on": _day(self.request)}

    @extend_schema(responses=MembershipSerializer(many=True))
    # One alliance's own lists: not paged, and the directory's filters do not apply.
    @action(detail=True, permission_classes=[SeesMembersOnly], filter_backends=[], pagination_class=None)
    def memberships(self, request, slug=None):
        """Member schools, past and present. Terms (subscription, renewal, paid) are private:
        given only to the school itself, the alliance's leads and the Council, else null."""
        alliance = get_object_or_404(Alliance, slug=slug)
        self.check_object_permissions(request, alliance)
        roles = alliance.roles.filter(role=AllianceRole.Role.MEMBER).select_related("school", "terms").order_by("starts_on", "id")
        context = {"visible_terms": terms_visible_to(request.user, alliance, roles)}
        return Response(MembershipSerializer(roles, many=True, context=context).data)

    @extend_schema(responses=AgreementSerializer(many=True))
    @action(detail=True, permission_classes=[SeesAgreements], filter_backends=[], pagination_class=None)
    def agreements(self, request, slug=None):
        """The leads' agreement, every version newest first: roles and responsibilities,
        governance, which lead is accountable for what, and which leads have signed. For the
        alliance's own people and the Council."""
        alliance = get_object_or_404(Alliance, slug=slug)
        self.check_object_permissions(request, alliance)
        versions = alliance.agreements.order_by("-version").prefetch_related(
            Prefetch("accountabilities", queryset=Accountability.objects.select_related("accountable_school").order_by("area", "id")),
            Prefetch("signatures", queryset=AgreementSignature.objects.select_related("school").order_by("signed_at", "id")),
        )
        return Response(AgreementSerializer(versions, many=True).data)


class DesignationSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = Designation
        fields = ["id", "school", "status", "applied_on", "designated_on", "review_due_on", "review_reason"]


@method_decorator(for_visitors, name="dispatch")
class DesignationViewSet(viewsets.ReadOnlyModelViewSet):
    """Teaching school designations. Everyone sees designated schools; applications and
    declined ones are seen by the school itself and the Council."""

    serializer_class = DesignationSerializer
    filterset_class = DesignationFilter

    def get_queryset(self):
        designations = Designation.objects.select_related("school").order_by("school__name", "id")
        if is_council_member(self.request.user):
            return designations
        own = schools_acting_for(self.request.user)
        return designations.filter(Q(status__in=Designation.ACTIVE_STATUSES) | Q(school_id__in=own))


class NetworkAllianceSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="alliance.slug")
    name = serializers.CharField(source="alliance.name")

    class Meta:
        model = NetworkMembership
        fields = ["slug", "name", "joined_on"]


class NetworkSerializer(serializers.ModelSerializer):
    alliances = NetworkAllianceSerializer(source="current_memberships", many=True, read_only=True)

    class Meta:
        model = Network
        fields = ["slug", "name", "region", "sub_region", "description", "alliances"]


@method_decorator(for_visitors, name="dispatch")
class NetworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Teaching school networks, public, with the alliances in them today (`region` filters by
    one of the nine English regions)."""

    serializer_class = NetworkSerializer
    lookup_field = "slug"
    filterset_fields = ["region"]

    def get_queryset(self):
        return Network.objects.with_current_alliances().order_by("name")
