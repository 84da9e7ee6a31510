"""The other schemes' cycles in the demo network, each in several states.

IQM's annual update has demo/updates.py. Here: VbE's Quality Mark self-assessment audit
(with its consultant, and VbE's own staff), the Early Years and Staff Quality Marks, the
Artsmark journey from pledge to award, and World Class Schools' student evidence (secondary
and younger pupils). Schools already holding a mark get this year's round; others are
started as staff would start them. Idempotent like every seeder: what exists is left.
"""

import datetime

from django.contrib.auth.models import Group
from django.test.utils import override_settings
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from network.models import AssessorAssignment, Effect, Phase, Process, Scheme
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    DevelopmentTarget,
    ElementProgress,
    ReviewSectionText,
    StudentEvidence,
    UpdateStatus,
    UpdateTarget,
    student_shares,
)
from practice.models.cycle_steps import next_step
from practice.updates.outcomes import apply_outcome
from practice.updates.reminders import reminders_paused
from practice.updates.year import open_update_year, start_cycle

from .updates import ACTIONS, OPENINGS, RESULTS, academic_year_of

STATES = [
    UpdateStatus.REVIEWED,
    UpdateStatus.SUBMITTED,
    UpdateStatus.CHANGES_REQUESTED,
    UpdateStatus.DRAFT,
]
ARTSMARK_GOALS = [
    "Train six arts ambassadors from Years 5 and 6 to plan our arts week",
    "Hold a community arts evening each term, with families and local artists",
    "Link with a local theatre for a year-long project with our resource base",
    "Every pupil, including those in our specialist provision, performs or exhibits each year",
]
STAFF_STANDARDS = [
    "Values modelled in every interaction with pupils and colleagues",
    "Reflection built into my teaching: a weekly quiet time with my class",
    "Leading a staff meeting on values language, and coaching two colleagues",
]
REPORT_TEXTS = {
    "Stand-out area": "Pupils' reflection: every class begins with a few minutes of quiet.",
    "Next steps": "Involve families more in the school's values, through a termly event.",
    "Audit conclusion": "The school meets the Quality Mark in every aspect.",
    "Conclusion": "A member of staff whose practice lives the school's values.",
    "Distance travelled": "From occasional arts days to arts woven through the week.",
}


def seed(context):
    this_year, first = academic_year_of(context.today)
    deadline = datetime.date(first + 1, 6, 30)
    staff = context.users["staff"]
    reviewers = setup_people(context)
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    made = []
    with reminders_paused(), quiet, disable_reference_index_auto_update():
        others = Process.objects.exclude(key="annual-update").select_related("scheme")
        # Schools holding a mark get this year's round of its cycle.
        opened = open_update_year(this_year, deadline, today=context.today, processes=others)
        for position, update in enumerate(opened.created):
            state = STATES[position % len(STATES)]
            made.append(advance(context, update, state, staff, reviewers))
        # Schools starting out, as staff start them.
        for update, state in started(context, this_year, deadline):
            made.append(advance(context, update, state, staff, reviewers))
    made = [update for update in made if update is not None]
    for update in AnnualUpdatePage.objects.filter(pk__in=[u.pk for u in made]):
        ReferenceIndex.create_or_update_for_object(update)
    context.report("other schemes' cycles added", len(made))
    context.say(f"Other schemes' cycles: {len(made)} rounds for {this_year}.")


def setup_people(context):
    """The VbE consultant assigned to VbE's schools, VbE's own staff, the Artsmark editor;
    the demo assessor reviews Artsmark and WCSQM rounds."""
    users = context.users
    vbe = Scheme.objects.get(short_name="VbE")
    if vbe.staff_group_id is None:
        vbe.staff_group, _ = Group.objects.get_or_create(name="VbE staff")
        vbe.save(update_fields=["staff_group"])  # which lets its members into the admin
    users["vbe_staff"].groups.add(vbe.staff_group)
    from network.permissions import ASSESSORS

    users["consultant"].groups.add(Group.objects.get(name=ASSESSORS))
    return {"VbE": users["consultant"], None: users["assessor"]}


def reviewer_for(update, reviewers):
    scheme = update.process.scheme
    user = reviewers.get(scheme.short_name) or reviewers[None]
    AssessorAssignment.objects.get_or_create(school=update.school, assessor=user, scheme=scheme)
    return user


def pick(schools, taken, phases=None):
    for school in schools:
        if school.pk in taken:
            continue
        if phases and school.phase not in phases:
            continue
        taken.add(school.pk)
        return school
    return None


def started(context, year, deadline):
    """(update, state) for the schools starting a cycle this year, made once."""
    schools = [
        s for s in context.schools if context.school_tracks.get(s.urn) in ("none", "inclusive")
    ]
    processes = {process.key: process for process in Process.objects.all()}
    taken = set()
    for key in ("editor", "two_schools"):
        for group in context.users[key].groups.filter(school__isnull=False):
            taken.add(group.school.pk)
    older = {Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH, Phase.MIDDLE_PRIMARY}
    plan = [
        ("vbe-early-years", {Phase.NURSERY}, UpdateStatus.DRAFT, None, ""),
        ("wcsqm-students", {Phase.SECONDARY, Phase.ALL_THROUGH}, UpdateStatus.SUBMITTED, None, ""),
        ("wcsqm-students", {Phase.PRIMARY}, UpdateStatus.REVIEWED, None, ""),
        ("artsmark", older, UpdateStatus.DRAFT, "artsmark", ""),  # the pledge: commitment draft
        ("artsmark", older, UpdateStatus.CHANGES_REQUESTED, None, ""),  # development period
        ("artsmark", older, UpdateStatus.REVIEWED, None, ""),  # impact assessed: awarded
        ("vbe-quality-mark", None, UpdateStatus.DRAFT, None, ""),
    ]
    result = []
    for key, phases, state, editor_key, person in plan:
        school = pick(schools, taken, phases) or pick(context.schools, taken, phases)
        if school is None or key not in processes:
            continue
        update, created = start_cycle(school, processes[key], year, deadline, person_name=person)
        if editor_key and school.editors_group_id:
            context.users[editor_key].groups.add(school.editors_group)
        if created:
            result.append((update, state))

    # Staff Quality Marks: one under way at a school of the editor of two schools, one awarded
    # elsewhere. (The demo editor's own school keeps IQM's cycle alone: the first journey of
    # the working side starts there.)
    def first_school_of(key):
        group = context.users[key].groups.filter(school__isnull=False).order_by("pk").first()
        return group.school if group else None

    editor_school = first_school_of("editor")
    if editor_school is not None:
        taken.add(editor_school.pk)
    staff_mark = processes.get("vbe-staff")
    if staff_mark is not None:
        for school, person, state in (
            (first_school_of("two_schools"), "Priya Shah", UpdateStatus.DRAFT),
            (pick(context.schools, taken), "Tom Evans", UpdateStatus.REVIEWED),
        ):
            if school is None:
                continue
            update, created = start_cycle(school, staff_mark, year, deadline, person_name=person)
            if created:
                result.append((update, state))
    return result


def write(context, update, complete=True):
    rng = context.rng_for("cycle", update.school.urn, update.slug)
    writes = update.writes
    if "elements" in writes:
        sections = list(ElementProgress.objects.filter(update=update).select_related("element"))
        for position, progress in enumerate(sections):
            if not complete and position >= 2:
                break
            title = progress.element.title.lower()
            progress.narrative = (
                f"<p>{rng.choice(OPENINGS)} {rng.choice(ACTIONS)} {title}.</p>"
                f"<p>{rng.choice(RESULTS)}</p>"
            )
            progress.self_rating = rng.choices([1, 2, 3, 4], weights=[1, 3, 4, 2])[0]
            progress.save()
    if "goals" in writes and not UpdateTarget.objects.filter(update=update).exists():
        goals = STAFF_STANDARDS if update.person_name else ARTSMARK_GOALS
        for order, text in enumerate(goals[:3]):
            UpdateTarget.objects.create(
                update=update,
                text=text,
                sort_order=order,
                progress=f"<p>{rng.choice(RESULTS)}</p>" if complete else "",
            )
    if "students" in writes and not update.student_evidence.exists():
        areas = list(update.framework.elements.all())
        year_group = "7" if update.school.phase != Phase.PRIMARY else "5"
        for number in range(1, 31 if complete else 11):
            row = StudentEvidence.objects.create(update=update, code=f"Y{year_group}-{number:03d}")
            done = [area for area in areas if rng.random() < 0.8]
            row.areas.set(done)
    AnnualUpdatePage.objects.filter(pk=update.pk).update(
        summary="<p>What changed this year, in our own words, shared with our cluster.</p>",
        sharing_next_year="<p>Our work, at a cluster meeting.</p>"
        if update.process.sharing_label
        else "",
    )
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    fresh.save_revision(user=None)
    return fresh


def advance(context, update, state, staff, reviewers):
    reviewer = reviewer_for(update, reviewers)
    if state == UpdateStatus.NOT_STARTED:
        return update
    update = write(context, update, complete=state != UpdateStatus.DRAFT)
    if state == UpdateStatus.DRAFT:
        return update
    editor = (
        update.school.editors_group.user_set.order_by("pk").first()
        if (update.school.editors_group_id)
        else None
    )
    workflow_state = update.get_workflow().start(update, editor or staff)
    if state == UpdateStatus.SUBMITTED:
        return update
    if state == UpdateStatus.CHANGES_REQUESTED:
        workflow_state.current_task_state.reject(
            user=reviewer, comment="Thank you: see my notes beside the text before we meet."
        )
        return update
    if next_step(update):
        # Artsmark: the adviser sends the commitment on; the school writes its impact.
        workflow_state.current_task_state.reject(
            user=reviewer, comment="A strong commitment: on to the development period."
        )
        update = write(context, update, complete=True)
        workflow_state.refresh_from_db()
        workflow_state.resume(user=editor or staff)
        workflow_state.refresh_from_db()
    workflow_state.current_task_state.approve(user=reviewer)
    workflow_state.refresh_from_db()
    workflow_state.current_task_state.approve(user=staff)
    report(update, reviewer, context.today)
    return update


def report(update, reviewer, visit):
    process = update.process
    outcomes = list(process.outcomes.all())
    chosen = next((o for o in outcomes if o.effect in (Effect.AWARD, Effect.RENEW)), outcomes[0])
    if "students" in update.writes:
        reached = student_shares(update).level
        chosen = next((o for o in outcomes if reached and o.level_id == reached.pk), chosen)
    elif process.key == "artsmark":
        chosen = next((o for o in outcomes if o.code == "gold"), chosen)
    review, created = AnnualReview.objects.get_or_create(
        update=update,
        defaults={
            "visit_date": visit,
            "debrief_on": visit,
            "outcome": chosen.code,
            "strengths": "Pupils and staff speak about the work with pride.",
            "recorded_by": reviewer,
        },
    )
    if not created:
        return
    for position, section in enumerate(process.report_sections.all()):
        ReviewSectionText.objects.create(
            review=review,
            section=section,
            sort_order=position,
            text=REPORT_TEXTS.get(section.title, "Written up with the school."),
        )
    DevelopmentTarget.objects.create(
        review=review, text="Share the work with a school in the cluster", sort_order=0
    )
    apply_outcome(review)
    if review.award_id and update.person_name == "Tom Evans":
        # He agreed to be named on the school's profile.
        review.award.holder_consents = True
        review.award.save(update_fields=["holder_consents"])
