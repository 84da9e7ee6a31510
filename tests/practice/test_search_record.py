"""Each searchable page builds its own plain record for the practice search."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    CaseStudyPageFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db

KEYS = {
    "kind",
    "title",
    "summary",
    "body",
    "school",
    "cluster",
    "elements",
    "tags",
    "evidence_stage",
    "outcome",
    "status",
    "phase",
    "published",
}


def test_case_study_record(school, iqm_elements):
    page = CaseStudyPageFactory(
        parent=school,
        title="Phonics catch-up",
        summary="Short daily sessions closed the gap.",
        context="<p>Year 2 pupils &amp; their <b>phonics</b> gaps.</p>",
        key_messages="<ul><li>Little and often</li></ul>",
        body="<h2>Costs</h2><p>Two TA hours a day.</p>",
        evidence_stage="locally_evaluated",
        outcome="worked",
        first_published_at=timezone.make_aware(datetime.datetime(2026, 4, 2, 12)),
    )
    page.elements.set(iqm_elements[:2])
    page.tags.add("phonics", "KS1")
    page.save()
    record = page.search_record()
    assert set(record) == KEYS
    assert record["kind"] == "case_study" and record["title"] == "Phonics catch-up"
    assert record["summary"] == "Short daily sessions closed the gap."
    assert "Year 2 pupils & their phonics gaps." in record["body"]
    assert "Little and often" in record["body"] and "Two TA hours" in record["body"]
    assert "<" not in record["body"]
    assert record["school"] == school and record["cluster"] is None
    assert record["elements"] == iqm_elements[:2]
    assert record["tags"] == ["KS1", "phonics"]
    assert (record["evidence_stage"], record["outcome"], record["status"]) == (
        "locally_evaluated",
        "worked",
        "",
    )
    assert record["phase"] == "primary"
    assert record["published"] == datetime.date(2026, 4, 2)
    assert all(type(record[key]) is str for key in ("evidence_stage", "outcome", "phase"))


def test_phase_override_and_imported_date(school):
    page = CaseStudyPageFactory(
        parent=school, phase="secondary", published_on=datetime.date(2019, 5, 1)
    )
    record = page.search_record()
    assert record["phase"] == "secondary"
    assert record["published"] == datetime.date(2019, 5, 1)


def test_research_record(school, iqm_elements):
    page = ResearchProjectPageFactory(
        parent=school,
        title="Reading aloud",
        question="Does reading aloud help?",
        question_population="Year 3",
        method="<p>Two classes compared.</p>",
        findings="<p>Fluency rose.</p>",
        status="complete",
        first_published_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9)),
    )
    page.elements.set(iqm_elements[5:6])
    page.tags.add("reading")
    page.save()
    record = page.search_record()
    assert set(record) == KEYS
    assert record["kind"] == "research" and record["status"] == "complete"
    for text in ("Does reading aloud help?", "Year 3", "Two classes compared.", "Fluency rose."):
        assert text in record["body"]
    assert record["school"] == school and record["elements"] == iqm_elements[5:6]
    assert record["tags"] == ["reading"]
    assert record["evidence_stage"] == "" and record["outcome"] == ""
    assert record["published"] == datetime.date(2026, 1, 5)


def test_cluster_activity_record_belongs_to_the_lead_school(school):
    cluster = ClusterPageFactory(title="Riverside cluster", lead_school=school)
    activity = ClusterActivityPageFactory(
        parent=cluster,
        title="Attendance workshop",
        date=datetime.date(2026, 10, 1),
        purpose="<p>Share <i>attendance</i> strategies.</p>",
        outcomes="<p>Each school chose one change.</p>",
        location="Riverside Primary hall",
    )
    record = activity.search_record()
    assert set(record) == KEYS
    assert record["kind"] == "cluster_activity"
    assert record["school"] == school and record["cluster"] == cluster
    assert record["summary"] == "Share attendance strategies."
    assert "Each school chose one change." in record["body"]
    assert record["phase"] == "primary"
    assert record["published"] == datetime.date(2026, 10, 1)  # never published: its date
    assert record["elements"] == [] and record["tags"] == []


def test_cluster_activity_without_a_lead_school(frameworks):
    activity = ClusterActivityPageFactory(parent=ClusterPageFactory())
    record = activity.search_record()
    assert record["school"] is None and record["phase"] == ""
