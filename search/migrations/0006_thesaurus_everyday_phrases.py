"""The shipped thesaurus again, for the everyday phrases added across its groups ("blind",
"hurting themselves", "being sent home", "dinner time"). Loading adds each missing phrase to
the entry that has its group's other terms and keeps what staff wrote."""

from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from search import thesaurus

    thesaurus.load(apps.get_model("search", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facet_signatures_index")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
