"""What each person has to do, on their admin home, named by school.

- a school's editors: this year's update (deadline and where it stands), and the changes
  their assessor asked for;
- an assessor: the updates sent to them, and the reviews still to record;
- scheme staff: case studies, research and cluster activity waiting for review, updates
  waiting for sign-off, and the schools whose update is late (with a "Remind" button).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from network.models import SchoolPage
from network.permissions import is_scheme_staff
from practice.models import AnnualReview, AnnualUpdatePage, UpdateFeedback, UpdateStatus

from .status import is_outstanding, status_of, workflow_states_for


def _latest_updates(schools):
    """Each school's newest round of each of its cycles (a school holding two marks has two;
    a member of staff's own mark is a third), keyed by (school, cycle, person)."""
    latest = {}
    for update in (
        AnnualUpdatePage.objects.filter(school__in=schools)
        .select_related("school", "process__scheme")
        .prefetch_related("process__levels")  # which words each row's cycle uses
        .order_by("school_id", "-academic_year")
    ):
        latest.setdefault((update.school_id, update.process_id, update.person_name), update)
    return latest


def editor_tasks(user):
    schools = list(SchoolPage.objects.filter(editors_group__user=user).order_by("title"))
    updates = _latest_updates(schools)
    states = workflow_states_for(list(updates.values()))
    open_feedback = {}
    for item in UpdateFeedback.objects.filter(
        update__in=updates.values(), resolved_at=None
    ).values_list("update_id", flat=True):
        open_feedback[item] = open_feedback.get(item, 0) + 1
    today = timezone.localdate()
    rows = []
    by_school = {}
    for update in updates.values():
        by_school.setdefault(update.school_id, []).append(update)
    for school in schools:
        for update in sorted(by_school.get(school.pk, []), key=lambda u: (u.deadline, u.title)):
            status = status_of(update, states.get(update.pk))
            rows.append(
                {
                    "school": school,
                    "update": update,
                    "status": UpdateStatus(status),
                    "late": is_outstanding(status) and update.deadline < today,
                    "due": is_outstanding(status),
                    "changes_requested": status == UpdateStatus.CHANGES_REQUESTED,
                    "open_feedback": open_feedback.get(update.pk, 0),
                }
            )
    return rows


def assessor_tasks(user):
    from .access import updates_visible_to

    assigned = AnnualUpdatePage.objects.filter(school__assessor_assignments__assessor=user)
    updates = list(
        updates_visible_to(user)
        .filter(pk__in=assigned.values("pk"))
        .select_related("school", "process")
        .prefetch_related("process__levels")
        .order_by("-academic_year", "school__title")
    )
    states = workflow_states_for(updates)
    reviewed = set(
        AnnualReview.objects.filter(update__in=updates).values_list("update_id", flat=True)
    )
    to_review, to_record = [], []
    for update in updates:
        status = status_of(update, states.get(update.pk))
        if status == UpdateStatus.SUBMITTED:
            to_review.append({"update": update, "submitted": states[update.pk].created_at})
        elif status in (UpdateStatus.IN_REVIEW, UpdateStatus.REVIEWED) and (
            update.pk not in reviewed
        ):
            to_record.append({"update": update, "status": UpdateStatus(status)})
    return {"to_review": to_review, "to_record": to_record}


def staff_tasks():
    from .access import SIGN_OFF_TASK_NAME

    page_type = ContentType.objects.get_for_model(Page)
    waiting = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__base_content_type=page_type
        )
        .select_related("task", "workflow_state__requested_by")
        .order_by("started_at")
    )
    pages = Page.objects.in_bulk([int(state.workflow_state.object_id) for state in waiting])
    schools = {
        page.pk: page.get_parent() if page.depth > 3 else None
        for page in pages.values()
        if page.depth > 3
    }
    submissions, sign_off = [], []
    for state in waiting:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        page = page.specific
        row = {
            "page": page,
            "school": getattr(page, "school", None) or schools.get(page.pk),
            "since": state.started_at,
            "by": state.workflow_state.requested_by,
        }
        if isinstance(page, AnnualUpdatePage):
            if state.task.name == SIGN_OFF_TASK_NAME:
                sign_off.append(row)
        else:
            submissions.append(row)
    today = timezone.localdate()
    late_updates = list(
        AnnualUpdatePage.objects.filter(deadline__lt=today)
        .select_related("school")
        .order_by("deadline", "school__title")
    )
    states = workflow_states_for(late_updates)
    late = [
        {"update": update, "days": (today - update.deadline).days}
        for update in late_updates
        if is_outstanding(status_of(update, states.get(update.pk)))
    ]
    return {"submissions": submissions, "sign_off": sign_off, "late": late}


class TasksPanel(Component):
    name = "your_tasks"
    template_name = "practice/updates/home_tasks.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        context = {"request": self.request, "csrf_token": parent_context.get("csrf_token")}
        if is_scheme_staff(user):
            context["staff"] = staff_tasks()
        context["editor"] = editor_tasks(user)
        if user.assessor_assignments.exists():
            context["assessor"] = assessor_tasks(user)
        return context
