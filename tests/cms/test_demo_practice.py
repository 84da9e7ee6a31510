"""The demo practice: enough of it, varied, idempotent, and writable as an import corpus."""

import datetime
import io
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Revision

from demo.practice import seed, write_jsonl
from network.models import ClusterActivityPage
from practice.importing import import_practice
from practice.models import CaseStudyPage, PracticeIndexPage
from research.models import ResearchProjectPage
from tests.factories import ClusterPageFactory, SchoolPageFactory, cluster_index, home_page

pytestmark = pytest.mark.django_db


@dataclass
class Context:
    """What the demo seeders pass each other (demo.DemoContext's fields used here)."""

    seed: int = 2026
    today: datetime.date = datetime.date(2026, 11, 1)
    schools: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    said: list = field(default_factory=list)

    def rng_for(self, *parts):
        return random.Random(":".join(map(str, (self.seed, *parts))))

    def report(self, label, count):
        self.summary[label] = count

    def say(self, text):
        self.said.append(text)


def small_network():
    home_page()
    cluster_index()
    schools = [
        SchoolPageFactory(phase="secondary" if n % 4 == 0 else "primary", local_authority=la)
        for n, la in enumerate(["Salford", "Leeds", "Camden", "Kent", "Derby", "Bristol"] * 3)
    ]
    clusters = []
    for n in range(4):
        cluster = ClusterPageFactory(lead_school=schools[n * 4])
        cluster.member_schools.set(schools[n * 4 : n * 4 + 4])
        cluster.save()
        clusters.append(cluster)
    return Context(schools=schools, clusters=clusters)


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker):
    """The practice demo seeded once for the module over a small network (the tests only
    read it, or seed again to see nothing added), rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_frameworks", stdout=io.StringIO())
            network = small_network()
            started = time.monotonic()
            seed(network)
            print(f"practice demo seeded in {time.monotonic() - started:.1f}s")
            yield network
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_seed_adds_enough_varied_practice_once(demo_network, client):
    assert CaseStudyPage.objects.live().count() >= 150
    assert ResearchProjectPage.objects.live().count() >= 40
    assert ClusterActivityPage.objects.count() >= 60
    summaries = [p.summary for p in CaseStudyPage.objects.all()]
    bodies = [p.search_record()["body"] for p in CaseStudyPage.objects.all()]
    assert len(set(bodies)) == len(bodies)
    assert len(set(summaries)) > 0.9 * len(summaries)
    topics = " ".join(bodies).lower()
    for word in ("autistic", "english", "regulation", "attendance", "phonics",
                 "teaching assistant", "disadvantaged", "emotional literacy", "removals",
                 "families"):  # fmt: skip
        assert word in topics, word
    assert {p.outcome for p in CaseStudyPage.objects.all()} >= {"worked", "promising", ""}
    assert {p.status for p in ResearchProjectPage.objects.all()} == {
        "planned",
        "in_progress",
        "complete",
    }
    assert ResearchProjectPage.objects.exclude(question_comparison="").count() >= 40
    assert CaseStudyPage.objects.exclude(visibility="public").exists()

    index = PracticeIndexPage.objects.get()
    assert index.featured.exists() and index.shown_collections.count() == 3
    html = client.get(index.url).text
    assert "Starting secondary school" in html

    revisions = Revision.objects.count()
    again = Context(**{**demo_network.__dict__, "summary": {}, "said": []})
    seed(again)
    assert again.summary["case studies and research added"] == 0
    assert again.summary["cluster activities added"] == 0
    assert Revision.objects.count() == revisions


def test_jsonl_corpus_is_the_same_practice_in_the_import_format(demo_network):
    out = io.StringIO()
    count = write_jsonl(out, today=demo_network.today, seed=demo_network.seed)
    lines = out.getvalue().splitlines()
    assert count == len(lines) >= 190
    assert {json.loads(line)["kind"] for line in lines} == {"case_study", "research"}
    report = import_practice(lines)
    assert (report.created, report.rejected, report.unchanged) == (0, 0, len(lines))


def test_corpus_command_without_schools_makes_them_up(db, tmp_path):
    path = tmp_path / "corpus.jsonl"
    call_command(
        "demo_practice_jsonl", str(path), "--case-studies", "30", "--research", "5",
        stderr=io.StringIO(),
    )  # fmt: skip
    lines = path.read_text().splitlines()
    assert len(lines) == 35
    first = json.loads(lines[0])
    assert first["school"]["urn"].isdigit() and first["sections"]["context"]


def title_stem(title):
    """A title without its numbers and year groups: "moving to Year 5" and "moving to Year 6"
    read as the same title in a listing."""
    return re.sub(r"\b(Year \d+|Reception|Key Stage \d|\d+)\b", "N", title).strip().lower()


def test_seeded_practice_titles_are_all_different(demo_network):
    newest_first = list(
        Page.objects.type(CaseStudyPage, ResearchProjectPage)
        .order_by("-first_published_at", "-pk")
        .values_list("title", flat=True)
    )
    assert len(newest_first) >= 190
    repeated = [title for title, n in Counter(newest_first).items() if n > 1]
    assert repeated == []
    stems = Counter(title_stem(title) for title in newest_first)
    assert stems.most_common(1)[0][1] == 1, stems.most_common(3)
    # Nor do neighbours in the listing open alike ("Transition passports ... " five times).
    openings = [" ".join(title.split()[:3]) for title in newest_first]
    runs = [a for a, b in zip(openings, openings[1:], strict=False) if a == b]
    assert len(runs) <= 2, runs
