"""The shipped thesaurus again, for the everyday phrases added across its groups ("blind",
"hurting themselves", "being sent home", "dinner time"). Loading adds each missing phrase to
the entry that has its group's other terms and keeps what staff wrote."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0005_facet_signatures_index")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
