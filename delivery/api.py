"""JSON API for delivery, with the pages' permissions: published programmes for everyone; a
booking for its participant, their school's leaders and business managers and the running
alliance's managers; support records for the alliance's managers, the schools and organisations
involved and the Council; ITT records for the alliance's managers and the Council (placements also
for the placement school's leaders); ledger entries for the alliance's managers, the Council and
the contributor's leaders. Rows nobody may see are simply not there (404 for one of them).

Writes call the same service functions as the pages; a rule refused answers 400 with every reason
({"reasons": [...]}), an action the person may not take 403."""
from datetime import date

import django_filters
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from alliances.api_refusals import REFUSED, refused
from alliances.permissions import MANAGING_ROLES, is_council_member, managed_alliance_ids, schools_acting_for
from alliances.rules import RuleBroken
from delivery import bookings, ledger
from delivery.filters import ProgrammeFilter
from delivery.models import (
    Booking,
    Contribution,
    Placement,
    Programme,
    SchoolCheck,
    SupportAssignment,
    Trainee,
    TraineeCohort,
)
from delivery.programmes import with_places
from delivery.serializers import (
    BookingSerializer,
    BookRequestSerializer,
    ContributionSerializer,
    PlacementSerializer,
    ProgrammeSerializer,
    ReasonSerializer,
    SupportAssignmentSerializer,
    TraineeCohortSerializer,
    TraineeSerializer,
)
from registry.models import School

def _for_schema(view, model):
    """The OpenAPI generator asks for querysets with nobody signed in: an empty one of the model."""
    return model.objects.none() if getattr(view, "swagger_fake_view", False) else None


def _organisations_run_by(user):
    return set(user.affiliations.filter(organisation__isnull=False, role__in=MANAGING_ROLES).values_list("organisation_id", flat=True))


# --- Programmes ------------------------------------------------------------------------------------


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Published programmes with their sessions, places left and price per place (the programme
    finder's filters). Anyone may read them; the running alliance's managers also see their
    drafts (`published` false); people acting for a school book with `book`."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        user = self.request.user
        drafts = managed_alliance_ids(user) if user.is_authenticated else set()
        shown = Programme.objects.filter(Q(published=True) | Q(alliance_id__in=drafts))
        return with_places(shown.select_related("alliance")).prefetch_related(
            "led_by__school", "led_by__organisation"
        ).order_by("title", "id")

    @extend_schema(request=BookRequestSerializer, responses={201: BookingSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated], filter_backends=[], pagination_class=None)
    def book(self, request, pk=None):
        """Book yourself a place, for a school you act for: confirmed, awaiting your school's
        approval, or on the waiting list."""
        programme = self.get_object()
        given = BookRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        school = School.objects.filter(urn=given.validated_data["school"]).first()
        if school is None:
            raise ValidationError({"school": "No school has that URN."})
        try:
            booking = bookings.book(request.user, programme, school)
        except RuleBroken as broken:
            return refused(broken)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


# --- Bookings --------------------------------------------------------------------------------------


class BookingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Booking.State.choices)
    programme = django_filters.NumberFilter(field_name="programme_id")
    school = django_filters.NumberFilter(field_name="school__urn", label="School URN")

    class Meta:
        model = Booking
        fields = ["state", "programme", "school"]


class BookingViewSet(viewsets.ReadOnlyModelViewSet):
    """Bookings you may see: your own, your school's staff's (for its leaders and business
    managers) and those on your alliance's programmes (for its managers). Prices are in pence."""

    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = BookingFilter

    def get_queryset(self):
        user = self.request.user
        if (fake := _for_schema(self, Booking)) is not None:
            return fake
        visible = (
            Q(participant=user)
            | Q(school_id__in=schools_acting_for(user, MANAGING_ROLES))
            | Q(programme__alliance_id__in=managed_alliance_ids(user))
        )
        return Booking.objects.filter(visible).select_related("programme", "participant", "school").order_by("-requested_at", "-id")

    def _act(self, act):
        booking = self.get_object()
        try:
            booking = act(booking)
        except RuleBroken as broken:
            return refused(broken)
        return Response(BookingSerializer(Booking.objects.select_related("programme", "participant", "school").get(pk=booking.pk)).data)

    @extend_schema(request=None, responses={200: BookingSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def approve(self, request, pk=None):
        """Your school's leader or business manager approves a staff booking."""
        return self._act(lambda booking: bookings.approve(request.user, booking))

    @extend_schema(request=ReasonSerializer, responses={200: BookingSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def refuse(self, request, pk=None):
        """Your school's leader or business manager refuses a staff booking, with a reason."""
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._act(lambda booking: bookings.refuse(request.user, booking, given.validated_data["reason"]))

    @extend_schema(request=None, responses={200: BookingSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def cancel(self, request, pk=None):
        """The participant cancels their own booking."""
        return self._act(lambda booking: bookings.cancel(request.user, booking))


# --- School-to-school support ------------------------------------------------------------------------


class SupportFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="alliance__slug", label="Alliance (slug)")
    state = django_filters.ChoiceFilter(choices=SupportAssignment.State.choices)
    school_check = django_filters.ChoiceFilter(choices=SchoolCheck.choices)
    supported_school = django_filters.NumberFilter(field_name="supported_school__urn", label="Supported school URN")

    class Meta:
        model = SupportAssignment
        fields = ["alliance", "state", "school_check", "supported_school"]


class SupportAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """School-to-school support records, with the supported school's rating and whether it has
    confirmed or disputes the record (`school_check`): for the running alliance's managers, the
    supported and supporting schools' and organisations' people, and the Council."""

    serializer_class = SupportAssignmentSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = SupportFilter

    def get_queryset(self):
        user = self.request.user
        if (fake := _for_schema(self, SupportAssignment)) is not None:
            return fake
        assignments = SupportAssignment.objects.select_related(
            "alliance", "supported_school", "supporting_school", "supporting_organisation", "focus_area"
        ).order_by("-starts_on", "-id")
        if is_council_member(user):
            return assignments
        schools = schools_acting_for(user)
        organisations = set(user.affiliations.filter(organisation__isnull=False).values_list("organisation_id", flat=True))
        return assignments.filter(
            Q(alliance_id__in=managed_alliance_ids(user)) | Q(supported_school_id__in=schools)
            | Q(supporting_school_id__in=schools) | Q(supporting_organisation_id__in=organisations)
        )


# --- Initial teacher training ---------------------------------------------------------------------


def _itt_alliances(user):
    """None for the Council (every alliance), else the alliances the person runs."""
    return None if is_council_member(user) else managed_alliance_ids(user)


class CohortFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="alliance__slug", label="Alliance (slug)")
    academic_year = django_filters.NumberFilter()
    route = django_filters.ChoiceFilter(choices=TraineeCohort.Route.choices)

    class Meta:
        model = TraineeCohort
        fields = ["alliance", "academic_year", "route"]


class TraineeCohortViewSet(viewsets.ReadOnlyModelViewSet):
    """Trainee cohorts by academic year and route: the running alliance's managers and the Council."""

    serializer_class = TraineeCohortSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = CohortFilter

    def get_queryset(self):
        if (fake := _for_schema(self, TraineeCohort)) is not None:
            return fake
        cohorts = TraineeCohort.objects.select_related("alliance", "lead_school", "accredited_provider", "partner_university").annotate(
            trainee_count=Count("trainees")
        ).order_by("-academic_year", "route", "id")
        alliances = _itt_alliances(self.request.user)
        return cohorts if alliances is None else cohorts.filter(alliance_id__in=alliances)


class TraineeFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="cohort__alliance__slug", label="Alliance (slug)")
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    state = django_filters.ChoiceFilter(choices=Trainee.State.choices)

    class Meta:
        model = Trainee
        fields = ["alliance", "cohort", "state"]


class TraineeViewSet(viewsets.ReadOnlyModelViewSet):
    """Trainees by reference, state and outcome: the running alliance's managers (who also see
    names) and the Council (never a name)."""

    serializer_class = TraineeSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = TraineeFilter

    def get_queryset(self):
        if (fake := _for_schema(self, Trainee)) is not None:
            return fake
        trainees = Trainee.objects.select_related("cohort__alliance", "employing_school").order_by("cohort_id", "reference", "id")
        alliances = _itt_alliances(self.request.user)
        return trainees if alliances is None else trainees.filter(cohort__alliance_id__in=alliances)

    def get_serializer_context(self):
        user = self.request.user
        return {**super().get_serializer_context(), "named_alliances": managed_alliance_ids(user) if user.is_authenticated else set()}


class PlacementFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="trainee__cohort__alliance__slug", label="Alliance (slug)")
    school = django_filters.NumberFilter(field_name="school__urn", label="Placement school URN")
    current = django_filters.BooleanFilter(method="only_current", label="Only placements open today")

    class Meta:
        model = Placement
        fields = ["alliance", "school", "current"]

    def only_current(self, queryset, name, value):
        if value is None:
            return queryset
        today = date.today()
        is_current = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        return queryset.filter(is_current) if value else queryset.exclude(is_current)


class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    """Trainees' placements (by reference, never a name): the running alliance's managers, the
    Council, and the placement school's leaders and business managers."""

    serializer_class = PlacementSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PlacementFilter

    def get_queryset(self):
        user = self.request.user
        if (fake := _for_schema(self, Placement)) is not None:
            return fake
        placements = Placement.objects.select_related("trainee__cohort__alliance", "school").order_by("starts_on", "id")
        if is_council_member(user):
            return placements
        return placements.filter(
            Q(trainee__cohort__alliance_id__in=managed_alliance_ids(user)) | Q(school_id__in=schools_acting_for(user, MANAGING_ROLES))
        )


# --- The contribution ledger -------------------------------------------------------------------------


class ContributionFilter(django_filters.FilterSet):
    alliance = django_filters.CharFilter(field_name="alliance__slug", label="Alliance (slug)")
    state = django_filters.ChoiceFilter(choices=Contribution.State.choices)
    area = django_filters.ChoiceFilter(choices=Contribution._meta.get_field("area").choices)
    kind = django_filters.ChoiceFilter(
        field_name="content_type__model", choices=[("programme", "Programme"), ("supportassignment", "School-to-school support")],
    )
    delivered_from = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_to = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte")

    class Meta:
        model = Contribution
        fields = ["alliance", "state", "area", "kind", "delivered_from", "delivered_to"]


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    """Ledger entries: an alliance's for its managers and the Council; a school's or
    organisation's own for its leaders and business managers, who confirm or dispute them."""

    serializer_class = ContributionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ContributionFilter

    def get_queryset(self):
        user = self.request.user
        if (fake := _for_schema(self, Contribution)) is not None:
            return fake
        entries = Contribution.objects.select_related("alliance", "school", "organisation", "content_type").prefetch_related(
            GenericPrefetch("record", [
                Programme.objects.all(), SupportAssignment.objects.select_related("supported_school", "focus_area"),
            ])
        ).order_by("-recorded_at", "-id")
        if is_council_member(user):
            return entries
        return entries.filter(
            Q(alliance_id__in=managed_alliance_ids(user)) | Q(school_id__in=schools_acting_for(user, MANAGING_ROLES))
            | Q(organisation_id__in=_organisations_run_by(user))
        )

    def _answer(self, act):
        entry = self.get_object()
        try:
            entry = act(entry)
        except RuleBroken as broken:
            return refused(broken)
        return Response(ContributionSerializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=None, responses={200: ContributionSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def confirm(self, request, pk=None):
        """The contributor's leader or business manager confirms the entry."""
        return self._answer(lambda entry: ledger.confirm(request.user, entry))

    @extend_schema(request=ReasonSerializer, responses={200: ContributionSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def dispute(self, request, pk=None):
        """The contributor's leader or business manager disputes the entry, with a reason."""
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._answer(lambda entry: ledger.dispute(request.user, entry, given.validated_data["reason"]))
