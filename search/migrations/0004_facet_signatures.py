"""Facet signatures on the record: the ids of its elements as text (written with its element
links), and its single-valued facets in two columns the database computes from its own. A text
query's facet counts read these four short columns of its matches (search/engines/database.py)."""

import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models


def fill_element_ids(apps, schema_editor):
    PracticeRecord = apps.get_model("search", "PracticeRecord")
    RecordElement = apps.get_model("search", "RecordElement")
    linked = {}
    for record_id, element_id in RecordElement.objects.values_list("record_id", "element_id"):
        linked.setdefault(record_id, []).append(element_id)
    changed = [
        PracticeRecord(pk=pk, element_ids=",".join(str(i) for i in sorted(ids)))
        for pk, ids in linked.items()
    ]
    PracticeRecord.objects.bulk_update(changed, ["element_ids"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_thesaurus_parents_and_families'),
    ]

    operations = [
        migrations.AddField(
            model_name='practicerecord',
            name='element_ids',
            field=models.CharField(blank=True, default='', editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name='practicerecord',
            name='record_signature',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Concat(models.F('kind'), models.Value('\x1f'), models.F('evidence_stage'), models.Value('\x1f'), models.F('outcome'), models.Value('\x1f'), django.db.models.functions.comparison.Cast('year', models.TextField()), models.Value('\x1f'), models.F('scheme'), output_field=models.TextField()), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='practicerecord',
            name='school_signature',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Concat(models.F('phase'), models.Value('\x1f'), models.F('provision'), models.Value('\x1f'), models.F('region'), models.Value('\x1f'), models.F('local_authority'), models.Value('\x1f'), models.F('cluster_slug'), output_field=models.TextField()), output_field=models.TextField()),
        ),
        migrations.RunPython(fill_element_ids, migrations.RunPython.noop),
    ]
