"""Scheme staff edit the search synonym list: their group gets its permissions after migrating."""

SYNONYM_PERMISSIONS = ["add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"]


def grant_synonym_permissions(**kwargs):
    """Runs after each app migrates; acts once the group and the permissions both exist."""
    from django.contrib.auth.models import Group, Permission

    from network.permissions import SCHEME_STAFF

    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=SYNONYM_PERMISSIONS
    )
    staff = Group.objects.filter(name=SCHEME_STAFF).first()
    if staff is not None and permissions.exists():
        staff.permissions.add(*permissions)
