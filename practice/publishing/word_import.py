"""Turning a school's Word write-up into a draft case study.

Schools already write case studies in Word. The document's headings say where each part goes:
a heading that names a section ("Context", "What we did", "Impact"...) starts that section,
any other heading and what follows it goes to the "more detail" body. The document's title
(its Title paragraph, else its first heading, else its properties) becomes the page title.
"""

import re
import zipfile
from dataclasses import dataclass, field
from html import escape

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

# Headings as schools write them, normalised (lower case, letters and spaces only).
HEADING_SECTIONS = {
    "summary": "summary",
    "overview": "summary",
    "context": "context",
    "background": "context",
    "the context": "context",
    "aims": "aims",
    "aim": "aims",
    "our aims": "aims",
    "objectives": "aims",
    "what we did": "actions",
    "actions": "actions",
    "what we did and how": "actions",
    "approach": "actions",
    "impact": "impact",
    "impact and evidence": "impact",
    "evidence of impact": "impact",
    "evidence": "impact",
    "what did not work": "what_did_not_work",
    "what didnt work": "what_did_not_work",
    "what did not go well": "what_did_not_work",
    "challenges": "what_did_not_work",
    "next steps": "next_steps",
    "what next": "next_steps",
    "key messages": "key_messages",
    "key messages for other schools": "key_messages",
    "advice for other schools": "key_messages",
}


class WordImportError(ValueError):
    """A file that cannot become a case study; the message is meant for the editor."""


@dataclass
class ImportedCaseStudy:
    title: str = ""
    summary: str = ""
    sections: dict = field(default_factory=dict)
    body: str = ""
    tables: int = 0


def normalise_heading(text):
    text = text.lower().replace("’", "").replace("'", "")
    text = re.sub(r"^[\d.\s]+", "", text)
    return " ".join(re.sub(r"[^a-z ]", " ", text).split())


def _is_heading(paragraph):
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith("Heading") or name == "Title"


def _runs_html(paragraph):
    parts = []
    for run in paragraph.runs:
        text = escape(run.text)
        if not text:
            continue
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts) or escape(paragraph.text)


class _Section:
    def __init__(self):
        self.html = []
        self.list_items = []
        self.text = []

    def add(self, paragraph):
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("List"):
            self.list_items.append(f"<li>{_runs_html(paragraph)}</li>")
        else:
            self.close_list()
            self.html.append(f"<p>{_runs_html(paragraph)}</p>")
        self.text.append(paragraph.text.strip())

    def add_table(self, table):
        """A table as one line a row, cells joined: the page's rich text has no tables, so
        what the school wrote in them is kept as text rather than lost."""
        self.close_list()
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                if text and (not cells or cells[-1] != text):  # merged cells repeat
                    cells.append(text)
            if cells:
                rows.append("<li>" + escape(" | ".join(cells)) + "</li>")
                self.text.append(" ".join(cells))
        if rows:
            self.html.append("<ul>" + "".join(rows) + "</ul>")

    def add_heading(self, text):
        self.close_list()
        self.html.append(f"<h3>{escape(text)}</h3>")

    def close_list(self):
        if self.list_items:
            self.html.append("<ul>" + "".join(self.list_items) + "</ul>")
            self.list_items = []

    def render(self):
        self.close_list()
        return "".join(self.html)


def read_case_study(uploaded):
    """Read an uploaded file (a Django UploadedFile or any binary file object)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise WordImportError(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest we take is "
            f"{MAX_BYTES // 1024 // 1024} MB. Remove large images and try again."
        )
    name = getattr(uploaded, "name", "") or ""
    if name and not name.lower().endswith(".docx"):
        raise WordImportError(
            "This is not a Word document (.docx). In Word, use File > Save As > Word Document."
        )
    uploaded.seek(0)
    if not zipfile.is_zipfile(uploaded):
        raise WordImportError(
            "This file cannot be read as a Word document (.docx). It may be damaged, or an "
            "older .doc file renamed: open it in Word and save it as .docx."
        )
    uploaded.seek(0)
    with zipfile.ZipFile(uploaded) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        # A small file that unpacks to gigabytes (a "zip bomb") would fill the memory.
        raise WordImportError(
            f"This document unpacks to {unpacked / 1024 / 1024:.0f} MB; the largest we take is "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB. Remove large images and try again."
        )
    uploaded.seek(0)
    try:
        document = docx.Document(uploaded)
    # A zip without the document's part, or with XML that does not parse, fails inside
    # python-docx with AttributeError or lxml's XMLSyntaxError: both are a file we cannot read.
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        AttributeError,
        XMLSyntaxError,
        zipfile.BadZipFile,
    ) as error:
        raise WordImportError(
            "This file cannot be read as a Word document (.docx). Open it in Word and save it "
            "again as .docx."
        ) from error
    return parse_document(document, fallback_title=name.rsplit(".", 1)[0])


def parse_document(document, fallback_title=""):
    result = ImportedCaseStudy()
    sections = {}
    current = "body"
    intro = _Section()
    sections["body"] = intro
    from docx.table import Table

    for paragraph in document.iter_inner_content():
        if isinstance(paragraph, Table):
            sections.setdefault(current, _Section()).add_table(paragraph)
            result.tables += 1
            continue
        text = paragraph.text.strip()
        if not text:
            continue
        if _is_heading(paragraph):
            style = paragraph.style.name
            if not result.title and (style == "Title" or style == "Heading 1"):
                target = HEADING_SECTIONS.get(normalise_heading(text))
                if target is None:
                    result.title = text
                    continue
            target = HEADING_SECTIONS.get(normalise_heading(text))
            if target is not None:
                current = target
                sections.setdefault(current, _Section())
            else:
                current = "body"
                sections["body"].add_heading(text)
            continue
        sections.setdefault(current, _Section()).add(paragraph)

    if not any(section.text for section in sections.values()):
        raise WordImportError("The document has no text we could read. Check it is the right file.")
    summary = sections.pop("summary", None)
    if summary is not None:
        result.summary = " ".join(summary.text)
    body = sections.pop("body")
    if not result.summary:
        first = next((t for t in body.text if t), "")
        if not first:
            first = next((t for s in sections.values() for t in s.text if t), "")
        result.summary = first
    result.body = body.render()
    result.sections = {name: section.render() for name, section in sections.items()}
    title = result.title or (document.core_properties.title or "").strip() or fallback_title
    result.title = title.strip()[:255] or "Imported case study"
    return result
