"""CPD and leadership programmes an alliance runs, and the people who take them.

- A `Programme` belongs to one alliance and is led by some of its current lead schools and
  deliverers (their `AllianceRole` periods). It has `Session`s and a number of places.
- Staff of any school book themselves (`Booking`). Their school's `BookingPolicy` says whether
  its leader or business manager approves first (by default, yes). A booking awaiting approval
  holds its place, so approving never overfills; a full programme puts bookings on a waiting list,
  first asked, first offered.
- Managers record `Attendance` per session; each participant gives one `Evaluation`.

Certificates of attendance (delivery/certificates.py) and invoice lines (delivery/invoices.py)
are made from these: the price applied is kept on each booking (in pence), and attendance rows
record who took them and when. The supported school's confirmation of its support record by
emailed link is at the end (SupportConfirmationLink, SchoolAnswer; delivery/assurance.py).

School-to-school support and the contribution ledger (the section at the end):

- `ExpertiseArea`: the SLE areas of expertise, data the Council changes (loaded from
  `delivery/data/sle_areas_of_expertise.csv` once).
- `SupportAssignment`: an alliance's support for a school, by one of its lead, deliverer or
  member schools or organisations, in one area of expertise.
- `Contribution`: one ledger entry attributing part of a delivery record's effort (a programme,
  a support assignment, later ITT) to a school or organisation. Never edited or deleted once
  recorded: a correction voids it and records a new one.
"""
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from simple_history.models import HistoricalRecords

from alliances.models import Alliance, AllianceRole, DeliveryArea
from registry.models import Organisation, School


class Programme(models.Model):
    class Kind(models.TextChoices):
        SUBJECT_CPD = "subject_cpd", "Subject CPD"
        LEADERSHIP = "leadership", "Leadership"
        MIDDLE_LEADERSHIP = "middle_leadership", "Middle leadership"
        EARLY_CAREER = "early_career", "Early career support"
        NPQ = "npq", "NPQ-style course"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="programmes")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    # Programmes are the alliance's CPD and leadership development; kept as a field so other
    # areas' courses can share the model later.
    area = models.CharField(max_length=20, choices=DeliveryArea.choices, default=DeliveryArea.CPD)
    # Periods, not schools: who led it stays true after a role ends.
    led_by = models.ManyToManyField(AllianceRole, related_name="programmes_led")
    places = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    price_pence = models.PositiveIntegerField("price per place in pence", default=0)
    free_to_members = models.BooleanField("free to member schools", default=False)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="programme_has_a_place")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delivery:programme", args=[self.pk])


class Session(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    starts_at = models.TimeField("start time")
    ends_at = models.TimeField("end time")
    venue = models.CharField(max_length=300, blank=True)
    online = models.BooleanField(default=False)
    online_link = models.URLField("link to join", blank=True)
    # A smaller room for one session limits the whole programme: everyone booked comes to every session.
    places = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(online=True) | ~Q(venue=""), name="session_has_a_venue_or_is_online"),
        ]

    def __str__(self):
        return f"{self.programme}: {self.date:%-d %B %Y}"

    @property
    def starts(self):
        return timezone.make_aware(datetime.combine(self.date, self.starts_at))

    @property
    def ends(self):
        return timezone.make_aware(datetime.combine(self.date, self.ends_at))


class BookingPolicy(models.Model):
    """Whether a school's leader or business manager approves its staff's bookings. A school with
    no row requires approval: spending staff time is the school's decision unless it says otherwise."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="booking_policy")
    approval_required = models.BooleanField(default=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    @classmethod
    def requires_approval(cls, school):
        return not cls.objects.filter(school=school, approval_required=False).exists()


class Booking(models.Model):
    class State(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting school approval"
        CONFIRMED = "confirmed", "Confirmed"
        WAITING_LIST = "waiting_list", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        REFUSED = "refused", "Refused by the school"

    ACTIVE = (State.AWAITING_APPROVAL, State.CONFIRMED, State.WAITING_LIST)
    # Awaiting approval holds a place, so an approval can never overfill the programme.
    HOLDING_A_PLACE = (State.AWAITING_APPROVAL, State.CONFIRMED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="bookings")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="bookings")
    state = models.CharField(max_length=20, choices=State.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    # The price that applied when booked: the price on its invoice line (delivery/invoices.py).
    price_pence = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"],
                condition=Q(state__in=["awaiting_approval", "confirmed", "waiting_list"]),
                name="one_active_booking_per_programme",
            ),
        ]

    def __str__(self):
        return f"{self.participant} on {self.programme}"

    @property
    def is_active(self):
        return self.state in self.ACTIVE


class Attendance(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["booking", "session"], name="one_attendance_per_booking_and_session")]


class Evaluation(models.Model):
    class ImprovedPractice(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"
        NOT_YET = "not_yet", "Not yet"

    class OutweighedWorkload(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Unsure"

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    improved_practice = models.CharField(max_length=10, choices=ImprovedPractice.choices)
    outweighed_workload = models.CharField(max_length=10, choices=OutweighedWorkload.choices)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5")]


# =================================================================================================
# Initial teacher training (ITT): trainee cohorts, trainees, placements and outcomes (issue 13,
# part 2). Rules are in delivery/itt.py, the KPI figures in delivery/itt_progress.py.
# =================================================================================================


def academic_year_label(year):
    """2026 -> "2026 to 2027", as GOV.UK writes academic years."""
    return f"{year} to {year + 1}"


def academic_year_starts(year):
    """England's academic year runs from 1 September."""
    return date(year, 9, 1)


class TraineeCohort(models.Model):
    """Trainees an alliance takes in one academic year by one route."""

    class Route(models.TextChoices):
        SALARIED = "school_led_salaried", "School-led, salaried"
        FEE_FUNDED = "school_led_fee_funded", "School-led, fee-funded"
        SCITT = "scitt", "SCITT"
        UNIVERSITY_PARTNERSHIP = "university_partnership", "University-led partnership"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="trainee_cohorts")
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026 to 2027.")
    route = models.CharField(max_length=30, choices=Route.choices)
    # A provider the registry knows, or its name typed in when it does not.
    accredited_provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="accredited_cohorts"
    )
    accredited_provider_name = models.CharField(max_length=200, blank=True)
    partner_university = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="partner_cohorts",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
    )
    subject_phase = models.CharField("subject or phase", max_length=200, blank=True)
    lead_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-academic_year", "route", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_provider__isnull=False) | ~Q(accredited_provider_name=""),
                name="cohort_names_its_accredited_provider",
            ),
        ]

    def __str__(self):
        return f"{self.year_label}, {self.get_route_display()}"

    def get_absolute_url(self):
        return reverse("delivery:cohort", args=[self.pk])

    @property
    def year_label(self):
        return academic_year_label(self.academic_year)

    @property
    def starts_on(self):
        return academic_year_starts(self.academic_year)

    @property
    def provider_name(self):
        return self.accredited_provider.name if self.accredited_provider_id else self.accredited_provider_name


class Trainee(models.Model):
    """One trainee, known by the alliance's reference: a name is optional and shown only to the
    alliance's managers, so the Council and placement schools never see one."""

    class State(models.TextChoices):
        IN_TRAINING = "in_training", "In training"
        QTS_AWARDED = "qts_awarded", "QTS awarded"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DEFERRED = "deferred", "Deferred"

    class Employed(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNKNOWN = "unknown", "Not known yet"

    cohort = models.ForeignKey(TraineeCohort, on_delete=models.CASCADE, related_name="trainees")
    reference = models.CharField(max_length=40)
    display_name = models.CharField("name (optional)", max_length=200, blank=True)
    subject = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_TRAINING)
    outcome_on = models.DateField("outcome date", null=True, blank=True)
    employed_within_six_months = models.CharField(max_length=10, choices=Employed.choices, default=Employed.UNKNOWN)
    employing_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["reference", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "reference"], name="trainee_reference_unique_in_cohort"),
            models.CheckConstraint(
                condition=Q(state="qts_awarded") | Q(employed_within_six_months="unknown"),
                name="trainee_employment_only_after_qts",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("delivery:trainee", args=[self.pk])

    @property
    def employed_in_alliance(self):
        """Whether the employing school was one of the alliance's lead, member or deliverer schools
        on the outcome date (today when there is none). Lists annotate this instead (itt.with_employment)."""
        if hasattr(self, "_employed_in_alliance"):
            return self._employed_in_alliance
        if not self.employing_school_id:
            return None
        return self.cohort.alliance.roles_on(self.outcome_on).filter(school_id=self.employing_school_id).exists()


class Placement(models.Model):
    """A trainee's time at one of the alliance's schools. An open placement has no end yet."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="placements")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trainee_placements")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="placement_ends_on_or_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.trainee} at {self.school}"


class NationalRate(models.Model):
    """A national figure the ITT KPIs compare with, entered by the Council each year."""

    class Measure(models.TextChoices):
        EMPLOYED_WITHIN_SIX_MONTHS = "employed_within_six_months", "Trainees employed within six months"

    year = models.PositiveSmallIntegerField(help_text="The academic year it starts: 2026 for 2026 to 2027.")
    measure = models.CharField(max_length=40, choices=Measure.choices, default=Measure.EMPLOYED_WITHIN_SIX_MONTHS)
    value = models.DecimalField("percentage", max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["year", "measure"], name="one_national_rate_per_year_and_measure"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=100), name="national_rate_is_a_percentage"),
        ]

    def __str__(self):
        return f"{self.get_measure_display()}, {academic_year_label(self.year)}: {self.value}%"

    @property
    def year_label(self):
        return academic_year_label(self.year)


# --- School-to-school support and the contribution ledger ---------------------------------------


class ExpertiseArea(models.Model):
    """An SLE area of expertise under one of Ofsted's focus areas. Inactive areas stay on the
    assignments that used them but are not offered for new ones."""

    ofsted_focus = models.CharField("Ofsted focus area", max_length=100)
    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["ofsted_focus", "name"]

    def __str__(self):
        return self.name


class SchoolCheck(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    AWAITING = "awaiting", "Awaiting the school"
    CONFIRMED = "confirmed", "Confirmed by the school"
    DISPUTED = "disputed", "Disputed by the school"


class SupportAssignment(models.Model):
    SchoolCheck = SchoolCheck

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Rating(models.IntegerChoices):
        """The supported school's judgement of the support, in Ofsted's four words."""

        OUTSTANDING = 1, "Outstanding"
        GOOD = 2, "Good"
        REQUIRES_IMPROVEMENT = 3, "Requires improvement"
        INADEQUATE = 4, "Inadequate"

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="support_assignments")
    supported_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="support_received")
    supporting_school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="support_given")
    supporting_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="support_given"
    )
    supporter_name = models.CharField("named supporter", max_length=200, blank=True)
    focus_area = models.ForeignKey(ExpertiseArea, on_delete=models.PROTECT, related_name="assignments")
    objectives = models.TextField()
    success_criteria = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    days_planned = models.DecimalField(max_digits=6, decimal_places=1)
    days_delivered = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    outcome = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    # The registry's latest outcome when the support started, kept: the school's record moves on.
    outcome_before = models.CharField(max_length=30, choices=School.Outcome.choices, blank=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Whether the supported school has confirmed the record (delivery/assurance.py keeps it; each
    # answer is a SchoolAnswer below). Kept here so every list shows it without another query.
    school_check = models.CharField(max_length=20, choices=SchoolCheck.choices, default=SchoolCheck.NOT_ASKED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        # Ledger reports look up the few records a school disputes among every support record.
        indexes = [models.Index(fields=["school_check"], name="support_school_check")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="support_ends_on_or_after_start"),
            models.CheckConstraint(
                condition=(Q(supporting_school__isnull=False) & Q(supporting_organisation__isnull=True))
                | (Q(supporting_school__isnull=True) & Q(supporting_organisation__isnull=False)),
                name="support_given_by_a_school_or_an_organisation",
            ),
            models.CheckConstraint(condition=Q(days_planned__gte=0) & Q(days_delivered__gte=0), name="support_days_not_negative"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4), name="support_rating_1_to_4"),
        ]

    def __str__(self):
        return f"{self.focus_area} support for {self.supported_school.name}"

    def get_absolute_url(self):
        return reverse("delivery:support-assignment", args=[self.pk])

    @property
    def supporter(self):
        return self.supporting_school or self.supporting_organisation


class ContributionQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("Ledger entries are never deleted: void them with a reason.")

    def live(self):
        """Entries that count towards their record's total: all but the voided."""
        return self.exclude(state=Contribution.State.VOIDED)


class Contribution(models.Model):
    """One ledger entry: part of one delivery record's effort, attributed to a school or an
    organisation, in days, hours or a share (%). Recorded by the running alliance's managers,
    confirmed or disputed by the contributor, signed off in a return, or voided with a reason."""

    class Unit(models.TextChoices):
        DAYS = "days", "Days"
        HOURS = "hours", "Hours"
        SHARE = "share", "Share (%)"

    class State(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        CONFIRMED = "confirmed", "Confirmed"
        SIGNED_OFF = "signed_off", "Signed off"
        DISPUTED = "disputed", "Disputed"
        VOIDED = "voided", "Voided"

    # Generic, so programmes, support assignments and the ITT records to come share one ledger.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="contributions")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions")
    unit = models.CharField(max_length=10, choices=Unit.choices)
    amount = models.DecimalField(max_digits=7, decimal_places=2)
    # Copied from the record when recorded, so the ledger filters and totals without reading
    # every kind of record: the delivery area, and the day the work was delivered.
    area = models.CharField(max_length=20, choices=DeliveryArea.choices)
    delivered_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECORDED)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    return_ref = models.CharField("return", max_length=100, blank=True)

    history = HistoricalRecords()
    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="contribution_record"),
            # The contribution review totals one alliance's entries over a period (delivery/review.py).
            models.Index(fields=["alliance", "delivered_on"], name="contribution_alliance_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(organisation__isnull=True))
                | (Q(school__isnull=True) & Q(organisation__isnull=False)),
                name="contribution_by_a_school_or_an_organisation",
            ),
            models.CheckConstraint(condition=~Q(state="disputed") | ~Q(dispute_reason=""), name="contribution_dispute_has_a_reason"),
            models.CheckConstraint(condition=~Q(state="voided") | ~Q(void_reason=""), name="contribution_void_has_a_reason"),
        ]

    def __str__(self):
        from delivery.ledger import amount_text

        return f"{amount_text(self.amount, self.unit)} by {self.contributor.name}"

    def delete(self, *args, **kwargs):
        raise TypeError("Ledger entries are never deleted: void them with a reason.")

    @property
    def contributor(self):
        return self.school or self.organisation


# --- Participants who booked elsewhere (attendance uploads) --------------------------------------


class ExternalParticipant(models.Model):
    """Someone on a programme who did not book through the site: an alliance that runs its
    bookings elsewhere uploads their attendance. No account is made for them (they never signed
    up, and an account in their name would stop them signing up later); they are known by name,
    school and, when given, email, and seen only by the running alliance's managers."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="external_participants")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.school.name})"


class ExternalAttendance(models.Model):
    participant = models.ForeignKey(ExternalParticipant, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="external_attendance")
    present = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="one_external_attendance_per_session"),
        ]


# --- Success criteria and KPIs (issue 13, part 5): rules in delivery/kpis.py ---------------------


class SuccessCriterion(models.Model):
    """A target an alliance sets itself for one academic year, on one of the measures the site
    computes from the records (delivery.kpis.MEASURES), with the school accountable for it.
    Progress is never typed in: it is computed whenever it is shown."""

    class Measure(models.TextChoices):
        TRAINEES = "trainees", "Teachers trained in the year"
        EMPLOYMENT = "employment", "Trainees employed within six months"
        CPD_DAYS = "cpd_days", "CPD and leadership days delivered"
        CPD_POSITIVE = "cpd_positive", "Participants positive about CPD and leadership development"
        SUPPORT_DAYS = "support_days", "Days of support to schools needing it"
        SUPPORT_GOOD = "support_good", "Support rated good or better"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="success_criteria")
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2026 for 2026 to 2027.")
    area = models.CharField(max_length=20, choices=DeliveryArea.choices)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    # A count or a percentage, by measure; for employment, none means "at or above the national rate".
    target = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    accountable_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "-academic_year", "area", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "academic_year", "measure"], name="one_criterion_per_measure_and_year"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gte=0), name="criterion_target_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_measure_display()}, {academic_year_label(self.academic_year)}"

    @property
    def year_label(self):
        return academic_year_label(self.academic_year)


# --- Assurance: the supported school confirms or disputes its support record (delivery/assurance.py)


def confirmation_link_expiry():
    return timezone.now() + timedelta(days=30)


class SupportConfirmationLink(models.Model):
    """An emailed link by which the supported school answers, without an account. Only the
    token's SHA-256 digest is stored (accounts.models.token_digest). Works once, for 30 days;
    sending again revokes the links not yet used."""

    class Status(models.TextChoices):
        LIVE = "live", "Waiting for an answer"
        USED = "used", "Used"
        REVOKED = "revoked", "Replaced by a newer link"
        EXPIRED = "expired", "Expired"

    assignment = models.ForeignKey(SupportAssignment, on_delete=models.CASCADE, related_name="confirmation_links")
    email = models.EmailField()
    token_digest = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=confirmation_link_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return f"Link for {self.email} about {self.assignment_id}"

    @property
    def status(self):
        if self.used_at:
            return self.Status.USED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.LIVE


class SchoolAnswer(models.Model):
    """The supported school's answer about its support record, given through a link: who (the
    name they typed and the address the link went to), when, and for a dispute why. A dispute
    stays open until the alliance's managers resolve it (correcting the record and asking again)."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"

    assignment = models.ForeignKey(SupportAssignment, on_delete=models.CASCADE, related_name="school_answers")
    link = models.OneToOneField(SupportConfirmationLink, on_delete=models.CASCADE, related_name="answer")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    reason = models.TextField(blank=True)
    answered_by_name = models.CharField(max_length=200)
    answered_by_role = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(answer="disputed") | ~Q(reason=""), name="school_dispute_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} by {self.answered_by_name}"


# =================================================================================================
# Annual returns and prepared documents (issue 13, part 7). Rules in delivery/returns.py, the
# column layout in delivery/return_layout.py, the background work in delivery/documents.py.
# =================================================================================================

# What a final return holds is frozen: these fields never change once every lead has signed.
FROZEN_RETURN_FIELDS = ("alliance_id", "academic_year", "version", "rows", "kpis", "flags", "entry_ids", "notes", "prepared_by_id", "prepared_at")


class AnnualReturn(models.Model):
    """An alliance's return for one academic year: the rows in the documented column layout,
    taken from the ledger when it was prepared (a snapshot, so what the leads sign is what is
    sent). Signed off by each current lead teaching school's leader; final when all have signed.
    A correction is a new version; the old one stays, superseded."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft, awaiting sign-off"
        FINAL = "final", "Final"
        SUPERSEDED = "superseded", "Superseded"

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="annual_returns")
    academic_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2025 for 2025 to 2026.")
    version = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    rows = models.JSONField(default=list)  # contributor × area rows, keyed as return_layout.COLUMNS
    kpis = models.JSONField(default=list)  # keyed as return_layout.KPI_COLUMNS
    flags = models.JSONField(default=list)  # plain sentences
    entry_ids = models.JSONField(default=list)  # the ledger entries counted in it
    ledger_fingerprint = models.CharField(max_length=64)  # of its entries' ids, amounts and standing
    notes = models.TextField(blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    prepared_at = models.DateTimeField(default=timezone.now)
    final_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-academic_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "academic_year", "version"], name="annual_return_version_unique"),
            models.UniqueConstraint(
                fields=["alliance", "academic_year"], condition=~Q(state="superseded"), name="annual_return_one_current_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.alliance.name}, annual return {self.year_label}, version {self.version}"

    def get_absolute_url(self):
        return reverse("delivery:annual-return", args=[self.pk])

    @property
    def year_label(self):
        return academic_year_label(self.academic_year)

    @property
    def return_ref(self):
        """What its ledger entries are signed off under (Contribution.return_ref)."""
        return f"Annual return {self.academic_year}-{(self.academic_year + 1) % 100:02d} v{self.version} (#{self.pk})"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values("state", *FROZEN_RETURN_FIELDS).first()
            if stored and stored["state"] != self.State.DRAFT and any(stored[f] != getattr(self, f) for f in FROZEN_RETURN_FIELDS):
                from alliances.rules import RuleBroken

                raise RuleBroken(f"Version {self.version} of this return is {stored['state']}: it cannot be changed. Prepare a new version to correct it.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Annual returns are never deleted: a correction is a new version.")


class ReturnSignOff(models.Model):
    """A lead teaching school signing a version of the return, by a leader acting for it."""

    annual_return = models.ForeignKey(AnnualReturn, on_delete=models.PROTECT, related_name="sign_offs")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="return_sign_offs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["annual_return", "school"], name="return_sign_off_once_per_school")]


class PreparedDocument(models.Model):
    """A document built in the background (a national roll-up, an evidence pack): who asked, its
    status, and the files it made, kept in the database so every server process can serve them."""

    class Kind(models.TextChoices):
        NATIONAL_ROLLUP = "national_rollup", "National roll-up"
        EVIDENCE_PACK = "evidence_pack", "Evidence pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    alliance = models.ForeignKey(Alliance, null=True, blank=True, on_delete=models.CASCADE, related_name="prepared_documents")
    academic_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="national_rollup", alliance__isnull=True) | Q(kind="evidence_pack", alliance__isnull=False),
                name="prepared_document_alliance_for_evidence_packs_only",
            )
        ]

    def __str__(self):
        about = self.alliance.name if self.alliance_id else "All alliances"
        return f"{self.get_kind_display()}, {about}, {academic_year_label(self.academic_year)}"

    def get_absolute_url(self):
        return reverse("delivery:prepared-document", args=[self.pk])

    @property
    def year_label(self):
        return academic_year_label(self.academic_year)


class DocumentFile(models.Model):
    """One file a prepared document made. Lists defer `data`: it is read only to download."""

    document = models.ForeignKey(PreparedDocument, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["name"]
