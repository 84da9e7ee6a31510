"""import_practice: good lines go in, bad lines are reported, re-import changes nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from network.models import SchoolPage
from practice.models import CaseStudyPage
from research.models import ResearchProjectPage
from tests.factories import school_index

pytestmark = pytest.mark.django_db

CASE_STUDY = {
    "ref": "iqm-cs-0001",
    "kind": "case_study",
    "title": "Transition passports for autistic pupils",
    "school": {
        "urn": "131313",
        "name": "Brookfield Primary School",
        "phase": "primary",
        "region": "north_west",
        "local_authority": "Salford",
        "postcode": "M6 5AA",
    },
    "summary": "One-page passports written with pupils eased the move to secondary school.",
    "elements": [2, 5],
    "tags": ["autism", "transition"],
    "published": "2025-06-30",
    "sections": {
        "context": "Several autistic pupils found the move to Year 7 very hard.",
        "aims": "Fewer anxious days in the first half term.",
        "actions": "Pupils wrote a passport with their key adult.\n\nSecondary staff read it.",
        "impact": "Attendance in the first half term rose from 89% to 95%.",
        "what_did_not_work": "Sending passports by post: several went missing.",
        "next_steps": "Share the template with the whole trust.",
    },
    "evidence_stage": "locally_evaluated",
    "outcome": "worked",
}
RESEARCH = {
    "ref": "iqm-rp-0001",
    "kind": "research",
    "title": "Does pre-teaching vocabulary help pupils with EAL in science?",
    "school": {"urn": "131313"},
    "summary": "Pre-teaching ten words before each lesson raised end-of-unit scores.",
    "elements": [6],
    "tags": ["EAL"],
    "published": "2025-09-15",
    "research": {
        "question": "Does pre-teaching vocabulary raise science scores for pupils with EAL?",
        "context": "A third of pupils speak EAL.",
        "participants": "Two Year 5 classes.",
        "method": "One class pre-taught, one not, for a unit.",
        "findings": "Scores rose by 12 points.",
        "impact": "Pre-teaching is now routine in Year 5.",
        "status": "complete",
    },
}


@pytest.fixture
def directory(frameworks):
    return school_index()


def write_lines(tmp_path, *lines, name="practice.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practice", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_good_lines_create_published_pages_and_the_school(tmp_path, directory, client):
    out, err = run(write_lines(tmp_path, CASE_STUDY, RESEARCH))
    assert "created: 2, updated: 0, unchanged: 0, rejected: 0" in out
    assert err == ""

    school = SchoolPage.objects.get(urn="131313")
    assert (school.title, school.phase, school.region) == (
        "Brookfield Primary School",
        "primary",
        "north_west",
    )
    assert school.local_authority == "Salford" and school.postcode == "M6 5AA"

    case = CaseStudyPage.objects.get(ref="iqm-cs-0001")
    assert case.live and case.school == school
    assert case.get_parent().specific == school
    assert "<p>Pupils wrote a passport with their key adult.</p><p>Secondary" in case.actions
    assert [e.number for e in case.elements.order_by("number")] == [2, 5]
    assert {t.name for t in case.tags.all()} == {"autism", "transition"}
    assert (case.evidence_stage, case.outcome) == ("locally_evaluated", "worked")
    assert case.first_published_at.date().isoformat() == "2025-06-30"
    assert case.search_record()["published"].isoformat() == "2025-06-30"

    research = ResearchProjectPage.objects.get(ref="iqm-rp-0001")
    assert research.status == "complete" and "12 points" in research.findings
    assert research.question.startswith("Does pre-teaching")
    assert client.get(case.url).status_code == 200
    assert client.get(research.url).status_code == 200


def test_reimporting_the_same_file_changes_nothing(tmp_path, directory):
    path = write_lines(tmp_path, CASE_STUDY, RESEARCH)
    run(path)
    revisions = Revision.objects.count()
    out, _ = run(path)
    assert "created: 0, updated: 0, unchanged: 2, rejected: 0" in out
    assert Revision.objects.count() == revisions
    assert SchoolPage.objects.filter(urn="131313").count() == 1


def test_a_changed_line_updates_the_page(tmp_path, directory):
    run(write_lines(tmp_path, CASE_STUDY))
    changed = {**CASE_STUDY, "title": "Transition passports", "tags": ["autism"]}
    out, _ = run(write_lines(tmp_path, changed, name="changed.jsonl"))
    assert "created: 0, updated: 1, unchanged: 0, rejected: 0" in out
    page = CaseStudyPage.objects.get(ref="iqm-cs-0001")
    assert page.title == "Transition passports"
    assert [t.name for t in page.tags.all()] == ["autism"]
    assert CaseStudyPage.objects.count() == 1


def test_bad_lines_are_reported_with_number_and_reason_and_the_rest_go_in(tmp_path, directory):
    path = write_lines(
        tmp_path,
        CASE_STUDY,
        "{not json",
        {**RESEARCH, "ref": "bad-element", "elements": [99]},
        {**CASE_STUDY, "ref": "bad-kind", "kind": "poster"},
        {**CASE_STUDY, "ref": "bad-school", "school": {"urn": "999999"}},
        {**CASE_STUDY, "ref": "bad-outcome", "outcome": "amazing"},
        {**CASE_STUDY, "ref": "no-title", "title": ""},
        {**CASE_STUDY, "ref": "bad-date", "published": "30/06/2025"},
        {**RESEARCH, "ref": "iqm-cs-0001"},
        RESEARCH,
    )
    out, err = run(path)
    assert "created: 2, updated: 0, unchanged: 0, rejected: 8" in out
    lines = err.splitlines()
    assert lines[0].startswith("line 2: not valid JSON")
    assert lines[1].startswith("line 3: no element numbered 99")
    assert lines[2].startswith('line 4: "kind" must be')
    assert lines[3] == 'line 5: school 999999 is not known yet, and the line gives no "school.name"'
    assert lines[4].startswith('line 6: "outcome" is "amazing"')
    assert lines[5] == 'line 7: "title" is missing'
    assert lines[6].startswith('line 8: "published" must be a date as YYYY-MM-DD')
    assert lines[7] == 'line 9: ref "iqm-cs-0001" is already used by a case_study line'
    assert not CaseStudyPage.objects.filter(ref__startswith="bad").exists()
    assert not SchoolPage.objects.filter(urn="999999").exists()


def test_draft_import_saves_drafts(tmp_path, directory):
    out, _ = run(write_lines(tmp_path, CASE_STUDY), "--draft")
    assert "created: 1" in out
    page = CaseStudyPage.objects.get(ref="iqm-cs-0001")
    assert page.live is False and page.get_latest_revision() is not None
    out, _ = run(write_lines(tmp_path, CASE_STUDY), "--draft")
    assert "unchanged: 1" in out


def test_a_missing_file_is_a_clear_error(directory):
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/practice.jsonl")


def test_the_documented_example_imports(tmp_path, directory):
    """docs/practice-import.md's example lines are real: they import cleanly."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "practice-import.md").read_text()
    example = doc.split("```jsonl", 1)[1].split("```", 1)[0].strip()
    path = tmp_path / "example.jsonl"
    path.write_text(example + "\n")
    out, err = run(str(path))
    assert err == ""
    assert "rejected: 0" in out and "created: 2" in out
