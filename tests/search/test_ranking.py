"""Best first, the same way on every engine: fields, coordination, nearness, the thesaurus.

Each test runs on the database engine (SQLite or PostgreSQL) and on Elasticsearch
(osmem-server): the engines find the candidates, ranking.py orders them, so the order asserted
here must hold on all of them.
"""

import pytest

from cms.search import loader
from cms.search.engines import get_engine
from cms.search.models import PracticeRecord, SearchSynonym

from .conftest import refs, search

pytestmark = pytest.mark.django_db

FILLER = (
    "Staff met each half term to look at the data and agree next steps with leaders. "
    "Governors visited in the spring and heard from pupils and families about the changes. "
)


def item(ref, title, summary="", body="", tags=(), phase="Primary"):
    return {
        "ref": ref,
        "kind": "case_study",
        "title": title,
        "school": {
            "urn": "120001",
            "name": "Larch Lane Primary School",
            "phase": phase,
            "region": "north_west",
            "local_authority": "Wigan",
            "postcode": "WN1 1AA",
        },
        "summary": summary,
        "tags": list(tags),
        "published": "2025-01-15",
        "sections": {"actions": body},
    }


ITEMS = [
    item("circuits-title", "Sensory circuits before lessons", body=FILLER),
    item(
        "circuits-body",
        "Our morning routine",
        body=FILLER + "Some classes also tried sensory circuits for a week. " + FILLER,
    ),
    item(
        "phrase",
        "Catch-up in year 3",
        body="We ran a reading intervention every afternoon. " + FILLER,
    ),
    item(
        "scattered",
        "Catch-up in year 4",
        body="Reading books went home weekly. " + FILLER + "The maths intervention was new.",
    ),
    item("sen", "Adapting lessons for pupils with SEN", summary="What our SENCO changed."),
    item("dyslexia", "Coloured overlays and dyslexia", summary="A small trial in year 5."),
    item(
        "ehcp",
        "Person-centred annual reviews",
        summary="Reviews of each pupil's education, health and care plan, led by the child.",
    ),
    item(
        "refusal",
        "Getting anxious pupils back through the gate",
        summary="Emotionally based school avoidance: a gradual return plan with the family.",
    ),
]


@pytest.fixture
def ranked_corpus(engine_name):
    SearchSynonym.objects.all().delete()  # these tests' own thesaurus, not the shipped one
    dyslexia = SearchSynonym.objects.create(terms="dyslexia, specific learning difficulty")
    sen = SearchSynonym.objects.create(terms="special educational needs, sen")
    sen.narrower.add(dyslexia)
    SearchSynonym.objects.create(terms="ehcp, education health and care plan, ehc plan")
    SearchSynonym.objects.create(terms="ebsa, emotionally based school avoidance, school refusal")
    loader.load(ITEMS)
    engine = get_engine()
    if engine.name == "elasticsearch":
        engine.rebuild(PracticeRecord.objects.all())
    return engine


def test_a_title_outweighs_the_body(ranked_corpus):
    assert refs(search("q=sensory+circuits")) == ["circuits-title", "circuits-body"]


def test_words_next_to_each_other_count_extra(ranked_corpus):
    assert refs(search("q=reading+intervention"))[:2] == ["phrase", "scattered"]


def test_a_broader_term_finds_the_narrower_below_its_own(ranked_corpus):
    assert refs(search("q=SEN")) == ["sen", "dyslexia"]
    # ... but a narrower term does not bring in everything broader.
    assert refs(search("q=dyslexia")) == ["dyslexia"]


def test_abbreviations_and_their_words_find_each_other(ranked_corpus):
    assert refs(search("q=EHCP+reviews")) == ["ehcp"]
    assert refs(search("q=school+refusal")) == ["refusal"]
    assert refs(search("q=ebsa")) == ["refusal"]


def test_a_question_finds_its_answer_with_words_it_does_not_share(ranked_corpus):
    result = search("q=how+can+we+get+a+child+with+school+refusal+back+into+school%3F")
    assert refs(result)[0] == "refusal"
    assert result["confidence"] == "high"


def test_more_of_the_query_matched_ranks_higher(ranked_corpus):
    # Three of four words in one record, one ("trial") in another: the first is a close match,
    # the second is still shown, after it.
    result = search("q=dyslexia+overlays+tinted+trial")
    assert refs(result)[0] == "dyslexia"
    assert result["close_matches"] == 1 and result["confidence"] == "high"
    assert search("q=tinted+glasses+for+reading+trial")["confidence"] == "low"
