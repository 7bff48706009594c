"""On PostgreSQL, a trigram index on the schools' search text, so a search for a rarer word
("Middlesbrough") reads the few schools that hold it instead of every school (24 ms to under 1 ms
on the national demo). pg_trgm is a trusted extension: the database's owner may create it. SQLite
has no such index and needs none: it reads the narrow (status, search text) index instead."""
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS school_search_trigram ON registry_school USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS school_search_trigram")


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_data_version_and_search_index")]

    operations = [migrations.RunPython(create, drop)]
