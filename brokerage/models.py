"""Specialist leaders of education (SLEs), and what each school needs and offers.

- `SpecialistLeader`: one row per application, kept whatever happens to it. A teacher applies
  for themself, acting for their school; the school's headteacher consents (or not); the teaching
  school they applied to assesses and designates them (or not), and may later end the
  designation. A designated SLE has a yearly capacity in days.
- `SchoolNeed` and `SchoolOffer`: a school's short profile of the support it wants and the
  expertise it can give, by area of expertise (delivery.ExpertiseArea, the Council's list).
- `MatchingRun` and `MatchProposal`: a run of the matching engine and what it proposed.
- `Deployment` and `ProgressReview`: brokered support for a need, from request to confirmed impact.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from delivery.models import ExpertiseArea, SupportAssignment
from registry.models import School

DAYS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0.5"))]}


class CurrentRole(models.TextChoices):
    """What the applicant does now. Headteachers and higher level teaching assistants may not be
    SLEs (brokerage.eligibility says why)."""

    SENIOR_LEADER = "senior_leader", "Deputy or assistant headteacher"
    MIDDLE_LEADER = "middle_leader", "Middle leader (head of department, subject or phase leader)"
    SENCO = "senco", "Special educational needs co-ordinator"
    BUSINESS_LEADER = "business_leader", "School business leader"
    OTHER_LEADER = "other_leader", "Other leadership role below headteacher"
    HEADTEACHER = "headteacher", "Headteacher or executive headteacher"
    HLTA = "hlta", "Higher level teaching assistant"
    TEACHER = "teacher", "Classroom teacher without a leadership role"


class SpecialistLeader(models.Model):
    class State(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", "Awaiting the headteacher's consent"
        CONSENT_REFUSED = "consent_refused", "Headteacher did not consent"
        AWAITING_ASSESSMENT = "awaiting_assessment", "Awaiting assessment by the teaching school"
        DESIGNATED = "designated", "Designated"
        NOT_DESIGNATED = "not_designated", "Not designated"
        ENDED = "ended", "Designation ended"
        WITHDRAWN = "withdrawn", "Withdrawn by the applicant"

    # An application still in progress, or a designation in force: a person holds at most one.
    LIVE_STATES = (State.AWAITING_CONSENT, State.AWAITING_ASSESSMENT, State.DESIGNATED)

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sle_records")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="specialist_leaders")
    teaching_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="designated_specialist_leaders",
        help_text="The teaching school that assesses, designates and may end the designation.",
    )
    areas = models.ManyToManyField(ExpertiseArea, related_name="specialist_leaders")
    current_role = models.CharField(max_length=30, choices=CurrentRole.choices)
    leadership_years = models.PositiveSmallIntegerField("years in a leadership role below headteacher")
    evidence = models.TextField("track record")
    state = models.CharField(max_length=30, choices=State.choices, default=State.AWAITING_CONSENT)
    applied_at = models.DateTimeField(auto_now_add=True)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_reason = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment_reasons = models.TextField(blank=True)
    designated_on = models.DateField(null=True, blank=True)
    yearly_capacity_days = models.DecimalField("yearly capacity in days", default=Decimal(15), **DAYS)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    end_reason = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(state__in=["awaiting_consent", "awaiting_assessment", "designated"]),
                name="one_live_sle_record_per_person",
            ),
            models.CheckConstraint(condition=Q(yearly_capacity_days__gt=0), name="sle_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.person} ({self.school.name}): {self.get_state_display().lower()}"

    def get_absolute_url(self):
        return reverse("brokerage:sle", args=[self.pk])

    @property
    def is_designated(self):
        return self.state == self.State.DESIGNATED


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class SchoolNeed(models.Model):
    """Support a school wants, in one area of expertise."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        WITHDRAWN = "withdrawn", "Withdrawn"

    Priority = Priority

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="needs")
    area = models.ForeignKey(ExpertiseArea, on_delete=models.PROTECT, related_name="needs")
    phase = models.CharField("phase of education", max_length=40, help_text="The school's phase, unless the need is for another.")
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    wanted_by = models.DateField(null=True, blank=True)
    days_wanted = models.DecimalField(**DAYS)
    notes = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "wanted_by", "id"]
        constraints = [models.CheckConstraint(condition=Q(days_wanted__gt=0), name="need_days_positive")]

    def __str__(self):
        return f"{self.school.name} needs {self.area.name}"


class SchoolOffer(models.Model):
    """Expertise a school can give: a named person, a team or an SLE of the school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="offers")
    area = models.ForeignKey(ExpertiseArea, on_delete=models.PROTECT, related_name="offers")
    given_by = models.CharField("person or team", max_length=200, help_text="For example, the maths team, or a named leader.")
    specialist_leader = models.ForeignKey(
        SpecialistLeader, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers",
        help_text="A designated SLE of the school who gives this support, if any.",
    )
    days_per_year = models.DecimalField("days available a year", **DAYS)
    active = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-active", "area__name", "id"]
        constraints = [models.CheckConstraint(condition=Q(days_per_year__gt=0), name="offer_days_positive")]

    def __str__(self):
        return f"{self.school.name} offers {self.area.name}"


# --- Matching runs --------------------------------------------------------------------------------


class MatchingRun(models.Model):
    """One run of the national matching engine (brokerage.matching) over the open needs in its
    scope and every offer with days left, solved in the background. The person who started it
    follows its progress; when it finishes it keeps the engine's proposals and, beside them, the
    greedy nearest-first baseline's figures on the same data."""

    class Scope(models.TextChoices):
        SCHOOL = "school", "One school's needs"
        ALLIANCE = "alliance", "The needs of an alliance's schools"
        NATIONAL = "national", "Every school's needs"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    scope = models.CharField(max_length=20, choices=Scope.choices)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="matching_runs")
    alliance = models.ForeignKey("alliances.Alliance", null=True, blank=True, on_delete=models.CASCADE, related_name="matching_runs")
    travel_limit_km = models.DecimalField("travel limit in kilometres", max_digits=6, decimal_places=1)
    road_factor = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("1.00"),
        help_text="1.00 measures the straight line; 1.30 estimates distance by road.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.CharField(max_length=200, blank=True, help_text="The step the run is on, in words.")
    # Why the run proposed nothing (no open needs, no offers in reach, unusable input), every reason.
    problems = models.JSONField(default=list, blank=True)
    # Figures for the engine and the greedy baseline: needs, met in full, high-priority met,
    # mean distance, objective; {"engine": {...}, "greedy": {...}}.
    figures = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="matching_runs")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Matching run {self.pk} ({self.get_scope_display().lower()})"

    def get_absolute_url(self):
        return reverse("brokerage:run", args=[self.pk])


class MatchProposal(models.Model):
    """One need in a finished run: the offer the engine proposes for it and how many days, with
    the reasons in words; or, with no offer, why the need was left unmet."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    need = models.ForeignKey(SchoolNeed, on_delete=models.CASCADE, related_name="proposals")
    specialist_leader = models.ForeignKey(SpecialistLeader, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(SchoolOffer, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    days = models.PositiveSmallIntegerField(default=0)
    distance_km = models.FloatField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(default=0, help_text="0 routine, 1 raised, 2 high, 3 urgent.")
    explanation = models.TextField()

    class Meta:
        ordering = ["-priority", "need_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(specialist_leader__isnull=True) | Q(offer__isnull=True), name="proposal_sle_or_offer_not_both",
            ),
        ]

    def __str__(self):
        return f"Proposal for {self.need}"

    @property
    def is_unmet(self):
        return self.specialist_leader_id is None and self.offer_id is None


# --- Deployments ----------------------------------------------------------------------------------


class Deployment(models.Model):
    """Brokered support for one school's need, by an SLE or by a school's offer of expertise.

    The receiving school asks (or a broker at a teaching school, or the matching engine, proposes);
    the home school (the SLE's school, or the offering school) releases them or not; the
    receiving school and the broker agree days, day rate, how the fee is shared between the home
    school and the brokering teaching school, objectives and success criteria; the deployment is
    reviewed as it goes; the supporter writes a final report; the receiving school confirms the
    impact. Once agreed it is a school-to-school support record (delivery.SupportAssignment) of
    the brokering alliance, and its delivered days go into that alliance's contribution ledger.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", "Awaiting the home school's release"
        NOT_RELEASED = "not_released", "Home school did not release"
        RELEASED = "released", "Released: awaiting the agreement"
        AGREED = "agreed", "Agreed: in progress"
        REPORTED = "reported", "Final report written: awaiting the school's confirmation"
        COMPLETED = "completed", "Impact confirmed"
        CANCELLED = "cancelled", "Cancelled"

    # Deployments that hold days of an SLE's or an offer's capacity.
    COMMITTING_STATES = (State.REQUESTED, State.RELEASED, State.AGREED, State.REPORTED, State.COMPLETED)
    # Still under way: a second deployment of the same supporter for the same need is refused.
    LIVE_STATES = (State.REQUESTED, State.RELEASED, State.AGREED, State.REPORTED)
    # The home school has released the SLE for the receiving school (who they are is then shared).
    DEPLOYED_STATES = (State.RELEASED, State.AGREED, State.REPORTED, State.COMPLETED)

    class Route(models.TextChoices):
        SCHOOL = "school", "Requested by the school"
        BROKER = "broker", "Proposed by a broker"
        ENGINE = "engine", "Proposed by the matching engine"

    Rating = SupportAssignment.Rating

    need = models.ForeignKey(SchoolNeed, on_delete=models.PROTECT, related_name="deployments")
    receiving_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="deployments_received")
    specialist_leader = models.ForeignKey(SpecialistLeader, null=True, blank=True, on_delete=models.PROTECT, related_name="deployments")
    offer = models.ForeignKey(SchoolOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="deployments")
    # Kept as they were when asked: an SLE may later move school.
    home_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="deployments_given")
    brokering_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="deployments_brokered",
        help_text="The teaching school that brokers the deployment and shares the fee.",
    )
    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.PROTECT, related_name="deployments",
        help_text="The brokering teaching school's alliance, where the support is recorded.",
    )
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.SCHOOL)
    proposal = models.ForeignKey(MatchProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="deployments")
    days_requested = models.DecimalField(**DAYS)
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # The home school's release.
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    # The deployment agreement.
    days = models.DecimalField("days agreed", max_digits=5, decimal_places=1, null=True, blank=True)
    day_rate = models.DecimalField("day rate (£)", max_digits=8, decimal_places=2, null=True, blank=True)
    home_school_share = models.DecimalField(
        "home school's share of the fee (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="The brokering teaching school keeps the rest.",
    )
    objectives = models.TextField(blank=True)
    success_criteria = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    support_record = models.OneToOneField(
        SupportAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="deployment",
    )
    # The final report and the receiving school's confirmation of impact.
    days_delivered = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    final_report = models.TextField(blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(null=True, blank=True)
    impact_rating = models.PositiveSmallIntegerField(choices=SupportAssignment.Rating.choices, null=True, blank=True)
    impact_comment = models.TextField(blank=True)
    impact_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    impact_confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["state"], name="deployment_state")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(specialist_leader__isnull=False) & Q(offer__isnull=True))
                | (Q(specialist_leader__isnull=True) & Q(offer__isnull=False)),
                name="deployment_by_an_sle_or_an_offer",
            ),
            models.CheckConstraint(
                condition=Q(home_school_share__isnull=True) | Q(home_school_share__gte=0, home_school_share__lte=100),
                name="deployment_home_share_0_to_100",
            ),
            models.CheckConstraint(condition=Q(days__isnull=True) | Q(days__gt=0), name="deployment_days_positive"),
            models.CheckConstraint(condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0), name="deployment_day_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.supporter_name} to {self.receiving_school.name}"

    def get_absolute_url(self):
        return reverse("brokerage:deployment", args=[self.pk])

    @property
    def supporter_name(self):
        if self.specialist_leader_id:
            return f"SLE from {self.home_school.name}"
        return self.offer.given_by if self.offer_id else self.home_school.name


class ProgressReview(models.Model):
    """A review of an agreed deployment as it goes, by the receiving school, the supporter or the broker."""

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        CONCERNS = "concerns", "Some concerns"
        OFF_TRACK = "off_track", "Off track"

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    days_used = models.DecimalField("days used so far", max_digits=5, decimal_places=1)
    progress = models.CharField(max_length=20, choices=Progress.choices)
    notes = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(days_used__gte=0), name="review_days_not_negative")]

    def __str__(self):
        return f"Review of {self.deployment} on {self.reviewed_on}"
