"""People at a school who read the network without editing (their own page shows their school
and its clusters); scheme staff keep the list, as they keep assessor assignments."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from network.migration_setup import make_permissions, permissions


def staff_keep_school_members(apps, schema_editor):
    make_permissions(apps, schema_editor)
    staff = apps.get_model("auth", "Group").objects.filter(name="Scheme staff").first()
    if staff is not None:
        staff.permissions.add(*permissions(apps, "network", models=["schoolmember"]))


class Migration(migrations.Migration):

    dependencies = [
        ('network', '0006_role_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SchoolMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_on', models.DateField(auto_now_add=True)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='school_members', to='network.schoolpage')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='school_memberships', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'school member',
                'constraints': [models.UniqueConstraint(fields=('school', 'user'), name='unique_school_member')],
            },
        ),
        migrations.RunPython(staff_keep_school_members, migrations.RunPython.noop),
    ]
