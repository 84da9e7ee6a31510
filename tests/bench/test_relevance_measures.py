"""The relevance benchmark's measures: what the figures in docs/search.md are computed by."""

import math

from bench.relevance import ndcg_at_k, reciprocal_rank, score


def query(q, relevant, kind="keyword", half="held_out"):
    return {"q": q, "type": kind, "half": half, "filters": {}, "relevant": relevant}


def test_ndcg_and_reciprocal_rank_of_a_known_ranking():
    judged = {"a": 2, "b": 1}
    assert ndcg_at_k(["a", "b", "c"], judged) == 1.0
    # The useful one first, the answer second: (1 + 3/log2(3)) / (3 + 1/log2(3)).
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert math.isclose(ndcg_at_k(["b", "a"], judged), expected)
    assert reciprocal_rank(["c", "b", "a"], judged) == 0.5
    assert reciprocal_rank(["c"], judged) == 0.0


def test_a_query_nothing_answers_is_scored_on_confidence_even_beside_a_useful_document():
    queries = [
        query("phonics", {"a": 2}),
        query("minibus licence", {}, kind="no_answer"),
        # Its writer found nothing that answers it, and one write-up worth a look.
        query("school farm charity", {"b": 1}, kind="no_answer"),
        query("tuned on", {"a": 2}, half="tune"),
    ]
    answers = {
        ("phonics", "q=phonics"): (["a"], "high"),
        ("minibus licence", "q=minibus+licence"): ([], "none"),
        ("school farm charity", "q=school+farm+charity"): (["b"], "high"),
        ("tuned on", "q=tuned+on"): (["x", "a"], "high"),
    }
    table, confidence = score(queries, answers, "held_out")
    assert table["all"] == (1, 1.0, 1.0)
    assert "no_answer" not in table
    # Unanswerable marked low: one of two; answerable marked low: none of one.
    assert confidence[(False, True)] == 1 and confidence[(False, False)] == 1
    assert confidence[(True, False)] == 1 and confidence[(True, True)] == 0
