"""The shipped thesaurus again, for the entries added since it was first loaded ("parents" and
"families" as one concept). Loading adds what is missing and keeps what staff wrote."""

from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from search import thesaurus

    thesaurus.load(apps.get_model("search", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_practice_record_school_context")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
