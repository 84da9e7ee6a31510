"""A school writes its update in the Wagtail editor: drafts save anything; submitting asks
for every element's narrative and every target's progress, and lists what is missing."""

import datetime

import pytest
from wagtail.models import WorkflowState

from practice.models import AnnualUpdatePage, UpdateStatus, UpdateTarget
from practice.updates.status import update_status
from practice.updates.year import open_update_year
from tests.factories import school_assessor, school_editor, school_with_award, update_edit_data

pytestmark = pytest.mark.django_db

ALL_TEN = {n: f"<p>What we did for element {n}.</p>" for n in range(1, 11)}


@pytest.fixture
def update(frameworks):
    school = school_with_award(title="Oak Primary")
    school_assessor(school)
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    for order, text in enumerate(["Reading for all", "Parents in class", "Outdoor learning"]):
        UpdateTarget.objects.create(update=update, text=text, sort_order=order)
    return update


def edit_url(update):
    return f"/admin/pages/{update.pk}/edit/"


def test_the_editor_shows_one_section_per_element_with_the_schemes_labels(
    client, update, staff_user
):
    client.force_login(school_editor(update.school))
    response = client.get(edit_url(update))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Progress against the elements" in html
    assert "Key targets (Centre of Excellence)" in html
    assert "Research project steps (Flagship): not needed for this update" in html
    assert "Reading for all" in html
    assert "1: Emerging" in html and "4: Embedded" in html

    # Scheme staff rename a point of the scale; the editor shows the new word.
    scale = update.rating_scale
    client.force_login(staff_user)
    response = client.post(
        f"/admin/snippets/practice/ratingscale/edit/{scale.pk}/",
        {
            "scheme": scale.scheme_id,
            "level_1": "Emerging",
            "level_2": "Developing",
            "level_3": "Established",
            "level_4": "Exemplary",
        },
    )
    assert response.status_code == 302
    client.force_login(school_editor(update.school))
    assert "4: Exemplary" in client.get(edit_url(update)).content.decode()


def test_a_draft_saves_with_sections_missing(client, update):
    client.force_login(school_editor(update.school))
    data = update_edit_data(
        update, narratives={1: "<p>Pupils lead assemblies.</p>"}, ratings={1: 3}
    )
    response = client.post(edit_url(update), data)
    assert response.status_code == 302
    update.refresh_from_db()
    latest = update.get_latest_revision_as_object()
    first = latest.element_progress.all()[0]
    assert "Pupils lead assemblies" in first.narrative
    assert first.self_rating == 3
    assert update_status(update) == UpdateStatus.DRAFT
    assert not WorkflowState.objects.filter(object_id=str(update.pk)).exists()


def test_submitting_with_sections_missing_lists_them_with_links(client, update):
    client.force_login(school_editor(update.school))
    narratives = {n: text for n, text in ALL_TEN.items() if n not in (4, 7)}
    data = update_edit_data(
        update, narratives=narratives, progress=["<p>Done.</p>"], action="submit"
    )
    response = client.post(edit_url(update), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before you can submit" in html
    sections = list(update.element_progress.order_by("sort_order"))
    for number in (4, 7):
        position = [s.element.number for s in sections].index(number)
        assert f'href="#inline_child_element_progress-{position}"' in html
    assert "Key target 2: progress" in html and "Key target 3: progress" in html
    assert 'href="#inline_child_targets-1"' in html
    assert "Write about this element before you submit." in html
    # What was typed is kept in the form.
    assert "What we did for element 9" in html
    assert not WorkflowState.objects.filter(object_id=str(update.pk)).exists()


def test_submitting_a_complete_update_starts_the_annual_review(client, update):
    client.force_login(school_editor(update.school))
    data = update_edit_data(
        update,
        narratives=ALL_TEN,
        ratings=dict.fromkeys(range(1, 11), 2),
        progress=["<p>All classes read daily.</p>", "<p>Fortnightly.</p>", "<p>Forest school.</p>"],
        summary="<p>A strong year.</p>",
        action="submit",
    )
    response = client.post(edit_url(update), data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(update.pk))
    assert state.workflow.name == "Annual review"
    assert state.current_task_state.task.name == "Assessor review"
    assert update_status(update) == UpdateStatus.SUBMITTED


def test_a_flagship_reports_on_research_steps_not_targets(client, frameworks):
    from practice.models import ResearchStep

    school = school_with_award(kind="flagship", title="Flagship Primary")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    ResearchStep.objects.create(update=update, step="Pilot in Year 4", people_responsible="J. Bell")
    client.force_login(school_editor(school))
    page = client.get(edit_url(update)).content.decode()
    assert "Key targets (Centre of Excellence): not needed for this update" in page
    data = update_edit_data(update, narratives=ALL_TEN, action="submit")
    html = client.post(edit_url(update), data).content.decode()
    assert "Research step 1: progress" in html
    assert "key target" not in html.split("Before you can submit")[1].split("</ul>")[0].lower()
    data = update_edit_data(
        update, narratives=ALL_TEN, progress=["<p>Piloted.</p>"], action="submit"
    )
    assert client.post(edit_url(update), data).status_code == 302
    assert update_status(update) == UpdateStatus.SUBMITTED
