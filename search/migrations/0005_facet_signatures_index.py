"""On SQLite, an index holding the four columns a text query's facet counts read, so that those
counts read the index alone (the record's row holds its body too). PostgreSQL reads them from
the row its full-text match has just read."""

from django.db import migrations

INDEX = "practice_facet_signatures"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cms_practicerecord "
            "(id, record_signature, school_signature, element_ids, tags)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_signatures")]

    operations = [migrations.RunPython(create, drop)]
