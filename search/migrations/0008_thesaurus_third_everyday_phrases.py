"""The shipped thesaurus again, for a third set of everyday phrases ("won't eat at school",
"overwhelmed in the hall", "getting picked on", "can't see the board", "bouncing off the
walls", "starting high school"). Loading adds each missing phrase to the entry that has its
group's other terms and keeps what staff wrote."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0007_thesaurus_more_everyday_phrases")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
