"""CPD and leadership programmes an alliance runs, and the people who take them.

- A `Programme` belongs to one alliance and is led by some of its current lead schools and
  deliverers (their `AllianceRole` periods). It has `Session`s and a number of places.
- Staff of any school book themselves (`Booking`). Their school's `BookingPolicy` says whether
  its leader or business manager approves first (by default, yes). A booking awaiting approval
  holds its place, so approving never overfills; a full programme puts bookings on a waiting list,
  first asked, first offered.
- Managers record `Attendance` per session; each participant gives one `Evaluation`.

Certificates, invoices and attendance uploads come later: the price applied is kept on each
booking (in pence), and attendance rows record who took them and when.
"""
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from simple_history.models import HistoricalRecords

from alliances.models import Alliance, AllianceRole, DeliveryArea
from registry.models import School


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
    # The price that applied when booked, for the invoices to come.
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
