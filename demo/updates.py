"""Two years of annual updates for the demo network, in every state, with reviews.

Last year is complete: written, submitted, approved by the assessor, signed off by staff,
reviewed with a development plan. This year is opened from those plans (so last year's
plan is this year's targets) and its updates are spread over every status the dashboard
shows. Idempotent: a year already open is left as it is, and only updates this run made
are moved along.

As in the practice seeder, Wagtail's reference index waits until the end: it would redo an
update's references at every save of the update and of each of its sections, and once an
update is enough.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from wagtail.models import ReferenceIndex, WorkflowState
from wagtail.signal_handlers import disable_reference_index_auto_update

from network.models import AssessorAssignment, AwardKind, Process
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    DevelopmentTarget,
    ElementProgress,
    ResearchStep,
    ReviewOutcome,
    StepStatus,
    UpdateStatus,
    UpdateTarget,
)
from practice.updates.reminders import reminders_paused
from practice.updates.year import ANNUAL_UPDATE_KEY, open_update_year

THIS_YEAR_STATES = [
    UpdateStatus.REVIEWED,
    UpdateStatus.DRAFT,
    UpdateStatus.SUBMITTED,
    UpdateStatus.IN_REVIEW,
    UpdateStatus.CHANGES_REQUESTED,
    UpdateStatus.NOT_STARTED,
]

OPENINGS = [
    "Over the year we have",
    "This year the school has",
    "Staff and governors have",
    "Working with families, we have",
    "Led by our inclusion team, we have",
]
ACTIONS = [
    "reviewed how we meet needs in",
    "trained every teacher in",
    "asked pupils what helps them in",
    "shared our approach to",
    "changed our planning for",
]
RESULTS = [
    "Attendance of pupils with SEND rose by four points.",
    "Pupil voice surveys show more pupils feel they belong.",
    "Two cluster schools visited to see the approach in practice.",
    "Fewer pupils were removed from lessons than last year.",
    "Parents' workshops were full every term.",
]
PLANS = [
    "Extend nurture provision to Key Stage 2",
    "Train two more emotional literacy support assistants",
    "Host a cluster CPD day on adaptive teaching",
    "Publish a classroom research summary for the network",
    "Review the curriculum for pupils new to English",
    "Build a transition programme with the local secondary school",
]
STEPS = [
    ("Agree the research question with the cluster", "Deputy head and SENCo"),
    ("Baseline reading ages in Year 4", "English lead"),
    ("Run the intervention for two terms", "Class teachers, Year 4"),
    ("Write up and share the findings", "Research lead"),
]


def academic_year_of(day):
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}", first


def seed(context):
    this_year, first = academic_year_of(context.today)
    last_year = f"{first - 1}/{first % 100:02d}"
    staff = context.users.get("staff") or get_user_model().objects.filter(is_superuser=True).first()
    # Demo events are not news: neither our reminders nor Wagtail's moderation emails go.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    # IQM's annual update here; the other schemes' cycles are demo/cycles.py's.
    iqm = Process.objects.filter(key=ANNUAL_UPDATE_KEY)
    with reminders_paused(), quiet, disable_reference_index_auto_update():
        opened = open_update_year(
            last_year, datetime.date(first, 6, 30), today=context.today, processes=iqm
        )
        for update in opened.created:
            rng = context.rng_for("update", update.school.urn, last_year)
            update = write(update, rng)
            complete_review(update, rng, staff, visit=datetime.date(first, 7, 1))
        current = open_update_year(
            this_year, datetime.date(first + 1, 6, 30), today=context.today, processes=iqm
        )
        for position, update in enumerate(current.created):
            rng = context.rng_for("update", update.school.urn, this_year)
            state = THIS_YEAR_STATES[position % len(THIS_YEAR_STATES)]
            if is_late(position, state):
                # Some schools were given an earlier date (an autumn visit) and missed it,
                # so that the staff's list of late schools has something to show.
                update.deadline = context.today - datetime.timedelta(days=7 + 3 * position)
                AnnualUpdatePage.objects.filter(pk=update.pk).update(deadline=update.deadline)
            move_to(update, state, rng, staff, visit=context.today)
    made = [update.pk for update in [*opened.created, *current.created]]
    for update in AnnualUpdatePage.objects.filter(pk__in=made):
        ReferenceIndex.create_or_update_for_object(update)
    context.report("annual updates added", len(opened.created) + len(current.created))
    context.say(
        f"Annual updates: {last_year} complete, {this_year} open "
        f"({AnnualUpdatePage.objects.filter(academic_year=this_year, process__in=iqm).count()} "
        "schools)."
    )


LATE_SCHOOLS = 3


def is_late(position, state):
    """The first few schools still writing (a draft, or not started) are past their date."""
    owing = [UpdateStatus.DRAFT, UpdateStatus.NOT_STARTED]
    cycle = len(THIS_YEAR_STATES)
    return state in owing and position < cycle * LATE_SCHOOLS and position % cycle in (1, 5)


def editor_of(update, staff):
    group = update.school.editors_group
    user = group.user_set.order_by("pk").first() if group else None
    return user or staff


def assessor_of(update, staff):
    assignment = (
        AssessorAssignment.objects.filter(school=update.school).select_related("assessor").first()
    )
    return assignment.assessor if assignment else staff


def write(update, rng, complete=True):
    """Fill the sections as a school would; a draft leaves the later ones empty. Rows are
    written directly, then a revision records them, as the editor's draft save would."""
    sections = list(
        ElementProgress.objects.filter(update=update)
        .select_related("element")
        .order_by("sort_order")
    )
    written = len(sections) if complete else rng.randint(2, max(2, len(sections) - 3))
    for position, progress in enumerate(sections):
        if position >= written:
            continue
        title = progress.element.title.lower()
        progress.narrative = (
            f"<p>{rng.choice(OPENINGS)} {rng.choice(ACTIONS)} {title}.</p>"
            f"<p>{rng.choice(RESULTS)}</p>"
        )
        progress.self_rating = rng.choices([1, 2, 3, 4], weights=[1, 3, 4, 2])[0]
        progress.save()
    if update.award_kind == AwardKind.FLAGSHIP:
        if not ResearchStep.objects.filter(update=update).exists():
            for order, (step, people) in enumerate(STEPS):
                ResearchStep.objects.create(
                    update=update,
                    step=step,
                    people_responsible=people,
                    due_on=update.deadline - datetime.timedelta(days=60 * (len(STEPS) - order)),
                    status=StepStatus.DONE if order < 2 else StepStatus.UNDER_WAY,
                    sort_order=order,
                )
        items = ResearchStep.objects.filter(update=update)
    else:
        if not UpdateTarget.objects.filter(update=update).exists():
            for order, text in enumerate(rng.sample(PLANS, 3)):
                UpdateTarget.objects.create(update=update, text=text, sort_order=order)
        items = UpdateTarget.objects.filter(update=update)
    for item in items if complete else []:
        item.progress = f"<p>{rng.choice(RESULTS)}</p>"
        item.save()
    AnnualUpdatePage.objects.filter(pk=update.pk).update(
        summary="<p>A year of steady progress, shared with our cluster.</p>",
        sharing_next_year="<p>Our approach to pupil voice, at a cluster meeting.</p>",
    )
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    fresh.save_revision(user=None)
    return fresh


def complete_review(update, rng, staff, visit):
    """Submitted (mostly on time, as last year), approved by the assessor, signed off by
    staff, and reviewed."""
    editor, assessor = editor_of(update, staff), assessor_of(update, staff)
    state = update.get_workflow().start(update, editor)
    state.current_task_state.approve(user=assessor)
    state.refresh_from_db()
    state.current_task_state.approve(user=staff)
    days = rng.randint(1, 10) if rng.random() < 0.2 else -rng.randint(0, 25)
    submitted = datetime.datetime.combine(
        update.deadline + datetime.timedelta(days=days), datetime.time(15), tzinfo=datetime.UTC
    )
    WorkflowState.objects.filter(pk=state.pk).update(created_at=submitted)
    record_review(update, rng, assessor, visit)


def record_review(update, rng, assessor, visit):
    outcome = rng.choices(
        [ReviewOutcome.RATIFIED, ReviewOutcome.VALIDATED, ReviewOutcome.FURTHER_EVIDENCE],
        weights=[5, 4, 1],
    )[0]
    review, created = AnnualReview.objects.get_or_create(
        update=update,
        defaults={
            "visit_date": visit,
            "outcome": outcome,
            "strengths": "Inclusive leadership at every level; pupils speak with confidence.",
            "recorded_by": assessor,
        },
    )
    if created:
        for order, text in enumerate(rng.sample(PLANS, 3)):
            DevelopmentTarget.objects.create(review=review, text=text, sort_order=order)


def move_to(update, state, rng, staff, visit):
    if state == UpdateStatus.NOT_STARTED:
        return
    update = write(update, rng, complete=state != UpdateStatus.DRAFT)
    if state == UpdateStatus.DRAFT:
        return
    editor, assessor = editor_of(update, staff), assessor_of(update, staff)
    workflow_state = update.get_workflow().start(update, editor)
    if state == UpdateStatus.SUBMITTED:
        return
    if state == UpdateStatus.CHANGES_REQUESTED:
        workflow_state.current_task_state.reject(
            user=assessor, comment="Please add evidence for elements 3 and 5."
        )
        return
    workflow_state.current_task_state.approve(user=assessor)
    if state == UpdateStatus.IN_REVIEW:
        return
    workflow_state.refresh_from_db()
    workflow_state.current_task_state.approve(user=staff)
    record_review(update, rng, assessor, visit)
