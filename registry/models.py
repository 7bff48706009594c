"""The national registry: schools, the organisations around them, inspections and imports.

Schools come from DfE's Get Information About Schools (GIAS) and are keyed by their URN.
Inspections come from Ofsted's management information files. Everything here is public data.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Replace
from django.urls import reverse

from registry import establishment_types

# How names and addresses are normalised for search, the same way in the database (School.search_text)
# and in Python (the words searched for): lower case, apostrophes and full stops dropped ("St. Luke's"
# is "st lukes"), hyphens and other separators made spaces ("Church-of-England" is three words).
SEARCH_DROPPED = ("'", "\u2019", ".")
SEARCH_SPACED = ("-", ",", "(", ")", "/")


def normalise_for_search(text):
    text = text.lower()
    for character in SEARCH_DROPPED:
        text = text.replace(character, "")
    for character in SEARCH_SPACED:
        text = text.replace(character, " ")
    return text


def _normalised_in_database(expression):
    expression = Lower(expression)
    for character in SEARCH_DROPPED:
        expression = Replace(expression, Value(character), Value(""))
    for character in SEARCH_SPACED:
        expression = Replace(expression, Value(character), Value(" "))
    return expression


class Organisation(models.Model):
    """A body that is not a school: academy trusts, local authorities, dioceses, universities,
    private providers. Trusts, local authorities and dioceses are created from GIAS columns;
    the others are entered by people."""

    class Kind(models.TextChoices):
        ACADEMY_TRUST = "academy_trust", "Academy trust"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        DIOCESE = "diocese", "Diocese"
        UNIVERSITY = "university", "University"
        PRIVATE_PROVIDER = "private_provider", "Private sector organisation"
        OTHER = "other", "Other organisation"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=200)
    # The publisher's identifier where there is one: GIAS trust code, LA code, diocese code.
    code = models.CharField(max_length=20, blank=True)
    region = models.CharField(max_length=60, blank=True, help_text="English region, where it has one.")
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~Q(code=""), name="organisation_code_unique_per_kind"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:organisation", args=[self.pk])

    @property
    def schools(self):
        """The schools this organisation runs, maintains or is the diocese of."""
        relation = {
            self.Kind.ACADEMY_TRUST: "trust",
            self.Kind.LOCAL_AUTHORITY: "local_authority",
            self.Kind.DIOCESE: "diocese",
        }.get(self.kind)
        if relation is None:
            return School.objects.none()
        return School.objects.filter(**{relation: self})


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=School.OPEN_STATUSES)

    def state_funded(self):
        return self.filter(is_state_funded=True)

    def small(self):
        return self.filter(number_of_pupils__lt=settings.SMALL_SCHOOL_PUPIL_THRESHOLD)


class School(models.Model):
    """An establishment in GIAS. Most fields are kept as GIAS spells them, so that a user can
    match them against the published data."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        """The school's most recent grade, from a graded inspection or named by an ungraded one,
        in one value that searches can filter on (see registry.inspection_standing)."""

        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"
        NO_OVERALL_GRADE = "no_overall_grade", "Key judgements, no overall grade (2024 to 2025)"
        REPORT_CARD = "report_card", "Report card (from Nov 2025)"
        UNGRADED_ONLY = "ungraded_only", "Ungraded inspections only, no grade on record"
        NOT_INSPECTED = "not_inspected", "Not inspected"

    # "Open, but proposed to close" is still open: it takes pupils and can join an alliance.
    OPEN_STATUSES = (Status.OPEN, Status.OPEN_PROPOSED_TO_CLOSE)

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200, db_index=True)
    establishment_number = models.CharField(max_length=10, blank=True)
    local_authority = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="maintained_schools"
    )
    region = models.CharField(max_length=60, blank=True, db_index=True)
    type_name = models.CharField("type of establishment", max_length=100, db_index=True)
    type_group = models.CharField("establishment type group", max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=40, blank=True, db_index=True)
    status = models.CharField(max_length=30, choices=Status.choices, db_index=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=100, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    religious_ethos = models.CharField(max_length=100, blank=True)
    diocese = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="diocesan_schools"
    )
    trust = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="trust_schools"
    )
    trust_flag = models.CharField(max_length=60, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    school_capacity = models.PositiveIntegerField(null=True, blank=True)
    is_state_funded = models.BooleanField(default=False, db_index=True)
    is_special = models.BooleanField(default=False)
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    website = models.CharField(max_length=200, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    gias_last_changed = models.DateField(null=True, blank=True)
    # " name street town", normalised, as school search matches it (the leading space lets a search
    # match the start of the first word too). Computed by the database on every insert and update,
    # the GIAS importer's own SQL included, so it is never stale.
    search_text = models.GeneratedField(
        expression=_normalised_in_database(Concat(Value(" "), "name", Value(" "), "street", Value(" "), "town")),
        output_field=models.TextField(),
        db_persist=True,
    )

    # Kept up to date from the inspections after every Ofsted import (see registry.inspection_standing).
    latest_outcome = models.CharField(
        max_length=30, choices=Outcome.choices, default=Outcome.NOT_INSPECTED, db_index=True
    )
    at_least_good = models.BooleanField(null=True, db_index=True)
    latest_inspection_date = models.DateField(null=True, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "urn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(close_date__isnull=True) | Q(open_date__isnull=True) | Q(close_date__gte=models.F("open_date")),
                name="school_closes_after_it_opens",
            )
        ]
        # The box that "nearest schools to a postcode" searches first.
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="school_location"),
            # Counting or listing open state-funded schools (the home page, searches) reads only this.
            models.Index(fields=["status", "is_state_funded"], name="school_status_funding"),
            # School search reads the search text of open schools from this index alone, which is
            # a fraction of the size of the table's rows (registry/pagination.py).
            models.Index(fields=["status", "search_text"], name="school_status_search"),
        ]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    def get_absolute_url(self):
        return reverse("registry:school", args=[self.urn])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_small(self):
        """Fewer pupils than settings.SMALL_SCHOOL_PUPIL_THRESHOLD (unknown roll: not small)."""
        return self.number_of_pupils is not None and self.number_of_pupils < settings.SMALL_SCHOOL_PUPIL_THRESHOLD

    @property
    def age_range(self):
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"

    def successor(self):
        """The open school that replaced this one, following GIAS successor links through any
        chain of closures (for example a school that converted to an academy, which later merged)."""
        seen = {self.urn}
        current = self
        while not current.is_open:
            link = (
                current.links.filter(link_type__in=establishment_types.SUCCESSOR_LINK_TYPES)
                .order_by("-established_date", "linked_urn")
                .first()
            )
            if link is None or link.linked_urn in seen:
                return None if current is self else current
            seen.add(link.linked_urn)
            following = School.objects.filter(urn=link.linked_urn).first()
            if following is None:
                return None if current is self else current
            current = following
        return None if current is self else current

    def predecessors(self):
        urns = self.links.filter(link_type__in=establishment_types.PREDECESSOR_LINK_TYPES).values("linked_urn")
        return School.objects.filter(urn__in=urns)


class SchoolLink(models.Model):
    """A GIAS link between two establishments (predecessor, successor, merger...). The linked
    URN is kept as a number: GIAS links name establishments that may not be in this registry."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="links")
    linked_urn = models.PositiveIntegerField(db_index=True)
    linked_name = models.CharField(max_length=200, blank=True)
    link_type = models.CharField(max_length=100)
    established_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-established_date", "linked_urn"]
        constraints = [
            models.UniqueConstraint(fields=["school", "linked_urn", "link_type"], name="school_link_unique")
        ]

    def __str__(self):
        return f"{self.school.urn} {self.link_type} {self.linked_urn}"

    @property
    def linked_school(self):
        return School.objects.filter(urn=self.linked_urn).first()


class OEIFGrade(models.IntegerChoices):
    """Ofsted's four-point grades, used until November 2025."""

    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class ReportCardGrade(models.TextChoices):
    """Ofsted's five-point report-card scale, from November 2025, best first."""

    EXCEPTIONAL = "exceptional", "Exceptional"
    STRONG_STANDARD = "strong_standard", "Strong standard"
    EXPECTED_STANDARD = "expected_standard", "Expected standard"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    URGENT_IMPROVEMENT = "urgent_improvement", "Urgent improvement"

    @classmethod
    def rank(cls, value):
        """0 for the best grade, 4 for the worst."""
        return list(cls.values).index(value)


class Inspection(models.Model):
    """One Ofsted inspection of a school. Which fields are filled depends on the regime it was
    held under: an overall effectiveness grade (to 1 Sept 2024), four key judgements without an
    overall grade (2 Sept 2024 to 9 Nov 2025), or a report card (from 10 Nov 2025)."""

    class Regime(models.TextChoices):
        OEIF_GRADED = "oeif_graded", "Graded, with an overall effectiveness grade"
        OEIF_NO_OVERALL = "oeif_no_overall", "Graded, key judgements without an overall grade"
        REPORT_CARD = "report_card", "Report card"
        UNGRADED = "ungraded", "Ungraded inspection"
        OTHER = "other", "Other inspection or visit"

    GRADED_REGIMES = (Regime.OEIF_GRADED, Regime.OEIF_NO_OVERALL, Regime.REPORT_CARD)
    KEY_JUDGEMENTS = (
        "quality_of_education",
        "behaviour_and_attitudes",
        "personal_development",
        "leadership_and_management",
    )
    REPORT_CARD_AREAS = (
        "inclusion",
        "curriculum_and_teaching",
        "achievement",
        "attendance_and_behaviour",
        "personal_development_and_wellbeing",
        "early_years",
        "post_16",
        "leadership_and_governance",
    )

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inspections")
    inspection_number = models.CharField(max_length=20)
    regime = models.CharField(max_length=20, choices=Regime.choices)
    inspection_type = models.CharField(max_length=100, blank=True)
    start_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    urn_at_time = models.PositiveIntegerField(
        null=True, blank=True, help_text="The URN inspected, when it was a predecessor of this school."
    )
    category_of_concern = models.CharField(max_length=10, blank=True)

    # Old framework (OEIF), 1 to 4; empty where not judged or not applicable.
    overall_effectiveness = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    quality_of_education = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    behaviour_and_attitudes = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    personal_development = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    leadership_and_management = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    early_years_provision = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    sixth_form_provision = models.PositiveSmallIntegerField(choices=OEIFGrade.choices, null=True, blank=True)
    safeguarding_effective = models.BooleanField(null=True)

    # Report cards, from November 2025; empty where not applicable.
    inclusion = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    curriculum_and_teaching = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    achievement = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    attendance_and_behaviour = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    personal_development_and_wellbeing = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    early_years = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    post_16 = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    leadership_and_governance = models.CharField(max_length=20, choices=ReportCardGrade.choices, blank=True)
    safeguarding_standards_met = models.BooleanField(null=True)

    # Ungraded inspections: Ofsted's phrase, such as "School remains Good".
    ungraded_outcome = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-start_date", "inspection_number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "inspection_number"], name="inspection_unique_per_school")
        ]

    def __str__(self):
        return f"Inspection {self.inspection_number} of {self.school.urn}"

    @property
    def is_graded(self):
        return self.regime in self.GRADED_REGIMES

    def key_judgements(self):
        """(label, grade label) for each old-framework judgement that was made."""
        return [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, f"get_{name}_display")())
            for name in ("overall_effectiveness", *self.KEY_JUDGEMENTS, "early_years_provision", "sixth_form_provision")
            if getattr(self, name) is not None
        ]

    def report_card(self):
        """(area label, grade label) for each report-card area that was graded."""
        return [
            (self._meta.get_field(name).verbose_name.capitalize(), getattr(self, f"get_{name}_display")())
            for name in self.REPORT_CARD_AREAS
            if getattr(self, name)
        ]


class ImportRun(models.Model):
    """A record of every file imported: who can trust which data as at when."""

    class Kind(models.TextChoices):
        GIAS = "gias", "GIAS establishments"
        GIAS_LINKS = "gias_links", "GIAS establishment links"
        OFSTED = "ofsted", "Ofsted inspections"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    details = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.file_name}"

    @classmethod
    def record(cls, kind, **fields):
        """Every importer's one way to record a stored file: the run, and the `registry_imported`
        signal sent once the import's transaction commits (so listeners, such as designation
        reviews and successor moves, only ever see stored data). Call it inside that transaction."""
        from django.db import transaction

        from registry.signals import registry_imported

        run = cls.objects.create(kind=kind, **fields)
        transaction.on_commit(lambda: registry_imported.send(sender=cls, kind=kind, run=run))
        return run


class DataVersion(models.Model):
    """One row whose token is replaced whenever public data changes (registry/data_version.py),
    so caches of pages and summaries built from that data can be keyed on it and never go stale."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return f"data version {self.token}"
