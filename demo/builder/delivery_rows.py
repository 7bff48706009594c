"""Writing the delivery years' rows fast: ids given here, so children know their parents' ids
before anything is written, then one prepared INSERT a table (COPY on PostgreSQL) through
registry/importers/bulk_sql.py, with simple-history's rows written the same way. Django's
bulk_create compiled a statement for every few dozen rows, which took most of the build
(about 50 of its 90 seconds under the profiler at the national size).

Only for a build that holds the database to itself (load_demo, the benchmark's build): the ids
are the table's highest plus one, and PostgreSQL's sequences are moved past them at the end."""
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from registry.importers.bulk_sql import insert_rows


class Ids:
    """The next free id of each table, read once."""

    def __init__(self):
        self.next = {}

    def take(self, model, count):
        if model not in self.next:
            highest = model._default_manager.aggregate(highest=models.Max("pk"))["highest"] or 0
            self.next[model] = highest + 1
        first = self.next[model]
        self.next[model] += count
        return range(first, first + count)

    def reset_sequences(self):
        """PostgreSQL hands out ids from a sequence, which knows nothing of the ids given here."""
        if connection.vendor != "postgresql" or not self.next:
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.next)):
                cursor.execute(sql)


def _value(obj, field):
    value = getattr(obj, field.attname)
    if value is not None and isinstance(field, models.TimeField) and connection.vendor == "sqlite":
        value = connection.ops.adapt_timefield_value(value)
    return value


def write(model, objects, ids, *, history, now=None):
    """Insert the objects (ids given first), and a '+' history row for each when asked."""
    now = now or timezone.now()
    for obj, pk in zip(objects, ids.take(model, len(objects))):
        obj.pk = pk
        for field in model._meta.concrete_fields:  # a parent's id, now that it has one
            if field.is_relation and getattr(obj, field.attname) is None and field.is_cached(obj):
                parent = field.get_cached_value(obj)
                if parent is not None:
                    setattr(obj, field.attname, parent.pk)
            elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add) and getattr(obj, field.attname) is None:
                setattr(obj, field.attname, now)
    fields = model._meta.concrete_fields
    insert_rows(model, [f.attname for f in fields], [tuple(_value(obj, f) for f in fields) for obj in objects])
    if history and hasattr(model, "history"):
        _write_history(model.history.model, objects, ids, now)


def _write_history(historical, objects, ids, now):
    fields = historical._meta.concrete_fields
    made = {"history_type": "+", "history_change_reason": None, "history_user_id": None}
    rows = []
    for obj, history_id in zip(objects, ids.take(historical, len(objects))):
        row = []
        for field in fields:
            if field.attname == "history_id":
                row.append(history_id)
            elif field.attname == "history_date":
                row.append(getattr(obj, "_history_date", now))
            elif field.attname in made:
                row.append(made[field.attname])
            else:
                row.append(_value(obj, field))
        rows.append(tuple(row))
    insert_rows(historical, [f.attname for f in fields], rows)
