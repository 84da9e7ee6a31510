"""IQM's ten-to-eight element mapping, shipped: added on a network whose frameworks are
already loaded (a new network gets it when `load_frameworks` runs)."""

import json

from django.db import migrations

from network.frameworks import DEFAULT_FILE
from practice.mappings import load_element_mappings


def ship(apps, schema_editor):
    with open(DEFAULT_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    load_element_mappings(
        data, apps.get_model("network", "Element"), apps.get_model("practice", "ElementMapping")
    )


class Migration(migrations.Migration):
    dependencies = [("practice", "0006_updates_join_their_cycle")]

    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
