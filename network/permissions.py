"""Roles expressed through Wagtail's own permissions: groups, page permissions, collections.

A school's editors group may add and edit (not publish) within the school's subtree; the
editors of a cluster's member schools may add activities under the cluster; scheme staff
moderate everything. No view checks these by hand: Wagtail's admin does. The network-wide
groups ("Scheme staff", "Assessors") are made by network migration 0005; a school's editors
group is made with the school.

Documents and images: a permission on a collection holds for every collection below it, so
school editors hold theirs on the "Shared documents and images" collection, never on the
root, under which each school's private evidence collection lives (practice.updates.access).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import AssessorAssignment, SchoolPage
from .models.roles import ASSESSORS, SCHEME_STAFF  # noqa: F401 (imported from here)

SCHOOL_EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")


def _page_permission(codename):
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{codename}_page"
    )


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


SHARED_COLLECTION = "Shared documents and images"


def shared_collection():
    """Where school editors put documents and images for the public pages of the network."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    shared = root.get_children().filter(name=SHARED_COLLECTION).first()
    if shared is None:
        shared = root.add_child(name=SHARED_COLLECTION)
    return shared


def _grant_collection(group, codenames, collection=None):
    collection = collection or Collection.get_first_root_node()
    if collection is None:
        return
    for codename in codenames:
        app_label = "wagtaildocs" if codename.endswith("_document") else "wagtailimages"
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def school_group_name(school):
    return f"School editors: {school.title} ({school.urn})"[:150]


def ensure_school_editors_group(school):
    """The group whose members edit this school's pages; created with the school."""
    with transaction.atomic():
        group = school.editors_group
        if group is None:
            group, _ = Group.objects.get_or_create(name=school_group_name(school))
            type(school).objects.filter(pk=school.pk).update(editors_group=group)
            school.editors_group = group
        group.permissions.add(_admin_access())
        _grant_pages(group, school, SCHOOL_EDITOR_PAGE_PERMISSIONS)
        shared = shared_collection()
        if shared is not None:
            _grant_collection(group, SCHOOL_EDITOR_COLLECTION_PERMISSIONS, shared)
    return group


SCHOOL_EDITOR_COLLECTION_PERMISSIONS = (
    "add_document",
    "choose_document",
    "add_image",
    "choose_image",
)


def ensure_editors_groups(schools):
    """What ensure_school_editors_group does, for many new schools in a few queries.

    Creating 2,000 demo schools one group at a time cost about 25 queries a school; pages
    inserted in bulk (no post_save signal) get their groups here instead.
    """
    schools = [school for school in schools if school.editors_group_id is None]
    if not schools:
        return
    names = {school.pk: school_group_name(school) for school in schools}
    with transaction.atomic():
        known = set(Group.objects.filter(name__in=names.values()).values_list("name", flat=True))
        Group.objects.bulk_create(
            [Group(name=name) for name in sorted(set(names.values()) - known)], batch_size=500
        )
        groups = {group.name: group for group in Group.objects.filter(name__in=names.values())}
        for school in schools:
            school.editors_group = groups[names[school.pk]]
            SchoolPage.objects.filter(pk=school.pk).update(editors_group=school.editors_group)
        admin = _admin_access()
        Group.permissions.through.objects.bulk_create(
            [
                Group.permissions.through(group_id=school.editors_group_id, permission=admin)
                for school in schools
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        page_permissions = [_page_permission(name) for name in SCHOOL_EDITOR_PAGE_PERMISSIONS]
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group_id=school.editors_group_id, page=school, permission=p)
                for school in schools
                for p in page_permissions
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        shared = shared_collection()
        if shared is None:
            return
        collection_permissions = list(
            Permission.objects.filter(
                content_type__app_label__in=["wagtaildocs", "wagtailimages"],
                codename__in=SCHOOL_EDITOR_COLLECTION_PERMISSIONS,
            )
        )
        GroupCollectionPermission.objects.bulk_create(
            [
                GroupCollectionPermission(
                    group_id=school.editors_group_id, collection=shared, permission=p
                )
                for school in schools
                for p in collection_permissions
            ],
            ignore_conflicts=True,
            batch_size=500,
        )


def sync_cluster_permissions(cluster):
    """Editors of the cluster's member schools may add activities to it, and nobody else."""
    member_groups = set(
        Group.objects.filter(school__in=cluster.member_schools.all()).values_list("pk", flat=True)
    )
    add = _page_permission("add")
    with transaction.atomic():
        existing = GroupPagePermission.objects.filter(
            page=cluster, permission=add, group__school__isnull=False
        )
        existing.exclude(group_id__in=member_groups).delete()
        for group_id in member_groups:
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, page=cluster, permission=add
            )


def schools_of(user):
    """The schools whose editors group the user belongs to."""
    if not user.is_authenticated:
        return SchoolPage.objects.none()
    return SchoolPage.objects.filter(editors_group__user=user)


def is_scheme_staff(user):
    """The one test of the scheme staff role (superusers pass it too): use this, never the
    group's name, wherever a user's role decides what they may do."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=SCHEME_STAFF).exists())
    )


def staffed_schemes(user):
    """The schemes whose private work the user sees as staff: None for the network's scheme
    staff (every scheme), else the ids of the schemes whose own staff group they are in."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_scheme_staff(user):
        return None
    from .models import Scheme

    return set(Scheme.objects.filter(staff_group__user=user).values_list("pk", flat=True))


def runs_a_scheme(user):
    """Network scheme staff, or the staff of at least one scheme."""
    schemes = staffed_schemes(user)
    return schemes is None or bool(schemes)


def staffs_scheme(user, scheme_id):
    schemes = staffed_schemes(user)
    return schemes is None or scheme_id in schemes


def is_editor_of(user, school):
    """Whether the user is one of the school's editors (a member of its editors group)."""
    return (
        user.is_authenticated
        and user.is_active
        and school.editors_group_id is not None
        and user.groups.filter(pk=school.editors_group_id).exists()
    )


# ------ Assessors of one school ------


def school_assessors_group_name(school):
    """Named by URN, which never changes, so a renamed school keeps its group."""
    return f"School assessors: URN {school.urn}"


def ensure_assessors_groups(schools):
    """What ensure_school_assessors_group does, for many schools in a few queries a school;
    returns {school id: group}. Members join through `user_set.add`, so their joining is
    logged as any other (cms/audit.py)."""
    from collections import defaultdict

    from django.contrib.auth import get_user_model

    from .models import AssessorAssignment

    names = {school.pk: school_assessors_group_name(school) for school in schools}
    if not names:
        return {}
    with transaction.atomic():
        known = set(Group.objects.filter(name__in=names.values()).values_list("name", flat=True))
        Group.objects.bulk_create(
            [Group(name=name) for name in sorted(set(names.values()) - known)], batch_size=500
        )
        groups = {group.name: group for group in Group.objects.filter(name__in=names.values())}
        admin = _admin_access()
        Group.permissions.through.objects.bulk_create(
            [
                Group.permissions.through(group_id=group.pk, permission=admin)
                for group in groups.values()
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        assigned = defaultdict(set)
        for school_id, user_id in AssessorAssignment.objects.filter(
            school_id__in=list(names)
        ).values_list("school_id", "assessor_id"):
            assigned[school_id].add(user_id)
        members = defaultdict(set)
        through = get_user_model().groups.through
        for group_id, user_id in through.objects.filter(
            group__in=list(groups.values())
        ).values_list("group_id", "user_id"):
            members[group_id].add(user_id)
        by_school = {}
        for school_id, name in names.items():
            group = by_school[school_id] = groups[name]
            wanted, have = assigned[school_id], members[group.pk]
            if have - wanted:
                group.user_set.remove(*(have - wanted))
            if wanted - have:
                group.user_set.add(*(wanted - have))
    return by_school


def ensure_school_assessors_group(school):
    """The group of the school's assigned assessors, used by private pages' view
    restrictions; kept in step with AssessorAssignment by signals."""
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=school_assessors_group_name(school))
        group.permissions.add(_admin_access())
        assigned = set(
            AssessorAssignment.objects.filter(school=school).values_list("assessor_id", flat=True)
        )
        members = set(group.user_set.values_list("pk", flat=True))
        if members - assigned:
            group.user_set.remove(*(members - assigned))
        if assigned - members:
            group.user_set.add(*(assigned - members))
    return group
