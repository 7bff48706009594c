"""What the platform holds about one person, gathered for them to download.

Found by walking every relation that points at the user model, hidden ones (`related_name="+"`:
signatures, decisions, simple-history's `history_user`) included, so a model another app adds
later appears here without edits. Each related model is read in one query, whichever of its
fields name the person. Nothing is left out quietly: what is withheld is listed, with why."""
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from accounts.models import User

# Fields kept but never shown, by model label and field name, with the reason the file gives.
WITHHELD_FIELDS = {
    "accounts.user": {
        "password": "Your password is kept only as a one-way hash, which checks the password you type. "
        "It is not shown: it cannot be turned back into your password, and anyone holding it could try to guess it.",
    },
    "mfa.authenticator": {
        "data": "The secret your authenticator app shares with us, and your recovery codes, are kept so we can "
        "check your codes. They are not shown: anyone holding them could sign in as you.",
    },
}
SESSIONS_WITHHELD = (
    "The keys and contents of your sign-ins (sessions) are not shown: anyone holding a key could use it to "
    "be signed in as you. Each sign-in's expiry is listed under \"sign_ins\"."
)
DATABASE_SESSIONS = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")


def relations_to_people():
    """Every model with a foreign key, one-to-one or many-to-many pointing at the user model, and
    the names of those fields, as {model: [field names]} (hidden relations included)."""
    found = {}
    for relation in User._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete:
            found.setdefault(relation.related_model, []).append(relation.field.name)
    return found


def models_naming_addresses():
    """Models (the account's own address tables aside) with an email field: invitations sent to
    the person's address, an alliance's public contact, and whatever apps add later."""
    found = {}
    for model in apps.get_models():
        if model is User or model._meta.label_lower == "account.emailaddress":
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]
        if names:
            found[model] = names
    return found


def _value(value):
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (bytes, memoryview)):
        return f"({len(bytes(value))} bytes of binary data)"
    return value


def _row(obj, withheld):
    """An object's concrete fields (foreign keys as the id they hold), less the withheld ones."""
    return {
        field.attname: _value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in withheld
    }


def _records(user):
    records = {}
    for model, field_names in sorted(relations_to_people().items(), key=lambda item: item[0]._meta.label_lower):
        withheld = WITHHELD_FIELDS.get(model._meta.label_lower, {})
        keys = [name for name in field_names if not model._meta.get_field(name).many_to_many]
        grouped = {name: [] for name in field_names}
        if keys:
            # One query whichever of the model's foreign keys name the person.
            where = Q()
            for name in keys:
                where |= Q(**{name: user})
            for obj in model._default_manager.filter(where).order_by("pk"):
                data = _row(obj, withheld)
                for name in keys:
                    if getattr(obj, model._meta.get_field(name).attname) == user.pk:
                        grouped[name].append(data)
        for name in field_names:
            if name not in keys:  # a many-to-many from another model: its rows linked to the person
                grouped[name] = [_row(obj, withheld) for obj in model._default_manager.filter(**{name: user}).order_by("pk")]
        records[model._meta.label_lower] = grouped
    return records


def _records_naming(addresses):
    """Rows whose email fields hold one of the person's addresses, in any case."""
    found = {}
    if not addresses:
        return found
    for model, field_names in sorted(models_naming_addresses().items(), key=lambda item: item[0]._meta.label_lower):
        where = Q()
        for name in field_names:
            for address in addresses:
                where |= Q(**{f"{name}__iexact": address})
        rows = list(model._default_manager.filter(where).order_by("pk"))
        if not rows:
            continue

        withheld = WITHHELD_FIELDS.get(model._meta.label_lower, {})
        found[model._meta.label_lower] = {
            name: [_row(obj, withheld) for obj in rows if (getattr(obj, name) or "").lower() in addresses]
            for name in field_names
        }
    return found


def sessions_of(user):
    """The stored sign-ins (sessions) of this person, when sessions live in the database. Sessions
    are not linked to people by a column, so each unexpired one is read."""
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
        return []
    signed_in = str(user.pk)
    live = Session.objects.filter(expire_date__gt=timezone.now()).order_by("expire_date")
    return [session for session in live.iterator() if str(session.get_decoded().get("_auth_user_id")) == signed_in]


def withheld_list():
    listed = [
        {"what": f"{label}.{field}", "why": why} for label, fields in WITHHELD_FIELDS.items() for field, why in fields.items()
    ]
    return listed + [{"what": "sessions", "why": SESSIONS_WITHHELD}]


def everything_about(user):
    """Everything held about the person, as plain data ready for JSON (DjangoJSONEncoder writes
    dates and times as ISO 8601)."""
    account = _row(user, WITHHELD_FIELDS["accounts.user"])
    account["password"] = "kept as a one-way hash; not shown (see \"withheld\")"
    addresses = {user.email.lower()} | {
        address.lower() for address in user.emailaddress_set.values_list("email", flat=True)
    }
    return {
        "about": (
            "Everything the Teaching school alliances platform holds about you. \"records\" lists every row that "
            "points at your account, by the kind of record (app.model) and by the field that names you; ids in "
            "other fields point at schools, alliances, other records or other people's accounts."
        ),
        "exported_at": timezone.now(),
        "account": account,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "sign_ins": [{"expires_at": session.expire_date} for session in sessions_of(user)],
        "records": _records(user),
        "records_naming_your_email_address": _records_naming(addresses),
        "withheld": withheld_list(),
    }


class Encoder(DjangoJSONEncoder):
    """Dates as ISO strings (DjangoJSONEncoder); anything else it does not know, as text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)
