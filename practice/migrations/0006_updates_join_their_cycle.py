"""Every annual update written before cycles were data joins its scheme's cycle.

Each scheme the network has gets the cycles shipped for it in frameworks.json.

IQM's annual update becomes the process shipped in network/data/frameworks.json (made here if
the network does not have it yet); a scheme with no process in the file gets a plain
"Annual update" process with IQM's outcomes, so no update and no review is left without one.
Nothing an update or a review holds is changed.
"""

import json

from django.db import migrations

from network.frameworks import DEFAULT_FILE, ProcessModels, load_process

OUTCOMES = [
    {"code": "ratified", "label": "Progress ratified", "effect": "renew"},
    {"code": "validated", "label": "Progress validated", "effect": "renew"},
    {"code": "further_evidence", "label": "Further evidence required", "effect": "another_round"},
]


def shipped_processes():
    with open(DEFAULT_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    return {entry["short_name"]: entry.get("processes", []) for entry in data["schemes"]}


def join(apps, schema_editor):
    Update = apps.get_model("practice", "AnnualUpdatePage")
    Scheme = apps.get_model("network", "Scheme")
    models = ProcessModels(
        apps.get_model("network", "Process"),
        apps.get_model("network", "ProcessStage"),
        apps.get_model("network", "ReportSection"),
        apps.get_model("network", "ProcessOutcome"),
        apps.get_model("network", "AwardLevel"),
        apps.get_model("network", "FrameworkVersion"),
    )
    shipped = shipped_processes()
    # Every scheme the network has gets the cycles shipped for it (as load_frameworks would
    # give them); what its levels lack here is left out until load_frameworks adds it.
    for scheme in Scheme.objects.all():
        for order, entry in enumerate(shipped.get(scheme.short_name, [])):
            load_process(scheme, entry, order, models, strict=False)
    updates = Update.objects.filter(process__isnull=True).select_related("framework__scheme")
    chosen = {}
    for update in updates:
        scheme = update.framework.scheme
        if scheme.pk not in chosen:
            entries = shipped.get(scheme.short_name, [])
            entry = next((item for item in entries if item["key"] == "annual-update"), None)
            if entry is None:
                entry = {
                    "key": f"{scheme.short_name.lower()}-annual-update",
                    "name": "Annual update",
                    "stages": [],
                    "outcomes": OUTCOMES,
                }
            load_process(scheme, entry, 0, models, strict=False)
            chosen[scheme.pk] = models.Process.objects.get(key=entry["key"]).pk
        Update.objects.filter(pk=update.pk).update(process_id=chosen[scheme.pk])
    keep_opening_by_kind(apps, models)


# What a year opened for before cycles: every level of these kinds, whatever it is called.
ANNUAL_KINDS = ("centre_of_excellence", "flagship")


def keep_opening_by_kind(apps, models):
    """An annual update cycle opens, as before, for every level of the scheme of the annual
    kinds, also those the file does not name (a network that named its levels by hand)."""
    AwardLevel = apps.get_model("network", "AwardLevel")
    through = models.Process.levels.through
    for process in models.Process.objects.all():
        if process.key != "annual-update" and not process.key.endswith("-annual-update"):
            continue
        for level in AwardLevel.objects.filter(
            scheme_id=process.scheme_id, kind__in=ANNUAL_KINDS
        ):
            through.objects.get_or_create(process_id=process.pk, awardlevel_id=level.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0005_quality_mark_cycles"),
        ("network", "0008_quality_mark_processes"),
    ]

    operations = [migrations.RunPython(join, migrations.RunPython.noop)]
