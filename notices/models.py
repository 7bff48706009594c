"""What waits for a person: one notice per person per item (a request to decide, a document to
sign, a decision, an invitation), shown in the site and, if they want it, emailed. A notice is
done when its subject is acted on (notices.sending.settle) or when the person marks it done."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Kind(models.TextChoices):
    JOIN_REQUEST = "join_request", "A school asks to join an alliance you lead"
    JOIN_DECISION = "join_decision", "The decision on your school's request to join an alliance"
    MEMORANDUM_TO_SIGN = "memorandum_to_sign", "A memorandum of understanding for your school to sign"
    AGREEMENT_TO_SIGN = "agreement_to_sign", "An agreement between lead schools for your school to sign"
    DESIGNATION_DECISION = "designation_decision", "A decision on your school's teaching school designation"
    DESIGNATION_REVIEW = "designation_review", "A review of your school's designation, or the Council asking for evidence"
    LEAD_INVITATION = "lead_invitation", "An invitation for your school to co-lead an alliance"
    NETWORK_INVITATION = "network_invitation", "An invitation for your alliance to join a network, or a request to join yours"
    ACT_FOR_REQUEST = "act_for_request", "Someone asks to act for a school or organisation you lead"
    ACT_FOR_DECISION = "act_for_decision", "The decision on your request to act for a school or organisation"
    LEAD_END_PROPOSAL = "lead_end_proposal", "A proposal to end a lead school's role in your alliance"
    BOOKING_TO_APPROVE = "booking_to_approve", "A booking by your school's staff waits for your approval"
    BOOKING_NEWS = "booking_news", "News of your programme booking: approved, refused or given a place from the waiting list"
    SUPPORT_DISPUTED = "support_disputed", "A supported school disputes the record of support your alliance gave"
    RETURN_TO_SIGN = "return_to_sign", "An annual return for your lead school to sign off"
    SLE_CONSENT = "sle_consent", "A teacher at your school asks your consent to apply as a specialist leader of education"
    SLE_TO_ASSESS = "sle_to_assess", "An application to be a specialist leader of education for your teaching school to assess"
    SLE_DECISION = "sle_decision", "News of your application or designation as a specialist leader of education"
    DEPLOYMENT_TO_RELEASE = "deployment_to_release", "A school asks your school to release one of its SLEs or its expertise for a deployment"
    DEPLOYMENT_NEWS = "deployment_news", "News of a deployment your school receives, gives or brokers: released, not released, agreed or cancelled"
    DEPLOYMENT_REPORT_TO_CONFIRM = (
        "deployment_report_to_confirm", "A final report on support your school received waits for you to confirm its impact"
    )
    DEPLOYMENT_CONFIRMED = "deployment_confirmed", "A school confirms the impact of support you gave, or your school gave or brokered"


# Everything is on until the person turns it off: each kind either asks them to act (decide,
# sign, answer, send evidence) or tells them the answer they are waiting for.
EMAILED_BY_DEFAULT = {kind: True for kind in Kind.values}


class Notice(models.Model):
    Kind = Kind

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    text = models.CharField(max_length=400)
    link = models.CharField(max_length=400, help_text="A path on this site, such as /alliances/yours/.")
    # The item it is about, so that acting on the item settles every notice about it.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "done_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None


class EmailChoice(models.Model):
    """A person's choice for one kind; with no row, EMAILED_BY_DEFAULT decides."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choices")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    wants_email = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_choice_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.wants_email else 'off'}"


def wants_email(users, kind):
    """Ids of the users who want email of this kind."""
    ids = {user.pk for user in users}
    chosen = dict(EmailChoice.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "wants_email"))
    return {pk for pk in ids if chosen.get(pk, EMAILED_BY_DEFAULT[kind])}


def choices_of(user):
    """{kind: wants email} for every kind, defaults filled in."""
    chosen = dict(EmailChoice.objects.filter(user=user).values_list("kind", "wants_email"))
    return {kind: chosen.get(kind, EMAILED_BY_DEFAULT[kind]) for kind in Kind.values}


def choose(user, wanted):
    """Store the person's choice for every kind: those in `wanted` on, the rest off."""
    for kind in Kind.values:
        EmailChoice.objects.update_or_create(user=user, kind=kind, defaults={"wants_email": kind in wanted})


FOR_YOU_OPEN, FOR_YOU_DONE = 10, 5


def for_you(user):
    """The landing page's list: (the newest open notices, whether there are more, the latest done)."""
    open_notices = list(user.notices.filter(done_at__isnull=True)[: FOR_YOU_OPEN + 1])
    done = list(user.notices.filter(done_at__isnull=False).order_by("-done_at", "-id")[:FOR_YOU_DONE])
    return open_notices[:FOR_YOU_OPEN], len(open_notices) > FOR_YOU_OPEN, done
