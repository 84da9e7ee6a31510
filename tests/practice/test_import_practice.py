"""import_practice: good lines go in, bad lines are reported, re-import changes nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from network.models import SchoolPage
from practice.models import CaseStudyPage
from research.models import ResearchProjectPage
from tests.conftest import committed
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


# ------ Special schools, PRUs and alternative provision ------


def school_line(ref, urn, phase, **school):
    return {
        **CASE_STUDY,
        "ref": ref,
        "title": f"Practice at {ref}",
        "school": {"urn": urn, "name": f"School {urn}", "phase": phase, **school},
    }


def test_special_schools_prus_and_alternative_provision_go_in(tmp_path, directory):
    """The labels of an independent test file whose special and AP schools were refused."""
    path = write_lines(
        tmp_path,
        school_line("special", "140001", "Special"),
        school_line("pru", "140002", "PRU"),
        school_line("ap", "140003", "Alternative provision"),
        school_line("secondary", "140004", "Secondary"),
        school_line("pru-words", "140005", "Pupil referral unit"),
        school_line("ap-short", "140006", "AP"),
        school_line("through", "140007", "All-through"),
        school_line("middle", "140008", "Middle deemed primary"),
        school_line("sixteen", "140009", "16 plus"),
        school_line("code", "140010", "all_through"),
        school_line("spaces", "140011", "  SPECIAL  "),
        school_line("lower", "140012", "primary"),
        school_line("special-primary", "140013", "Special primary"),
        school_line("stated", "140014", "Secondary", provision="Special school"),
        school_line("not-applicable", "140015", "Not applicable"),
    )
    out, err = run(path)
    assert err == ""
    assert "created: 15, updated: 0, unchanged: 0, rejected: 0" in out
    schools = {s.urn: (s.phase, s.provision) for s in SchoolPage.objects.all()}
    assert schools == {
        "140001": ("not_applicable", "special"),
        "140002": ("not_applicable", "pru"),
        "140003": ("not_applicable", "alternative_provision"),
        "140004": ("secondary", "mainstream"),
        "140005": ("not_applicable", "pru"),
        "140006": ("not_applicable", "alternative_provision"),
        "140007": ("all_through", "mainstream"),
        "140008": ("middle_primary", "mainstream"),
        "140009": ("sixteen_plus", "mainstream"),
        "140010": ("all_through", "mainstream"),
        "140011": ("not_applicable", "special"),
        "140012": ("primary", "mainstream"),
        "140013": ("primary", "special"),
        "140014": ("secondary", "special"),
        "140015": ("not_applicable", ""),
    }
    assert CaseStudyPage.objects.live().count() == 15
    for page in CaseStudyPage.objects.all():
        assert page.get_parent().specific.urn == page.school.urn


def test_an_unknown_phase_is_refused_naming_what_is_accepted_and_nothing_is_made(
    tmp_path, directory
):
    path = write_lines(
        tmp_path,
        school_line("good", "140001", "Special"),
        school_line("typo", "140002", "Secondry"),
        school_line("clash", "140003", "PRU", provision="special"),
        school_line("odd-provision", "140004", "Primary", provision="resourced provision"),
    )
    out, err = run(path)
    assert "created: 1, updated: 0, unchanged: 0, rejected: 3" in out
    lines = err.splitlines()
    assert lines[0] == (
        'line 2: "school.phase" is "Secondry"; give a phase (Nursery, Primary, Middle deemed '
        "primary, Secondary, Middle deemed secondary, All-through, 16 plus, Not applicable) or "
        "a kind of school (Special, Pupil referral unit or PRU, Alternative provision or AP), "
        "in any case"
    )
    assert lines[1] == (
        'line 3: "school.phase" says Pupil referral unit but "school.provision" says Special '
        "school: make them agree"
    )
    assert lines[2].startswith(
        'line 4: "school.provision" is "resourced provision"; give one of: Mainstream, Special,'
    )
    assert sorted(SchoolPage.objects.values_list("urn", flat=True)) == ["140001"]
    assert list(CaseStudyPage.objects.values_list("ref", flat=True)) == ["good"]


def test_a_known_school_keeps_its_own_phase_and_provision(tmp_path, directory):
    run(write_lines(tmp_path, school_line("first", "140001", "PRU")))
    again = school_line("second", "140001", "Secondary")
    out, _ = run(write_lines(tmp_path, again, name="again.jsonl"))
    assert "created: 1" in out
    school = SchoolPage.objects.get(urn="140001")
    assert (school.phase, school.provision) == ("not_applicable", "pru")


def test_imported_special_school_practice_is_found_by_a_search_for_special(
    tmp_path, directory, client
):
    with committed():  # as a command runs: each page's record is written once it commits
        run(
            write_lines(
                tmp_path,
                school_line("special", "140001", "Special"),
                school_line("pru", "140002", "PRU"),
                school_line("secondary", "140004", "Secondary"),
            )
        )
    data = client.get("/api/search/", {"phase": "Special"}).json()
    assert [hit["title"] for hit in data["results"]] == ["Practice at special"]
    assert data["results"][0]["school"]["provision"] == "special"
    counts = {o["value"]: o["count"] for o in data["facets"]["provision"]}
    assert counts == {"special": 1, "pru": 1, "mainstream": 1}


def test_a_line_without_a_summary_gets_its_first_sentences(tmp_path, directory):
    case_study = {key: value for key, value in CASE_STUDY.items() if key != "summary"}
    research = {**RESEARCH, "ref": "iqm-rp-0002", "summary": "  "}
    bare = {**case_study, "ref": "iqm-cs-0009", "title": "Our nurture room", "sections": {}}
    out, err = run(write_lines(tmp_path, case_study, research, bare))
    assert "created: 3, updated: 0, unchanged: 0, rejected: 0" in out and err == ""
    page = CaseStudyPage.objects.get(ref=CASE_STUDY["ref"])
    assert page.summary == (
        "Several autistic pupils found the move to Year 7 very hard. "
        "Fewer anxious days in the first half term."
    )
    assert ResearchProjectPage.objects.get(ref="iqm-rp-0002").summary.startswith(
        "Does pre-teaching vocabulary raise science scores for pupils with EAL?"
    )
    assert CaseStudyPage.objects.get(ref="iqm-cs-0009").summary == "Our nurture room"
