"""An update and its review download as a PDF and print cleanly."""

import datetime
import io

import pytest
from pypdf import PdfReader

from practice.models import AnnualReview, AnnualUpdatePage, DevelopmentTarget
from practice.updates.year import open_update_year
from tests.factories import SchoolPageFactory, school_editor, school_with_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(frameworks):
    school = school_with_award(title="Maple Community School")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    first = update.element_progress.first()
    first.narrative = "<p>Pupils co-design their support plans.</p>"
    first.self_rating = 4
    first.save()
    review = AnnualReview.objects.create(
        update=update,
        visit_date=datetime.date(2027, 7, 1),
        outcome="ratified",
        strengths="Exceptional family liaison.",
    )
    DevelopmentTarget.objects.create(review=review, text="Share the liaison model")
    return update


def test_the_pdf_holds_the_update_and_its_review(client, update):
    client.force_login(school_editor(update.school))
    response = client.get(f"/admin/updates/{update.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "maple-community-school-2026-27.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Maple Community School" in text
    assert "Annual update 2026/27" in text
    assert "Pupils co-design their support plans." in text
    assert "4 of 4, Embedded" in text
    assert "Progress ratified" in text and "Share the liaison model" in text


def test_the_reading_view_prints(client, update):
    client.force_login(school_editor(update.school))
    response = client.get(f"/admin/updates/{update.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/annual-update.css" in html
    assert "Download as PDF" in html
    assert "<h1>Annual update 2026/27</h1>" in html


def test_others_get_no_pdf(client, update):
    client.force_login(school_editor(SchoolPageFactory(title="Yew School")))
    response = client.get(f"/admin/updates/{update.pk}/pdf/")
    assert response.status_code in (302, 403)
    assert not response.content.startswith(b"%PDF")
