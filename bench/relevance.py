"""Relevance of practice search per engine: nDCG@10 and MRR over judged queries.

    python bench/relevance.py [--engines database,elasticsearch] [--elasticsearch-url URL] [-v]

The corpus (bench/data/relevance_corpus.jsonl, the import format) is loaded as records; each
query in bench/data/relevance_judgements.json is searched and scored against its judgements.
Without --elasticsearch-url the Elasticsearch engine runs on a local osmem-server.
"""

import argparse
import json
import math
from pathlib import Path

try:
    from bench.setup import django_database, engine_settings, index_for_engine
except ImportError:  # run as a script
    from setup import django_database, engine_settings, index_for_engine

DATA = Path(__file__).resolve().parent / "data"
K = 10


def dcg(gains):
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at_k(found, judged, k=K):
    gains = [judged.get(ref, 0) for ref in found[:k]]
    ideal = sorted(judged.values(), reverse=True)[:k]
    return dcg(gains) / dcg(ideal) if ideal else 0.0


def reciprocal_rank(found, judged):
    for rank, ref in enumerate(found, 1):
        if judged.get(ref, 0) > 0:
            return 1 / rank
    return 0.0


def run_queries(queries, verbose=False):
    from urllib.parse import urlencode

    from django.http import QueryDict

    from cms.search import service
    from cms.search.query import read_query

    scores = []
    for item in queries:
        query = read_query(QueryDict(urlencode({"q": item["q"]})))
        query.per_page = K
        outcome = service.run(query)
        found = [record.key.removeprefix("ref-") for record in outcome.records]
        n, rr = ndcg_at_k(found, item["relevant"]), reciprocal_rank(found, item["relevant"])
        scores.append((n, rr))
        if verbose:
            print(f"  {item['q']!r:45} nDCG@10 {n:.3f}  RR {rr:.3f}  top: {', '.join(found[:5])}")
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--elasticsearch-url", default="")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    queries = json.loads((DATA / "relevance_judgements.json").read_text())["queries"]
    with django_database() as connection:
        from cms.search import loader

        loaded = loader.load(loader.read_lines(DATA / "relevance_corpus.jsonl"))
        print(f"{loaded} documents, {len(queries)} judged queries, database: {connection.vendor}")
        print(f"{'engine':15} {'nDCG@10':>8} {'MRR':>8}")
        for name in args.engines.split(","):
            with engine_settings(name, args.elasticsearch_url):
                index_for_engine()
                scores = run_queries(queries, verbose=args.verbose)
            ndcg = sum(s[0] for s in scores) / len(scores)
            mrr = sum(s[1] for s in scores) / len(scores)
            label = f"{name} ({connection.vendor})" if name == "database" else name
            print(f"{label:15} {ndcg:8.3f} {mrr:8.3f}")


if __name__ == "__main__":
    main()
