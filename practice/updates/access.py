"""Who may see an annual update, and the Wagtail mechanisms that enforce it.

Privacy is a group view restriction on each update (the school's editors, its assessors and
scheme staff), so every part of the site that honours Wagtail's `.public()` leaves updates
out. Review is the "Annual review" workflow, assigned to each update page itself so that
the nearest assignment wins over any workflow on the school's subtree.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
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
    is_scheme_staff,
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


def protect_update(update):
    """Restrict viewing to the school's editors, its assessors and scheme staff, and put the
    update on the Annual review workflow. Safe to run again."""
    school = update.school or update.get_parent().specific
    groups = [ensure_school_editors_group(school), ensure_school_assessors_group(school)]
    groups += list(Group.objects.filter(name=SCHEME_STAFF))
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


def is_assessor_of(user, school_id):
    return (
        user.is_authenticated
        and AssessorAssignment.objects.filter(assessor=user, school_id=school_id).exists()
    )


def is_editor_of(user, school):
    return (
        user.is_authenticated
        and school.editors_group_id is not None
        and user.groups.filter(pk=school.editors_group_id).exists()
    )


def can_view_update(user, update):
    """The school's editors, its assigned assessors and scheme staff; nobody else."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_scheme_staff(user):
        return True
    school = update.school
    if school is None:
        return False
    return is_editor_of(user, school) or is_assessor_of(user, school.pk)


def can_record_review(user, update):
    return user.is_authenticated and (user.is_superuser or is_assessor_of(user, update.school_id))


def updates_visible_to(user):
    """The updates a user may open, as one queryset."""
    updates = AnnualUpdatePage.objects.all()
    if not user.is_authenticated:
        return updates.none()
    if is_scheme_staff(user):
        return updates
    from django.db.models import Q

    return updates.filter(
        Q(school__editors_group__user=user) | Q(school__assessor_assignments__assessor=user)
    ).distinct()
