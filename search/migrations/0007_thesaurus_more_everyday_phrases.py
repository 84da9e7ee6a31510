"""The shipped thesaurus again, for a second set of everyday phrases ("passed away", "looks
after her mum", "no one to play with", "always off school", "working below the national
curriculum"). Loading adds each missing phrase to the entry that has its group's other terms
and keeps what staff wrote."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0006_thesaurus_everyday_phrases")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
