"""The shipped thesaurus again, for the languages parents name when they say their child
speaks another at home ("we speak Polish at home"): each joins English as an additional
language. Loading adds each missing phrase to the entry that has its group's other terms and
keeps what staff wrote."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0008_thesaurus_third_everyday_phrases")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
