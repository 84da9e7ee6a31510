"""Relevance the way a new site meets it: the demo network, the corpus imported, the API asked.

    python bench/relevance_site.py [--schools 48] [-v]

Where bench/relevance.py loads the corpus straight into search records, this builds what
`make run` leaves behind (migrations, then `seed_demo`, whose own practice stays in the index
and competes), imports every bench/data/*.jsonl with `import_practice` (pages made and
published, records built from the pages), and asks `/api/search/` each judged query with its
filters, as an outside evaluation would. Prints nDCG@10 and MRR per half and query type.
"""

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

try:
    from bench.relevance import K, corpus_files, load_queries, ndcg_at_k, reciprocal_rank, score
    from bench.setup import django_database
except ImportError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.relevance import K, corpus_files, load_queries, ndcg_at_k, reciprocal_rank, score
    from bench.setup import django_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=48)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    queries = load_queries()
    with django_database() as connection:
        from django.core.management import call_command
        from django.test import Client

        from practice.models import CaseStudyPage
        from research.models import ResearchProjectPage

        call_command("seed_demo", schools=args.schools, stdout=io.StringIO())
        # import_practice takes case studies and research (cluster activity is written on a
        # cluster's page): the other lines are left out, and so are their judgements.
        importable = set()
        folder = Path(tempfile.mkdtemp(prefix="relevance-site-"))
        for path in corpus_files():
            lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            kept = [line for line in lines if line["kind"] in ("case_study", "research")]
            importable.update(line["ref"] for line in kept)
            (folder / path.name).write_text("\n".join(json.dumps(line) for line in kept) + "\n")
            out, err = io.StringIO(), io.StringIO()
            call_command("import_practice", str(folder / path.name), stdout=out, stderr=err)
            print(f"{path.name}: {out.getvalue().strip()}")
            if err.getvalue().strip():
                print("  " + err.getvalue().strip().replace("\n", "\n  "))
        refs = {
            page.url: page.ref or f"page-{page.pk}"
            for model in (CaseStudyPage, ResearchProjectPage)
            for page in model.objects.live()
        }
        print(f"{len(refs)} live case studies and research pages; database: {connection.vendor}")
        client = Client(HTTP_HOST="127.0.0.1")
        answers = {}
        from bench.relevance import params_of

        for item in queries:
            item["relevant"] = {
                ref: grade for ref, grade in item["relevant"].items() if ref in importable
            }

        for item in queries:
            response = client.get("/api/search/?" + params_of(item), secure=True)
            if response.status_code != 200:
                print(f"  {item['q']!r} {item['filters']}: {response.status_code}")
                answers[item["q"], params_of(item)] = ([], "")
                continue
            data = response.json()
            found = [refs.get(hit["url"], hit["url"]) for hit in data["results"]]
            answers[item["q"], params_of(item)] = (found[:K], data["confidence"] or "")
        for half in ("tune", "held_out"):
            table, confidence = score(queries, answers, half)
            print(f"\n{half} half (through pages and /api/search/)")
            print(f"  {'query type':14} {'n':>3} {'nDCG@10':>8} {'MRR':>7}")
            for name in ("all", "keyword", "question", "abbreviation", "typo", "everyday",
                         "filtered"):  # fmt: skip
                if name in table:
                    n, ndcg, mrr = table[name]
                    print(f"  {name:14} {n:3d} {ndcg:8.3f} {mrr:7.3f}")
            no_answer = confidence[(False, True)] + confidence[(False, False)]
            answerable = confidence[(True, True)] + confidence[(True, False)]
            print(
                f"  no-answer queries marked low confidence {confidence[(False, True)]}/"
                f"{no_answer}; answerable marked low {confidence[(True, True)]}/{answerable}"
            )
        if args.verbose:
            for item in queries:
                found, level = answers[item["q"], params_of(item)]
                if item["relevant"]:
                    marks = (
                        f"nDCG {ndcg_at_k(found, item['relevant']):.2f} "
                        f"RR {reciprocal_rank(found, item['relevant']):.2f}"
                    )
                else:
                    marks = "no answer"
                print(f"  [{item['half'][:4]}] {item['q'][:50]!r:52} {marks:18} {level:5} "
                      f"{', '.join(found[:4])}")  # fmt: skip


if __name__ == "__main__":
    main()
