"""Another scheme's round in the Wagtail editor: the browser posts only the parts its cycle
asks for (a VbE audit has no key targets, no research steps, no award kind), and the school
can still save and send it; what the cycle does not ask for is left as stored."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from network.models import Process
from practice.models import UpdateStatus, UpdateTarget
from practice.updates.status import update_status
from practice.updates.year import start_cycle
from tests.factories import SchoolPageFactory, UserFactory, school_editor

pytestmark = pytest.mark.django_db


def browser_post(update, narratives, summary, action=None):
    """What the editor's form sends for a round that writes element sections only."""
    sections = list(update.element_progress.select_related("element"))
    data = {
        "title": update.title,
        "slug": update.slug,
        "academic_year": update.academic_year,
        "deadline": update.deadline.isoformat(),
        "framework": str(update.framework_id),
        "element_progress": inline_formset(
            [
                {
                    "id": str(section.pk),
                    "element": str(section.element_id),
                    "narrative": rich_text(narratives.get(section.element.number, "")),
                    "evidence": streamfield([]),
                    "self_rating": "3",
                }
                for section in sections
            ],
            initial=len(sections),
        ),
        "comments": inline_formset([]),
        "summary": rich_text(summary),
    }
    flat = nested_form_data(data)
    if action:
        flat[f"action-{action}"] = "1"
    return flat


@pytest.fixture
def audit(frameworks):
    school = SchoolPageFactory(title="Hollins Primary", urn="300301")
    process = Process.objects.get(key="vbe-quality-mark")
    update, _ = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    return update


def test_a_vbe_self_assessment_saves_and_is_sent_without_the_parts_it_does_not_ask_for(
    client, audit
):
    six = {n: f"<p>Aspect {n}: what pupils did.</p>" for n in range(1, 7)}
    client.force_login(school_editor(audit.school))

    response = client.post(
        f"/admin/pages/{audit.pk}/edit/", browser_post(audit, six, "<p>Reflection.</p>")
    )
    assert response.status_code == 302, response.context["form"].errors
    latest = audit.get_latest_revision_as_object()
    assert "Aspect 1" in latest.element_progress.all()[0].narrative

    response = client.post(
        f"/admin/pages/{audit.pk}/edit/",
        browser_post(audit, six, "<p>Reflection.</p>", action="submit"),
    )
    assert response.status_code == 302
    assert update_status(audit) == UpdateStatus.SUBMITTED


def test_scheme_staff_save_it_too_and_the_award_kind_is_left_as_stored(client, audit, staff_user):
    client.force_login(staff_user)
    response = client.post(f"/admin/pages/{audit.pk}/edit/", browser_post(audit, {}, ""))
    assert response.status_code == 302
    assert audit.get_latest_revision_as_object().award_kind == audit.award_kind


def test_what_the_cycle_does_not_ask_for_is_kept(client, audit):
    """A target stored on the round (say by an earlier version of the cycle) survives a save
    whose post says nothing about targets."""
    UpdateTarget.objects.create(update=audit, text="Kept as it was", sort_order=0)
    editor = UserFactory(username="hollins.editor", groups=[audit.school.editors_group])
    client.force_login(editor)
    response = client.post(f"/admin/pages/{audit.pk}/edit/", browser_post(audit, {}, ""))
    assert response.status_code == 302
    latest = audit.get_latest_revision_as_object()
    assert [target.text for target in latest.targets.all()] == ["Kept as it was"]


# ------ Artsmark: the Statement of Commitment first, the Quality Principles after ------


def artsmark_post(update, goals, narratives, summary="", action=None):
    """The Artsmark editor's post: the Quality Principles and the goals (no research steps)."""
    data = browser_post(update, narratives, summary, action=action)
    targets = list(update.targets.all())
    rows = [
        {"id": str(t.pk), "text": t.text, "progress": rich_text(""), "evidence": streamfield([])}
        for t in targets
    ] + [
        {"id": "", "text": text, "progress": rich_text(actions), "evidence": streamfield([])}
        for text, actions in goals
    ]
    data.update(nested_form_data({"targets": inline_formset(rows, initial=len(targets))}))
    return data


@pytest.fixture
def journey(frameworks):
    school = SchoolPageFactory(title="Elm Primary", urn="300302")
    process = Process.objects.get(key="artsmark")
    update, _ = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    return update


def test_artsmark_the_commitment_is_sent_with_its_goals_before_any_quality_principle(
    client, journey
):
    from django.contrib.auth.models import Group

    from network.permissions import ASSESSORS
    from tests.factories import AssessorAssignmentFactory

    client.force_login(school_editor(journey.school))
    goals = [("Six arts ambassadors", "<p>Chosen in September; they plan arts week.</p>")]
    response = client.post(
        f"/admin/pages/{journey.pk}/edit/", artsmark_post(journey, goals, {}, action="submit")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert update_status(journey) == UpdateStatus.SUBMITTED

    # The adviser gives feedback and sends it back: now the Quality Principles are asked for.
    adviser = UserFactory(username="adviser", groups=[Group.objects.get(name=ASSESSORS)])
    AssessorAssignmentFactory(school=journey.school, assessor=adviser)
    state = journey.current_workflow_state
    state.current_task_state.reject(user=adviser, comment="Lovely: now the impact.")
    journey.refresh_from_db()
    response = client.post(
        f"/admin/pages/{journey.pk}/edit/", artsmark_post(journey, [], {}, action="submit")
    )
    assert response.status_code == 200
    assert "Before you submit, complete: element" in response.content.decode()
    seven = {n: f"<p>Principle {n}: what changed.</p>" for n in range(1, 8)}
    response = client.post(
        f"/admin/pages/{journey.pk}/edit/",
        artsmark_post(journey, [], seven, "<p>Arts every week.</p>", action="restart-workflow"),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert update_status(journey) == UpdateStatus.SUBMITTED


def test_the_home_names_each_cycle_with_its_schemes_capitals(client, audit, journey):
    """Each named once, with its scheme: never "Artsmark Artsmark journey"."""
    from network.models import Process

    wcsqm = Process.objects.get(key="wcsqm-students")
    start_cycle(audit.school, wcsqm, "2026/27", datetime.date(2027, 6, 30))
    start_cycle(audit.school, Process.objects.get(key="artsmark"), "2026/27", journey.deadline)
    client.force_login(school_editor(audit.school))
    html = client.get("/admin/").content.decode()
    assert "VbE Quality Mark self-assessment audit 2026/27" in html
    assert "Hollins Primary</strong>: Artsmark journey 2026/27" in html
    assert "WCSQM Student character evidence 2026/27" in html
