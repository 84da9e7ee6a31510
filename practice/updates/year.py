"""Opening a round: every school (or member of staff) whose award asks for a cycle gets one
draft of it, once. Which cycles a level opens is data (network.Process.levels), so a school
holding two marks gets both cycles in the same year."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from network.models import Award, AwardKind, Process
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    ElementProgress,
    ResearchStep,
    UpdateTarget,
)
from practice.models.updates import previous_academic_year, validate_academic_year

UPDATE_KINDS = (AwardKind.CENTRE_OF_EXCELLENCE, AwardKind.FLAGSHIP)
ANNUAL_UPDATE_KEY = "annual-update"


@dataclass
class OpenedYear:
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (school, reason)


def update_slug(academic_year, process=None, person_name=""):
    """IQM's annual update keeps the address it always had; other cycles add their key."""
    year = academic_year.replace("/", "-")
    key = process.key if process is not None else ANNUAL_UPDATE_KEY
    slug = f"annual-update-{year}" if key == ANNUAL_UPDATE_KEY else f"{key}-{year}"
    if person_name:
        slug = f"{slug}-{slugify(person_name)[:40]}"
    return slug


def free_slug(school, slug):
    """The address, or the first free one after it: two people's names can make the same
    (names in another script make none, "Ann O'Neil" and "Ann ONeil" the same)."""
    from wagtail.models import Page

    slug = slug.rstrip("-")
    taken = set(
        Page.objects.child_of(school).filter(slug__startswith=slug).values_list("slug", flat=True)
    )
    found, number = slug, 1
    while found in taken:
        number += 1
        found = f"{slug}-{number}"
    return found


def cycles_due(today=None, processes=None):
    """{(school id, process id, holder): award}: each holder's highest award in force at a level
    one of the processes opens for."""
    today = today or timezone.localdate()
    processes = list(processes if processes is not None else Process.objects.all())
    by_level = {}
    for process in Process.objects.filter(pk__in=[p.pk for p in processes]).prefetch_related(
        "levels"
    ):
        for level in process.levels.all():
            by_level.setdefault(level.pk, []).append(process)
    awards = (
        Award.objects.in_force(today)
        .filter(level_id__in=by_level.keys())
        .select_related("school", "level__scheme__update_framework")
        .order_by("school_id")
    )
    best = {}
    for award in awards:
        for process in by_level[award.level_id]:
            key = (award.school_id, process.pk, award.holder_name)
            rank = (award.level.sort_order or 0, award.awarded_on)
            current = best.get(key)
            if current is None or rank > (current.level.sort_order or 0, current.awarded_on):
                best[key] = award
    return best


def awards_due(today=None):
    """Each school's highest current award that asks for an annual update (IQM's cycle)."""
    processes = Process.objects.filter(key=ANNUAL_UPDATE_KEY)
    return {
        school_id: award
        for (school_id, _process, holder), award in cycles_due(today, processes).items()
        if not holder
    }


def open_update_year(academic_year, deadline, today=None, processes=None):
    """Create the round's drafts for every cycle (or those given). Running it again creates
    nothing twice."""
    validate_academic_year(academic_year)
    if not isinstance(deadline, datetime.date):
        raise ValueError("The deadline must be a date.")
    result = OpenedYear()
    due = cycles_due(today, processes)
    if not due:
        return result
    school_ids = {school_id for school_id, _process, _holder in due}
    existing = set(
        AnnualUpdatePage.objects.filter(
            academic_year=academic_year, school_id__in=school_ids
        ).values_list("school_id", "process_id", "person_name")
    )
    last_year = previous_academic_year(academic_year)
    previous = {
        (review.update.school_id, review.update.process_id, review.update.person_name): review
        for review in AnnualReview.objects.filter(
            update__academic_year=last_year, update__school_id__in=school_ids
        )
        .select_related("update")
        .prefetch_related("development_targets")
    }
    previous_steps = {}
    for step in ResearchStep.objects.filter(
        update__academic_year=last_year, update__school_id__in=school_ids
    ).select_related("update"):
        key = (step.update.school_id, step.update.process_id, step.update.person_name)
        previous_steps.setdefault(key, []).append(step)
    processes = {process.pk: process for process in Process.objects.select_related("scheme")}

    for key, award in sorted(due.items(), key=lambda item: (item[1].school.title, item[0][1:])):
        school = award.school
        process = processes[key[1]]
        if key in existing:
            result.existing.append(school)
            continue
        framework = process.framework_version(school)
        if framework is None:
            result.skipped.append((school, f"{process} has no framework to write against"))
            continue
        with transaction.atomic():
            update = build_update(
                school,
                academic_year,
                deadline,
                framework,
                award.level.kind,
                previous.get(key),
                previous_steps.get(key, []),
                process=process,
                person_name=award.holder_name,
            )
        result.created.append(update)
    return result


def start_cycle(school, process, academic_year, deadline, person_name=""):
    """Scheme staff start a cycle for one school (or one of its staff): Artsmark's pledge, a
    first VbE audit. Returns (update, created)."""
    validate_academic_year(academic_year)
    existing = AnnualUpdatePage.objects.filter(
        school=school, process=process, academic_year=academic_year, person_name=person_name
    ).first()
    if existing is not None:
        return existing, False
    framework = process.framework_version(school)
    if framework is None:
        raise ValueError(f"{process} has no framework to write against.")
    with transaction.atomic():
        update = build_update(
            school,
            academic_year,
            deadline,
            framework,
            AwardKind.STANDARD,
            None,
            [],
            process=process,
            person_name=person_name,
        )
    return update, True


def build_update(
    school, academic_year, deadline, framework, kind, review, steps, process=None, person_name=""
):
    if process is None:
        process = Process.objects.filter(key=ANNUAL_UPDATE_KEY).first()
    name = process.name if process is not None else "Annual update"
    title = f"{name} {academic_year}"
    if person_name:
        title = f"{name} {academic_year}: {person_name}"
    writes = process.writes() if process is not None else ["elements", "goals"]
    update = AnnualUpdatePage(
        title=title,
        slug=free_slug(school, update_slug(academic_year, process, person_name)),
        live=False,
        school=school,
        academic_year=academic_year,
        framework=framework,
        process=process,
        person_name=person_name,
        award_kind=kind if kind in UPDATE_KINDS else AwardKind.CENTRE_OF_EXCELLENCE,
        deadline=deadline,
    )
    if "elements" in writes:
        update.element_progress = [
            ElementProgress(element=element, sort_order=order)
            for order, element in enumerate(framework.elements.order_by("number"))
        ]
    plan = list(review.development_targets.all()) if review else []
    if kind == AwardKind.FLAGSHIP:
        carried = [step for step in steps if step.status != "done"]
        if carried:
            update.research_steps = [
                ResearchStep(
                    step=step.step,
                    people_responsible=step.people_responsible,
                    due_on=step.due_on,
                    status=step.status,
                    sort_order=order,
                )
                for order, step in enumerate(carried)
            ]
        else:
            update.research_steps = [
                ResearchStep(step=target.text, sort_order=order)
                for order, target in enumerate(plan)
            ]
    else:
        update.targets = [
            UpdateTarget(text=target.text, sort_order=order) for order, target in enumerate(plan)
        ]
    school.add_child(instance=update)
    return update
