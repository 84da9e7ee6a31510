"""Each record's meaning (search/semantic.py) and what it was worked out from.

On SQLite, adding a column with a default (or removing it, going back) makes Django copy the
table anew, which drops the index `0005_facet_signatures_index` made by hand: it is made again
either way."""

from django.db import migrations, models

from search.migrations import _facet_index


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0012_thesaurus_parents_and_staff_words"),
    ]

    operations = [
        # Going back, this runs last: after the columns have gone.
        migrations.RunPython(migrations.RunPython.noop, _facet_index.create),
        migrations.AddField(
            model_name="practicerecord",
            name="meaning",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="practicerecord",
            name="meaning_digest",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(_facet_index.create, migrations.RunPython.noop),
    ]
