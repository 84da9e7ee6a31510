"""Documents uploaded through the admin are what their names say, and no bigger than allowed.

A school editor (who may add documents) uploads through every door Wagtail has: the add
form, the multiple uploader and the chooser's upload form in the page editor. A file whose
bytes do not match its extension, or one over the size limit, is refused with a message
naming the file and the reason, and leaves no Document row and no file behind.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection

from tests.factories import SchoolPageFactory, school_editor

pytestmark = pytest.mark.django_db


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office(part):
    return zipped({"[Content_Types].xml": "<Types/>", part: "<document/>"})


GENUINE = {
    "report.pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
    "plan.docx": office("word/document.xml"),
    "figures.xlsx": office("xl/workbook.xml"),
    "slides.pptx": office("ppt/presentation.xml"),
    "minutes.odt": zipped({"mimetype": "application/vnd.oasis.opendocument.text"}),
    "resources.zip": zipped({"worksheet.txt": "Name the shapes."}),
    "letter.rtf": b"{\\rtf1\\ansi Dear parents,\\par}",
    "scores.csv": "pupil,score\nAmélie,12\n".encode(),
    "scores-excel.csv": "pupil,score\nAmélie,12\n".encode("cp1252"),
    "notes.txt": b"Meeting notes\r\n\tItem one\n",
}

# name -> (bytes, the reason the message gives)
DISGUISED = {
    "report.pdf": (b"<!DOCTYPE html><script>alert(1)</script>", "it does not start as a PDF"),
    "empty.pdf": (b" %PDF-1.7", "it does not start as a PDF"),
    "plan.docx": (b"%PDF-1.7\n", "it is not a zip file"),
    "zip.docx": (zipped({"word.txt": "hi"}), "it is not a document saved by Microsoft Office"),
    "sheet.docx": (office("xl/workbook.xml"), "it is not a document saved by Microsoft Office"),
    "figures.xlsx": (office("word/document.xml"), "it is not a document saved by Microsoft"),
    "slides.pptx": (b"PK\x03\x04 truncated", "it is not a zip file"),
    "minutes.odt": (zipped({"mimetype": "application/zip"}), "it is not an OpenDocument text"),
    "nomime.odt": (zipped({"content.xml": "<x/>"}), "it is not an OpenDocument text"),
    "resources.zip": (b"Just some text", "it is not a zip file"),
    "letter.rtf": (b"Dear parents", "it does not start as a rich text file"),
    "scores.csv": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "it is a program, not text"),
    "run.txt": (b"#!/bin/sh\nrm -rf /\n", "it is a program, not text"),
    "elf.txt": (b"\x7fELF\x02\x01\x01", "it is a program, not text"),
    "page.txt": (b"Hello <script>alert(1)</script>", "web-page markup"),
    "page.csv": (b"\n\n<HTML><body onload=x()>", "web-page markup"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it holds binary data"),
    "wide.txt": ("notes".encode("utf-16"), "it is UTF-16 text"),
}


@pytest.fixture
def editor(frameworks):
    return school_editor(SchoolPageFactory())


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """An empty media folder for each test: what a refused upload leaves behind is all there is."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stored_files():
    def files():
        folder = Path(settings.MEDIA_ROOT) / "documents"
        return sorted(folder.rglob("*")) if folder.exists() else []

    return files


def root():
    return Collection.get_first_root_node().pk


def add(client, name, data):
    upload = SimpleUploadedFile(name, data)
    return client.post(
        reverse("wagtaildocs:add"), {"title": name, "file": upload, "collection": root()}
    )


def add_multiple(client, name, data):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("wagtaildocs:add_multiple"), {"files[]": upload})


def choose_upload(client, name, data):
    upload = SimpleUploadedFile(name, data)
    return client.post(
        reverse("wagtaildocs_chooser:create"),
        {"document-chooser-upload-title": name, "document-chooser-upload-file": upload},
    )


@pytest.mark.parametrize("name", list(GENUINE))
def test_a_genuine_document_is_accepted(signed_in, name):
    response = add(signed_in, name, GENUINE[name])
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.file.read() == GENUINE[name]
    document.file.delete()


@pytest.mark.parametrize("name", list(DISGUISED))
def test_a_disguised_document_is_refused_by_the_add_form(signed_in, stored_files, name):
    data, reason = DISGUISED[name]
    before = stored_files()
    response = add(signed_in, name, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{name}” is not a" in page
    assert reason in page
    assert f'value="{name}"' in page  # the title typed is kept
    assert not Document.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize("name", ["report.pdf", "plan.docx", "page.txt", "resources.zip"])
def test_a_disguised_document_is_refused_by_the_multiple_uploader(signed_in, stored_files, name):
    data, reason = DISGUISED[name]
    response = add_multiple(signed_in, name, data)
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert f"“{name}” is not a" in answer["error_message"]
    assert reason in answer["error_message"]
    assert not Document.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("name", ["report.pdf", "scores.csv", "minutes.odt"])
def test_a_disguised_document_is_refused_by_the_chooser_upload(signed_in, stored_files, name):
    data, reason = DISGUISED[name]
    response = choose_upload(signed_in, name, data)
    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    page = response.json()["htmlFragment"]
    assert f"“{name}” is not a" in page
    assert reason in page
    assert not Document.objects.exists()
    assert stored_files() == []


def test_the_chooser_upload_accepts_a_genuine_document(signed_in):
    response = choose_upload(signed_in, "report.pdf", GENUINE["report.pdf"])
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    Document.objects.get().file.delete()


def test_an_extension_not_allowed_is_refused(signed_in):
    response = add(signed_in, "tool.exe", b"MZ\x90\x00")
    assert "File extension “exe” is not allowed." in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_over_the_limit_is_refused_with_the_limit(signed_in, settings, stored_files):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2048
    data = GENUINE["report.pdf"] + b"0" * 4096
    response = add(signed_in, "big.pdf", data)
    assert "This file is too big (4.0\xa0KB). Maximum filesize 2.0\xa0KB." in (
        response.content.decode()
    )
    multiple = add_multiple(signed_in, "big.pdf", data).json()
    assert multiple["success"] is False
    assert "Maximum filesize 2.0\xa0KB" in multiple["error_message"]
    assert not Document.objects.exists()
    assert stored_files() == []


def test_the_add_form_tells_the_editor_the_limit(signed_in):
    page = signed_in.get(reverse("wagtaildocs:add")).content.decode()
    assert "Maximum filesize: 10.0\xa0MB." in page


def test_replacing_a_documents_file_is_checked_too(signed_in, editor):
    add(signed_in, "report.pdf", GENUINE["report.pdf"])
    document = Document.objects.get()
    response = signed_in.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "report",
            "collection": root(),
            "file": SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert "“report.pdf” is not a PDF file" in response.content.decode()
    document.refresh_from_db()
    assert document.file.read() == GENUINE["report.pdf"]
    document.file.delete()
