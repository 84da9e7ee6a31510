"""On SQLite, an index holding the four columns a text query's facet counts read, so that those
counts read the index alone (the record's row holds its body too). PostgreSQL reads them from
the row its full-text match has just read."""

from django.db import migrations

from search.migrations._facet_index import create, drop


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_signatures")]

    operations = [migrations.RunPython(create, drop)]
