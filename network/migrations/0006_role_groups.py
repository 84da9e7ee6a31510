"""The network-wide roles, set up once: "Scheme staff" (admin access, schemes, frameworks,
awards and assessor assignments, every page to add, edit and publish, documents and images
everywhere, groups to read in the site history) and "Assessors" (admin access; what they
read follows from their assignments). School editors' groups are made with each school.

Until now this ran after every `migrate` (post_migrate), which on a fresh database came
before some permissions existed, so a second `migrate` was needed."""

from django.db import migrations

from network.migration_setup import child_collection, make_permissions, permissions

SCHEME_STAFF = "Scheme staff"
ASSESSORS = "Assessors"
SHARED_COLLECTION = "Shared documents and images"
STAFF_PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
STAFF_NETWORK_MODELS = [
    "scheme",
    "awardlevel",
    "frameworkversion",
    "element",
    "award",
    "assessorassignment",
]
STAFF_MEDIA = {
    "wagtaildocs": ["add_document", "change_document", "choose_document", "delete_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
}


def set_up_roles(apps, schema_editor):
    make_permissions(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    SchoolPage = apps.get_model("network", "SchoolPage")

    admin_access = permissions(apps, "wagtailadmin", ["access_admin"])
    staff, _ = Group.objects.get_or_create(name=SCHEME_STAFF)
    staff.permissions.add(
        *admin_access,
        *permissions(apps, "network", models=STAFF_NETWORK_MODELS),
        *permissions(apps, "auth", ["view_group"]),
    )
    assessors, _ = Group.objects.get_or_create(name=ASSESSORS)
    assessors.permissions.add(*admin_access)

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for permission in permissions(
            apps, "wagtailcore", [f"{name}_page" for name in STAFF_PAGE_PERMISSIONS]
        ):
            GroupPagePermission.objects.get_or_create(
                group=staff, page=root_page, permission=permission
            )

    root, shared = child_collection(apps, SHARED_COLLECTION)
    if root is None:
        return
    for app_label, codenames in STAFF_MEDIA.items():
        for permission in permissions(apps, app_label, codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=staff, collection=root, permission=permission
            )
    # School editors once held their media permissions on the root collection, which
    # reaches every school's private evidence below it: they belong on the shared one.
    editors = SchoolPage.objects.exclude(editors_group=None).values("editors_group_id")
    on_root = GroupCollectionPermission.objects.filter(collection=root, group_id__in=editors)
    for grant in on_root:
        GroupCollectionPermission.objects.get_or_create(
            group_id=grant.group_id, collection=shared, permission_id=grant.permission_id
        )
    on_root.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_school_context_and_support_offer"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
