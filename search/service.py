"""One search from start to finish: read the words, ask the engine, dress the answer.

Engines return record keys and raw facet counts; everything a searcher sees (snippets,
labels, distances, "did you mean") is made here the same way for every engine.
"""

import dataclasses
import html
import logging
import math
from collections import namedtuple
from contextlib import contextmanager

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from network.models import Element, Phase, Provision, Region

from . import ranking, text
from .browse_cache import BROWSE_FACETS_KEY, FRAMEWORKS, RECORDS, remembered
from .engines import EngineUnavailable, database_engine, get_engine
from .gcpause import collector_paused
from .models import PracticeRecord, RecordElement, RecordKind, SearchQueryLog
from .query import FACETS, distance_km
from .thesaurus import thesaurus_map
from .vocabulary import Vocabulary

logger = logging.getLogger(__name__)

FACET_LIMIT = 30
FEW_RESULTS = 3
# A query finds the records with all (or most) of its concepts; while that finds fewer than
# this many, fewer concepts will do, down to any one.
ENOUGH_RESULTS = 20

# How sure the search is that its best results answer the query (SearchOutcome.confidence).
CONFIDENCE_HIGH = "high"  # the best record matches most of what was asked
CONFIDENCE_LOW = "low"  # records share some of the words, none most of them
CONFIDENCE_NONE = "none"  # nothing matched
LOW_CONFIDENCE_NOTE = "No close match; these share some of your words."


class SearchOutcome:
    """What a search found, ready for the page and the API."""

    def __init__(self, query, result, records, facets, suggestion, engine):
        self.query = query
        self.count = result.count
        self.records = records
        self.facets = facets
        self.suggestion = suggestion
        self.engine = engine
        # For a text query: CONFIDENCE_HIGH, _LOW or _NONE; "" without text (browsing).
        self.confidence = ""
        self.close_matches = 0  # records (of the first POOL) that match most of the query
        self.logged = None  # what was written to the staff's search report, if anything

    @property
    def low_confidence(self):
        return self.confidence in (CONFIDENCE_LOW, CONFIDENCE_NONE)

    @property
    def note(self):
        if self.confidence == CONFIDENCE_LOW:
            return LOW_CONFIDENCE_NOTE
        return ""

    @property
    def pages(self):
        return max(1, math.ceil(self.count / self.query.per_page))

    def as_json(self):
        return {
            "count": self.count,
            "page": self.query.page,
            "pages": self.pages,
            "results": [hit_json(record) for record in self.records],
            "facets": self.facets,
            "suggestion": self.suggestion or None,
            "confidence": self.confidence or None,
            "close_matches": self.close_matches if self.confidence else None,
            "note": self.note or None,
        }


def hit_json(record):
    return {
        "title": record.title,
        "url": record.url,
        "kind": record.kind,
        "summary": record.summary,
        "highlight": record.highlight,
        "school": {
            "name": record.school_name,
            "urn": record.school_urn,
            "phase": record.phase,
            "provision": record.provision,
            "region": record.region,
            "context": record.school_context or {},
        }
        if record.school_name
        else None,
        "elements": [{"number": e.number, "title": e.title} for e in record.element_list],
        "tags": list(record.tags),
        "published": record.published.isoformat(),
        "distance_km": record.distance_km,
    }


def parse_text(raw):
    return text.parse(raw, thesaurus=thesaurus_map(), vocabulary=Vocabulary())


def run(query, log=False):
    """Search with the configured engine; Elasticsearch failing means the database answers."""
    with collector_paused():
        return _run(query, log)


def _run(query, log):
    if query.parsed is None:
        query.parsed = parse_text(query.text)
    reorder = bool(query.parsed) and query.effective_sort() == "relevance"
    engine_query = query
    if reorder and query.offset < ranking.POOL:
        # The engine's best POOL candidates, ordered here the same way for every engine.
        engine_query = dataclasses.replace(query, page=1, per_page=ranking.POOL)
    frequencies = None
    if query.parsed:
        frequencies = ranking.document_frequencies(query.parsed)
        total = ranking.record_count()
        ranking.weaken_common(query.parsed, frequencies, total)
        ranking.prune(query.parsed, frequencies)
    engine, result = _search(engine_query)
    if query.parsed:
        # How strict, from the text alone: a filter chosen from the facets must find what its
        # count said, so the filters never make the search less strict.
        found = result.text_count
        if found is None or query.near is not None or query.exclude_keys:
            found = _text_count(query.parsed)
        widened = False
        while found < ENOUGH_RESULTS and query.parsed.relax():
            widened = True
            ranking.prune(query.parsed, frequencies)
            found = _text_count(query.parsed)
        if widened:
            engine, result = _search(engine_query)
    ranked = None
    if engine_query is not query:
        ranked = ranking.rank(
            result.keys,
            query.parsed,
            frequencies,
            places=query.offset + query.per_page,
            total=total,
            text=query.parsed.corrected(query.text),
        )
        result.keys = [item.key for item in ranked[query.offset : query.offset + query.per_page]]
    records = load_records(result.keys, query, engine, result)
    if query.is_browse():
        # The most common request of all: its labelled counts are made once per change.
        facets = cache.get(BROWSE_FACETS_KEY)
        if facets is None:
            facets = facet_json(result.facets, query)
            cache.set(BROWSE_FACETS_KEY, facets, 60 * 60)
    else:
        facets = facet_json(result.facets, query)
    suggestion = ""
    if query.parsed and result.count < FEW_RESULTS:
        suggestion = query.parsed.suggestion()
    outcome = SearchOutcome(query, result, records, facets, suggestion, engine.name)
    if query.parsed:
        outcome.confidence, outcome.close_matches = confidence(query, result, ranked)
    if log and (query.text or query.has_filters()) and query.page == 1:
        outcome.logged = {
            "query": query.text[:200].lower(),
            "filtered": query.has_filters(),
            "results": result.count,
            "low_confidence": outcome.low_confidence,
        }
        log_search(**outcome.logged)
    return outcome


def log_search(query, filtered, results, low_confidence):
    """A search for the staff's report (also when its page is served from the cache).

    The searcher gets their answer even when the entry cannot be written (the database busy
    past its timeout, or read-only for maintenance): the report misses one search, which is
    logged. Inside someone else's transaction the error is theirs to handle."""
    try:
        with committed_without_waiting_for_the_disk():
            SearchQueryLog.objects.create(
                query=query, filtered=filtered, results=results, low_confidence=low_confidence
            )
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        logger.exception("Search report: the entry for a search could not be written")


@contextmanager
def committed_without_waiting_for_the_disk():
    """Writes that are committed without waiting for the disk to say it has them.

    For the staff report's entries, written on every search, a stored page's included: a power
    cut may lose the last moment's entries, never a school's data, and the search does not wait
    for the disk. Every other write still waits (SQLite's `synchronous=FULL`, PostgreSQL's
    `synchronous_commit`). On SQLite, with one writer at a time, that wait was the long tail
    of a busy search page: each entry held the write lock through its disk flush while the
    other threads' entries queued for it (docs/performance.md).

    Inside a transaction someone else began, that transaction's own commit decides, and
    nothing is changed: on PostgreSQL `SET LOCAL` would reach the rest of its writes, and
    SQLite refuses to change the setting inside one."""
    if connection.in_atomic_block or connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (level,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(level)}")


def confidence(query, result, ranked):
    """(level, close matches): is the best record an answer to most of what was asked?

    Judged on the best POOL records when they were ranked, else (sorted by date or distance, or
    a page past them) on the records of the page."""
    if not result.count:
        return CONFIDENCE_NONE, 0
    if ranked is None:
        ranked = ranking.rank(
            result.keys,
            query.parsed,
            ranking.document_frequencies(query.parsed),
            text=query.parsed.corrected(query.text),
        )
    close = sum(1 for item in ranked if item.close)
    return (CONFIDENCE_HIGH if close else CONFIDENCE_LOW), close


def _text_count(parsed):
    engine = get_engine()
    try:
        return engine.text_count(parsed)
    except EngineUnavailable as error:
        logger.warning("Practice search: %s; counting in the database", error)
    except Exception:
        if engine.name == "database":
            raise
        logger.exception("Practice search: Elasticsearch failed, answering from the database")
    return database_engine().text_count(parsed)


def _search(query):
    engine = get_engine()
    try:
        return engine, engine.search(query)
    except EngineUnavailable as error:
        # Known and logged once where it was found (a node down, an index not built yet).
        logger.warning("Practice search: %s; answering from the database", error)
    except Exception:
        if engine.name == "database":
            raise
        logger.exception("Practice search: Elasticsearch failed, answering from the database")
    engine = database_engine()
    return engine, engine.search(query)


def load_records(keys, query, engine=None, result=None):
    """The records of one page of hits, in order, with elements, snippet and distance."""
    if not keys:
        return []
    found = {r.key: r for r in PracticeRecord.objects.filter(key__in=keys).defer("meaning")}
    links = RecordElement.objects.filter(
        record_id__in=[record.pk for record in found.values()]
    ).values_list("record_id", "element_id")
    linked = {}
    for record_id, element_id in links:
        linked.setdefault(record_id, []).append(element_id)
    titles = element_titles()
    records = [found[key] for key in keys if key in found]
    marked = query.parsed.highlight_words() if query.parsed else set()
    fragments = engine_fragments(records, marked, engine, result)
    for record in records:
        record.element_list = sorted(
            (titles[pk] for pk in linked.get(record.pk, ()) if pk in titles),
            key=lambda element: element.number,
        )
        record.highlight = snippet(record, marked, fragments)
        record.distance_km = None
        if query.near is not None and record.latitude is not None:
            record.distance_km = round(
                distance_km(
                    query.near.latitude, query.near.longitude, record.latitude, record.longitude
                ),
                1,
            )
    return records


ElementTitle = namedtuple("ElementTitle", "number title")


def element_titles():
    """{element id: (number, title)} of every framework's elements, kept in the shared cache
    until a scheme, framework or element changes."""
    return remembered(
        FRAMEWORKS,
        ["titles"],
        lambda: {
            pk: ElementTitle(number, title)
            for pk, number, title in Element.objects.values_list("pk", "number", "title")
        },
    )


def element_labels():
    """{element id: "IQM 3. Title"}, kept as element_titles is."""
    return remembered(
        FRAMEWORKS,
        ["labels"],
        lambda: {
            e.pk: f"{e.framework.scheme.short_name} {e.number}. {e.title}"
            for e in Element.objects.select_related("framework__scheme")
        },
    )


def cluster_titles():
    """{cluster slug: title} as the records name them, kept until a record changes."""
    return remembered(
        RECORDS,
        ["clusters"],
        lambda: dict(
            PracticeRecord.objects.exclude(cluster_slug="")
            .values_list("cluster_slug", "cluster_title")
            .distinct()
        ),
    )


SNIPPET_FIELDS = ("summary", "body", "title")  # the first with a word marked is shown


def engine_fragments(records, marked, engine, result):
    """{key: {field: fragment}} marked by the engine, or None when it cannot mark words (then
    the snippets are made here, in Python)."""
    if not marked or not records:
        return {}
    if result is not None and result.highlights is not None:
        return result.highlights
    snippets = getattr(engine, "snippets", None)
    if snippets is None:
        return None
    return snippets(records, marked)


def snippet(record, marked, fragments=None):
    """The record's snippet as HTML (escaped, the query's words in <mark>): the engine's
    fragments when it gave them, else marked here; the summary's start when nothing is."""
    if marked:
        if fragments is not None:
            fields = fragments.get(record.key, {})
            for name in SNIPPET_FIELDS:
                dressed = text.dress(fields.get(name), getattr(record, name))
                if dressed:
                    return dressed
        else:
            for name in SNIPPET_FIELDS:
                found = text.highlight(getattr(record, name), marked)
                if found:
                    return found
    summary = record.summary or record.body
    short = summary if len(summary) <= 240 else summary[:240].rsplit(" ", 1)[0] + " …"
    return html.escape(short)


# ------ Facets ------


def _humanise(value):
    return str(value).replace("_", " ").capitalize()


# The sector's abbreviations keep their capitals in a label ("SEND", not "Send").
ACRONYMS = {
    "ADHD", "AP", "ASC", "ASD", "CPD", "DSL", "EAL", "EHCP", "ELSA", "EYFS", "KS1", "KS2",
    "KS3", "KS4", "LAC", "MLD", "PMLD", "PRU", "PSHE", "RSE", "SEMH", "SEN", "SENCO",
    "SEND", "SLCN", "SLD", "TA", "UK",
}  # fmt: skip


def tag_label(value):
    """A tag as a label: abbreviations in capitals, the first letter capitalised, the rest
    as written ("SEND", "EAL learners", "Zones of regulation")."""
    words = [word.upper() if word.upper() in ACRONYMS else word for word in str(value).split()]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def facet_labels(name, values):
    if name == "kind":
        return dict(RecordKind.choices)
    if name == "phase":
        return dict(Phase.choices)
    if name == "provision":
        return dict(Provision.choices)
    if name == "region":
        return dict(Region.choices)
    if name == "element":
        return element_labels()
    if name in ("scheme", "local_authority"):
        # Names as written ("IQM", "County Durham"), not re-cased.
        return {value: value for value in values}
    if name == "tag":
        return {value: tag_label(value) for value in values}
    if name == "cluster":
        return cluster_titles()
    return {}


def facet_json(raw, query):
    """{facet: [{value, label, count, selected}]}, biggest first, chosen values always shown."""
    out = {}
    for name in FACETS:
        counts = dict(raw.get(name, {}))
        if name == "year":
            selected = (
                {
                    year
                    for year in counts
                    if (query.year_from is None or year >= query.year_from)
                    and (query.year_to is None or year <= query.year_to)
                }
                if (query.year_from is not None or query.year_to is not None)
                else set()
            )
        else:
            selected = set(query.filters.get(name, []))
        for value in selected:
            counts.setdefault(value, 0)
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        if name == "year":
            ordered = sorted(counts.items(), key=lambda item: -int(item[0]))
        shown = ordered[:FACET_LIMIT] + [
            item for item in ordered[FACET_LIMIT:] if item[0] in selected
        ]
        labels = facet_labels(name, [value for value, _ in shown])
        out[name] = [
            {
                "value": value,
                "label": str(labels.get(value) or _humanise(value)),
                "count": count,
                "selected": value in selected,
            }
            for value, count in shown
        ]
    return out


# ------ Related practice ------


def related(record, limit=4):
    """Other case studies and research most like `record` (its title words and tags)."""
    from .query import SearchQuery

    raw = " ".join([record.title] + list(record.tags))
    parsed = text.parse(raw, thesaurus=thesaurus_map())
    if not parsed:
        return []
    query = SearchQuery(
        filters={"kind": [RecordKind.CASE_STUDY, RecordKind.RESEARCH]},
        per_page=limit,
        exclude_keys=(record.key,),
        sort="relevance",
        parsed=parsed,
    )
    return run(query).records
