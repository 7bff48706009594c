"""Writing many rows at national scale.

Django's bulk_create and bulk_update build one SQL statement per small batch (SQLite allows 999
parameters a statement, so about 27 schools), and compiling those statements took most of a
national import. One prepared INSERT or UPDATE run with the driver's executemany (and COPY on
PostgreSQL) does the same work several times faster. Callers pass plain field values; dates are
adapted here the way Django would adapt them.
"""
from django.db import connection, models

BATCH_ROWS = 5000


def in_slices(values, size=BATCH_ROWS):
    """Sorted slices of `values`, for `__in` filters: SQLite limits how many values a query carries."""
    ordered = sorted(values)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _column_adapters(model, field_names):
    adapters = []
    for name in field_names:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateTimeField):
            adapters.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapters.append(connection.ops.adapt_datefield_value)
        else:
            adapters.append(None)
    return adapters


def _adapted(rows, adapters):
    if not any(adapters):
        return rows
    return [
        tuple(value if adapt is None or value is None else adapt(value) for value, adapt in zip(row, adapters))
        for row in rows
    ]


def _columns(model, field_names):
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in field_names]


def insert_rows(model, field_names, rows):
    """INSERT each tuple of values (in field_names order) as a new row of model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's own bulk load, and psycopg adapts each value as it writes it.
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(_columns(model, field_names))}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(field_names))
    sql = f"INSERT INTO {table} ({', '.join(_columns(model, field_names))}) VALUES ({placeholders})"
    _execute_in_batches(sql, rows, _column_adapters(model, field_names))


def update_rows(model, field_names, rows):
    """UPDATE rows by primary key: each tuple is (values in field_names order..., pk)."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, field_names))
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    _execute_in_batches(sql, rows, [*_column_adapters(model, field_names), None])


def _execute_in_batches(sql, rows, adapters):
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_ROWS):
            cursor.executemany(sql, _adapted(rows[start : start + BATCH_ROWS], adapters))
