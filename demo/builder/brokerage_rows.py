"""Writing the demo's needs and offers, tens of thousands of them, as plain tuples: building a
model instance for each, and reading each field back off it, took most of the brokerage's time
(delivery_rows does that for rows whose parents' ids come from objects). Ids are given up front
(delivery_rows.Ids), so deployments can point at a need before it is written; each row gets its
'+' simple-history row, dated when it was recorded, as delivery_rows writes them.

Moments are naive datetimes in UTC, which is how Django stores an aware one (SQLite's text,
PostgreSQL's connection in UTC), without converting a hundred thousand of them one by one."""
from datetime import datetime, time

from registry.importers.bulk_sql import insert_rows


def utc_moment(rng, day):
    """A working hour of the day (UTC)."""
    return datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))


def write_tuples(model, names, values, ids, *, history_dates):
    """INSERT each tuple (in `names` order, `id` first) and its history row. Fields left out get
    their default, so a field added to the model later does not break the demo."""
    missing = [f for f in model._meta.concrete_fields if f.attname not in names]
    defaults = tuple(f.get_default() for f in missing)
    names = [*names, *(f.attname for f in missing)]
    values = [(*row, *defaults) for row in values]
    insert_rows(model, names, values)
    historical = model.history.model
    history_ids = ids.take(historical, len(values))
    insert_rows(
        historical, [*names, "history_id", "history_date", "history_type"],
        [(*row, history_id, when, "+") for row, history_id, when in zip(values, history_ids, history_dates)],
    )
