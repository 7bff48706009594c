"""Telling people what needs them: `tell` records a notice for each person and emails those who
want that kind; `settle` marks the notices about an item done once it is acted on.

Email goes after the transaction commits, so an action that is rolled back sends nothing. A mail
server that refuses is logged and skipped (robust on_commit): the action stands, and the notice
is still in the site, without emailed_at."""
import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Affiliation, User
from notices.models import Kind, Notice, wants_email

logger = logging.getLogger(__name__)


def people_of(schools, exclude=()):
    """The active leaders and business managers of these schools: the people who commit them."""
    school_ids = [school.pk for school in schools]
    return list(
        User.objects.filter(
            is_active=True,
            affiliations__school_id__in=school_ids,
            affiliations__role__in=(Affiliation.Role.LEADER, Affiliation.Role.BUSINESS_MANAGER),
        )
        .exclude(pk__in=[user.pk for user in exclude])
        .distinct()
    )


def absolute(link):
    return settings.SITE_URL.rstrip("/") + link


# Set while notices are written for records made in bulk (the demo's): in the site, not emailed.
_without_email = contextvars.ContextVar("notices_without_email", default=False)


def email_held():
    """Whether email is held back (inside without_email): for senders outside `tell` too."""
    return _without_email.get()


@contextmanager
def without_email():
    token = _without_email.set(True)
    try:
        yield
    finally:
        _without_email.reset(token)


def tell(recipients, kind, subject_obj, text, link, detail=""):
    """A notice for each recipient (users, once each); email after commit for those who want it.
    `detail` is extra text for the email only, such as the reason for a decision."""
    recipients = list({user.pk: user for user in recipients}.values())
    if not recipients:
        return []
    subject_type = ContentType.objects.get_for_model(subject_obj)
    notices = Notice.objects.bulk_create(
        Notice(recipient=user, kind=kind, text=text[:400], link=link, subject_type=subject_type, subject_id=subject_obj.pk)
        for user in recipients
    )
    emailed = wants_email(recipients, kind)
    to_email = [notice for notice in notices if notice.recipient_id in emailed]
    if to_email and not _without_email.get():
        transaction.on_commit(lambda: _email(to_email, detail), robust=True)
    return notices


def _email(notices, detail):
    for notice in notices:
        body = render_to_string(
            "notices/email/notice.txt",
            {
                "notice": notice,
                "detail": detail,
                "link": absolute(notice.link),
                "choices_link": absolute(reverse("notices:email-choices")),
            },
        )
        try:
            send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notice.text, body, None, [notice.recipient.email])
        except Exception:  # one refused address must not stop the others
            logger.exception("Could not email notice %s", notice.pk)
            continue
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def settle(subject_obj, kinds=None, recipients=None):
    """Mark open notices about this item (or these, a queryset) done: of these kinds, for these
    people (default: all)."""
    if isinstance(subject_obj, QuerySet):
        about = {"subject_type": ContentType.objects.get_for_model(subject_obj.model), "subject_id__in": subject_obj.values("pk")}
    else:
        about = {"subject_type": ContentType.objects.get_for_model(subject_obj), "subject_id": subject_obj.pk}
    notices = Notice.objects.filter(done_at__isnull=True, **about)
    if kinds is not None:
        notices = notices.filter(kind__in=kinds)
    if recipients is not None:
        notices = notices.filter(recipient__in=[user.pk for user in recipients])
    return notices.update(done_at=timezone.now())


def mark_done(user, notice_id):
    """The person marks one of their own notices done. None when it is not theirs."""
    notice = Notice.objects.filter(pk=notice_id, recipient=user).first()
    if notice is not None and notice.done_at is None:
        notice.done_at = timezone.now()
        notice.save(update_fields=["done_at"])
    return notice


__all__ = ["Kind", "absolute", "email_held", "mark_done", "people_of", "settle", "tell"]
