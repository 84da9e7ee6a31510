"""The Elasticsearch engine: an index defined with elasticsearch-dsl, facets by FacetedSearch.

Readers use an alias; a rebuild fills a new index and swaps the alias in one atomic request.
The client is made from settings (`PRACTICE_SEARCH["CLIENT_OPTIONS"]` is passed through), so
it speaks to Elasticsearch 8 and 9 alike.
"""

import contextlib
import logging
import time

from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import get_random_string
from elastic_transport import ApiError, ConnectionTimeout
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    Date,
    Document,
    FacetedSearch,
    GeoPoint,
    Integer,
    Keyword,
    Q,
    Search,
    TermsFacet,
    Text,
    analyzer,
    token_filter,
)

from ..browse_cache import BROWSE_ELASTIC_KEY
from ..models import MissedIndexChange, PracticeRecord, RecordElement
from ..text import CLOSE_MARK, LOOSE_WEIGHT, OPEN_MARK
from .base import EngineResult, EngineUnavailable

# The breaker's clock: tests move it on rather than wait.
clock = time.monotonic
logger = logging.getLogger(__name__)

_clients = {}
_aliases_seen = set()

FACET_FIELDS = {
    "kind": "kind",
    "element": "elements",
    "tag": "tags",
    "phase": "phase",
    "provision": "provision",
    "region": "region",
    "local_authority": "local_authority",
    "cluster": "cluster",
    "evidence_stage": "evidence_stage",
    "outcome": "outcome",
    "year": "year",
    "scheme": "scheme",
}
TEXT_FIELDS = ["title^5", "summary^2", "body", "school_name^2", "tags.text^4"]
SNIPPET_FIELDS = ["title", "summary", "body"]
SNIPPET_CHARACTERS = 200


class ElasticsearchDown(EngineUnavailable):
    """Elasticsearch failed to answer a moment ago, so it is not asked again for a while."""


class IndexMissing(EngineUnavailable):
    """The node answers but has no practice index (a new, empty node): a rebuild fills it."""


class Connection:
    """A client, and since when its node has not answered (a circuit breaker).

    A node that is stopped refuses at once, but one that hangs (paused, overloaded, a
    network that drops packets) costs each request the client's whole timeout. After one
    such failure the engine answers ElasticsearchDown at once for `RETRY_AFTER` seconds, so
    the database serves searches without waiting; then one request tries Elasticsearch again.
    """

    def __init__(self, client, retry_after):
        self.client = client
        self.retry_after = retry_after
        self.down_until = 0.0

    @contextlib.contextmanager
    def calls(self, url, force=False):
        wait = self.down_until - clock()
        if wait > 0 and not force:
            raise ElasticsearchDown(f"Elasticsearch at {url} failed; asked again in {wait:.0f} s")
        try:
            yield self.client
        except (TransportConnectionError, ConnectionTimeout) as error:
            self.trip(url, error)
            raise
        except ApiError as error:
            if error.meta.status in (502, 503, 504):
                self.trip(url, error)
            raise
        self.down_until = 0.0

    def trip(self, url, error):
        self.down_until = clock() + self.retry_after
        # The node that comes back may be a new, empty one: look for the alias again.
        _aliases_seen.difference_update({seen for seen in _aliases_seen if seen[0] == id(self)})
        logger.error(
            "Practice search: Elasticsearch at %s failed (%s: %s); the database answers for "
            "the next %s s",
            url,
            type(error).__name__,
            error,
            self.retry_after,
        )


def connection(config):
    """One client per URL and options; tests pass e.g. a `node_class` in CLIENT_OPTIONS."""
    options = dict(config["CLIENT_OPTIONS"])
    cache_key = (config["ELASTICSEARCH_URL"], repr(sorted(options.items(), key=str)))
    if cache_key not in _clients:
        options.setdefault("request_timeout", 5)
        options.setdefault("retry_on_timeout", False)
        options.setdefault("max_retries", 0)
        _clients[cache_key] = Connection(
            Elasticsearch(config["ELASTICSEARCH_URL"], **options),
            retry_after=config.get("RETRY_AFTER", 30),
        )
    return _clients[cache_key]


def client(config):
    return connection(config).client


def analyzers():
    """Index-time and search-time analysers: English stemming (the thesaurus is applied to the
    query before it gets here, the same way as for the database engine)."""
    # Porter 2 (Snowball English): the stemmer ranking.py and the snippets use.
    stemmer = token_filter("practice_stemmer", type="stemmer", language="porter2")
    # No possessive stemmer: the standard tokenizer already splits "school's", and osmem-server
    # (the test server) mis-indexes with one.
    filters = ["lowercase", "asciifolding"]
    index_analyzer = analyzer(
        "practice_text", tokenizer="standard", filter=filters + ["stop", stemmer]
    )
    search_analyzer = analyzer(
        "practice_search", tokenizer="standard", filter=filters + ["stop", stemmer]
    )
    return index_analyzer, search_analyzer


def document_class(index_name):
    index_analyzer, search_analyzer = analyzers()

    def text_field(**kwargs):
        return Text(analyzer=index_analyzer, search_analyzer=search_analyzer, **kwargs)

    class PracticeDocument(Document):
        key = Keyword()
        kind = Keyword()
        title = text_field(fields={"raw": Keyword()})
        summary = text_field()
        body = text_field()
        school_name = text_field()
        school_urn = Keyword()
        phase = Keyword()
        provision = Keyword()
        sen_needs = Keyword(multi=True)
        type_group = Keyword()
        region = Keyword()
        local_authority = Keyword()
        cluster = Keyword()
        scheme = Keyword()
        evidence_stage = Keyword()
        outcome = Keyword()
        status = Keyword()
        tags = Keyword(multi=True, fields={"text": text_field()})
        elements = Integer(multi=True)
        published = Date()
        year = Integer()
        location = GeoPoint()

        class Index:
            name = index_name
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    return PracticeDocument


def document_body(record):
    body = {
        "key": record.key,
        "kind": record.kind,
        "title": record.title,
        "summary": record.summary,
        "body": record.body,
        "school_name": record.school_name,
        "school_urn": record.school_urn,
        "phase": record.phase,
        "provision": record.provision,
        "sen_needs": list((record.school_context or {}).get("sen_needs") or []),
        "type_group": (record.school_context or {}).get("type_group") or "",
        "region": record.region,
        "local_authority": record.local_authority,
        "cluster": record.cluster_slug,
        "scheme": record.scheme.split(),  # every scheme it names: a keyword list
        "evidence_stage": record.evidence_stage,
        "outcome": record.outcome,
        "status": record.status,
        "tags": list(record.tags),
        "elements": [row.element_id for row in record.element_rows],
        "published": record.published.isoformat(),
        "year": record.year,
    }
    if record.latitude is not None and record.longitude is not None:
        body["location"] = {"lat": record.latitude, "lon": record.longitude}
    return body


def with_element_rows(records):
    """Attach each record's element rows in one query."""
    from django.db.models import Prefetch

    return records.prefetch_related(
        Prefetch(
            "element_links",
            queryset=RecordElement.objects.only("record_id", "element_id"),
            to_attr="element_rows",
        )
    )


class YearFacet(TermsFacet):
    """Years published; the filter is a range (year_from..year_to), not a list."""

    def add_filter(self, filter_values):
        if not filter_values:
            return None
        low, high = filter_values
        bounds = {}
        if low is not None:
            bounds["gte"] = low
        if high is not None:
            bounds["lte"] = high
        return Q("range", year=bounds)

    def is_filtered(self, key, filter_values):
        if not filter_values:
            return False
        low, high = filter_values
        return (low is None or key >= low) and (high is None or key <= high)


class PracticeFacetedSearch(FacetedSearch):
    facets = {
        name: (YearFacet if name == "year" else TermsFacet)(field=field, size=500)
        for name, field in FACET_FIELDS.items()
    }

    def __init__(self, engine, query):
        self.index = engine.alias
        self.using = engine.client
        self.practice_query = query
        filters = {name: values for name, values in query.filters.items() if values}
        if query.year_from is not None or query.year_to is not None:
            filters["year"] = [(query.year_from, query.year_to)]
        super().__init__(query=query.parsed or None, filters=filters, sort=self._sorting(query))

    def add_filter(self, name, filter_values):
        if name == "year":
            self.filter_values[name] = filter_values[0]
            self._filters[name] = self.facets[name].add_filter(list(filter_values[0]))
            return
        super().add_filter(name, filter_values)

    @staticmethod
    def _sorting(query):
        sort = query.effective_sort()
        if sort == "distance" and query.near is not None:
            point = {"lat": query.near.latitude, "lon": query.near.longitude}
            return [
                {"_geo_distance": {"location": point, "order": "asc", "unit": "km"}},
                {"published": {"order": "desc"}},
                {"key": {"order": "asc"}},
            ]
        if sort == "newest":
            return [{"published": {"order": "desc"}}, {"key": {"order": "desc"}}]
        return ["_score", {"published": {"order": "desc"}}, {"key": {"order": "asc"}}]

    def search(self):
        search = super().search().extra(track_total_hits=True).source(["key"])
        query = self.practice_query
        if query.near is not None:
            search = search.filter(
                "geo_distance",
                distance=f"{query.radius_km}km",
                location={"lat": query.near.latitude, "lon": query.near.longitude},
            )
        if query.exclude_keys:
            search = search.exclude("terms", key=list(query.exclude_keys))
        if query.parsed:
            search = self._highlighted(search, query.parsed.highlight_words())
        return search

    @staticmethod
    def _highlighted(search, words):
        """Elasticsearch marks the query's words (as its analyser stems them) in one fragment
        of each text field; the service escapes it and shows the first field marked."""
        if not words:
            return search
        return search.highlight(*SNIPPET_FIELDS).highlight_options(
            pre_tags=[OPEN_MARK],
            post_tags=[CLOSE_MARK],
            number_of_fragments=1,
            fragment_size=SNIPPET_CHARACTERS,
            no_match_size=0,
            require_field_match=False,
            highlight_query=Q(
                "multi_match", query=" ".join(sorted(words)), fields=SNIPPET_FIELDS
            ).to_dict(),
        )

    def query(self, search, _):
        parsed = self.practice_query.parsed
        if not parsed:
            return search
        return search.query(self.text_query(parsed))

    @classmethod
    def text_query(cls, parsed):
        """Enough concepts find a record; every concept adds to its score (ranking.py
        re-orders the best)."""
        retrieval = parsed.retrieval_groups()
        finding = [cls._group(group) for group in retrieval]
        scoring = [cls._group(group) for group in parsed.groups if group not in retrieval]
        return Q(
            "bool",
            must=[Q("bool", should=finding, minimum_should_match=parsed.minimum)],
            should=scoring,
        )

    @staticmethod
    def _group(group):
        options = []
        for phrase, weight in zip(group.alternatives, group.weights, strict=True):
            words = " ".join(phrase)
            kind = "phrase" if len(phrase) > 1 else "best_fields"
            options.append(
                Q("multi_match", query=words, fields=TEXT_FIELDS, type=kind, boost=weight)
            )
        for bag in group.loose:
            words = [Q("multi_match", query=word, fields=TEXT_FIELDS) for word in bag]
            options.append(Q("bool", must=words, boost=LOOSE_WEIGHT))
        if group.correction:
            options.append(
                Q(
                    "multi_match",
                    query=group.typed,
                    fields=TEXT_FIELDS,
                    fuzziness="AUTO",
                    boost=0.5,
                )
            )
        return Q("bool", should=options, minimum_should_match=1, boost=group.weight)


def highlights(response):
    """{key: {field: fragment}} from a response's highlighting."""
    found = {}
    for hit in response:
        marked = getattr(hit.meta, "highlight", None)
        fields = {}
        for name in SNIPPET_FIELDS:
            fragments = getattr(marked, name, None) if marked is not None else None
            if fragments:
                fields[name] = fragments[0]
        found[hit.key] = fields
    return found


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, config):
        self.config = config
        self.alias = config["INDEX"]
        self.url = config["ELASTICSEARCH_URL"]
        self.connection = connection(config)
        self.client = self.connection.client

    # ------ Index ------

    def _check_index(self):
        """Search only an index that a rebuild (or the first write) made; else the database
        answers, rather than an empty index found on a node that came back without data."""
        seen = (id(self.connection), self.alias)
        if seen in _aliases_seen:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            raise IndexMissing(
                f"Elasticsearch at {self.url} has no index {self.alias!r}: "
                "run rebuild_practice_index"
            )
        _aliases_seen.add(seen)

    def _ensure_index(self, records):
        """Before a write: the index exists, or is made now if it would hold every record.

        Checked on every write (a cheap request), so that writing to a node that came back
        empty never creates an index that lacks what was published before."""
        if self.client.indices.exists_alias(name=self.alias):
            return True
        if PracticeRecord.objects.exclude(pk__in=records.values("pk")).exists():
            logger.error(
                "Practice search: Elasticsearch at %s has no index %r; not written to until "
                "rebuild_practice_index runs (the database answers searches meanwhile)",
                self.url,
                self.alias,
            )
            return False
        self._create_index(alias=True)
        return True

    def _create_index(self, alias=False):
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{get_random_string(6).lower()}"
        document_class(name).init(using=self.client)
        if alias:
            self.client.indices.put_alias(index=name, name=self.alias)
        return name

    def _actions(self, records, index_name):
        for record in with_element_rows(records).iterator(chunk_size=1000):
            yield {"_index": index_name, "_id": record.key, "_source": document_body(record)}

    def index(self, records):
        with self.connection.calls(self.url):
            if self._ensure_index(records):
                self._catch_up()
                helpers.bulk(self.client, self._actions(records, self.alias), refresh=True)

    def delete(self, keys):
        with self.connection.calls(self.url):
            if not self.client.indices.exists_alias(name=self.alias):
                return
            self._catch_up()
            self._delete(keys)

    def _delete(self, keys):
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        helpers.bulk(self.client, actions, refresh=True, raise_on_error=False)

    def _catch_up(self, batch=500):
        """Send what this index missed while Elasticsearch was down, before anything else."""
        caught_up = 0
        while missed := list(
            MissedIndexChange.objects.order_by("pk").values_list("key", flat=True)[:batch]
        ):
            present = PracticeRecord.objects.filter(key__in=missed)
            found = set(present.values_list("key", flat=True))
            if found:
                helpers.bulk(self.client, self._actions(present, self.alias), refresh=True)
            gone = [key for key in missed if key not in found]
            if gone:
                self._delete(gone)
            MissedIndexChange.objects.filter(key__in=missed).delete()
            caught_up += len(missed)
        if caught_up:
            cache.delete(BROWSE_ELASTIC_KEY)
            logger.info("Practice search: Elasticsearch caught up on %s changes", caught_up)

    def rebuild(self, records, progress=None):
        """Fill a new index, then point the alias at it and drop the old ones, atomically.

        Tried even while the engine thinks the node is down: whoever runs it wants it now."""
        started = timezone.now()
        with self.connection.calls(self.url, force=True):
            done = self._rebuild(records, progress)
        # The new index was filled from the database: nothing missed before it started.
        MissedIndexChange.objects.filter(missed_at__lte=started).delete()
        _aliases_seen.add((id(self.connection), self.alias))
        return done

    def _rebuild(self, records, progress):
        new_index = self._create_index()
        done = 0
        for _ok, _ in helpers.streaming_bulk(
            self.client, self._actions(records, new_index), chunk_size=500
        ):
            done += 1
            if progress and done % 500 == 0:
                progress(done)
        self.client.indices.refresh(index=new_index)
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias).keys())
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        cache.delete(BROWSE_ELASTIC_KEY)
        return done

    def refresh(self):
        self.client.indices.refresh(index=self.alias)

    # ------ Search ------

    def text_count(self, parsed):
        """How many records the text finds, whatever the filters."""
        with self.connection.calls(self.url):
            self._check_index()
            search = Search(using=self.client, index=self.alias)
            return search.query(PracticeFacetedSearch.text_query(parsed)).count()

    def search(self, query):
        with self.connection.calls(self.url):
            try:
                self._check_index()
                self._catch_up()
                return self._search(query)
            except NotFoundError:
                # The index went away under us (a node replaced): look for it again next time.
                _aliases_seen.discard((id(self.connection), self.alias))
                raise

    def _search(self, query):
        if query.is_browse():
            # The empty query's counts are the most asked-for: aggregate once per change.
            cached = cache.get(BROWSE_ELASTIC_KEY)
            if cached is not None:
                faceted = PracticeFacetedSearch(self, query)
                search = faceted.search().sort(*faceted._sort)
                start = query.offset
                response = search[start : start + query.per_page].execute()
                keys = [hit.key for hit in response]
                return EngineResult(
                    count=response.hits.total.value, keys=keys, facets=cached, engine=self.name
                )
        faceted = PracticeFacetedSearch(self, query)
        start = query.offset
        response = faceted[start : start + query.per_page].execute()
        facets = {}
        for name in FACET_FIELDS:
            facets[name] = {
                value: count
                for value, count, _selected in getattr(response.facets, name)
                if value not in ("", None)
            }
        keys = [hit.key for hit in response]
        if query.is_browse():
            cache.set(BROWSE_ELASTIC_KEY, facets, 60 * 60)
        return EngineResult(
            count=response.hits.total.value,
            keys=keys,
            facets=facets,
            engine=self.name,
            highlights=highlights(response) if query.parsed else None,
        )
