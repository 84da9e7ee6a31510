"""Opening an export zip and checking that it is one this site can read, before anything is made."""

import json
import zipfile
from dataclasses import dataclass

from . import FORMAT_NAME, FORMAT_VERSION


class RestoreError(Exception):
    """The zip cannot be restored here; the message says why. Nothing has been created."""


@dataclass
class OpenedExport:
    document: dict
    archive: zipfile.ZipFile

    def file_bytes(self, path):
        try:
            return self.archive.read(path)
        except KeyError:
            raise RestoreError(f"The export names {path}, but the zip does not hold it.") from None


def open_export(source):
    """The export's JSON document and its zip, or RestoreError with the reason."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise RestoreError(f"This is not a school export: not a readable zip ({error}).") from None
    try:
        raw = archive.read("school.json")
    except KeyError:
        raise RestoreError("This is not a school export: the zip holds no school.json.") from None
    try:
        document = json.loads(raw)
    except ValueError as error:
        raise RestoreError(
            f"This is not a school export: school.json is not JSON ({error})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise RestoreError(
            f'This is not a school export: school.json does not say "format": "{FORMAT_NAME}".'
        )
    version = document.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise RestoreError(f"The export's format version is not a whole number: {version!r}.")
    if version > FORMAT_VERSION:
        raise RestoreError(
            f"The export is in format version {version}, made by a newer version of the site; "
            f"this site reads format versions up to {FORMAT_VERSION}. Upgrade the site first."
        )
    for key in ("school", "pages", "documents", "images"):
        if key not in document:
            raise RestoreError(f'The export is incomplete: school.json has no "{key}".')
    return OpenedExport(document=document, archive=archive)
