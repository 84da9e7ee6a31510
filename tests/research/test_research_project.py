"""An editor writes up classroom research; readers cite it and import it into their library."""

import datetime

import pytest
import rispy
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from research.models import ResearchProjectPage
from tests.factories import ResearchProjectPageFactory, SchoolPageFactory

pytestmark = pytest.mark.django_db


def research_form(elements, document, partner):
    form = nested_form_data(
        {
            "title": "Reading aloud and fluency in Year 3",
            "slug": "reading-aloud-fluency",
            "summary": "Daily reading aloud raised fluency more than silent reading.",
            "question": "Does daily reading aloud improve Year 3 reading fluency?",
            "question_population": "Year 3 pupils reading below age",
            "question_intervention": "15 minutes of teacher reading aloud daily",
            "question_comparison": "15 minutes of independent silent reading",
            "question_outcome": "Words correct per minute after 12 weeks",
            "context": rich_text("<p>Fluency lagged behind decoding.</p>"),
            "published_research": rich_text("<p>Modelled fluent reading is well evidenced.</p>"),
            "participants": rich_text("<p>Two Year 3 classes, 54 pupils.</p>"),
            "method": rich_text("<p>One class read aloud daily, the other read silently.</p>"),
            "ethics": rich_text("<p>Parents were told and could opt out.</p>"),
            "data": rich_text("<p>Fluency probes at weeks 0, 6 and 12.</p>"),
            "findings": rich_text("<p>The read-aloud class gained 11 more words a minute.</p>"),
            "impact": rich_text("<p>All KS2 classes now read aloud daily.</p>"),
            "attachments": inline_formset([{"document": str(document.pk), "caption": "Data"}]),
            "status": "complete",
            "authors": "Patel, R.; Jones, S.",
            "tags": "fluency, reading",
            "visibility": "public",
        }
    )
    form["elements"] = [str(elements[5].pk)]
    form["collaborating_schools"] = [str(partner.pk)]
    return form


def test_editor_creates_research_with_every_field(client, school, editor, iqm_elements, document):
    partner = SchoolPageFactory(title="Hillside Primary")
    client.force_login(editor)
    add_url = f"/admin/pages/add/research/researchprojectpage/{school.pk}/"
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, research_form(iqm_elements, document, partner))
    assert response.status_code == 302, response.context["form"].errors

    draft = ResearchProjectPage.objects.get().get_latest_revision_as_object()
    assert draft.school == school
    assert draft.question_comparison == "15 minutes of independent silent reading"
    for name in ("context", "published_research", "participants", "method", "ethics", "data"):
        assert getattr(draft, name).startswith("<p")
    assert "11 more words" in draft.findings and "KS2" in draft.impact
    assert draft.status == "complete"
    assert list(draft.collaborating_schools.all()) == [partner]
    assert [e.number for e in draft.elements.all()] == [6]
    assert {t.name for t in draft.tags.all()} == {"fluency", "reading"}
    assert draft.attachments.get().document == document


@pytest.fixture
def published_research(school):
    page = ResearchProjectPageFactory(
        parent=school,
        title="Reading aloud and fluency in Year 3",
        authors="Patel, R.; Jones, S.",
        summary="Daily reading aloud raised fluency.",
        question_population="Year 3 pupils",
        question_intervention="Reading aloud",
        question_comparison="Silent reading",
        question_outcome="Fluency",
        findings="<p>Fluency rose.</p>",
        status="complete",
        first_published_at=timezone.make_aware(datetime.datetime(2026, 3, 14, 10, 0)),
    )
    page.tags.add("fluency")
    page.save()
    return page


def test_page_shows_the_question_and_a_citation(client, published_research):
    html = client.get(published_research.url).text
    assert "Silent reading" in html and "Fluency rose." in html
    assert "Patel, R. and Jones, S. (2026) Reading aloud and fluency in Year 3." in html
    assert "Riverside Primary" in html
    assert 'href="/schools/riverside-primary/reading-aloud-and-fluency-in-year-3/cite/ris/"' in html


def test_ris_download_parses_as_a_report(client, published_research):
    response = client.get(published_research.url + "cite/ris/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert "attachment" in response["Content-Disposition"]
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == "Reading aloud and fluency in Year 3"
    assert entry["authors"] == ["Patel, R.", "Jones, S."]
    assert entry["year"] == "2026"
    assert entry["publisher"] == "Riverside Primary"
    assert entry["keywords"] == ["fluency"]
    assert entry["urls"][0].endswith(
        "/schools/riverside-primary/reading-aloud-and-fluency-in-year-3/"
    )


def test_ris_without_authors_names_the_school(client, school):
    page = ResearchProjectPageFactory(parent=school, title="Attendance nudges")
    (entry,) = rispy.loads(client.get(page.url + "cite/ris/").content.decode())
    assert entry["authors"] == ["Riverside Primary"]
    assert "year" not in entry  # never published: no year is invented
