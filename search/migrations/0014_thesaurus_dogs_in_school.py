"""Two new entries: dogs in school (a school or reading dog, a therapy dog) and, narrower, a
pupil's assistance dog (guide, hearing, autism assistance and medical alert dogs). Like every
thesaurus migration it loads the whole shipped thesaurus again: what staff wrote is kept, and
a shipped term staff had deleted comes back."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0013_record_meaning")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
