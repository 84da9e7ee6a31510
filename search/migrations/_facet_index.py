"""The SQLite index of the four columns a text query's facet counts read (migration 0005), to
be made again by any migration after which Django has copied the records' table anew."""

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
