"""The admin Word import given files that are not Word documents: a message, no draft page.

tests/practice/test_docx_import.py tries text, a broken zip, an empty file and a file over
the size limit; these are the other ways a file can be wrong: a zip or a spreadsheet or a
PDF named .docx, a document cut short, one that unpacks to far more than it weighs, and a
form posted without its file or with a school the editor does not edit.
"""

import io
import zipfile

import pytest
from openpyxl import Workbook

from practice.publishing import word_import
from tests.factories import SchoolPageFactory
from tests.input.snapshot import site_state
from tests.practice.test_docx_import import URL, build_docx, upload

pytestmark = pytest.mark.django_db


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def spreadsheet():
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["Context", "Impact"])
    book.save(buffer)
    return buffer.getvalue()


NOT_WORD = {
    "zip-of-text": zipped({"notes.txt": "Context\nImpact"}),
    "xlsx": spreadsheet(),
    "pdf": b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF",
    "cut-short": build_docx()[:2000],
    "cut-at-the-end": build_docx()[:-100],
    "no-document-part": zipped({"[Content_Types].xml": "<Types/>"}),
    "broken-xml": zipped(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
            "_rels/.rels": "<not xml",
            "word/document.xml": "<w:document",
        }
    ),
    "utf16-text": "Context\nImpact".encode("utf-16"),
    "binary": bytes(range(256)) * 8,
}


@pytest.fixture
def signed_in(client, school, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("kind", list(NOT_WORD))
def test_a_file_that_is_not_a_word_document_makes_no_draft(signed_in, school, kind):
    before = site_state()
    response = signed_in.post(
        URL, {"school": school.pk, "document": upload(NOT_WORD[kind], "case-study.docx")}
    )
    assert response.status_code == 200
    assert "cannot be read as a Word document" in response.text
    assert site_state() == before


def test_a_document_that_unpacks_to_too_much_is_refused(signed_in, school, monkeypatch):
    monkeypatch.setattr(word_import, "MAX_UNPACKED_BYTES", 20_000)
    bomb = zipped({"word/document.xml": "<w:p/>" * 100_000})
    assert len(bomb) < 20_000
    before = site_state()
    response = signed_in.post(URL, {"school": school.pk, "document": upload(bomb)})
    assert "This document unpacks to 1 MB; the largest we take is 0 MB." in response.text
    assert site_state() == before


def test_the_unpacked_limit_is_far_over_the_upload_limit():
    assert word_import.MAX_UNPACKED_BYTES >= 10 * word_import.MAX_BYTES


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"school": "not-a-number"}, "Select a valid choice."),
        ({"school": "99999999999999999999"}, "Select a valid choice."),
        ({"school": "\x00"}, "Select a valid choice."),
    ],
)
def test_a_form_without_a_file_or_a_school_is_shown_again(signed_in, school, data, message):
    before = site_state()
    response = signed_in.post(URL, data)
    assert response.status_code == 200
    assert message in response.text
    assert site_state() == before


def test_a_school_the_editor_does_not_edit_is_refused(signed_in, school):
    other = SchoolPageFactory(title="Elsewhere Primary")
    before = site_state()
    response = signed_in.post(URL, {"school": other.pk, "document": upload(build_docx())})
    assert "Select a valid choice." in response.text
    assert site_state() == before
