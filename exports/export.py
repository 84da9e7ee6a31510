"""Writing a school's export: one zip with school.json, the files, and a README."""

import io
import json
import zipfile

from django.utils import timezone

from . import FORMAT_NAME, FORMAT_VERSION
from .gather import gather

README = """\
This is an export of everything {title} (URN {urn}) has written on the Centres of
Excellence network, made on {date} for the school's own records.

school.json   the school's profile, awards, case studies, research, annual updates with
              their reviews, and the cluster activities the school added: each page as
              published and, where the school has an unpublished draft, as drafted.
              Rich text is kept as the site stores it (HTML); documents, images and pages
              it points to are numbered within this export.
documents/    the documents those pages use, named <number>-<file name>
images/       the images those pages use, named the same way

Format: {format} version {version}. A site running the network platform can read it back
with `manage.py restore_school <this file>` (see docs/school-export.md there).
"""


def export_filename(school, today=None):
    today = today or timezone.localdate()
    return f"{school.urn}-{school.slug}-export-{today.isoformat()}.zip"


def export_document(school):
    """The JSON document of the export and the (path in zip, file) pairs beside it."""
    body, files = gather(school)
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        **body,
    }
    return document, files


def write_export(school, target):
    """Write the zip to `target` (a path or a binary file object); returns the document."""
    document, files = export_document(school)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("school.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr(
            "README.txt",
            README.format(
                title=school.title,
                urn=school.urn,
                date=timezone.localdate().isoformat(),
                format=FORMAT_NAME,
                version=FORMAT_VERSION,
            ),
        )
        for path, stored in files:
            with stored.open("rb") as source:
                archive.writestr(path, source.read())
    return document


def export_bytes(school):
    buffer = io.BytesIO()
    write_export(school, buffer)
    return buffer.getvalue()
