"""import_schools given bad files: a clear message, and a refused file changes nothing.

What tests/network/test_gias_import.py does not already try: NUL characters past the first
block (PostgreSQL stores none), fields over the CSV reader's limit, files cut short, other
encodings and formats given as CSV, and files too big to read whole.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from network import gias
from network.models import SchoolPage
from tests.input.snapshot import site_state
from tests.network.test_gias_import import gias_row, run, write_csv

pytestmark = pytest.mark.django_db


def many_rows(count, **changes):
    return [gias_row(URN=f"{100000 + n}", **changes) for n in range(count)]


def test_a_nul_in_a_late_row_rejects_that_row_only(tmp_path, db):
    rows = many_rows(60)
    rows[50] = gias_row(URN="100050", EstablishmentName="Alder\x00 Primary")
    out, err = run(write_csv(tmp_path, rows, encoding="utf-8"))
    assert "rejected: EstablishmentName holds a NUL character" in err
    assert SchoolPage.objects.count() == 59
    assert not SchoolPage.objects.filter(urn="100050").exists()


def test_unicode_digits_are_not_a_urn(tmp_path, db):
    out, err = run(write_csv(tmp_path, [gias_row(URN="١٠٠٠٠١")], encoding="utf-8"))
    assert "URN '١٠٠٠٠١' is not six digits" in err
    assert not SchoolPage.objects.exists()


def test_a_field_over_the_csv_limit_names_its_line_and_saves_nothing(tmp_path, db):
    rows = [gias_row(), gias_row(URN="100002", Street="x" * 200_000)]
    before = site_state()
    with pytest.raises(CommandError, match=r"Line 3: the CSV is malformed \(field larger"):
        run(write_csv(tmp_path, rows, encoding="utf-8"))
    assert site_state() == before


def test_a_file_cut_short_imports_the_whole_rows_and_rejects_the_cut_one(tmp_path, db):
    path = write_csv(tmp_path, many_rows(3), encoding="utf-8")
    path.write_bytes(path.read_bytes()[:-40])
    out, err = run(path)
    assert out.strip().endswith("created 2, updated 0, rejected 1")
    assert err.strip() == (
        "line 4: rejected: it has 14 values where the header has 16 columns; is the file cut short?"
    )


def test_a_file_cut_inside_quotes_is_a_clear_error(tmp_path, db):
    path = write_csv(tmp_path, [gias_row(), gias_row(URN="100002", Street="1, High St")])
    path.write_bytes(path.read_bytes().split(b'"1, High')[0] + b'"1, Hi')
    out, err = run(path)  # the reader takes the rest of the file as the field: one bad row
    assert "line 3: rejected: it has 11 values where the header has 16 columns" in err
    assert SchoolPage.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("URN,EstablishmentName\n".encode("utf-16"), "not a CSV file (it holds binary data)"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(100), "not a CSV file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "is not a GIAS establishment"),
        (b"\xff\xfe\xfd" * 1000, "is not a GIAS establishment CSV"),
        (b'[{"URN": "100001"}]', "is not a GIAS establishment CSV"),
    ],
    ids=["utf-16", "xlsx", "pdf", "garbage", "json"],
)
def test_other_formats_given_as_csv_are_refused(tmp_path, db, content, message):
    path = tmp_path / "gias.csv"
    path.write_bytes(content)
    before = site_state()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(path)
    assert site_state() == before


def test_a_real_spreadsheet_given_as_csv_is_refused(tmp_path, db):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["URN", "EstablishmentName", "PhaseOfEducation (name)"])
    book.active.append(["100001", "Alder Primary", "Primary"])
    book.save(tmp_path / "gias.csv")
    with pytest.raises(CommandError, match="not a CSV file"):
        run(tmp_path / "gias.csv")
    assert not SchoolPage.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, db, monkeypatch):
    path = write_csv(tmp_path, many_rows(50))
    monkeypatch.setattr(gias, "MAX_FILE_BYTES", 1024)
    limit = "the import reads files of up to 1.0\xa0KB"
    with pytest.raises(CommandError, match=f"is 8.8\xa0KB; {limit}"):
        call_command("import_schools", str(path), stdout=io.StringIO())
    assert not SchoolPage.objects.exists()


def test_the_size_limit_is_far_over_a_real_extract():
    assert gias.MAX_FILE_BYTES == 200 * 1024 * 1024
