"""The version of the public data, and caches keyed on it.

Pages for visitors and summaries (the finder's, the search form's choices) are built from the
registry and the alliances, which change rarely: by imports, and by leads and the Council. When a
transaction that saved or deleted rows of those apps commits, one stored token (`DataVersion`) is
replaced, so anything cached under the old token is never read again, in every server process,
without telling each process's cache. Importers replace it too: they record an `ImportRun`, a
saved row like any other.

The token is replaced after the commit, not inside the transaction: inside, every writer would
hold a lock on the one row until it committed, so two writers could wait on each other. Until it
commits, a transaction's own reads use a key of their own (the token and a mark of its pending
changes), so it never sees what it cached before its changes, and nobody else sees what it
caches from data that may yet be rolled back.
"""
import uuid

from django.core.cache import caches
from django.core.signals import request_started
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# What visitors' pages and kept summaries show: every model of these apps, or only those named.
# Sessions, accounts, history rows and bookings change all the time and are never on a kept page;
# of delivery, the programmes an alliance's profile lists and what its delivery summary reads
# (delivery/templatetags/reviews.py: the ledger, success criteria and the KPIs' records).
PUBLIC_DATA = {
    "registry": None,
    "alliances": None,
    "delivery": {
        "programme", "programme_led_by", "session",
        "contribution", "successcriterion", "traineecohort", "trainee", "nationalrate", "evaluation", "supportassignment",
    },
}


def _is_public(model):
    models = PUBLIC_DATA.get(model._meta.app_label, ())
    return models is None or model._meta.model_name in models


# Long enough that visitors mostly get kept pages; short enough that memory is handed back.
CACHE_SECONDS = 600


def current(using="default"):
    """The key part for data as this connection sees it: the stored token (empty before anything
    was saved), with the mark of this transaction's uncommitted changes if it has any."""
    from registry.models import DataVersion

    token = DataVersion.objects.using(using).values_list("token", flat=True).first() or ""
    connection = connections[using]
    pending = getattr(connection, "data_changes_pending", None)
    if pending and connection.in_atomic_block:
        return f"{token}+{pending}"
    return token


def bump(using="default"):
    from registry.models import DataVersion

    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).filter(pk=1).update(token=token):
        DataVersion.objects.using(using).update_or_create(pk=1, defaults={"token": token})


def cached(name, compute, version=None):
    """compute(), kept in the cache until the data changes. `version` saves a query when the
    caller has already read it."""
    key = f"data:{version if version is not None else current()}:{name}"
    value = caches["pages"].get(key)
    if value is None:
        value = compute()
        caches["pages"].set(key, value, CACHE_SECONDS)
    return value


def _changed(sender, using="default", **kwargs):
    from registry.models import DataVersion

    if sender is DataVersion or not _is_public(sender) or kwargs.get("raw"):
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        bump(using)
        return
    connection.data_changes_pending = uuid.uuid4().hex
    # One replacement for the whole transaction, however many rows it writes.
    if not any(getattr(func, "replaces_data_version", False) for _, func, _ in connection.run_on_commit):

        def committed():
            connection.data_changes_pending = None
            bump(using)

        committed.replaces_data_version = True
        transaction.on_commit(committed, using=using)


def _m2m_changed(sender, action, using="default", **kwargs):
    if action.startswith("post_"):
        _changed(sender, using=using)


def _forget_pending(**kwargs):
    """A transaction rolled back leaves its mark on the connection: each request starts clean.
    (A connection already in a transaction when a request starts is a test's, which the test's
    requests must keep seeing.)"""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.data_changes_pending = None


def connect():
    """Called once from RegistryConfig.ready()."""
    post_save.connect(_changed, dispatch_uid="data_version_saved")
    post_delete.connect(_changed, dispatch_uid="data_version_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="data_version_m2m")
    request_started.connect(_forget_pending, dispatch_uid="data_version_request_started")
