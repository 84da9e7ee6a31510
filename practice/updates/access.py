"""Who may see an annual update, and the Wagtail mechanisms that enforce it.

Privacy is a group view restriction on each update (the school's editors, its assessors and
scheme staff), so every part of the site that honours Wagtail's `.public()` leaves updates
out. Review is the "Annual review" workflow, assigned to each update page itself so that
the nearest assignment wins over any workflow on the school's subtree.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Q
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from network.models import AssessorAssignment
from network.permissions import (
    SCHEME_STAFF,
    ensure_school_assessors_group,
    ensure_school_editors_group,
    staffed_schemes,
)
from practice.models import AnnualUpdatePage, AssessorReviewTask

WORKFLOW_NAME = "Annual review"
ASSESSOR_TASK_NAME = "Assessor review"
SIGN_OFF_TASK_NAME = "Scheme staff sign-off"


def annual_review_workflow():
    """The workflow every update follows: the assessor, then scheme staff; made on first use."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    with transaction.atomic():
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        assessor_task = AssessorReviewTask.objects.filter(name=ASSESSOR_TASK_NAME).first()
        if assessor_task is None:
            assessor_task = AssessorReviewTask.objects.create(name=ASSESSOR_TASK_NAME)
        sign_off = GroupApprovalTask.objects.filter(name=SIGN_OFF_TASK_NAME).first()
        if sign_off is None:
            sign_off = GroupApprovalTask.objects.create(name=SIGN_OFF_TASK_NAME)
            sign_off.groups.set(Group.objects.filter(name=SCHEME_STAFF))
        WorkflowTask.objects.create(workflow=workflow, task=assessor_task, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=sign_off, sort_order=1)
    return workflow


# ------ Who may read an annual update: the rule, once ------
#
# A school's updates are read by scheme staff (and superusers), and by two kinds of reader
# of the school's own: its editors and its assigned assessors. Each kind is one row here:
# the path from the school to its members, which the views and listings query
# (updates_visible_to, can_view_update), and the group the update's view restriction names
# (readers_of, protect_update). The school's assessors group is kept equal to its
# assignments (network.signals).

SCHOOL_READERS = (
    ("editors_group__user", ensure_school_editors_group),
    ("assessor_assignments__assessor", ensure_school_assessors_group),
)


def readers_of(school, scheme=None):
    """The groups that may read a school's updates: its editors, its assessors, staff (and
    the staff of the update's own scheme)."""
    groups = [group_of(school) for _, group_of in SCHOOL_READERS]
    groups += list(Group.objects.filter(name=SCHEME_STAFF))
    if scheme is not None and scheme.staff_group_id:
        groups.append(scheme.staff_group)
    return groups


def updates_visible_to(user):
    """The updates a user may open, as one queryset: the school's editors see all their
    school's cycles; an assessor (consultant, adviser) those of the schemes they are
    assigned for; a scheme's own staff that scheme's; the network's scheme staff all."""
    updates = AnnualUpdatePage.objects.all()
    if not user.is_authenticated or not user.is_active:
        return updates.none()
    schemes = staffed_schemes(user)
    if schemes is None:
        return updates
    readable = Q(school__editors_group__user=user) | Q(
        Q(school__assessor_assignments__scheme__isnull=True)
        | Q(school__assessor_assignments__scheme=F("process__scheme")),
        school__assessor_assignments__assessor=user,
    )
    if schemes:
        readable |= Q(process__scheme_id__in=schemes)
    return updates.filter(readable).distinct()


def can_view_update(user, update):
    """The same rule for one update: the school's editors, its assigned assessors and
    scheme staff; nobody else."""
    if not user.is_authenticated or not user.is_active or update.pk is None:
        return False
    return updates_visible_to(user).filter(pk=update.pk).exists()


# ------ Evidence documents ------

EVIDENCE_PERMISSIONS = ("add_document", "change_document", "choose_document")


EVIDENCE_PREFIX = "Update evidence (private): URN "


def evidence_collection_name(school):
    """Named by URN, which never changes, like the school's assessors group."""
    return f"{EVIDENCE_PREFIX}{school.urn}"


def evidence_collection(school, groups=None):
    """The school's private collection for the documents its updates cite as evidence.

    A child of the root, not of the shared collection, so that no other school's editors
    hold a permission over it; its view restriction lets the readers of the school's
    updates download its documents and sends everyone else to sign in."""
    groups = groups if groups is not None else readers_of(school)
    root = Collection.get_first_root_node()
    name = evidence_collection_name(school)
    with transaction.atomic():
        collection = root.get_children().filter(name=name).first()
        if collection is None:
            collection = root.add_child(name=name)
        restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
        if restriction is None or restriction.restriction_type != CollectionViewRestriction.GROUPS:
            CollectionViewRestriction.objects.filter(collection=collection).delete()
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.GROUPS
            )
        restriction.groups.set(groups)
        from django.contrib.auth.models import Permission

        for permission in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=EVIDENCE_PERMISSIONS
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=school.editors_group, collection=collection, permission=permission
            )
    return collection


def evidence_document_ids(update):
    """The documents the update's latest revision cites, in sections and targets."""
    latest = update.get_latest_revision_as_object() if update.latest_revision_id else update
    ids = set()
    for child in [*latest.element_progress.all(), *latest.targets.all()]:
        for block in child.evidence.raw_data:
            if block.get("type") == "document" and (block.get("value") or {}).get("document"):
                ids.add(int(block["value"]["document"]))
    return ids


def secure_evidence(update):
    """Move the documents an update cites into its school's private collection.

    An editor may upload evidence into the shared collection (the upload form offers it
    first); saved into the update, the document becomes evidence and private. A document
    that another page uses as well stays where it is: it was public before it was evidence.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import Page, ReferenceIndex

    ids = evidence_document_ids(update)
    if not ids or update.school is None:
        return
    collection = evidence_collection(update.school)
    restricted = CollectionViewRestriction.objects.values("collection_id")
    pages = ContentType.objects.get_for_model(Page)
    for document in (
        get_document_model().objects.filter(pk__in=ids).exclude(collection_id__in=restricted)
    ):
        elsewhere = ReferenceIndex.get_references_to(document).exclude(
            base_content_type=pages, object_id=str(update.pk)
        )
        if not elsewhere.exists():
            document.collection = collection
            document.save(update_fields=["collection"])


def protect_update(update):
    """Restrict viewing to the school's editors, its assessors and scheme staff, give the
    school its private evidence collection, and put the update on the Annual review
    workflow. Safe to run again."""
    school = update.school or update.get_parent().specific
    groups = readers_of(school, update.process.scheme if update.process_id else None)
    evidence_collection(school, groups)
    with transaction.atomic():
        restriction = PageViewRestriction.objects.filter(page=update).first()
        if restriction is None or restriction.restriction_type != PageViewRestriction.GROUPS:
            PageViewRestriction.objects.filter(page=update).delete()
            restriction = PageViewRestriction.objects.create(
                page=update, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.set(groups)
        WorkflowPage.objects.update_or_create(
            page=update, defaults={"workflow": annual_review_workflow()}
        )


def is_assessor_of(user, school_id, scheme_id=None):
    """Assigned to the school, for every scheme or for this one."""
    if not user.is_authenticated:
        return False
    assignments = AssessorAssignment.objects.filter(assessor=user, school_id=school_id)
    if scheme_id is not None:
        assignments = assignments.filter(Q(scheme__isnull=True) | Q(scheme_id=scheme_id))
    return assignments.exists()


def scheme_of(update):
    return update.process.scheme_id if update.process_id else update.framework.scheme_id


def can_record_review(user, update):
    return user.is_authenticated and (
        user.is_superuser or is_assessor_of(user, update.school_id, scheme_of(update))
    )
