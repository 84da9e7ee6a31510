"""The "Practice review" workflow: school editors submit, scheme staff approve or send back.

It is assigned on the schools' directory and the clusters' index (practice migration 0002,
and whenever such an index page is made), so that every school and cluster below them, and
everything below those (case studies, research, cluster activity), inherits it however the
school was made. Pages deeper down may carry their own workflow (annual updates have
theirs), which Wagtail lets override the inherited one.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from network.permissions import SCHEME_STAFF

PRACTICE_REVIEW = "Practice review"
STAFF_APPROVAL = "Scheme staff approval"


def practice_review_workflow():
    """The workflow, with its one task for scheme staff; created the first time it is needed."""
    with transaction.atomic():
        workflow, _ = Workflow.objects.get_or_create(name=PRACTICE_REVIEW)
        task = GroupApprovalTask.objects.filter(name=STAFF_APPROVAL).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=STAFF_APPROVAL)
        staff, _ = Group.objects.get_or_create(name=SCHEME_STAFF)
        task.groups.add(staff)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr)
    return workflow


def assign_practice_review(page):
    """Put an index page (and so everything below it) under Practice review, unless staff
    chose another workflow for it."""
    WorkflowPage.objects.get_or_create(
        page_id=page.pk, defaults={"workflow": practice_review_workflow()}
    )
