"""The database engine's full-text index (per database) and the sector's synonyms to start with."""

from django.db import migrations

SYNONYMS = [
    ("SEND, SEN, special educational needs, special educational needs and disabilities", ""),
    ("EAL, English as an additional language", ""),
    ("ASD, autism, autistic, autism spectrum disorder", ""),
    ("SEMH, social emotional and mental health", ""),
    ("TA, teaching assistant, teaching assistants", ""),
    ("PP, pupil premium", ""),
    ("FSM, free school meals", ""),
    ("ELSA, emotional literacy support assistant", ""),
]


def create_fulltext(apps, schema_editor):
    from search.fulltext import create_index

    create_index(schema_editor)


def drop_fulltext(apps, schema_editor):
    from search.fulltext import drop_index

    drop_index(schema_editor)


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("cms", "SearchSynonym")
    for terms, note in SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_practice_search")]

    operations = [
        migrations.RunPython(create_fulltext, drop_fulltext),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
