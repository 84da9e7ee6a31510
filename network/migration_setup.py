"""Helpers for the data migrations that set up roles and review, written against the
historical models a migration is given (never the current ones), so that they keep working
as the models change."""

from django.contrib.auth.management import create_permissions

STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_permissions(apps, schema_editor):
    """Django makes permissions after the last migration (post_migrate); a data migration
    that grants them needs them now. Safe to run again: existing ones are kept."""
    from django.apps import apps as global_apps

    for config in global_apps.get_app_configs():
        try:
            apps.get_app_config(config.label)
        except LookupError:
            continue
        create_permissions(config, verbosity=0, using=schema_editor.connection.alias, apps=apps)


def permissions(apps, app_label, codenames=None, models=None):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(content_type__app_label=app_label)
    if codenames is not None:
        found = found.filter(codename__in=codenames)
    if models is not None:
        found = found.filter(content_type__model__in=models)
    return list(found)


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def child_collection(apps, name):
    """The root collection's child called `name`, added the way treebeard would add it."""
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return None, None
    children = Collection.objects.filter(depth=2, path__startswith=root.path)
    existing = children.filter(name=name).first()
    if existing is not None:
        return root, existing
    last = children.order_by("-path").first()
    number = int(last.path[-STEP:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, depth=2, path=root.path + _step(number), numchild=0
    )
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    return root, child


def group_approval_task(apps, name, groups):
    """A Wagtail group approval task, made through the historical models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=name, active=True, content_type=content_type)
    task.groups.add(*groups)
    return task


def workflow(apps, name, tasks):
    """A workflow of these tasks, in this order; an existing one keeps the tasks it has."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    found, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if created:
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=found, task_id=task.pk, sort_order=order)
    return found
