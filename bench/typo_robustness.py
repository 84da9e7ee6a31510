"""How much a typo costs: the tuning half's queries again with one word typed wrong.

    python bench/typo_robustness.py [--seed N] [--half tune|held_out] [-v]

For each answerable keyword, question, abbreviation or everyday query, one word of five letters
or more (not a common one) is typed wrong the ways phones and hurried people do: a letter
dropped, doubled or swapped with the next, a neighbouring key struck, or a spelling by sound
("ph" as "f", "tion" as "shun", a double letter single). The query keeps its judgements, so
nDCG@10 of the typo'd query beside the original's is what the typo cost. The database engine,
on a throwaway database, as bench/relevance.py runs it; a seed makes the typos again.
"""

import argparse
import random
from collections import defaultdict

try:
    from bench.relevance import K, corpus_files, load_queries, ndcg_at_k, params_of
    from bench.setup import django_database, engine_settings, index_for_engine
except ImportError:  # run as a script
    from relevance import K, corpus_files, load_queries, ndcg_at_k, params_of
    from setup import django_database, engine_settings, index_for_engine

KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SOUNDS = (
    ("ph", "f"), ("ck", "k"), ("c", "k"), ("ie", "ei"), ("ei", "ie"), ("our", "or"),
    ("tion", "shun"), ("x", "cks"), ("ll", "l"), ("ss", "s"), ("mm", "m"), ("tt", "t"),
    ("ea", "ee"), ("er", "a"), ("y", "i"), ("s", "z"),
)  # fmt: skip
WAYS = ("drop", "double", "swap", "key", "sound")


def neighbours(letter):
    for row in KEYBOARD:
        at = row.find(letter)
        if at >= 0:
            return [row[i] for i in (at - 1, at + 1) if 0 <= i < len(row)]
    return []


def misspell(word, way, rng):
    """`word` typed wrong one `way`, or None when that way cannot change it. The first letter
    is kept, as most typos do."""
    at = rng.randrange(1, len(word) - 1)
    if way == "drop":
        return word[:at] + word[at + 1 :]
    if way == "double":
        return word[:at] + word[at] + word[at:]
    if way == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if way == "key":
        near = neighbours(word[at])
        return word[:at] + rng.choice(near) + word[at + 1 :] if near else None
    found = [(old, new) for old, new in SOUNDS if old in word[1:]]
    if not found:
        return None
    old, new = rng.choice(found)
    start = word.index(old, 1)
    return word[:start] + new + word[start + len(old) :]


def typo_queries(queries, seed):
    """[(query, typo'd text, way)] for the queries one word of which can be typed wrong."""
    from search.text import STOPWORDS, WEAK_WORDS

    rng = random.Random(seed)
    made = []
    for item in queries:
        words = item["q"].split()
        chosen = [
            i
            for i, word in enumerate(words)
            if word.isalpha() and len(word) >= 5 and word.lower() not in STOPWORDS | WEAK_WORDS
        ]
        if not chosen:
            continue
        at = rng.choice(chosen)
        way = rng.choice(WAYS)
        wrong = misspell(words[at].lower(), way, rng)
        if wrong and wrong != words[at].lower():
            made.append((item, " ".join(words[:at] + [wrong] + words[at + 1 :]), way))
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--half", default="tune", choices=["tune", "held_out"])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    queries = [
        item
        for item in load_queries()
        if item["half"] == args.half
        and item["relevant"]
        and item["type"] in ("keyword", "question", "abbreviation", "everyday")
    ]
    with django_database():
        from django.http import QueryDict

        from search import loader, service
        from search.query import read_query

        loader.load([item for path in corpus_files() for item in loader.read_lines(path)])
        with engine_settings("database", ""):
            index_for_engine()

            def found(text, filters):
                query = read_query(QueryDict(params_of({"q": text, "filters": filters})))
                query.per_page = K
                return [record.key.removeprefix("ref-") for record in service.run(query).records]

            totals = defaultdict(lambda: [0, 0.0, 0.0])
            for item, wrong, way in typo_queries(queries, args.seed):
                before = ndcg_at_k(found(item["q"], item["filters"]), item["relevant"])
                after = ndcg_at_k(found(wrong, item["filters"]), item["relevant"])
                for name in (way, "all"):
                    totals[name][0] += 1
                    totals[name][1] += before
                    totals[name][2] += after
                if args.verbose and after < before - 0.1:
                    print(f"  {way:6} {wrong!r}: nDCG@10 {before:.2f} -> {after:.2f}")
    print(f"\n{args.half} half, seed {args.seed}: nDCG@10 as typed and with one word typed wrong")
    for name in ("all", *WAYS):
        if name in totals:
            n, before, after = totals[name]
            print(f"  {name:7} {n:4d} queries   {before / n:.3f}  ->  {after / n:.3f}")


if __name__ == "__main__":
    main()
