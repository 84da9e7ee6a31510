"""The shipped thesaurus again, for the terms added since ("no english" beside "new to english").
Loading adds what is missing and keeps what staff wrote."""

from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from search import thesaurus

    thesaurus.load(apps.get_model("search", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_thesaurus_parents_and_families")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
