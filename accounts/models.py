"""People who sign in, and the schools and organisations they act for: the affiliations
themselves, and the requests and invitations by which people come to hold them."""
import hashlib
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


# A deleted account's address: .invalid is reserved, so mail to it can never be delivered.
DELETED_DOMAIN = "deleted.invalid"


class User(AbstractUser):
    """A person, identified by their email address (no separate username)."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    @property
    def is_deleted(self):
        """A deleted account stays as a tombstone so records keep its name (accounts/account_deletion.py)."""
        return self.email.endswith(f"@{DELETED_DOMAIN}")

    def __str__(self):
        return self.full_name or ("A former user" if self.is_deleted else self.email)


SCHOOL_XOR_ORGANISATION = (Q(school__isnull=False) & Q(organisation__isnull=True)) | (
    Q(school__isnull=True) & Q(organisation__isnull=False)
)


class Affiliation(models.Model):
    """A user acts for a school or for another organisation, in a role. A person may hold
    several (a headteacher who is also a trust's director of training, say)."""

    class Role(models.TextChoices):
        LEADER = "leader", "Leader"
        BUSINESS_MANAGER = "business_manager", "Business manager"
        STAFF = "staff", "Staff member"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliations")
    school = models.ForeignKey("registry.School", null=True, blank=True, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who gave, changed or took away each affiliation, and when (removals included).
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=SCHOOL_XOR_ORGANISATION,
                name="affiliation_is_to_a_school_or_an_organisation",
            ),
            models.UniqueConstraint(fields=["user", "school", "role"], name="affiliation_unique_school_role"),
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="affiliation_unique_organisation_role"),
        ]

    @property
    def body(self):
        """The school or organisation this affiliation is with."""
        return self.school or self.organisation

    def __str__(self):
        return f"{self.user} - {self.get_role_display()} at {self.body}"


class AffiliationRequest(models.Model):
    """A person asks to act for a school or organisation in a role. Its leaders decide; where it
    has no leader on the platform yet, or the organisation is one the person proposes (not yet in
    the registry), the platform's support team does. The row is kept whatever the answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliation_requests")
    school = models.ForeignKey("registry.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Set on asking for a listed organisation, or on approving a proposed one (which creates it).
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # An organisation the registry lacks, as the person describes it; only support sees it.
    proposed_name = models.CharField(max_length=200, blank=True)
    proposed_kind = models.CharField(max_length=20, blank=True)
    proposed_website = models.URLField(blank=True)
    role = models.CharField(max_length=20, choices=Affiliation.Role.choices)
    note = models.CharField(max_length=200, help_text="Their job title, or how they work with it.")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(organisation__isnull=True) & Q(proposed_name=""))
                | (Q(school__isnull=True) & (Q(organisation__isnull=False) | ~Q(proposed_name=""))),
                name="affiliation_request_is_for_one_body",
            ),
            models.UniqueConstraint(
                fields=["user", "school"], condition=Q(status="pending", school__isnull=False),
                name="one_pending_affiliation_request_per_school",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(status="pending", organisation__isnull=False),
                name="one_pending_affiliation_request_per_organisation",
            ),
        ]

    @property
    def is_proposal(self):
        return bool(self.proposed_name)

    @property
    def body(self):
        return self.school or self.organisation

    @property
    def proposed_kind_label(self):
        from registry.models import Organisation

        return Organisation.Kind(self.proposed_kind).label if self.proposed_kind in Organisation.Kind.values else ""

    @property
    def body_name(self):
        body = self.body
        return body.name if body else self.proposed_name

    def __str__(self):
        return f"{self.user} asks to act for {self.body_name} as {self.get_role_display().lower()}"


INVITATION_LIFETIME = timedelta(days=14)


def token_digest(token):
    """Invitation links carry a random token; only its digest is stored, so a copy of the
    database gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class AffiliationInvitation(models.Model):
    """A leader invites a colleague, by email, to act for their school or organisation in a role.
    The emailed link works once, for 14 days, for an account with that verified address."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for them to accept"
        ACCEPTED = "accepted", "Accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"

    school = models.ForeignKey("registry.School", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Affiliation.Role.choices)
    email = models.EmailField()
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    token_digest = models.CharField(max_length=64, unique=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=SCHOOL_XOR_ORGANISATION, name="affiliation_invitation_is_to_one_body"),
        ]

    @property
    def body(self):
        return self.school or self.organisation

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.withdrawn_at:
            return self.Status.WITHDRAWN
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status).label

    def __str__(self):
        return f"{self.email} invited to act for {self.body} as {self.get_role_display().lower()}"
