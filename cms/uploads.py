"""Uploaded documents are what their names say: the bytes are read, not only the extension.

Wagtail refuses a document whose extension is not in WAGTAILDOCS_EXTENSIONS and one larger
than WAGTAILDOCS_MAX_UPLOAD_SIZE, but it would store an HTML page renamed "report.pdf", or a
program renamed "notes.txt", and serve it to every visitor who clicks the link. This form
(WAGTAILDOCS_DOCUMENT_FORM_BASE) reads the start of the file, and for the Office and
OpenDocument formats the zip's table of contents, and refuses a file whose contents do not
match its extension. Wagtail's document add, multiple upload and chooser upload all build
their forms on it. Images need none of this: Willow opens every uploaded image, and a file
that is not one is refused.
"""

import os
import re
import zipfile

from django import forms
from wagtail.documents.forms import BaseDocumentForm

HEAD_BYTES = 64 * 1024

# The parts that say what an Office Open XML file holds, beside [Content_Types].xml.
OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPENDOCUMENT_TYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
TEXT_EXTENSIONS = {"csv", "txt"}
NAMES = {
    "csv": "CSV (comma-separated values)",
    "docx": "Word (.docx)",
    "odt": "OpenDocument text (.odt)",
    "pdf": "PDF",
    "pptx": "PowerPoint (.pptx)",
    "rtf": "rich text (.rtf)",
    "txt": "plain text",
    "xlsx": "Excel (.xlsx)",
    "zip": "zip",
}

# Bytes and markup that have no place in a text document and would be dangerous served as
# one: programs (Windows, Linux, macOS, scripts) and HTML or SVG, which a browser runs.
EXECUTABLE_STARTS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
MARKUP = re.compile(rb"<\s*(!doctype|html|script|svg|iframe|object|embed|body|head)\b", re.I)
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class UnexpectedContents(Exception):
    """Why a file's contents are not what its extension says, in an editor's words."""


def check_document_contents(uploaded):
    """Raise UnexpectedContents unless the file's bytes are of the kind its extension names."""
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    try:
        if extension == "pdf":
            _check(head.startswith(b"%PDF-"), "it does not start as a PDF does")
        elif extension in OFFICE_PARTS:
            names = _zip_names(uploaded)
            _check(
                "[Content_Types].xml" in names
                and any(name.startswith(OFFICE_PARTS[extension]) for name in names),
                "it is not a document saved by Microsoft Office or a program like it",
            )
        elif extension in OPENDOCUMENT_TYPES:
            _zip_names(uploaded)
            with zipfile.ZipFile(uploaded) as archive:
                mimetype = archive.read("mimetype") if "mimetype" in archive.namelist() else b""
            _check(
                mimetype.strip() == OPENDOCUMENT_TYPES[extension],
                "it is not an OpenDocument text file",
            )
        elif extension == "zip":
            _zip_names(uploaded)
        elif extension == "rtf":
            _check(head.startswith(b"{\\rtf"), "it does not start as a rich text file does")
            _check_text(head)
        elif extension in TEXT_EXTENSIONS:
            _check_text(head)
    finally:
        uploaded.seek(0)


def _check(condition, reason):
    if not condition:
        raise UnexpectedContents(reason)


def _zip_names(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise UnexpectedContents("it is not a zip file, as this kind of file is") from error


def _check_text(head):
    _check(not head.startswith(EXECUTABLE_STARTS), "it is a program, not text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnexpectedContents("it is UTF-16 text; save it as UTF-8")
    _check(not CONTROL.search(head), "it holds binary data, not text")
    _check(not MARKUP.search(head), "it holds web-page markup (HTML or script), not plain text")
    # Either UTF-8 or Windows-1252 (as Excel saves CSV) is text: only control bytes are not.


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose contents do not match its extension."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or "file" not in self.changed_data:
            return uploaded
        extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
        try:
            check_document_contents(uploaded)
        except UnexpectedContents as reason:
            kind = NAMES.get(extension, f".{extension}")
            raise forms.ValidationError(
                "“%(name)s” is not a %(kind)s file: %(reason)s. Upload the file as the "
                "program that made it saved it.",
                code="unexpected_contents",
                params={"name": uploaded.name, "kind": kind, "reason": reason},
            ) from reason
        return uploaded
