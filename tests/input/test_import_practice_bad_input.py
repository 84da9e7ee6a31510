"""import_practice given bad lines and bad files: a reason naming the line, nothing half-saved.

The lines of a rejected file leave every page, revision and school as they were; a bad line
among good ones is reported by number and the good ones still go in.
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice.importing import MAX_LINE_CHARS, import_practice
from tests.factories import SchoolPageFactory, school_index
from tests.input.snapshot import site_state

pytestmark = pytest.mark.django_db

GOOD = {
    "ref": "input-cs-1",
    "kind": "case_study",
    "title": "Reading buddies",
    "school": {"urn": "131313"},
    "summary": "Older pupils read with younger ones every week.",
    "elements": [1],
    "tags": ["reading"],
    "sections": {"context": "Reading was weak.", "actions": "Buddies met weekly."},
}


@pytest.fixture
def directory(frameworks):
    school_index()
    return SchoolPageFactory(title="Brookfield Primary", urn="131313")


def run(tmp_path, content, name="practice.jsonl"):
    path = tmp_path / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practice", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def line(**changes):
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not ...})


# ------ Lines that are wrong: each rejected, with its number and a reason ------

BAD_LINES = [
    ("[1, 2, 3]", "a line must be one JSON object"),
    ("42", "a line must be one JSON object"),
    ('"a string"', "a line must be one JSON object"),
    ("null", "a line must be one JSON object"),
    ('{"ref": "x", "kind": "case_study"', "not valid JSON"),
    ("{'ref': 'x'}", "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"elements": [' + "9" * 5000 + "]}", "not valid JSON"),
    (line(kind=["case_study"]), '"kind" must be'),
    (line(ref=17), '"ref" must be a string'),
    (line(ref="r" * 101), '"ref" is longer than 100 characters'),
    (line(title={"en": "Reading"}), '"title" must be a string'),
    (line(title="\x00"), '"title" contains a NUL character'),
    (line(summary="ok\x00no"), '"summary" contains a NUL character'),
    (line(sections={"context": "a\x00b"}), '"sections.context" contains a NUL character'),
    (line(tags=["a\x00"]), '"tags[0]" contains a NUL character'),
    (line(title="\ud800"), '"title" is not valid Unicode'),
    (line(school="131313"), '"school" must be an object'),
    (line(school={"urn": 131313.0}), '"school.urn" must be six digits'),
    (line(school={"urn": "999999", "name": ["A"], "phase": "primary"}), '"school.name" must be'),
    (
        line(school={"urn": "999999", "name": "A", "phase": "primary", "postcode": 7}),
        '"school.postcode" must be a string',
    ),
    (line(school={"urn": "999999", "name": "A", "phase": 3}), '"school.phase" must be a string'),
    (line(elements="1"), '"elements" must be a list'),
    (line(elements=[True]), '"elements" must be a list'),
    (line(elements=[10**30]), "no element numbered"),
    (line(tags="reading"), '"tags" must be a list of strings'),
    (line(tags=[1]), '"tags" must be a list of strings'),
    (line(published=20250101), '"published" must be a date'),
    (line(published="2025-02-30"), '"published" must be a date'),
    (line(sections=["context"]), '"sections" must be an object'),
    (line(sections={"context": 3}), '"sections.context" must be a string'),
    (line(evidence_stage=True), '"evidence_stage" must be a string'),
    (line(outcome="great"), '"outcome" is "great"'),
    (line(work_in_progress="no"), '"work_in_progress" must be true or false'),
    (line(kind="research"), "unknown keys for a research line: sections"),
    (line(kind="research", sections=...), 'a research line needs a "research" object'),
    (line(kind="research", sections=..., research={"status": 1}), '"research.status" must be'),
]


@pytest.mark.parametrize(("text", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_a_bad_line_is_rejected_with_its_number_and_saves_nothing(
    tmp_path, directory, text, reason
):
    before = site_state()
    out, err = run(tmp_path, f"{text}\n".encode("utf-8", "surrogatepass"))
    assert out.strip() == "created: 0, updated: 0, unchanged: 0, rejected: 1"
    assert err.startswith("line 1: ")
    assert reason in err
    assert site_state() == before


def test_bad_lines_among_good_ones_are_numbered_and_the_good_ones_go_in(tmp_path, directory):
    content = "\n".join([line(), "[1]", line(ref="input-cs-2", title="\x00"), line(ref="b")])
    out, err = run(tmp_path, content.encode())
    assert out.strip() == "created: 2, updated: 0, unchanged: 0, rejected: 2"
    assert err.splitlines() == [
        "line 2: a line must be one JSON object",
        'line 3: "title" contains a NUL character',
    ]


# ------ Files that are wrong: the command stops before saving anything ------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (line().encode("utf-16"), "is not a JSON Lines file: byte"),
        (json.dumps({**GOOD, "title": "Café"}, ensure_ascii=False).encode("latin-1"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a JSON Lines"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "is not a JSON Lines file: byte"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "is not UTF-8 text"),
        (line().encode()[:-3] + "é".encode()[:1], "ends mid-character"),
    ],
    ids=["utf-16", "latin-1", "binary", "zip", "pdf", "cut-mid-character"],
)
def test_a_file_that_is_not_utf8_jsonl_is_refused_and_saves_nothing(
    tmp_path, directory, content, message
):
    before = site_state()
    with pytest.raises(CommandError) as refused:
        run(tmp_path, line().encode() + b"\n" + content)
    assert message in str(refused.value)
    assert site_state() == before


def test_a_utf16_file_is_named_as_such(tmp_path, directory):
    with pytest.raises(CommandError, match="is not UTF-8 text: it is UTF-16; save it as UTF-8"):
        run(tmp_path, line().encode("utf-16"))
    assert site_state()["revisions"] == 0


def test_a_spreadsheet_given_as_jsonl_is_refused(tmp_path, directory):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ref", "kind", "title"])
    book.save(tmp_path / "practice.xlsx")
    before = site_state()
    with pytest.raises(CommandError, match="practice.xlsx is not"):
        call_command("import_practice", str(tmp_path / "practice.xlsx"), stdout=io.StringIO())
    assert site_state() == before


def test_a_directory_is_refused(tmp_path, directory):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("import_practice", str(tmp_path), stdout=io.StringIO())


def test_a_truncated_file_keeps_its_whole_lines_and_names_the_cut_one(tmp_path, directory):
    content = (line() + "\n" + line(ref="input-cs-2", title="Second")).encode()
    out, err = run(tmp_path, content[:-25])
    assert out.strip() == "created: 1, updated: 0, unchanged: 0, rejected: 1"
    assert err.startswith("line 2: not valid JSON")


def test_a_huge_line_is_refused_without_reading_it_whole(tmp_path, directory):
    huge = line(summary="x" * (MAX_LINE_CHARS + 10))
    before = site_state()
    out, err = run(tmp_path, (huge + "\n" + line()).encode())
    assert out.strip() == "created: 1, updated: 0, unchanged: 0, rejected: 1"
    assert err.strip() == f"line 1: longer than {MAX_LINE_CHARS:,} characters"
    assert site_state()["pages"] != before["pages"]  # the good second line went in


# ------ Any JSON at all: a clean outcome, and a rejected line changes nothing ------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ["ref", "kind", "title", "school", "summary", "elements", "tags", "published"]
FIELDS += ["sections", "evidence_stage", "outcome", "work_in_progress", "research"]
wrong_fields = st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, json_values))
damaged_good = st.builds(
    lambda changes: {**GOOD, **changes},
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=3),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=json_values | wrong_fields | damaged_good)
def test_any_json_line_is_imported_or_rejected_cleanly(directory, record):
    before = site_state()
    report = import_practice([json.dumps(record)])
    assert report.created + report.updated + report.unchanged + report.rejected == 1
    if report.rejected:
        [(number, reason)] = report.errors
        assert number == 1
        assert reason
        assert site_state() == before


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_line_is_imported_or_rejected_cleanly(directory, text):
    before = site_state()
    report = import_practice([text.replace("\n", " ")])
    if report.rejected:
        assert site_state() == before
    assert len(report.errors) == report.rejected
