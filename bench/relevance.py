"""Relevance of practice search per engine, beside a plain BM25: nDCG@10, MRR and confidence.

    python bench/relevance.py [--engines database,elasticsearch] [--elasticsearch-url URL]
        [--half tune|held_out|both] [-v]

The corpus (every bench/data/*.jsonl, the import format) is loaded as records; each judged
query of bench/data/relevance_judgements.json is searched as the API searches it (its text
and filters) and scored against its judgements (2 = answers it, 1 = useful). Queries are of a
type (keyword, question, abbreviation, typo, everyday, filtered, no_answer) and in one half:
ranking is tuned on "tune" only; "held_out" is the figure to report. Queries with no relevant
document (no_answer; a document may be graded useful beside one, but none answers it) are
scored on confidence alone: the search should call them low.

The baseline is Okapi BM25 (k1 1.2, b 0.75) over each record's title, summary, body and tags
as one text, Snowball-stemmed, stop words dropped, every query word optional, with the same
filters applied: what a search engine does out of the box.

Without --elasticsearch-url the Elasticsearch engine runs on a local osmem-server.
"""

import argparse
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

try:
    from bench.setup import django_database, engine_settings, index_for_engine
except ImportError:  # run as a script
    from setup import django_database, engine_settings, index_for_engine

DATA = Path(__file__).resolve().parent / "data"
K = 10
TYPES = ("keyword", "question", "abbreviation", "typo", "everyday", "filtered", "no_answer")
HALVES = ("tune", "held_out")


# ------ Measures ------


def dcg(gains):
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(found, judged, k=K):
    gains = [judged.get(ref, 0) for ref in found[:k]]
    ideal = sorted(judged.values(), reverse=True)[:k]
    return dcg(gains) / dcg(ideal) if ideal and dcg(ideal) else 0.0


def reciprocal_rank(found, judged):
    for rank, ref in enumerate(found, 1):
        if judged.get(ref, 0) > 0:
            return 1 / rank
    return 0.0


def load_queries(path=DATA / "relevance_judgements.json"):
    queries = json.loads(Path(path).read_text(encoding="utf-8"))["queries"]
    for query in queries:
        query.setdefault("type", "keyword")
        query.setdefault("half", "tune")
        query.setdefault("filters", {})
        query["relevant"] = {ref: grade for ref, grade in query["relevant"].items() if grade > 0}
    return queries


def is_answerable(item):
    """A query some document answers. A query its writer typed "no_answer" is not, though a
    document or two may be useful beside it (graded 1): nothing answers it, and the search
    should say so."""
    return bool(item["relevant"]) and item["type"] != "no_answer"


def corpus_files():
    return sorted(DATA.glob("*.jsonl"))


# ------ The engines, as the API runs them ------


def params_of(item):
    from urllib.parse import urlencode

    return urlencode({"q": item["q"], **item["filters"]}, doseq=True)


def run_engine(queries):
    """{query text: (found refs, confidence)} through the search service."""
    from django.http import QueryDict

    from search import service
    from search.query import BadQuery, read_query

    answers = {}
    for item in queries:
        try:
            query = read_query(QueryDict(params_of(item)))
        except BadQuery as error:
            print(f"  {item['q']!r} {item['filters']}: answered 400 ({error})")
            answers[item["q"], params_of(item)] = ([], "")
            continue
        query.per_page = K
        outcome = service.run(query)
        found = [record.key.removeprefix("ref-") for record in outcome.records]
        answers[item["q"], params_of(item)] = (found, outcome.confidence)
    return answers


# ------ The baseline ------


class PlainBM25:
    """Okapi BM25 over one text per record, every query word optional."""

    def __init__(self, k1=1.2, b=0.75):
        from search.models import PracticeRecord
        from search.text import STOPWORDS, stem, words

        self.stem, self.words, self.stopwords = stem, words, STOPWORDS
        self.k1, self.b = k1, b
        self.docs = {}
        for record in PracticeRecord.objects.all():
            body = " ".join([record.title, record.summary, record.body, " ".join(record.tags)])
            self.docs[record.key] = Counter(self._terms(body))
        self.lengths = {key: sum(terms.values()) for key, terms in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(1, len(self.lengths))
        self.frequency = Counter(term for terms in self.docs.values() for term in terms)

    def _terms(self, text):
        return [self.stem(word) for word in self.words(text) if word not in self.stopwords]

    def search(self, text, allowed):
        n = len(self.docs)
        terms = set(self._terms(text))
        scores = {}
        for key in allowed:
            doc, score = self.docs[key], 0.0
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    df = self.frequency[term]
                    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                    norm = 1 - self.b + self.b * self.lengths[key] / self.average
                    score += idf * tf * (self.k1 + 1) / (tf + self.k1 * norm)
            if score > 0:
                scores[key] = score
        return sorted(scores, key=lambda key: (-scores[key], key))


def run_baseline(queries):
    from django.http import QueryDict

    from search.engines.database import DatabaseEngine
    from search.query import BadQuery, read_query

    bm25 = PlainBM25()
    answers = {}
    for item in queries:
        try:
            query = read_query(QueryDict(params_of({**item, "q": ""})))
        except BadQuery:
            answers[item["q"], params_of(item)] = ([], "")
            continue
        allowed = DatabaseEngine()._records(query, DatabaseEngine()._filters(query))
        keys = bm25.search(item["q"], allowed.values_list("key", flat=True))
        found = [key.removeprefix("ref-") for key in keys[:K]]
        answers[item["q"], params_of(item)] = (found, "")
    return answers


# ------ Report ------


def score(queries, answers, half):
    """{type: (n, nDCG@10, MRR)} and confidence counts for one half."""
    by_type = defaultdict(list)
    confidence = Counter()
    for item in queries:
        if half != "both" and item["half"] != half:
            continue
        found, level = answers[item["q"], params_of(item)]
        answerable = is_answerable(item)
        if level:
            confidence[(answerable, level in ("low", "none"))] += 1
        if not answerable:
            continue
        scores = (ndcg_at_k(found, item["relevant"]), reciprocal_rank(found, item["relevant"]))
        by_type[item["type"]].append(scores)
        by_type["all"].append(scores)
    table = {}
    for name, scores in by_type.items():
        table[name] = (
            len(scores),
            sum(s[0] for s in scores) / len(scores),
            sum(s[1] for s in scores) / len(scores),
        )
    return table, confidence


def print_half(label, results, half):
    print(f"\n{half} half")
    names = [name for name in ("all", *TYPES) if any(name in r[0] for r in results.values())]
    header = f"  {'query type':14} {'n':>3}"
    for engine in results:
        header += f" | {engine[:24]:>24}"
    print(header)
    print(f"  {'':14} {'':>3}" + " | {:>11} {:>12}".format("nDCG@10", "MRR") * len(results))
    for name in names:
        n = next((r[0][name][0] for r in results.values() if name in r[0]), 0)
        line = f"  {name:14} {n:3d}"
        for table, _confidence in results.values():
            _, ndcg, mrr = table.get(name, (0, 0.0, 0.0))
            line += f" | {ndcg:11.3f} {mrr:12.3f}"
        print(line)
    for engine, (_table, confidence) in results.items():
        if not confidence:
            continue
        no_answer = confidence[(False, True)] + confidence[(False, False)]
        answerable = confidence[(True, True)] + confidence[(True, False)]
        print(
            f"  {engine}: no-answer queries marked low confidence "
            f"{confidence[(False, True)]}/{no_answer}; answerable queries marked low "
            f"{confidence[(True, True)]}/{answerable}"
        )


def verbose_lines(queries, answers, engine):
    print(f"\n{engine}, per query")
    for item in queries:
        found, level = answers[item["q"], params_of(item)]
        if is_answerable(item):
            n = ndcg_at_k(found, item["relevant"])
            rr = reciprocal_rank(found, item["relevant"])
            marks = f"nDCG {n:.2f} RR {rr:.2f}"
        else:
            marks = "no answer"
        missing = [ref for ref in item["relevant"] if ref not in found[:K]]
        print(
            f"  [{item['half'][:4]} {item['type'][:6]:6}] {item['q'][:48]!r:50} {marks:18} "
            f"{level or '':5} top: {', '.join(found[:4])}"
            + (f"  missing: {', '.join(missing[:4])}" if missing else "")
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--elasticsearch-url", default="")
    parser.add_argument("--half", default="both", choices=["tune", "held_out", "both"])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    queries = load_queries()
    with django_database() as connection:
        from search import loader

        items = [item for path in corpus_files() for item in loader.read_lines(path)]
        loaded = loader.load(items)
        halves = Counter(item["half"] for item in queries)
        print(
            f"{loaded} documents, {len(queries)} judged queries "
            f"({halves['tune']} tune, {halves['held_out']} held out), database: "
            f"{connection.vendor}"
        )
        results_by_engine = {"plain BM25": run_baseline(queries)}
        for name in args.engines.split(","):
            with engine_settings(name, args.elasticsearch_url):
                index_for_engine()
                label = f"{name} ({connection.vendor})" if name == "database" else name
                results_by_engine[label] = run_engine(queries)
        for half in HALVES if args.half == "both" else (args.half,):
            results = {
                engine: score(queries, answers, half)
                for engine, answers in results_by_engine.items()
            }
            print_half("", results, half)
        if args.verbose:
            for engine, answers in results_by_engine.items():
                shown = [q for q in queries if args.half in ("both", q["half"])]
                verbose_lines(shown, answers, engine)


if __name__ == "__main__":
    main()
