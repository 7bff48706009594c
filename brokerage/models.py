"""Specialist leaders of education (SLEs), and what each school needs and offers.

- `SpecialistLeader`: one row per application, kept whatever happens to it. A teacher applies
  for themself, acting for their school; the school's headteacher consents (or not); the teaching
  school they applied to assesses and designates them (or not), and may later end the
  designation. A designated SLE has a yearly capacity in days.
- `SchoolNeed` and `SchoolOffer`: a school's short profile of the support it wants and the
  expertise it can give, by area of expertise (delivery.ExpertiseArea, the Council's list).

Deployments (brokerage of an SLE or an offer to a need) come later: they will point at a
`SpecialistLeader` or a `SchoolOffer` and at a `SchoolNeed`, and `brokerage.capacity` will count
them for the days committed.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from delivery.models import ExpertiseArea
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
