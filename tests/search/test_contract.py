"""The same searches against every engine: the database (SQLite or PostgreSQL) and Elasticsearch.

Run on PostgreSQL with DATABASE_URL=postgres://... ; Elasticsearch runs on osmem-server. Scores
differ between engines, so these assert on sets, and on order only where it is clear-cut.
"""

import re

import pytest

from network.models import Element, Scheme
from search import loader
from search.engines import get_engine
from search.service import related

from .conftest import refs, search
from .corpus import ITEMS

pytestmark = pytest.mark.django_db


def element_id(number):
    framework = Scheme.objects.default().update_framework
    return Element.objects.get(framework=framework, number=number).pk


def test_free_text_is_stemmed(corpus):
    assert set(refs(search("q=improve"))) >= {"attendance-families", "eal-vocabulary"}


def test_school_names_and_tags_are_searched(corpus):
    assert set(refs(search("q=Damson"))) == {"send-inclusion", "escaping"}
    assert set(refs(search("q=phonics"))) == {"ta-reading"}


def test_every_word_is_wanted_and_none_required(corpus):
    # The record with both words first; one with only "attendance" still found, after it.
    result = search("q=attendance+breakfast")
    assert refs(result) == ["attendance-families", "attendance-rewards"]
    assert result["confidence"] == "high" and result["close_matches"] >= 1


def test_a_question_is_carried_by_its_content_words(corpus):
    result = search("q=how+do+other+schools+use+a+breakfast+club+to+improve+attendance%3F")
    assert refs(result)[0] == "attendance-families"
    assert result["confidence"] == "high"


def test_nothing_close_is_said(corpus):
    # Shares "attendance" with two records, but none is about quidditch leagues or trophies.
    result = search("q=quidditch+league+trophies+attendance")
    assert result["count"] >= 1 and result["confidence"] == "low"
    assert result["note"] == "No close match; these share some of your words."
    nothing = search("q=quidditch")
    assert nothing["count"] == 0 and nothing["confidence"] == "none"
    assert search("")["confidence"] is None


def test_typos_are_tolerated_and_corrected(corpus):
    result = search("q=attendence")
    assert set(refs(result)) == {"attendance-families", "attendance-rewards"}
    result = search("q=behavour")
    assert refs(result) == ["pupil-premium-tutoring"]
    assert result["suggestion"] == "behaviour"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=SEN", {"send-inclusion"}),
        ("q=SEND", {"send-inclusion"}),
        ("q=special+educational+needs", {"send-inclusion"}),
        ("q=EAL", {"eal-vocabulary"}),
        ("q=autism", {"asd-transition"}),
        ("q=autistic", {"asd-transition"}),
        ("q=teaching+assistant", {"ta-reading"}),
        ("q=TA", {"ta-reading"}),
        ("q=PP", {"pupil-premium-tutoring"}),
    ],
)
def test_synonyms_and_abbreviations_are_one(corpus, query, expected):
    # What uses the term or its equivalents comes first and is a close match; records sharing
    # only a word of a phrase ("teaching" of "teaching assistant") may follow, as partial ones.
    result = search(query)
    assert set(refs(result)[: len(expected)]) == expected
    assert result["close_matches"] == len(expected)


def test_staff_can_add_synonyms(corpus):
    from search.models import SearchSynonym

    assert refs(search("q=liaison")) == ["attendance-families"]
    assert refs(search("q=XQJ")) == []
    SearchSynonym.objects.create(terms="XQJ, family liaison officer")
    assert refs(search("q=XQJ")) == ["attendance-families"]


def test_filters_or_within_and_across(corpus):
    assert set(refs(search("kind=research"))) == {"eal-vocabulary", "ta-reading"}
    assert set(refs(search("kind=research&kind=cluster_activity"))) == {
        "eal-vocabulary",
        "ta-reading",
        "cluster-cpd",
    }
    assert set(refs(search("kind=case_study&phase=secondary"))) == {
        "attendance-rewards",
        "asd-transition",
    }
    assert set(refs(search("q=attendance&region=london"))) == {"attendance-rewards"}


def test_element_tag_and_other_filters(corpus):
    assert set(refs(search(f"element={element_id(2)}"))) == {"eal-vocabulary", "ta-reading"}
    both = f"element={element_id(1)}&element={element_id(2)}"
    assert len(refs(search(both))) == 4
    assert set(refs(search("tag=attendance"))) == {"attendance-families", "attendance-rewards"}
    assert set(refs(search("local_authority=Devon"))) == {"send-inclusion", "escaping"}
    assert refs(search("cluster=north-london-cluster")) == ["cluster-cpd"]
    assert set(refs(search("evidence_stage=locally_evaluated&outcome=promising"))) == {
        "send-inclusion",
        "pupil-premium-tutoring",
    }
    assert len(refs(search("scheme=IQM"))) == 8


def test_years_published(corpus):
    assert set(refs(search("year_from=2024"))) == {
        "attendance-families",
        "asd-transition",
        "cluster-cpd",
    }
    assert set(refs(search("year_from=2021&year_to=2022"))) == {
        "attendance-rewards",
        "send-inclusion",
        "ta-reading",
    }


def counts(result, facet):
    return {option["value"]: option["count"] for option in result["facets"][facet]}


def test_facets_count_given_the_other_filters(corpus):
    result = search("kind=research")
    # A chosen kind does not zero the other kinds...
    assert counts(result, "kind") == {"case_study": 6, "research": 2, "cluster_activity": 1}
    assert [o["value"] for o in result["facets"]["kind"] if o["selected"]] == ["research"]
    # ...while every other facet counts only research.
    assert counts(result, "phase") == {"secondary": 2}
    assert counts(result, "year") == {2023: 1, 2022: 1}
    assert counts(result, "tag")["reading"] == 1
    assert counts(result, "element") == {element_id(2): 2}
    result = search("q=attendance&kind=case_study&phase=primary")
    assert counts(result, "phase") == {"primary": 1, "secondary": 1}
    assert counts(result, "kind") == {"case_study": 1}


def test_empty_query_counts_everything(corpus):
    result = search("")
    assert result["count"] == 9
    assert counts(result, "kind") == {"case_study": 6, "research": 2, "cluster_activity": 1}
    assert counts(result, "region") == {"london": 5, "north_east": 2, "south_west": 2}
    assert counts(result, "evidence_stage")["locally_evaluated"] == 3
    assert sum(counts(result, "year").values()) == 9


def test_near_a_school_sorted_by_distance(corpus):
    result = search("near=100002&radius_km=10")
    found = refs(result)
    assert set(found) == {
        "eal-vocabulary",
        "asd-transition",
        "cluster-cpd",
        "attendance-rewards",
        "ta-reading",
    }
    distances = [hit["distance_km"] for hit in result["results"]]
    assert distances == sorted(distances)
    assert distances[0] == 0.0 and 2 < distances[-1] < 4
    assert set(refs(search("near=DH1&radius_km=5"))) == {
        "attendance-families",
        "pupil-premium-tutoring",
    }
    assert set(refs(search("near=NW1&radius_km=500&kind=research"))) == {
        "eal-vocabulary",
        "ta-reading",
    }


def test_newest_first_and_pages(corpus):
    result = search("sort=newest")
    assert refs(result)[:3] == ["asd-transition", "attendance-families", "cluster-cpd"]
    first = search("sort=newest", per_page=4)
    second = search("sort=newest&page=2", per_page=4)
    third = search("sort=newest&page=3", per_page=4)
    assert first["pages"] == 3 and first["count"] == 9
    pages = refs(first) + refs(second) + refs(third)
    assert len(pages) == 9 and len(set(pages)) == 9
    assert refs(search("page=99")) == []


def test_title_matches_rank_first(corpus):
    found = refs(search("q=vocabulary"))
    assert found[0] == "eal-vocabulary"
    found = refs(search("q=attendance"))
    assert found[0] == "attendance-families"


def test_highlights_mark_the_words_and_escape_the_rest(corpus):
    result = search("q=online+safety")
    hit = result["results"][0]
    assert "<mark>safety</mark>" in hit["highlight"]
    assert "<b>" not in hit["highlight"] and "&lt;b&gt;" in hit["highlight"]
    result = search("q=script")
    assert all("<script>" not in hit["highlight"] for hit in result["results"])


TAGS = re.compile(r"<[^>]*>")


def only_marks(snippet):
    """Every tag in a snippet is <mark> or </mark>, and every & begins an entity."""
    return set(TAGS.findall(snippet)) <= {"<mark>", "</mark>"} and not re.search(
        r"&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)", snippet
    )


def snippet_of(params, ref):
    hits = {refs({"results": [hit]})[0]: hit["highlight"] for hit in search(params)["results"]}
    return hits[ref]


def test_a_snippet_of_markup_is_escaped_with_only_marks(corpus):
    loader.load([MARKUP], replace=False)
    if get_engine().name == "elasticsearch":
        get_engine().refresh()
    # "<script>" and "&" in the text are shown as text, the word searched for marked.
    shown = snippet_of("q=fridays", "markup")
    assert "<mark>Fridays</mark>" in shown and "&lt;script&gt;" in shown and "&amp;" in shown
    assert "<script>" not in shown and only_marks(shown)
    # The summary: "<b>online safety</b> & privacy settings."
    shown = snippet_of("q=privacy", "escaping")
    assert "&lt;b&gt;" in shown and "&amp; <mark>privacy</mark>" in shown
    assert only_marks(shown)


MARKUP = dict(
    ITEMS[0],
    ref="markup",
    title="Lunchtime clubs at Hazel Special School",
    summary="Fish & chips <script>alert('hi')</script> on Fridays: <i>everyone</i> came.",
    tags=[],
    sections={"actions": "A rota of staff."},
)


@pytest.mark.parametrize(
    "query, ref, marked",
    [
        # The stem is marked in every form the record writes it in.
        ("q=workshop", "escaping", "<mark>workshops</mark>"),
        ("q=parent", "escaping", "<mark>Parents</mark>"),
        ("q=absentee", "attendance-families", "<mark>absentees</mark>"),
        ("q=breakfast+clubs", "attendance-families", "<mark>club</mark>"),
    ],
)
def test_the_query_words_are_marked_in_any_form(corpus, query, ref, marked):
    shown = snippet_of(query, ref)
    assert marked in shown and only_marks(shown)


def test_snippets_come_from_the_engine(corpus, monkeypatch):
    # FTS5's snippet(), PostgreSQL's ts_headline or Elasticsearch's highlighting marks the
    # words; the Python marker is kept for an engine that has none and is not used here.
    def no_python_marking(*args, **kwargs):
        raise AssertionError("snippet marked in Python")

    monkeypatch.setattr("search.text.highlight", no_python_marking)
    shown = snippet_of("q=breakfast", "attendance-families")
    assert "<mark>breakfast</mark>" in shown and only_marks(shown)


@pytest.mark.parametrize(
    "text",
    ['"unbalanced', "NEAR(a b)", "*", "AND", "OR", "-", "^", ":", "title:x", "a AND OR b", "'"],
)
def test_query_syntax_is_just_text(corpus, text):
    from urllib.parse import urlencode

    result = search(urlencode({"q": text}))
    assert result["count"] >= 0


def test_related_practice(corpus):
    from search.models import PracticeRecord

    record = PracticeRecord.objects.get(key="ref-attendance-families")
    found = [r.key for r in related(record)]
    assert "ref-attendance-rewards" in found
    assert record.key not in found
    assert "ref-cluster-cpd" not in found
