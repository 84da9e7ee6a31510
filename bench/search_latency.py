"""Latency of practice search per engine over N generated records.

    python bench/search_latency.py --records 10000 [--engines database,elasticsearch]
        [--runs 60] [--elasticsearch-url URL]

Prints p50 and p95 (milliseconds) of: a one-word query; a three-word query with three
filters; the empty query with all facets (served from the cache after the first request, so
the uncached first request is printed too). Timings are of the search as the API runs it
(engine, records, snippets, facet labels), without HTTP. Beside them, for the database engine,
two floors over the same records in the same run (read the ratios):
- the floor: the bare full-text query (FTS5 or tsvector) counting the matches and taking the
  best ten, with the filters in SQL;
- the floor with counts: the same, and the facet counts the page shows, each facet one
  GROUP BY over the matches that pass every other filter (the page's whole job in plain SQL).
"""

import argparse
import datetime
import random
import statistics
import time

try:
    from bench.setup import django_database, engine_settings, index_for_engine
except ImportError:  # run as a script
    from setup import django_database, engine_settings, index_for_engine

TOPICS = [
    ("attendance", ["persistent absence", "first-day calls", "punctuality", "home visits"]),
    ("phonics", ["reading", "decoding", "intervention", "screening check"]),
    ("anxiety", ["wellbeing", "mental health", "worry", "calm"]),
    ("vocabulary", ["oracy", "word-rich", "talk", "new words"]),
    ("behaviour", ["routines", "restorative", "consistency", "relationships"]),
    ("transition", ["year 7", "visits", "moving up", "induction"]),
    ("tutoring", ["small-group", "catch-up", "maths", "pupil premium"]),
    ("inclusion", ["special educational needs", "adaptive teaching", "SEND", "support"]),
    ("writing", ["sentence stems", "modelling", "editing", "handwriting"]),
    ("parents", ["family learning", "communication", "workshops", "engagement"]),
    ("autism", ["sensory", "visual timetables", "ASD", "quiet spaces"]),
    ("science", ["practical work", "investigation", "scientific enquiry", "experiments"]),
    ("feedback", ["marking", "whole-class feedback", "next steps", "assessment"]),
    ("outdoor", ["forest school", "outdoor learning", "garden", "nature"]),
    ("careers", ["work experience", "mentoring", "destinations", "employers"]),
    ("music", ["instruments", "choir", "performance", "enrichment"]),
    ("bullying", ["ambassadors", "reporting", "kindness", "friendship"]),
    ("retrieval", ["quizzing", "memory", "recall", "knowledge organisers"]),
    ("EAL", ["new arrivals", "home languages", "translation", "buddies"]),
    ("nurture", ["SEMH", "breakfast", "check-ins", "social skills"]),
]
FILLER = [
    "pupils", "staff", "teachers", "school", "class", "lesson", "term", "year", "plan",
    "leaders", "governors", "support", "approach", "impact", "evidence", "trial", "data",
    "improved", "rose", "fell", "weekly", "daily", "together", "practice", "shared", "cluster",
    "network", "review", "target", "progress", "confidence", "learning",
]  # fmt: skip
PHASES = ["primary", "secondary", "all_through", "nursery"]
REGIONS = ["north_east", "north_west", "yorkshire_and_the_humber", "east_midlands",
           "west_midlands", "east_of_england", "london", "south_east", "south_west"]  # fmt: skip
KINDS = ["case_study"] * 6 + ["research"] * 2 + ["cluster_activity"] * 2
STAGES = ["untested", "locally_evaluated", "independently_evaluated"]
OUTCOMES = ["worked", "promising", "did_not_work"]


def generated_items(n, seed=7):
    rng = random.Random(seed)
    schools = []
    for i in range(max(50, n // 20)):
        schools.append(
            {
                "urn": f"{300000 + i}",
                "name": f"{rng.choice(['Oak', 'Ash', 'Birch', 'Rowan', 'Holly', 'Willow'])} "
                f"{rng.choice(['Primary', 'Academy', 'High', 'Infants', 'Juniors'])} {i}",
                "phase": rng.choice(PHASES),
                "region": rng.choice(REGIONS),
                "local_authority": f"Authority {rng.randrange(150)}",
                "postcode": f"{rng.choice(['LS', 'M', 'B', 'NW'])}{rng.randrange(1, 20)} 1AA",
                "latitude": rng.uniform(50.5, 54.9),
                "longitude": rng.uniform(-3.5, 0.5),
            }
        )
    for i in range(n):
        topic, phrases = rng.choice(TOPICS)
        other, other_phrases = rng.choice(TOPICS)
        words = [rng.choice(FILLER) for _ in range(90)]
        for phrase in rng.sample(phrases, 2) + rng.sample(other_phrases, 1) + [topic, other]:
            words.insert(rng.randrange(len(words)), phrase)
        kind = rng.choice(KINDS)
        yield {
            "ref": f"gen-{i}",
            "kind": kind,
            "title": f"{topic.capitalize()}: {rng.choice(phrases)} and {rng.choice(other_phrases)}",
            "school": rng.choice(schools),
            "summary": f"How we worked on {topic} with {rng.choice(phrases)}.",
            "elements": rng.sample(range(1, 9), rng.randrange(0, 3)),
            "tags": [topic] + rng.sample(phrases, 1),
            "published": (
                datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(2900))
            ).isoformat(),
            "sections": {"actions": " ".join(words)},
            "evidence_stage": rng.choice(STAGES) if kind == "case_study" else "",
            "outcome": rng.choice(OUTCOMES) if kind == "case_study" else "",
        }


def timed(function, runs):
    times = []
    for i in range(runs):
        start = time.perf_counter()
        function(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def generated_meanings(records):
    """Each record's meaning, made up (a random unit vector from its key): the model would
    take hours over 100,000 records, and a search costs the same whatever the numbers are."""
    from search import semantic

    if not semantic.enabled():
        return [None] * len(records)
    import numpy as np

    found = []
    for record in records:
        rng = np.random.default_rng(int(record.key.rsplit("-", 1)[-1]))
        vector = rng.standard_normal(semantic.DIMENSIONS).astype(np.float32)
        found.append(semantic.to_bytes(vector / np.linalg.norm(vector)))
    return found


def forget_query_meanings():
    """Every timed search works out its query's meaning afresh, as a query not seen before."""
    from search import semantic

    semantic.forget_query_meanings()


def measure(runs):
    from urllib.parse import urlencode

    from django.core.cache import cache
    from django.http import QueryDict

    from search import service
    from search.query import read_query

    def run(params):
        return service.run(read_query(QueryDict(urlencode(params, doseq=True)))).as_json()

    one_words = ["attendance", "phonics", "anxiety", "vocabulary", "behaviour", "transition"]
    three = [
        ({"q": "phonics reading intervention"}, "primary", "london"),
        ({"q": "attendance punctuality visits"}, "secondary", "north_west"),
        ({"q": "anxiety wellbeing calm"}, "primary", "south_east"),
        ({"q": "inclusion adaptive teaching"}, "secondary", "west_midlands"),
    ]

    def one_word(i):
        forget_query_meanings()
        run({"q": one_words[i % len(one_words)]})

    def three_words_three_filters(i):
        forget_query_meanings()
        text, phase, region = three[i % len(three)]
        run(text | {"kind": "case_study", "phase": phase, "region": region})

    def browse(i):
        run({})

    floor_one, floor_three, counted_one, counted_three = floor_queries(one_words, three)

    cache.clear()
    start = time.perf_counter()
    first = run({})
    cold = {"empty query, uncached (first)": (time.perf_counter() - start) * 1000}
    # The first text search after a change builds the process's facet table (search/
    # facet_table.py); every later one reads it until the next change.
    from search import facet_table

    facet_table.forget()
    start = time.perf_counter()
    one_word(0)
    cold["one word, first after a change"] = (time.perf_counter() - start) * 1000
    rows = [
        ("one word", timed(one_word, runs)),
        ("three words + three filters", timed(three_words_three_filters, runs)),
        ("empty query, all facets", timed(browse, runs)),
    ]
    if floor_one is not None:
        rows += [
            ("floor: one word", timed(floor_one, runs)),
            ("floor: three words + filters", timed(floor_three, runs)),
            ("floor with counts: one word", timed(counted_one, runs)),
            ("floor with counts: three + filt.", timed(counted_three, runs)),
        ]
    return rows, cold, first["count"]


def floor_queries(one_words, three):
    """The bare full-text engine over the same records, as a search page needs it at least: how
    many match, and the best ten by the engine's own rank, with the filters in SQL. None for
    Elasticsearch (no floor printed)."""
    from django.conf import settings
    from django.db import connection

    from search import fulltext

    if settings.PRACTICE_SEARCH.get("ENGINE") != "database":
        return None, None, None, None
    records, table = fulltext.RECORDS, fulltext.FTS
    if connection.vendor == "postgresql":
        match = "r.search_vector @@ plainto_tsquery('english', %s)"
        source = f"{records} r WHERE {match}"
        order = "ts_rank(r.search_vector, plainto_tsquery('english', %s)) DESC"
    else:
        source = f"{table} f JOIN {records} r ON r.id = f.rowid WHERE {table} MATCH %s"
        order = f"bm25({table})"

    def ask(text, filters=()):
        conditions = "".join(f" AND r.{column} = %s" for column, _ in filters)
        values = [value for _, value in filters]
        if connection.vendor != "postgresql":
            text = " AND ".join(f'"{word}"' for word in text.split())
        with connection.cursor() as cursor:
            count_sql = f"SELECT count(*) FROM {source}{conditions}"  # noqa: S608
            cursor.execute(count_sql, [text, *values])
            cursor.fetchone()
            ranked_params = [text, *values] + ([text] if "%s" in order else [])
            cursor.execute(
                f"SELECT r.key FROM {source}{conditions} ORDER BY {order} LIMIT 10",  # noqa: S608
                ranked_params,
            )
            cursor.fetchall()

    def counted(text, filters=()):
        """The page's whole job in bare SQL: `ask`, then each facet's counts over the matches
        that pass every other filter, one GROUP BY a facet (as the search page shows them)."""
        ask(text, filters)
        if connection.vendor != "postgresql":
            text = " AND ".join(f'"{word}"' for word in text.split())
        chosen = dict(filters)
        with connection.cursor() as cursor:
            for column, group_sql in FLOOR_FACETS:
                others = [(name, value) for name, value in chosen.items() if name != column]
                conditions = "".join(f" AND r.{name} = %s" for name, _ in others)
                sql = group_sql.format(source=source, conditions=conditions)
                cursor.execute(sql, [text, *[value for _, value in others]])
                cursor.fetchall()

    def one(i):
        ask(one_words[i % len(one_words)])

    def three_filtered(i):
        text, phase, region = three[i % len(three)]
        ask(text["q"], [("kind", "case_study"), ("phase", phase), ("region", region)])

    def one_counted(i):
        counted(one_words[i % len(one_words)])

    def three_counted(i):
        text, phase, region = three[i % len(three)]
        counted(text["q"], [("kind", "case_study"), ("phase", phase), ("region", region)])

    return one, three_filtered, one_counted, three_counted


# The facets the search page counts, each as its own grouped query over the text's matches
# (`r`): the columns with one value a record, then the elements and the tags.
FLOOR_FACETS = [
    (column, f"SELECT r.{column}, count(*) FROM {{source}}{{conditions}} GROUP BY r.{column}")  # noqa: S608
    for column in (
        "kind", "phase", "provision", "region", "local_authority", "cluster_slug",
        "evidence_stage", "outcome", "year", "scheme",
    )
] + [
    (
        "element",
        "SELECT e.element_id, count(*) FROM cms_recordelement e JOIN ("
        "SELECT r.id FROM {source}{conditions}) m ON m.id = e.record_id GROUP BY e.element_id",
    ),
    (
        "tag",
        "SELECT t.name, count(*) FROM cms_recordtag t JOIN ("
        "SELECT r.id FROM {source}{conditions}) m ON m.id = t.record_id GROUP BY t.name",
    ),
]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--engines", default="database")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--elasticsearch-url", default="")
    args = parser.parse_args()
    with django_database() as connection:
        from search import loader

        start = time.perf_counter()
        loaded = loader.load(generated_items(args.records), meanings=generated_meanings)
        if connection.vendor == "postgresql":
            # What autovacuum does in production (it is off on this machine): without the
            # tables' statistics the planner takes the full-text match for one row.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{loaded} records loaded in {time.perf_counter() - start:.1f} s "
            f"(database: {connection.vendor}); {args.runs} runs a query"
        )
        for name in args.engines.split(","):
            with engine_settings(name, args.elasticsearch_url):
                index_for_engine()
                rows, cold, count = measure(args.runs)
            label = f"{name} ({connection.vendor})" if name == "database" else name
            print(f"\n{label}: {count} records")
            print(f"  {'query':32} {'p50 ms':>8} {'p95 ms':>8}")
            timings = dict(rows)
            for title, (p50, p95) in rows:
                print(f"  {title:32} {p50:8.1f} {p95:8.1f}")
            for title, floor_title, counted_title in (
                ("one word", "floor: one word", "floor with counts: one word"),
                (
                    "three words + three filters",
                    "floor: three words + filters",
                    "floor with counts: three + filt.",
                ),
            ):
                if floor_title in timings:
                    ratio = timings[title][1] / timings[floor_title][1]
                    counted_ratio = timings[title][1] / timings[counted_title][1]
                    print(
                        f"  p95 / floor, {title}: {ratio:.1f}x "
                        f"(/ floor with counts: {counted_ratio:.1f}x)"
                    )
            for title, took in cold.items():
                print(f"  {title:32} {took:8.1f}")


if __name__ == "__main__":
    main()
