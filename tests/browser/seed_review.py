"""What the review journeys need: a Centre of Excellence school with its editor and assessor,
scheme staff, the year's annual updates opened, and a case study waiting for review."""

import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from network.models import Phase, Region
from network.permissions import SCHEME_STAFF
from practice.models import AnnualUpdatePage, UpdateTarget
from practice.updates.year import open_update_year
from tests.factories import (
    CaseStudyPageFactory,
    UserFactory,
    home_page,
    school_assessor,
    school_editor,
    school_with_award,
)

ACADEMIC_YEAR = "2026/27"
TARGETS = ["Every pupil reads aloud daily", "Parents join a class each term"]


@dataclass
class ReviewNetwork:
    school: object
    editor: object
    assessor: object
    staff: object
    update: object


def seed_review():
    """Frameworks, one Centre of Excellence (Rowan Primary) with an editor and an assigned
    assessor, scheme staff, and the school's draft update for 2026/27 with two targets."""
    call_command("load_frameworks", stdout=io.StringIO())
    home_page()
    school = school_with_award(
        title="Rowan Primary School",
        urn="200201",
        phase=Phase.PRIMARY,
        region=Region.NORTH_WEST,
        local_authority="Cumbria",
    )
    editor = school_editor(school, username="rowan.editor")
    assessor = school_assessor(school, username="rowan.assessor")
    staff = UserFactory(username="scheme.staff", groups=[Group.objects.get(name=SCHEME_STAFF)])
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    open_update_year(ACADEMIC_YEAR, deadline)
    update = AnnualUpdatePage.objects.get(school=school, academic_year=ACADEMIC_YEAR)
    for order, text in enumerate(TARGETS):
        UpdateTarget.objects.create(update=update, text=text, sort_order=order)
    return ReviewNetwork(school, editor, assessor, staff, update)


def submitted_case_study(network, title):
    """A case study the school's editor wrote and submitted to Practice review."""
    study = CaseStudyPageFactory(parent=network.school, title=title)
    study.unpublish()
    study.refresh_from_db()
    revision = study.save_revision(user=network.editor)
    workflow = study.get_workflow()
    workflow.start(study, network.editor)
    study.refresh_from_db()
    assert revision.pk
    return study


def submitted_update(network):
    """The school's update, written in full by its editor and submitted to Annual review."""
    update = network.update
    draft = update.get_latest_revision_as_object() if update.latest_revision_id else update
    sections = list(draft.element_progress.all())
    for progress in sections:
        progress.narrative = f"<p>Element {progress.element.number}: pupils led the work.</p>"
    targets = list(draft.targets.all())
    for target in targets:
        target.progress = f"<p>Done: {target.text}.</p>"
    # In memory, so that the revision carries them (as the editor's form would).
    draft.element_progress = sections
    draft.targets = targets
    draft.save_revision(user=network.editor)
    update.get_workflow().start(update, network.editor)
    update.refresh_from_db()
    return update
