"""What the delivery API answers: programmes and sessions, bookings, support records, ITT cohorts,
trainees and placements, and ledger entries. Who sees which rows is decided in delivery/api.py."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliances.api import SchoolRefSerializer
from delivery.ledger import amount_text
from delivery.models import (
    Booking,
    Contribution,
    Placement,
    Programme,
    SchoolCheck,
    Session,
    SupportAssignment,
    Trainee,
    TraineeCohort,
)
from delivery.programmes import places_left


class RefSerializer(serializers.Serializer):
    """A school (by URN) or an organisation (by id) named briefly."""

    kind = serializers.CharField(help_text="school or organisation")
    id = serializers.IntegerField(help_text="A school's URN, or an organisation's id.")
    name = serializers.CharField()


def ref(holder):
    if holder is None:
        return None
    if holder.__class__.__name__ == "School":
        return {"kind": "school", "id": holder.urn, "name": holder.name}
    return {"kind": "organisation", "id": holder.pk, "name": holder.name}


class AllianceRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["date", "starts_at", "ends_at", "venue", "online", "places"]


class ProgrammeSerializer(serializers.ModelSerializer):
    alliance = AllianceRefSerializer(read_only=True)
    led_by = serializers.SerializerMethodField()
    sessions = SessionSerializer(many=True, read_only=True)
    places_left = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id", "title", "kind", "area", "description", "alliance", "led_by", "places", "places_left",
            "price_pence", "free_to_members", "published", "published_at", "sessions",
        ]

    @extend_schema_field(RefSerializer(many=True))
    def get_led_by(self, programme):
        """The lead schools and deliverers that lead it."""
        return [ref(role.holder) for role in programme.led_by.all()]

    def get_places_left(self, programme) -> int:
        return places_left(programme, list(programme.sessions.all()), programme.held)


class ProgrammeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class BookingSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)
    participant = serializers.SerializerMethodField()
    school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id", "programme", "participant", "school", "state", "requested_at", "price_pence", "decided_at",
            "refusal_reason", "cancelled_at",
        ]

    def get_participant(self, booking) -> str:
        return str(booking.participant)


class BookRequestSerializer(serializers.Serializer):
    school = serializers.IntegerField(help_text="The URN of the school you work at (one you act for).")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class SupportAssignmentSerializer(serializers.ModelSerializer):
    alliance = AllianceRefSerializer(read_only=True)
    supported_school = SchoolRefSerializer(read_only=True)
    supporter = serializers.SerializerMethodField()
    focus_area = serializers.CharField(source="focus_area.name", read_only=True)
    outcome_before = serializers.CharField(read_only=True, help_text="The registry's latest inspection outcome when the support started (empty before).")
    school_check = serializers.ChoiceField(
        choices=SchoolCheck.choices, read_only=True,
        help_text="Whether the supported school has confirmed the record; 'disputed' until the alliance resolves it.",
    )

    class Meta:
        model = SupportAssignment
        fields = [
            "id", "alliance", "supported_school", "supporter", "supporter_name", "focus_area", "objectives",
            "success_criteria", "starts_on", "ends_on", "days_planned", "days_delivered", "outcome", "state",
            "outcome_before", "rating", "rating_comment", "rated_at", "school_check",
        ]

    @extend_schema_field(RefSerializer)
    def get_supporter(self, assignment):
        return ref(assignment.supporter)


class TraineeCohortSerializer(serializers.ModelSerializer):
    alliance = AllianceRefSerializer(read_only=True)
    lead_school = SchoolRefSerializer(read_only=True)
    accredited_provider = serializers.CharField(source="provider_name", read_only=True)
    partner_university = serializers.SerializerMethodField()
    trainee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TraineeCohort
        fields = [
            "id", "alliance", "academic_year", "route", "accredited_provider", "partner_university", "subject_phase",
            "lead_school", "trainee_count",
        ]

    def get_partner_university(self, cohort) -> str | None:
        return cohort.partner_university.name if cohort.partner_university_id else None


class TraineeSerializer(serializers.ModelSerializer):
    alliance = serializers.SlugField(source="cohort.alliance.slug", read_only=True)
    display_name = serializers.SerializerMethodField()
    employing_school = SchoolRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Trainee
        fields = [
            "id", "cohort", "alliance", "reference", "display_name", "subject", "phase", "state", "outcome_on",
            "employed_within_six_months", "employing_school",
        ]

    def get_display_name(self, trainee) -> str | None:
        """Only the running alliance's managers see a name: null for anyone else, the Council included."""
        return trainee.display_name or None if trainee.cohort.alliance_id in self.context["named_alliances"] else None


class PlacementSerializer(serializers.ModelSerializer):
    trainee = serializers.IntegerField(source="trainee_id", read_only=True)
    reference = serializers.CharField(source="trainee.reference", read_only=True)
    alliance = AllianceRefSerializer(source="trainee.cohort.alliance", read_only=True)
    school = SchoolRefSerializer(read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "trainee", "reference", "alliance", "school", "starts_on", "ends_on"]


class RecordRefSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="programme or supportassignment")
    id = serializers.IntegerField()
    name = serializers.CharField()


class ContributionSerializer(serializers.ModelSerializer):
    alliance = AllianceRefSerializer(read_only=True)
    contributor = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()
    amount_text = serializers.SerializerMethodField()
    record_disputed_by_school = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = [
            "id", "alliance", "record", "contributor", "unit", "amount", "amount_text", "area", "delivered_on", "state",
            "dispute_reason", "void_reason", "replaces", "return_ref", "recorded_at", "answered_at",
            "record_disputed_by_school",
        ]

    @extend_schema_field(RefSerializer)
    def get_contributor(self, entry):
        return ref(entry.contributor)

    @extend_schema_field(RecordRefSerializer)
    def get_record(self, entry):
        return {"kind": entry.content_type.model, "id": entry.object_id, "name": str(entry.record)}

    def get_amount_text(self, entry) -> str:
        return amount_text(entry.amount, entry.unit)

    def get_record_disputed_by_school(self, entry) -> bool:
        """True while the supported school disputes the support record this entry is part of."""
        return getattr(entry.record, "school_check", None) == SchoolCheck.DISPUTED
