"""Where each update stands, worked out for many updates in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState

from practice.models import AssessorReviewTask, UpdateStatus


def workflow_states_for(updates):
    """The latest workflow state of each update, keyed by page id, in two queries."""
    ids = [str(update.pk) for update in updates]
    if not ids:
        return {}
    page_type = ContentType.objects.get_for_model(Page)
    states = (
        WorkflowState.objects.filter(base_content_type=page_type, object_id__in=ids)
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .select_related("current_task_state__task")
        .order_by("created_at")
    )
    latest = {}
    for state in states:
        latest[int(state.object_id)] = state
    return latest


def status_of(update, state):
    """Reviewed once signed off (live); otherwise the workflow says where it is."""
    if update is None:
        return UpdateStatus.NOT_STARTED
    reopened = update.reopened_at is not None
    if state is not None:
        if state.status == WorkflowState.STATUS_APPROVED:
            return UpdateStatus.DRAFT if reopened else UpdateStatus.REVIEWED
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return UpdateStatus.CHANGES_REQUESTED
        if state.status == WorkflowState.STATUS_IN_PROGRESS:
            task_state = state.current_task_state
            assessor_type = ContentType.objects.get_for_model(AssessorReviewTask)
            if (
                task_state is not None
                and task_state.status == TaskState.STATUS_IN_PROGRESS
                and task_state.task.content_type_id == assessor_type.pk
            ):
                return UpdateStatus.SUBMITTED
            return UpdateStatus.IN_REVIEW
    if update.live and not reopened:
        return UpdateStatus.REVIEWED
    if update.latest_revision_id is None:
        return UpdateStatus.NOT_STARTED
    return UpdateStatus.DRAFT


def submitted_on(state):
    return state.created_at.date() if state is not None else None


def update_status(update):
    states = workflow_states_for([update])
    return status_of(update, states.get(update.pk))


def is_outstanding(status):
    """Still owed by the school: it counts towards lateness and gets reminders."""
    return status in (UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT, UpdateStatus.CHANGES_REQUESTED)


def is_closed(update):
    """Signed off, so closed to the school until scheme staff reopen it."""
    return update_status(update) == UpdateStatus.REVIEWED
