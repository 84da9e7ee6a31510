"""An editor writes a case study through the admin, filling in every field."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from network.models import Element, Scheme
from practice.models import CaseStudyPage

pytestmark = pytest.mark.django_db


def case_study_form(elements, image, document, **overrides):
    data = {
        "title": "Pre-teaching vocabulary for new arrivals with EAL",
        "slug": "pre-teaching-vocabulary",
        "summary": "Teaching assistants pre-taught topic words; new arrivals joined in sooner.",
        "context": rich_text("<p>One in five pupils arrives mid-year speaking little English.</p>"),
        "aims": rich_text("<p>Help new arrivals take part in lessons within a term.</p>"),
        "actions": rich_text("<p>Ten minutes of pre-teaching before each science lesson.</p>"),
        "impact": rich_text("<p>Participation rose from 2 to 6 contributions a lesson.</p>"),
        "what_did_not_work": rich_text("<p>Word mats sent home were rarely used.</p>"),
        "next_steps": rich_text("<p>Extend the approach to humanities.</p>"),
        "key_messages": rich_text("<p>Keep it short, daily, and tied to the lesson.</p>"),
        "body": rich_text("<p>Our timetable and word lists are attached.</p>"),
        "tags": "EAL, new arrivals",
        "phase": "secondary",
        "evidence_stage": "locally_evaluated",
        "outcome": "promising",
        "work_in_progress": "on",
        "images": inline_formset(
            [{"image": str(image.pk), "caption": "Word wall", "alt_text": "A word wall"}]
        ),
        "documents": inline_formset([{"document": str(document.pk), "caption": "Word lists"}]),
        "contact_name": "Ayesha Khan",
        "contact_role": "EAL lead",
        "contact_email": "a.khan@riverside.example",
        "visibility": "public",
    }
    chosen = overrides.pop("chosen_elements", [str(elements[0].pk), str(elements[3].pk)])
    data.update(overrides)
    form = nested_form_data(data)
    form["elements"] = chosen  # a multiple choice: several values under one name
    return form


def test_editor_creates_a_case_study_with_every_field(
    client, school, editor, iqm_elements, image, document
):
    client.force_login(editor)
    add_url = f"/admin/pages/add/practice/casestudypage/{school.pk}/"
    form_page = client.get(add_url)
    assert form_page.status_code == 200
    # Only the elements of the school's own framework are offered.
    assert f'value="{iqm_elements[0].pk}"' in form_page.text
    other = Element.objects.exclude(framework=iqm_elements[0].framework).first()
    assert f'name="elements" value="{other.pk}"' not in form_page.text

    response = client.post(add_url, case_study_form(iqm_elements, image, document))
    assert response.status_code == 302, response.context["form"].errors

    page = CaseStudyPage.objects.get(slug="pre-teaching-vocabulary")
    draft = page.get_latest_revision_as_object()
    assert page.live is False
    assert draft.school == school
    assert "mid-year" in draft.context and "Ten minutes" in draft.actions
    assert "Word mats" in draft.what_did_not_work and "Keep it short" in draft.key_messages
    assert {e.number for e in draft.elements.all()} == {1, 4}
    assert {t.name for t in draft.tags.all()} == {"EAL", "new arrivals"}
    assert draft.phase == "secondary" and draft.effective_phase == "secondary"
    assert (draft.evidence_stage, draft.outcome, draft.work_in_progress) == (
        "locally_evaluated",
        "promising",
        True,
    )
    assert draft.images.get().caption == "Word wall"
    assert draft.documents.get().document == document
    assert draft.contact_email == "a.khan@riverside.example"


def test_phase_comes_from_the_school_unless_overridden(
    client, school, editor, iqm_elements, image, document
):
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        case_study_form(iqm_elements, image, document, phase=""),
    )
    draft = CaseStudyPage.objects.get().get_latest_revision_as_object()
    assert draft.phase == "" and draft.effective_phase == "primary"


def test_an_element_from_another_framework_is_refused(
    client, school, editor, iqm_elements, image, document
):
    client.force_login(editor)
    foreign = Element.objects.filter(framework__scheme=Scheme.objects.get(short_name="VbE")).first()
    response = client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        case_study_form(iqm_elements, image, document, chosen_elements=[str(foreign.pk)]),
    )
    assert response.status_code == 200
    assert "elements" in response.context["form"].errors
    assert not CaseStudyPage.objects.exists()
    # What the editor typed is still there.
    assert "Pre-teaching vocabulary for new arrivals" in response.text


def test_a_case_study_lives_only_under_a_school(client, staff_user, school):
    client.force_login(staff_user)
    home = Page.objects.get(depth=2)
    response = client.get(f"/admin/pages/add/practice/casestudypage/{home.pk}/")
    assert response.status_code in (302, 403)


def test_the_published_page_shows_its_sections_in_order_with_contents(client, school, iqm_elements):
    from tests.factories import CaseStudyPageFactory

    page = CaseStudyPageFactory(
        parent=school,
        title="Calm starts",
        summary="A calm start to the day cut lateness.",
        aims="<p>Fewer late marks.</p>",
        impact="<p>Late marks halved.</p>",
        outcome="worked",
    )
    page.elements.set(iqm_elements[:2])
    page.save()
    html = client.get(page.url).text
    assert '<nav class="contents"' in html
    assert (
        html.index("Context")
        < html.index("Aims")
        < html.index("What we did")
        < html.index("Impact and evidence")
    )
    assert f"Element 1: {iqm_elements[0].title}" in html
    assert "Worked" in html and "Riverside Primary" in html
