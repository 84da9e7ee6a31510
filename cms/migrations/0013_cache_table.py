from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The database cache's table (production without REDIS_URL), wherever `migrate` runs.

    createcachetable does nothing for other caches, and nothing when the table exists;
    bin/serve runs it again at each start (in case CACHE_TABLE changed)."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cms", "0012_email_as_tasks")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
