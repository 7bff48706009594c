"""People who sign in, and the schools and organisations they act for."""
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q


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


class User(AbstractUser):
    """A person, identified by their email address (no separate username)."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    def __str__(self):
        return self.full_name or self.email


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

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(school__isnull=False) & Q(organisation__isnull=True))
                | (Q(school__isnull=True) & Q(organisation__isnull=False)),
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
