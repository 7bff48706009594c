"""JSON API for SLEs, schools' needs and offers, deployments and matching runs, with the pages'
visibility (brokerage.permissions): an SLE's record (name, email, role, track record, decisions)
for the SLE, their school's and teaching school's leaders and business managers, their alliances'
leads and the schools they are released to; a school's needs and offers for its people, its
alliances' leads and the Council. Rows nobody may see are not there (404 for one of them). SLEs,
needs and offers are read here and changed on the pages; deployments move through their whole
workflow here (brokerage.deployments, brokerage.deployment_progress) and matching runs are
started here (brokerage.runs), with the pages' rules."""
from decimal import Decimal

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from alliances.api import SchoolRefSerializer
from alliances.api_refusals import REFUSED, refused
from alliances.models import Alliance
from alliances.permissions import require
from alliances.rules import RuleBroken
from brokerage import deployment_progress, deployments, runs
from brokerage.capacity import days_committed, days_remaining, with_capacity
from brokerage.matching.problem import PRIORITY_WORDS
from brokerage.models import Deployment, MatchingRun, MatchProposal, ProgressReview, SchoolNeed, SchoolOffer, SpecialistLeader
from brokerage.permissions import (
    may_confirm,
    may_report,
    may_review,
    visible_deployment_filter,
    visible_profile_filter,
    visible_sle_filter,
)
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
            "days_delivered", "final_report", "reported_at", "impact_rating", "impact_comment", "impact_confirmed_at",
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


# What each step of the workflow takes: types and sizes are checked here (400 naming the field);
# whether the values keep the rules is for brokerage.deployments and deployment_progress (400
# with every reason). Text may be blank here so that the rule's reason says what is missing.
DB_ID = {"min_value": 1, "max_value": 2_147_483_647}
DAYS_GIVEN = {"max_digits": 5, "decimal_places": 1}


class RequestDeploymentSerializer(serializers.Serializer):
    need = serializers.IntegerField(**DB_ID, help_text="The school need's id.")
    specialist_leader = serializers.IntegerField(**DB_ID, required=False, allow_null=True, help_text="The SLE's record id; or give `offer`.")
    offer = serializers.IntegerField(**DB_ID, required=False, allow_null=True, help_text="The school offer's id; or give `specialist_leader`.")
    days = serializers.DecimalField(**DAYS_GIVEN, required=False, allow_null=True,
                                    help_text="Days asked for; the proposal's days, or else the need's, when left out.")
    proposal = serializers.IntegerField(**DB_ID, required=False, allow_null=True, help_text=(
        "A matching run's proposal to take up (you must see its run); its SLE or offer is asked for unless you name one."))


class ReleaseSerializer(serializers.Serializer):
    released = serializers.BooleanField(help_text="Whether the home school releases them.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Needed when not releasing them.")


class DeploymentAgreementSerializer(serializers.Serializer):
    days = serializers.DecimalField(**DAYS_GIVEN)
    day_rate = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="Pounds a day.")
    home_school_share = serializers.DecimalField(max_digits=5, decimal_places=2, help_text=(
        "The home school's share of the fee, in per cent; the brokering teaching school keeps the rest."))
    objectives = serializers.CharField(allow_blank=True)
    success_criteria = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Everyone involved is told it.")


class ProgressReviewSerializer(serializers.ModelSerializer):
    written_by = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReview
        fields = ["id", "reviewed_on", "days_used", "progress", "notes", "written_by", "written_at"]

    def get_written_by(self, review) -> str:
        """Who wrote it, as the deployment's page says it (an SLE is "the SLE" to those who may not see them)."""
        return review.author


class ReviewRequestSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    days_used = serializers.DecimalField(**DAYS_GIVEN, help_text="All the days used since the start.")
    progress = serializers.ChoiceField(choices=ProgressReview.Progress.choices)
    notes = serializers.CharField(allow_blank=True, help_text="What has happened, and what comes next.")


class FinalReportSerializer(serializers.Serializer):
    days_delivered = serializers.DecimalField(**DAYS_GIVEN)
    report = serializers.CharField(allow_blank=True, help_text="What was done, and what changed against the success criteria.")


class ImpactSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Deployment.Rating.choices, help_text="1 Outstanding to 4 Inadequate.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", help_text="Needed for Requires improvement or Inadequate.")


def _given(serializer_class, request):
    given = serializer_class(data=request.data)
    given.is_valid(raise_exception=True)
    return given.validated_data


def _one(queryset, pk, field, what):
    """The row a posted id names, or a 400 naming the field."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [f"No {what} has that id."]})
    return found


# Who may take each step: checked (403) before the input is read, as the pages do. The rule
# functions check the same again, and what the state and the values allow (400).
MAY = {
    "release": (deployments.can_release, "Only the home school's headteacher (its leaders on this site) decides whether to release its people."),
    "agree": (deployments.can_agree, deployments.agree_refusal),  # names the schools
    "cancel": (deployments.can_cancel, "Only the receiving school, the home school's leaders or the brokering alliance's managers cancel a deployment."),
    "review": (may_review, "Progress is reviewed by the receiving school's and the home school's leaders and business managers, the SLE and the broker."),
    "report": (may_report, "The final report is written by the SLE, the home school's leaders and business managers, or the broker."),
    "confirm": (may_confirm, "Only the receiving school's leaders and business managers confirm the impact of the support it received."),
}
STEP = {"request": {201: DeploymentSerializer, 400: REFUSED}, "action": {200: DeploymentSerializer, 400: REFUSED}}


class DeploymentViewSet(viewsets.ReadOnlyModelViewSet):
    """Deployments of SLEs and schools' offers, from request to agreement and after, with their
    fee; POST asks for one, and each step of the workflow is an action with the pages' rules."""

    serializer_class = DeploymentSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if (fake := _fake(self, Deployment)) is not None:
            return fake
        return (
            Deployment.objects.filter(visible_deployment_filter(self.request.user))
            .select_related("need__area", "receiving_school", "home_school", "brokering_school", "alliance", "offer", "specialist_leader")
            .order_by("-requested_at", "-id")
        )

    def _answer(self, deployment, code=status.HTTP_200_OK):
        # Whoever may take a step sees the deployment, fee included (brokerage.permissions).
        return Response(DeploymentSerializer(self.get_queryset().get(pk=deployment.pk)).data, status=code)

    def _step(self, request, may, given_class, act):
        """A step on a deployment the person sees (404 otherwise): 403 if they may not take it,
        400 naming a field given wrongly, 400 with every reason when a rule refuses."""
        deployment = self.get_object()
        allowed, why = MAY[may]
        require(allowed(request.user, deployment), why(deployment) if callable(why) else why)
        data = _given(given_class, request)
        try:
            act(deployment, data)
        except RuleBroken as broken:
            return refused(broken)
        return self._answer(deployment)

    @extend_schema(request=RequestDeploymentSerializer, responses=STEP["request"])
    def create(self, request):
        """Ask for an SLE or a school's offer to support a school's need, with the page's rules: its
        leaders and business managers ask, a teaching school's leaders broker; the home school is
        then asked to release them."""
        data = _given(RequestDeploymentSerializer, request)
        need = _one(SchoolNeed.objects.all(), data["need"], "need", "school need")
        sle = _one(SpecialistLeader.objects.all(), data.get("specialist_leader"), "specialist_leader", "SLE record")
        offer = _one(SchoolOffer.objects.all(), data.get("offer"), "offer", "school offer")
        proposal = _one(MatchProposal.objects.select_related("run"), data.get("proposal"), "proposal", "proposal")
        if proposal is not None:
            require(runs.can_see_run(request.user, proposal.run),
                    "A matching run is seen by whoever started it, the managers of the schools or alliance it covers and the Council.")
        try:
            deployment = deployments.request_deployment(
                request.user, need, specialist_leader=sle, offer=offer, days=data.get("days"), proposal=proposal,
            )
        except RuleBroken as broken:
            return refused(broken)
        return self._answer(deployment, status.HTTP_201_CREATED)

    @extend_schema(request=ReleaseSerializer, responses=STEP["action"])
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def release(self, request, pk=None):
        """The home school's headteacher releases the SLE or the offer's people, or says why not."""
        return self._step(request, "release", ReleaseSerializer, lambda d, data: deployments.release(request.user, d, **data))

    @extend_schema(request=DeploymentAgreementSerializer, responses=STEP["action"])
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def agree(self, request, pk=None):
        """Agree a released deployment's days, day rate, fee split, objectives and dates: it becomes
        a support record of the brokering alliance."""
        return self._step(request, "agree", DeploymentAgreementSerializer, lambda d, data: deployments.agree(request.user, d, **data))

    @extend_schema(request=CancelSerializer, responses=STEP["action"])
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def cancel(self, request, pk=None):
        """Cancel a deployment not yet reported, with the reason everyone involved is told."""
        return self._step(request, "cancel", CancelSerializer, lambda d, data: deployments.cancel(request.user, d, data["reason"]))

    @extend_schema(methods=["GET"], request=None, responses={200: ProgressReviewSerializer(many=True)})
    @extend_schema(methods=["POST"], request=ReviewRequestSerializer, responses={201: ProgressReviewSerializer, 400: REFUSED})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def reviews(self, request, pk=None):
        """The deployment's progress reviews, latest first; POST records one (while it is agreed),
        answering with the review."""
        deployment = self.get_object()
        if request.method == "GET":
            rows = deployment.reviews.select_related("written_by").order_by("-reviewed_on", "-id")
            page = deployment_progress.with_authors(request.user, deployment, self.paginate_queryset(rows))
            return self.get_paginated_response(ProgressReviewSerializer(page, many=True).data)
        allowed, why = MAY["review"]
        require(allowed(request.user, deployment), why)
        data = _given(ReviewRequestSerializer, request)
        try:
            review = deployment_progress.review(request.user, deployment, **data)
        except RuleBroken as broken:
            return refused(broken)
        [review] = deployment_progress.with_authors(request.user, deployment, [review])
        return Response(ProgressReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FinalReportSerializer, responses=STEP["action"])
    @action(detail=True, methods=["post"], url_path="final-report", filter_backends=[], pagination_class=None)
    def final_report(self, request, pk=None):
        """The supporter (or the broker for them) reports the days delivered and what was done."""
        return self._step(request, "report", FinalReportSerializer,
                          lambda d, data: deployment_progress.final_report(request.user, d, **data))

    @extend_schema(request=ImpactSerializer, responses=STEP["action"])
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def impact(self, request, pk=None):
        """The receiving school confirms the impact once the final report is in: the home school's
        days go into the brokering alliance's contribution ledger."""
        return self._step(request, "confirm", ImpactSerializer,
                          lambda d, data: deployment_progress.confirm_impact(request.user, d, **data))


# --- Matching runs ---------------------------------------------------------------------------------
# Seen by whoever may see the run's page (brokerage.runs.can_see_run); started with the same rules
# as the page: a broken rule answers 400 with every reason, a scope the person may not match 403.

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

    @extend_schema(request=StartRunSerializer, responses={201: MatchingRunSerializer, 400: REFUSED})
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
            return refused(broken)
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
