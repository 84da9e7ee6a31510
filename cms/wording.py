"""The scheme's words on Wagtail's buttons and messages.

Wagtail names its actions after its machinery: "Submit to Moderators approval", "Approve
and Publish" (on a private update), "Cancel workflow", "Page 'X' has been updated". School
editors, assessors and scheme staff read instead what happens next in their year: "Send to
your assessor", "Ask the school for changes", "Sign off the year". The buttons are renamed
as the action menu is built (construct_page_action_menu) and the messages as they are
queued (WordingMiddleware), both from the tables below."""

import copy
import re

from wagtail.admin.action_menu import (
    CancelWorkflowMenuItem,
    PublishMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
    WorkflowMenuItem,
)

from practice.publishing.workflow import PRACTICE_REVIEW
from practice.updates.access import ASSESSOR_TASK_NAME as ASSESSOR_TASK
from practice.updates.access import WORKFLOW_NAME as ANNUAL_REVIEW

# Whom a submission goes to, by workflow.
SEND_TO = {ANNUAL_REVIEW: "your assessor", PRACTICE_REVIEW: "scheme staff"}
DEFAULT_SEND_TO = "scheme staff"

# (workflow, is the assessor's step, action, opens a note) -> button
DECISIONS = {
    (ANNUAL_REVIEW, True, "reject", True): "Ask the school for changes",
    (ANNUAL_REVIEW, True, "approve", False): "Approve for sign-off",
    (ANNUAL_REVIEW, True, "approve", True): "Approve for sign-off, with a note",
    (ANNUAL_REVIEW, False, "approve", False): "Sign off the year",
    (ANNUAL_REVIEW, False, "approve", True): "Sign off the year, with a note",
    (ANNUAL_REVIEW, False, "reject", True): "Send back to the school",
}
DEFAULT_DECISIONS = {
    ("approve", False): "Approve and publish",
    ("approve", True): "Approve and publish, with a note",
    ("reject", True): "Ask the school for changes",
}


def send_to(workflow_name, page=None):
    """Whom a submission goes to: an update's own reviewer ("your consultant") where its
    cycle names one."""
    if workflow_name == ANNUAL_REVIEW and _is_update(page):
        update = getattr(page, "specific_deferred", page)
        return f"your {update.reviewer_title}"
    return SEND_TO.get(workflow_name, DEFAULT_SEND_TO)


def decision_label(workflow_name, task_name, action, launch_modal, fallback):
    key = (workflow_name, task_name == ASSESSOR_TASK, action, bool(launch_modal))
    if key in DECISIONS:
        return DECISIONS[key]
    return DEFAULT_DECISIONS.get((action, bool(launch_modal)), fallback)


def _workflow_of(context):
    page = context.get("page")
    state = page.current_workflow_state if page is not None and page.pk else None
    if state is not None:
        return state.workflow
    holder = page if page is not None and page.pk else context.get("parent_page")
    return holder.get_workflow() if holder is not None else None


class SendForReviewMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        workflow = _workflow_of(context)
        whom = send_to(workflow.name if workflow else "", page)
        again = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = f"Send to {whom} again" if again else f"Send to {whom}"
        return context


def _is_update(page):
    from practice.models import AnnualUpdatePage

    return page is not None and isinstance(
        getattr(page, "specific_deferred", page), AnnualUpdatePage
    )


def rename_actions(menu_items, request, context):
    page = context.get("page")
    workflow = _workflow_of(context)
    workflow_name = workflow.name if workflow else ""
    task = page.current_workflow_task if page is not None and page.pk else None
    for position, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem) and not isinstance(
            item, SendForReviewMenuItem
        ):
            renamed = SendForReviewMenuItem(order=item.order)
            menu_items[position] = renamed
        elif isinstance(item, WorkflowMenuItem):
            menu_items[position] = relabelled(
                item,
                decision_label(
                    workflow_name,
                    task.name if task else "",
                    item.name,
                    item.launch_modal,
                    item.label,
                ),
            )
        elif isinstance(item, RestartWorkflowMenuItem):
            menu_items[position] = relabelled(
                item, f"Send to {send_to(workflow_name, page)} again, from the start"
            )
        elif isinstance(item, CancelWorkflowMenuItem):
            menu_items[position] = relabelled(item, "Withdraw from review")
        elif isinstance(item, PublishMenuItem) and _is_update(page):
            menu_items[position] = relabelled(item, "Sign off now, without review")


def relabelled(item, label):
    """A copy of a menu item with another label. Wagtail makes most items once a process and
    shares them between requests: relabelling the item itself renamed "Publish" on every
    page the process showed afterwards, once one annual update had been shown."""
    renamed = copy.copy(item)
    renamed.label = label
    return renamed


# ------ Messages ------

Q = "(?:'|&#x27;|&#39;)"  # a quote, as typed or as escaped in the admin's message HTML
MESSAGES = [
    (rf"Page {Q}(?P<t>.*?){Q} has been updated\.", "\u2018{t}\u2019 is saved."),
    (rf"Page {Q}(?P<t>.*?){Q} created\.", "\u2018{t}\u2019 is saved as a draft."),
    (
        rf"Page {Q}(?P<t>.*?){Q} (?:has been|created and) submitted for moderation\.",
        "\u2018{t}\u2019 has been sent to {whom}.",
    ),
    (
        rf"Workflow on page {Q}(?P<t>.*?){Q} has been cancelled\.",
        "\u2018{t}\u2019 is withdrawn from review: you can keep working on it and send it again.",
    ),
    (
        rf"Workflow on page {Q}(?P<t>.*?){Q} has been restarted\.",
        "\u2018{t}\u2019 has been sent to {whom} again.",
    ),
    (
        rf"The page {Q}(?P<t>.*?){Q} is not currently awaiting moderation\.",
        "\u2018{t}\u2019 is not waiting for a review any more.",
    ),
    (rf"Page {Q}(?P<t>.*?){Q} has been published\.", "\u2018{t}\u2019 is published."),
]
MESSAGES = [(re.compile(pattern), replacement) for pattern, replacement in MESSAGES]


def reword(text, whom=DEFAULT_SEND_TO):
    """The message in the scheme's words; HTML stays HTML (the title in it is escaped)."""
    from django.utils.safestring import SafeData, mark_safe

    reworded = str(text)
    for pattern, replacement in MESSAGES:
        reworded = pattern.sub(
            lambda match, replacement=replacement: replacement.format(
                t=match.group("t"), whom=whom
            ),
            reworded,
        )
    if reworded == str(text):
        return text
    return mark_safe(reworded) if isinstance(text, SafeData) else reworded  # noqa: S308


class WordingMiddleware:
    """Rewords the admin's messages queued during a request, before they are stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        storage = getattr(request, "_messages", None)
        queued = getattr(storage, "_queued_messages", None)
        if queued and request.path.startswith("/admin/"):
            whom = getattr(request, "_wording_send_to", DEFAULT_SEND_TO)
            for message in queued:
                message.message = reword(message.message, whom)
        return response


# ------ A page's status in the admin's lists ------


def install():
    """Wagtail lists a submitted page as "in moderation"; the schools read "waiting for
    review". Called once from CmsConfig.ready()."""
    from wagtail.models import WorkflowMixin

    original = WorkflowMixin.status_string
    if getattr(original.fget, "_site_words", False):
        return

    def status_string(self):
        return str(original.fget(self)).replace("in moderation", "waiting for review")

    reworded = property(status_string)
    reworded.fget._site_words = True
    WorkflowMixin.status_string = reworded
