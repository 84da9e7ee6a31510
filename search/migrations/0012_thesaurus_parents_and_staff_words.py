"""About 680 more everyday phrases, written by parents' and staff-room words without sight of
any query ("worried sick", "ehcp not being followed", "class wont settle", "velcro ta"), and
25 new entries (home to school transport, waiting for a diagnosis, homelessness, child to
parent violence, dual registration, staffing ratios, short breaks, home tuition...). Like
every thesaurus migration it loads the whole shipped thesaurus again: what staff wrote is
kept, and a shipped term staff had deleted comes back."""

from django.db import migrations

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0011_thesaurus_longer_entries")]

    operations = [migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop)]
