"""The version of the public data, and caches keyed on it.

Pages for visitors and summaries (the finder's, the search form's choices) are built from the
registry and the alliances, which change rarely: by imports, and by leads and the Council. Every
saved or deleted row of those apps replaces one stored token (`DataVersion`), so anything cached
under the token it was built with is never read again once something changes, in every server
process, without telling each process's cache. Importers replace it too: they record an
`ImportRun`, which is a saved row like any other. A token is random rather than a count: a change
rolled back takes its token with it, and a count would give the next change the same number
again, with whatever was cached meanwhile from the data rolled back.
"""
import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

# The apps whose data visitors' pages and cached summaries show. Sessions, accounts and history
# rows change on every sign-in or edit and are never part of a cached page.
PUBLIC_DATA_APPS = ("registry", "alliances")

# Long enough that visitors mostly get cached pages; short enough that memory is handed back.
CACHE_SECONDS = 600


def current():
    """The stored token; empty before anything has been saved."""
    from registry.models import DataVersion

    return DataVersion.objects.values_list("token", flat=True).first() or ""


def bump():
    from registry.models import DataVersion

    token = uuid.uuid4().hex
    if not DataVersion.objects.filter(pk=1).update(token=token):
        DataVersion.objects.update_or_create(pk=1, defaults={"token": token})


def cached(name, compute, version=None):
    """compute(), kept in the cache until the data changes. `version` saves a query when the
    caller has already read it."""
    key = f"data:{version if version is not None else current()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _changed(sender, **kwargs):
    from registry.models import DataVersion

    if sender is not DataVersion and sender._meta.app_label in PUBLIC_DATA_APPS and not kwargs.get("raw"):
        # Replaced inside the change's own transaction: other processes see the new token only
        # when they can also see the new data.
        bump()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _changed(sender)


def connect():
    """Called once from RegistryConfig.ready()."""
    post_save.connect(_changed, dispatch_uid="data_version_saved")
    post_delete.connect(_changed, dispatch_uid="data_version_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="data_version_m2m")

