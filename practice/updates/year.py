"""Opening a year: every school that owes an update gets one draft, once."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from network.models import Award, AwardKind
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    ElementProgress,
    ResearchStep,
    UpdateTarget,
)
from practice.models.updates import previous_academic_year, validate_academic_year

UPDATE_KINDS = (AwardKind.CENTRE_OF_EXCELLENCE, AwardKind.FLAGSHIP)


@dataclass
class OpenedYear:
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (school, reason)


def update_slug(academic_year):
    return "annual-update-" + academic_year.replace("/", "-")


def awards_due(today=None):
    """Each school's highest current award that asks for an annual update."""
    today = today or timezone.localdate()
    awards = (
        Award.objects.in_force(today)
        .filter(level__kind__in=UPDATE_KINDS)
        .select_related("school", "level__scheme__update_framework")
        .order_by("school_id")
    )
    best = {}
    for award in awards:
        key = (award.level.sort_order or 0, award.awarded_on)
        current = best.get(award.school_id)
        if current is None or key > (current.level.sort_order or 0, current.awarded_on):
            best[award.school_id] = award
    return best


def open_update_year(academic_year, deadline, today=None):
    """Create the year's draft updates. Running it again creates nothing twice."""
    validate_academic_year(academic_year)
    if not isinstance(deadline, datetime.date):
        raise ValueError("The deadline must be a date.")
    result = OpenedYear()
    due = awards_due(today)
    existing = set(
        AnnualUpdatePage.objects.filter(
            academic_year=academic_year, school_id__in=due.keys()
        ).values_list("school_id", flat=True)
    )
    previous = {
        review.update.school_id: review
        for review in AnnualReview.objects.filter(
            update__academic_year=previous_academic_year(academic_year),
            update__school_id__in=due.keys(),
        )
        .select_related("update")
        .prefetch_related("development_targets")
    }
    previous_steps = {}
    for step in ResearchStep.objects.filter(
        update__academic_year=previous_academic_year(academic_year),
        update__school_id__in=due.keys(),
    ).select_related("update"):
        previous_steps.setdefault(step.update.school_id, []).append(step)

    for school_id, award in sorted(due.items(), key=lambda item: item[1].school.title):
        school = award.school
        if school_id in existing:
            result.existing.append(school)
            continue
        framework = award.level.scheme.update_framework
        if framework is None:
            result.skipped.append((school, f"{award.level.scheme} has no update framework"))
            continue
        with transaction.atomic():
            update = build_update(
                school,
                academic_year,
                deadline,
                framework,
                award.level.kind,
                previous.get(school_id),
                previous_steps.get(school_id, []),
            )
        result.created.append(update)
    return result


def build_update(school, academic_year, deadline, framework, kind, review, steps):
    update = AnnualUpdatePage(
        title=f"Annual update {academic_year}",
        slug=update_slug(academic_year),
        live=False,
        school=school,
        academic_year=academic_year,
        framework=framework,
        award_kind=kind,
        deadline=deadline,
    )
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
