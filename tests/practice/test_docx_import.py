"""An editor uploads a Word document and gets a draft case study with its sections filled."""

import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from practice.models import CaseStudyPage
from practice.publishing import word_import
from tests.factories import SchoolPageFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/practice/import-word/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def build_docx():
    document = docx.Document()
    document.add_heading("Nurture breakfasts for pupils with SEMH needs", level=0)
    document.add_paragraph("A calm breakfast club helped six pupils start the day ready to learn.")
    document.add_heading("Context", level=1)
    document.add_paragraph("Several pupils arrived dysregulated after difficult mornings.")
    document.add_heading("AIMS", level=1)
    document.add_paragraph("Fewer incidents before break.")
    document.add_heading("What we did", level=2)
    paragraph = document.add_paragraph("An ")
    paragraph.add_run("ELSA-trained").bold = True
    paragraph.add_run(" assistant ran breakfast daily.")
    document.add_paragraph("Toast and a check-in", style="List Bullet")
    document.add_paragraph("A visual timetable for the day", style="List Bullet")
    document.add_heading("Impact and evidence", level=1)
    document.add_paragraph("Incidents before break fell from 23 to 7 in a term.")
    document.add_heading("What didn't work", level=1)
    document.add_paragraph("Inviting parents at first made it less calm.")
    document.add_heading("Next steps", level=1)
    document.add_paragraph("Offer it to Year 2.")
    document.add_heading("Key messages", level=1)
    document.add_paragraph("Keep the group small.")
    document.add_heading("Costs", level=1)
    document.add_paragraph("About £15 a week.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(content, name="case-study.docx", content_type=DOCX):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_import_page_is_in_the_admin_menu_for_editors(client, school, editor):
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert "Import from Word" in dashboard.text
    page = client.get(URL)
    assert page.status_code == 200
    assert "Riverside Primary" in page.text
    assert 'type="file"' in page.text


def test_uploading_a_docx_makes_a_draft_with_sections(client, school, editor):
    client.force_login(editor)
    response = client.post(URL, {"school": school.pk, "document": upload(build_docx())})
    page = CaseStudyPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert page.live is False and page.get_parent().specific == school
    assert page.owner == editor
    assert page.title == "Nurture breakfasts for pupils with SEMH needs"
    assert page.summary.startswith("A calm breakfast club")
    assert "dysregulated" in page.context
    assert "Fewer incidents" in page.aims
    assert "<b>ELSA-trained</b>" in page.actions
    assert "<ul><li>Toast and a check-in</li><li>A visual timetable" in page.actions
    assert "23 to 7" in page.impact
    assert "Inviting parents" in page.what_did_not_work
    assert "Year 2" in page.next_steps and "small" in page.key_messages
    assert "<h3>Costs</h3>" in page.body and "£15" in page.body
    assert page.get_latest_revision().user == editor
    # The editor lands on the draft with a message saying what was filled in.
    edit = client.get(response["Location"])
    assert "Draft case study" in edit.text and "impact" in edit.text


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text", "notes.txt", "This is not a Word document"),
        (b"PK\x03\x04 broken", "broken.docx", "cannot be read as a Word document"),
        (b"", "empty.docx", "The submitted file is empty"),
    ],
)
def test_bad_files_get_a_clear_message(client, school, editor, content, name, message):
    client.force_login(editor)
    response = client.post(URL, {"school": school.pk, "document": upload(content, name)})
    assert response.status_code == 200
    assert message in response.text
    assert not CaseStudyPage.objects.exists()


def test_a_document_without_text_is_refused(client, school, editor):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    client.force_login(editor)
    response = client.post(URL, {"school": school.pk, "document": upload(buffer.getvalue())})
    assert "no text we could read" in response.text
    assert not CaseStudyPage.objects.exists()


def test_a_huge_file_is_refused(client, school, editor, monkeypatch):
    monkeypatch.setattr(word_import, "MAX_BYTES", 1000)
    client.force_login(editor)
    response = client.post(URL, {"school": school.pk, "document": upload(build_docx())})
    assert "the largest we take is" in response.text
    assert not CaseStudyPage.objects.exists()


def test_an_editor_cannot_import_into_another_school(client, school, editor):
    other = SchoolPageFactory(title="Other School")
    client.force_login(editor)
    response = client.post(URL, {"school": other.pk, "document": upload(build_docx())})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not CaseStudyPage.objects.exists()


def test_someone_without_a_school_is_sent_away(client, school):
    assessor = UserFactory(username="nobody")
    from django.contrib.auth.models import Permission

    assessor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(assessor)
    response = client.get(URL, follow=True)
    assert "nowhere to import to" in response.text


def test_staff_may_import_for_any_school(client, school, staff_user):
    other = SchoolPageFactory(title="Other School")
    client.force_login(staff_user)
    response = client.post(URL, {"school": other.pk, "document": upload(build_docx())})
    assert response.status_code == 302
    assert CaseStudyPage.objects.get().get_parent().specific == other
    edit = client.get(response["Location"])
    assert edit.status_code == 200


def test_tables_are_kept_and_said_and_a_second_import_makes_no_second_draft(client, school, editor):
    """Issue 17: a table was dropped without a word, a second import made a second draft,
    and the message named fields by code ("next_steps")."""
    document = docx.Document()
    document.add_heading("Reading buddies across Key Stage 2", level=0)
    document.add_paragraph("Year 6 pupils read with Year 3 twice a week.")
    document.add_heading("Impact and evidence", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Measure", "Change"), ("Reading age (Y3)", "+8 months"), ("Attendance", "+2%")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("Next steps", level=1)
    document.add_paragraph("Train the buddies in phonics prompts.")
    buffer = io.BytesIO()
    document.save(buffer)

    client.force_login(editor)
    response = client.post(
        URL, {"school": school.pk, "document": upload(buffer.getvalue())}, follow=True
    )
    page = CaseStudyPage.objects.get()
    assert "Reading age (Y3) | +8 months" in page.impact
    shown = response.content.decode()
    assert "1 table became lists" in shown
    message = re.search(r"Draft case study.*?send it to scheme staff\.", shown, re.S).group(0)
    assert "Next steps" in message and "next_steps" not in message

    again = client.post(
        URL, {"school": school.pk, "document": upload(buffer.getvalue())}, follow=True
    )
    assert CaseStudyPage.objects.count() == 1
    assert "no second copy was made" in again.content.decode()
