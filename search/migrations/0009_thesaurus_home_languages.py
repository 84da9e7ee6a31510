"""The shipped thesaurus again, for the languages parents name when they say their child
speaks another at home ("we speak Polish at home"): each joins English as an additional
language. Loading adds each missing phrase to the entry that has its group's other terms and
keeps what staff wrote."""

from django.db import migrations


def load_thesaurus(apps, schema_editor):
    from search import thesaurus

    thesaurus.load(apps.get_model("search", "SearchSynonym"))


class Migration(migrations.Migration):
    dependencies = [("search", "0008_thesaurus_third_everyday_phrases")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
