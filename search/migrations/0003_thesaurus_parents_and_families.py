"""The shipped thesaurus again, for the entries added since it was first loaded ("parents" and
"families" as one concept). Loading adds what is missing and keeps what staff wrote."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0002_practice_record_school_context")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
