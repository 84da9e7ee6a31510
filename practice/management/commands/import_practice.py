"""manage.py import_practice FILE.jsonl [--draft]: case studies and research, one JSON a line."""

import codecs

from django.core.management.base import BaseCommand, CommandError

from practice.importing import MAX_LINE_CHARS, import_practice

CHUNK = 1024 * 1024


def check_text_file(path):
    """Read the whole file once, in chunks, before any line goes in: UTF-8 text, no NUL bytes.

    A file in the wrong encoding, or a spreadsheet or PDF given by mistake, is refused whole,
    rather than half imported up to the line where decoding fails.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as handle:
        start = handle.read(4)
        if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raise CommandError(f"{path} is not UTF-8 text: it is UTF-16; save it as UTF-8")
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            if b"\x00" in chunk:
                at = offset + chunk.index(b"\x00")
                raise CommandError(
                    f"{path} is not a JSON Lines file: byte {at:,} is a NUL, as in binary files "
                    "(a spreadsheet, PDF or zip?)"
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path} is not UTF-8 text: byte {offset + error.start:,} ({error.reason}); "
                    "save it as UTF-8"
                ) from error
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: it ends mid-character") from error


def bounded_lines(handle, limit=MAX_LINE_CHARS):
    """The file's lines, each cut to limit + 1 characters: a huge line is never held whole."""
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            while (rest := handle.readline(CHUNK)) and not rest.endswith("\n"):
                pass
        yield line


class Command(BaseCommand):
    help = (
        "Import case studies and research from a JSON Lines file (see docs/practice-import.md). "
        "Upserts by ref; publishes unless --draft; reports bad lines and goes on."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file: one JSON object a line.")
        parser.add_argument(
            "--draft", action="store_true", help="Save new and changed pages as drafts."
        )

    def handle(self, *args, file, draft=False, **options):
        try:
            check_text_file(file)
            with open(file, encoding="utf-8-sig") as handle:
                report = import_practice(bounded_lines(handle), draft=draft)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except IsADirectoryError as error:
            raise CommandError(f"{file} is a directory, not a file") from error
        for number, reason in report.errors:
            self.stderr.write(f"line {number}: {reason}")
        self.stdout.write(report.summary())
