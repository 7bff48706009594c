"""Teaching schools and their alliances.

- A school becomes a *teaching school* through a `Designation`, decided by a Council member.
- An `Alliance` is led by one or more teaching schools. Who is in it, and how, is a history of
  dated `AllianceRole` periods: `lead`, `member` (a school it supports) or `deliverer` (a school
  or organisation that leads some training). The alliance as it was on any date is the periods
  open on that date.
- Alliances with more than one lead record an `Agreement` (versioned; each lead signs). When it
  allows, the other leads can end a lead school's role by a `LeadEndProposal` they answer.
- Membership starts with a `MembershipRequest`; its terms (free or a subscription) are
  `MembershipTerms`, and the alliance's memorandum of understanding is a versioned
  `Memorandum` that member schools sign.
- Alliances may form a `Network` (membership periods in `NetworkMembership`, joined by
  `NetworkInvitation`) with a shared resource library.
"""
import os
import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from simple_history.models import HistoricalRecords

from registry.models import Organisation, School


class DeliveryArea(models.TextChoices):
    """The three core areas every alliance must deliver in."""

    ITT = "itt", "Initial teacher training"
    CPD = "cpd", "CPD and leadership development"
    SCHOOL_SUPPORT = "school_support", "School-to-school support"

    @property
    def in_sentence(self):
        """The label inside a sentence: "initial teacher training", but "CPD and ..." kept."""
        label = self.label
        return label if label[:2].isupper() else label[0].lower() + label[1:]


class Designation(models.Model):
    """A school's application to be, and record as, a teaching school."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        DESIGNATED = "designated", "Designated"
        UNDER_REVIEW = "under_review", "Under review"
        DECLINED = "declined", "Declined"
        DE_DESIGNATED = "de_designated", "De-designated"

    class ReviewCause(models.TextChoices):
        TERM = "term", "Four-year term ended"
        REGISTRY = "registry", "Registry data"

    # A designated school that is under review still leads its alliance until a decision.
    ACTIVE_STATUSES = (Status.DESIGNATED, Status.UNDER_REVIEW)
    # An application or designation still in progress: a school holds at most one.
    LIVE_STATUSES = (Status.APPLIED, *ACTIVE_STATUSES)
    TERM_YEARS = 4

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="designations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(default=date.today)
    designated_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    itt_evidence = models.TextField("track record in initial teacher training", blank=True)
    support_evidence = models.TextField("track record of supporting other schools", blank=True)
    headteacher_evidence = models.TextField("headteacher's experience", blank=True)
    review_reason = models.TextField(blank=True, help_text="Why the designation is under review.")
    review_cause = models.CharField(max_length=20, choices=ReviewCause.choices, blank=True)
    # The Council's judgement of each track-record criterion: None until judged. Typed text is
    # evidence to judge, never a criterion met by itself.
    itt_judged_met = models.BooleanField(null=True, blank=True)
    support_judged_met = models.BooleanField(null=True, blank=True)
    headteacher_judged_met = models.BooleanField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            # A school holds at most one live application or designation at a time.
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status__in=["applied", "designated", "under_review"]),
                name="one_live_designation_per_school",
            ),
            models.CheckConstraint(
                condition=Q(review_due_on__isnull=True)
                | Q(designated_on__isnull=True)
                | Q(review_due_on__gte=F("designated_on")),
                name="designation_review_after_designation",
            ),
        ]

    def __str__(self):
        return f"{self.school.name}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("alliances:designation", args=[self.pk])

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES


class DesignationEvent(models.Model):
    """The decision history of a designation: application, decisions, reviews, appeals."""

    class Kind(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        PUT_UNDER_REVIEW = "put_under_review", "Put under review"
        EVIDENCE_REQUESTED = "evidence_requested", "Evidence requested"
        EVIDENCE_GIVEN = "evidence_given", "Evidence given"
        REVIEW_CLEARED = "review_cleared", "Review cleared"
        DE_DESIGNATED = "de_designated", "De-designated"
        APPEALED = "appealed", "Appealed"
        APPEAL_UPHELD = "appeal_upheld", "Appeal upheld"
        APPEAL_DISMISSED = "appeal_dismissed", "Appeal dismissed"

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class NamedWithSlug(models.Model):
    """A unique name, and the address-friendly slug made from it when first saved."""

    # Slugs that are pages under the same address, not objects: a subclass names its own.
    RESERVED_SLUGS = frozenset()

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    @classmethod
    def name_problems(cls, name):
        """A new name must be unique, and so must the web address made from it."""
        kind = cls._meta.verbose_name
        a_kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        slug = slugify(name)[:200]
        if not slug:
            return [f"Give the {kind} a name with letters or numbers in it."]
        if slug in cls.RESERVED_SLUGS:
            return [f"“{name}” cannot be {a_kind}'s name: choose another."]
        same = cls.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
        if same is None:
            return []
        if same.name.lower() == name.lower():
            return [f"There is already {a_kind} called {same.name}."]
        return [f"The name is too close to {same.name}'s: choose one that differs by more than punctuation."]


class AllianceQuerySet(models.QuerySet):
    def with_roles(self, day=None, leads_only=False):
        """What lists of alliances show, in a fixed number of queries: the roles held today
        (`current_roles`) and, when a day is asked for, on that day (`roles_then`), and the
        agreement versions newest first with their signatures (`agreement_versions`).
        `leads_only` fetches only the lead roles, for lists that show no members."""

        def roles_on(on):
            roles = AllianceRole.objects.on(on).select_related("school", "organisation").order_by("role", "starts_on", "id")
            return roles.filter(role=AllianceRole.Role.LEAD) if leads_only else roles

        agreements = Agreement.objects.order_by("-version").prefetch_related("signatures")
        alliances = self.prefetch_related(
            models.Prefetch("roles", queryset=roles_on(None), to_attr="current_roles"),
            models.Prefetch("agreements", queryset=agreements, to_attr="agreement_versions"),
        )
        if day is not None:
            alliances = alliances.prefetch_related(models.Prefetch("roles", queryset=roles_on(day), to_attr="roles_then"))
        return alliances



def attach_role_counts(alliances, day=None):
    """Sets `member_count` and `deliverer_count` on a day (today by default) on each alliance, in
    one grouped query. Called on a page of alliances once it is cut: counted in the page's own
    query, PostgreSQL would count the roles of every alliance the page's OFFSET skips too."""
    alliances = list(alliances)
    counts = (
        AllianceRole.objects.on(day)
        .filter(alliance__in=alliances, role__in=[AllianceRole.Role.MEMBER, AllianceRole.Role.DELIVERER])
        .order_by()
        .values_list("alliance_id", "role")
        .annotate(n=models.Count("id"))
    )
    held = {(alliance_id, role): n for alliance_id, role, n in counts}
    for alliance in alliances:
        alliance.member_count = held.get((alliance.pk, AllianceRole.Role.MEMBER), 0)
        alliance.deliverer_count = held.get((alliance.pk, AllianceRole.Role.DELIVERER), 0)
    return alliances


class Alliance(NamedWithSlug):
    class Type(models.TextChoices):
        SINGLE = "single", "Single"
        JOB_SHARE = "job_share", "Job-share"
        MULTIPLE = "multiple", "Multiple"

    # /alliances/find/, /yours/ and /start/ are pages: an alliance named "Find" could not be reached.
    RESERVED_SLUGS = frozenset({"find", "yours", "start"})

    alliance_type = models.CharField("type", max_length=20, choices=Type.choices)
    description = models.TextField(blank=True)
    ethos = models.TextField(blank=True, help_text="Character and ethos, in the alliance's own words.")
    specialisms = models.TextField(blank=True, help_text="One specialism a line, such as 'Early reading'.")
    delivery_areas = models.JSONField(default=list, blank=True, help_text="DeliveryArea values it offers.")
    patch = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="patch_alliances",
        limit_choices_to={"kind": Organisation.Kind.LOCAL_AUTHORITY},
        help_text="Local authorities the alliance commits to serve in full.",
    )
    created_on = models.DateField(default=date.today)
    # The alliance's public contact, kept by its leads and shown on its profile to everyone.
    contact_name = models.CharField("contact name", max_length=200, blank=True)
    contact_email = models.EmailField("contact email address", blank=True)
    contact_phone = models.CharField("contact telephone number", max_length=40, blank=True)
    website = models.URLField(blank=True)

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    objects = AllianceQuerySet.as_manager()

    def get_absolute_url(self):
        return reverse("alliances:alliance", args=[self.slug])

    def roles_on(self, day=None):
        """The roles held on a day (today by default): the alliance as it was then."""
        return self.roles.on(day)

    def lead_schools(self, day=None):
        return School.objects.filter(
            alliance_roles__in=self.roles_on(day).filter(role=AllianceRole.Role.LEAD)
        ).order_by("name")

    def member_schools(self, day=None):
        return School.objects.filter(
            alliance_roles__in=self.roles_on(day).filter(role=AllianceRole.Role.MEMBER)
        ).order_by("name")

    def specialism_list(self):
        return [line.strip() for line in self.specialisms.splitlines() if line.strip()]

    def delivery_area_labels(self):
        return [DeliveryArea(value).label for value in self.delivery_areas if value in DeliveryArea.values]


class AllianceRoleQuerySet(models.QuerySet):
    def on(self, day=None):
        """The periods open on a day (today by default): started, and not yet ended."""
        day = day or date.today()
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def network_document_path(resource, filename):
    """Documents are stored under a random name, so their address cannot be guessed."""
    extension = os.path.splitext(filename)[1].lower()
    return f"network-resources/{uuid.uuid4().hex}{extension}"


class AllianceRole(models.Model):
    """A dated period in which a school or organisation holds a role in an alliance.
    `ends_on` is the last day of the role; an open period has none."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead teaching school"
        MEMBER = "member", "Member school"
        DELIVERER = "deliverer", "Alliance deliverer"

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="alliance_roles")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="alliance_roles"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    responsibilities = models.TextField(
        blank=True, help_text="For deliverers and leads: the aspects of training and development they lead."
    )
    end_reason = models.CharField(max_length=200, blank=True)
    # Who ended the period on the site, and when: kept because an end date may be backdated.
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    objects = AllianceRoleQuerySet.as_manager()

    class Meta:
        ordering = ["alliance", "role", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="role_ends_on_or_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(organisation__isnull=True))
                | (Q(school__isnull=True) & Q(organisation__isnull=False)),
                name="role_held_by_a_school_or_an_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["lead", "member"]) | Q(school__isnull=False),
                name="leads_and_members_are_schools",
            ),
        ]

    def __str__(self):
        return f"{self.holder} - {self.get_role_display()} of {self.alliance}"

    @property
    def holder(self):
        return self.school or self.organisation

    def is_current(self, day=None):
        day = day or date.today()
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class VersionedDocument(models.Model):
    """A document an alliance keeps in numbered versions that are never edited: a change is a new
    version, signed again. Subclasses hold the `alliance` it belongs to."""

    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def latest_of(cls, alliance):
        """The version in force: the newest, or None before the first."""
        return cls.objects.filter(alliance=alliance).order_by("-version").first()

    @classmethod
    def next_version_of(cls, alliance):
        latest = cls.latest_of(alliance)
        return latest.version + 1 if latest else 1


class Agreement(VersionedDocument):
    """What the leads of a job-share or multiple alliance agreed. Versions are never edited:
    a change is a new version, which every lead signs again."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="agreements")
    roles_and_responsibilities = models.TextField(
        help_text="The roles and responsibilities of each teaching school and each deliverer."
    )
    class LeadRemoval(models.TextChoices):
        """Whose consent ends a lead school's role (alliances.lead_removal). "Majority": more
        than half of the lead schools other than the one whose role would end agree."""

        OWN_DECISION = "own_decision", "Only by the lead school's own decision"
        ALL_OTHERS = "all_others", "When every other lead school agrees"
        MAJORITY_OF_OTHERS = "majority_of_others", "When a majority of the other lead schools agree"

    governance = models.TextField(help_text="The governance arrangements.")
    # Stated as a choice, not read out of the governance text: the site acts on it.
    lead_removal = models.CharField(
        "how a lead school's role can end", max_length=20, choices=LeadRemoval.choices, default=LeadRemoval.OWN_DECISION
    )
    # "Each lead teaching school's share of the alliance's delivery is at least N %": the
    # contribution review flags a lead below it (delivery/review.py; without it, a default there).
    minimum_lead_share = models.PositiveSmallIntegerField(
        "minimum share of delivery for each lead school (%)", null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Each lead teaching school's share of the alliance's delivery is at least this percentage.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "version"], name="agreement_version_unique"),
            models.CheckConstraint(
                condition=Q(minimum_lead_share__isnull=True) | Q(minimum_lead_share__lte=100), name="agreement_minimum_share_is_a_percentage"
            ),
        ]

    def __str__(self):
        return f"{self.alliance} agreement, version {self.version}"


class Accountability(models.Model):
    """Which lead teaching school is accountable for a delivery area or a success criterion."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="accountabilities")
    area = models.CharField(max_length=20, choices=DeliveryArea.choices, blank=True)
    success_criterion = models.CharField(max_length=200, blank=True)
    accountable_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(area="") | ~Q(success_criterion=""), name="accountability_is_for_an_area_or_criterion"
            )
        ]


class Signature(models.Model):
    """A school's signature of a document version, given by a person acting for it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class AgreementSignature(Signature):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "school"], name="agreement_signed_once_per_school")]


class Memorandum(VersionedDocument):
    """The alliance's memorandum of understanding, versioned; member schools sign a version."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memoranda")
    text = models.TextField()
    # The leads say, when publishing, whether this version makes membership free: the text is
    # free prose, and reading fees out of it would be guesswork. None: the version does not say.
    membership_is_free = models.BooleanField("membership is free", null=True, blank=True)

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "-version"]
        constraints = [models.UniqueConstraint(fields=["alliance", "version"], name="memorandum_version_unique")]

    def __str__(self):
        return f"{self.alliance} memorandum of understanding, version {self.version}"


class MemorandumSignature(Signature):
    memorandum = models.ForeignKey(Memorandum, on_delete=models.CASCADE, related_name="signatures")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["memorandum", "school"], name="memorandum_signed_once_per_school")
        ]


class Answered(models.Model):
    """Something one side asks and the other answers: a request to join, an invitation to
    co-lead or to join a network. It waits until accepted, declined or withdrawn, and keeps who
    answered, when and why."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class MembershipRequest(Answered):
    """A school asks to join an alliance; its leads accept (with terms) or decline with a reason."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="membership_requests")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="membership_requests")
    message = models.TextField(blank=True, help_text="What the school hopes to gain and to give.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "school"], condition=Q(status="pending"), name="one_pending_request_per_school"
            )
        ]


class MembershipTerms(models.Model):
    """What membership costs, set by the alliance for one member's period of membership."""

    class Period(models.TextChoices):
        ANNUAL = "annual", "a year"
        TERMLY = "termly", "a term"
        MONTHLY = "monthly", "a month"

    role = models.OneToOneField(AllianceRole, on_delete=models.CASCADE, related_name="terms")
    subscription_pence = models.PositiveIntegerField(default=0, help_text="0 for free membership.")
    period = models.CharField(max_length=10, choices=Period.choices, blank=True)
    renewal_due_on = models.DateField(null=True, blank=True)
    paid = models.BooleanField(default=False)

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    @property
    def is_free(self):
        return self.subscription_pence == 0

    @property
    def subscription_pounds(self):
        return self.subscription_pence / 100


class NetworkQuerySet(models.QuerySet):
    def with_current_alliances(self):
        """Each network's memberships today with their alliances (`current_memberships`), in
        one query for the whole list."""
        memberships = NetworkMembership.objects.current().select_related("alliance").order_by("alliance__name")
        return self.prefetch_related(models.Prefetch("memberships", queryset=memberships, to_attr="current_memberships"))

    def of_alliance(self, alliance):
        """The networks an alliance is in today."""
        return self.filter(pk__in=NetworkMembership.objects.current().filter(alliance=alliance).values("network"))


class Network(NamedWithSlug):
    """Alliances working together to share knowledge and resources. Who is in it, and since when,
    is a history of `NetworkMembership` periods; `alliances` are those in it today."""

    RESERVED_SLUGS = frozenset({"propose"})  # /networks/propose/ is a page

    class Region(models.TextChoices):
        # The nine English regions, spelt as GIAS spells School.region.
        NORTH_EAST = "North East", "North East"
        NORTH_WEST = "North West", "North West"
        YORKSHIRE = "Yorkshire and the Humber", "Yorkshire and the Humber"
        EAST_MIDLANDS = "East Midlands", "East Midlands"
        WEST_MIDLANDS = "West Midlands", "West Midlands"
        EAST = "East of England", "East of England"
        LONDON = "London", "London"
        SOUTH_EAST = "South East", "South East"
        SOUTH_WEST = "South West", "South West"

    description = models.TextField(blank=True)
    # Blank only for networks made before regions were recorded.
    region = models.CharField(max_length=60, choices=Region.choices, blank=True, db_index=True)
    sub_region = models.CharField(
        "area within the region", max_length=100, blank=True, help_text="A county, city or area, in the network's own words."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = NetworkQuerySet.as_manager()

    def get_absolute_url(self):
        return reverse("alliances:network", args=[self.slug])

    @property
    def alliances(self):
        """The alliances in the network today, used like the many-to-many relation it replaced."""
        return CurrentNetworkAlliances(self)


class CurrentNetworkAlliances(models.Manager):
    """`network.alliances`: `all()`, `filter()`, `values_list()`... over the alliances in the
    network today, and `add()`, which starts a membership (leaving keeps its dates)."""

    def __init__(self, network):
        super().__init__()
        self.model, self.network = Alliance, network

    def get_queryset(self):
        return Alliance.objects.filter(pk__in=self.network.memberships.current().values("alliance"))

    def add(self, *alliances, joined_on=None):
        for alliance in alliances:
            NetworkMembership.objects.get_or_create(
                network=self.network, alliance=alliance, left_on=None, defaults={"joined_on": joined_on or date.today()}
            )


class NetworkMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class NetworkMembership(models.Model):
    """A period in which an alliance is in a network. Leaving sets `left_on`; nothing is deleted."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="network_memberships")
    joined_on = models.DateField(default=date.today)
    left_on = models.DateField(null=True, blank=True)
    left_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "alliance"], condition=Q(left_on__isnull=True), name="one_current_network_membership"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="network_left_after_joining"
            ),
        ]

    def __str__(self):
        return f"{self.alliance} in {self.network}"


class NetworkInvitation(Answered):
    """An alliance joins a network by consent on both sides. Either a lead of a member alliance
    invites it and its own leads answer, or its leads ask and a lead of any member answers."""

    class Direction(models.TextChoices):
        INVITED = "invited", "Invited by the network"
        ASKED = "asked", "Asked to join"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="network_invitations")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    message = models.TextField(blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            # One open question at a time between a network and an alliance, whichever side asked.
            models.UniqueConstraint(
                fields=["network", "alliance"], condition=Q(status="pending"), name="one_pending_network_invitation"
            )
        ]

    def __str__(self):
        return f"{self.alliance} and {self.network}: {self.get_direction_display().lower()}, {self.get_status_display().lower()}"


class NetworkResource(models.Model):
    """A shared document or link, visible to the network's member alliances only."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    document = models.FileField(upload_to=network_document_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True, help_text="The file's name as uploaded.")
    description = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(document=""), name="resource_is_a_link_or_a_document")
        ]


class LeadInvitation(Answered):
    """A school becomes a lead only when its own leader or business manager accepts. Until then
    the alliance is led without it; on acceptance it becomes the type named here (checked then)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="lead_invitations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="lead_invitations")
    becomes = models.CharField("alliance type on acceptance", max_length=20, choices=Alliance.Type.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "school"], condition=Q(status="pending"), name="one_pending_lead_invitation_per_school"
            )
        ]


class SuccessorMove(models.Model):
    """GIAS says a school in an alliance closed and names its successor: the alliance's lead
    confirms (or declines) moving the role to the successor. History keeps both periods."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the alliance to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    role = models.OneToOneField(AllianceRole, on_delete=models.CASCADE, related_name="successor_move")
    successor = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)


class LeadEndProposal(models.Model):
    """Lead schools propose ending another lead school's role, as their signed agreement allows
    (`Agreement.lead_removal`). The other leads answer; the school whose role would end is told,
    not asked. The proposing school's own answer (yes) is recorded when it proposes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the other lead schools"
        CARRIED = "carried", "Agreed: the role ends"
        REFUSED = "refused", "Not agreed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        # The school set its own last day meanwhile: nothing left to decide.
        OVERTAKEN = "overtaken", "Overtaken: the school ended its own role"

    role = models.ForeignKey(AllianceRole, on_delete=models.CASCADE, related_name="end_proposals")
    # The signed version whose rule decides this proposal, kept so a later version changes nothing.
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposing_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    ends_on = models.DateField("last day")
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Who changed what and when (django-simple-history), shown to leads and the Council.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["role"], condition=Q(status="pending"), name="one_pending_end_proposal_per_role")
        ]

    def __str__(self):
        return f"Ending {self.role.school.name}'s role as a lead: {self.get_status_display().lower()}"


class LeadEndAnswer(models.Model):
    """One lead school's answer to a proposal, given by its leader or business manager."""

    proposal = models.ForeignKey(LeadEndProposal, on_delete=models.CASCADE, related_name="answers")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "school"], name="one_answer_per_school")]
