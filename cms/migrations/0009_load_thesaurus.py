"""The shipped sector thesaurus (search/data/thesaurus.json), added to what staff have.

Its own migration, after the one that makes the table of broader and narrower links, so that
the links are written to a table whose unique index already exists (PostgreSQL creates it at
the end of the migration that adds the table)."""

from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from search import thesaurus

    thesaurus.load(apps.get_model("cms", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_search_thesaurus")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
