"""Scheme staff edit each scheme's cycles in the admin (Network → Cycles), and an assessor is
assigned to a school "for every scheme" once."""

from django.conf import settings
from django.db import migrations, models

from network.migration_setup import make_permissions, permissions

CYCLE_MODELS = ["process", "processstage", "reportsection", "processoutcome"]


def let_staff_edit_cycles(apps, schema_editor):
    make_permissions(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    staff = Group.objects.filter(name="Scheme staff").first()
    if staff is not None:
        staff.permissions.add(*permissions(apps, "network", models=CYCLE_MODELS))


def one_assignment_for_every_scheme(apps, schema_editor):
    """Twice the same "for every scheme" assignment (possible since 0008): keep the first."""
    Assignment = apps.get_model("network", "AssessorAssignment")
    seen = set()
    for row in Assignment.objects.filter(scheme__isnull=True).order_by("pk"):
        key = (row.school_id, row.assessor_id)
        if key in seen:
            row.delete()
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_quality_mark_processes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(one_assignment_for_every_scheme, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="assessorassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scheme__isnull", True)),
                fields=("school", "assessor"),
                name="unique_assessor_school_every_scheme",
            ),
        ),
        migrations.RunPython(let_staff_edit_cycles, migrations.RunPython.noop),
    ]
