"""The database engine: the records' own full-text index, filters and facet counts in SQL.

Facet counts follow the usual rule: each filter's counts are taken over the records that
match the text and every *other* filter, so choosing a value never zeroes its siblings. The
single-valued facets without a chosen value share one grouped query.
"""

import json
from collections import Counter
from itertools import chain, compress
from operator import itemgetter

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Count, F, FloatField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ACos, Cast, Cos, Least, Radians, Sin

from network.models import Element

from .. import fulltext
from ..browse_cache import BROWSE_CACHE_KEY, FRAMEWORKS, remembered
from ..facet_table import facet_table
from ..gcpause import collector_paused
from ..models import (
    FACET_SEPARATOR,
    RECORD_SIGNATURE,
    SCHOOL_SIGNATURE,
    PracticeRecord,
    RecordElement,
    RecordTag,
)
from ..query import SearchQuery
from .base import EngineResult

# Facet name -> record column, for the facets with one value a record.
COLUMNS = {
    "kind": "kind",
    "phase": "phase",
    "provision": "provision",
    "region": "region",
    "local_authority": "local_authority",
    "cluster": "cluster_slug",
    "evidence_stage": "evidence_stage",
    "outcome": "outcome",
    "year": "year",
    "scheme": "scheme",
}
BROWSE_SECONDS = 60 * 60
# The facets with many values a record, each a table of (record, value) pairs.
PAIRS = (("element", RecordElement, "element_id"), ("tag", RecordTag, "name"))
# On SQLite: the index of the columns a text query's facets are counted from (search/0005).
FACET_INDEX = "practice_facet_signatures"
# At most this many ids found by the counting pass are handed to the ranked query as a list.
FOUND_IDS = 20_000


def distance_expression(place):
    """Great-circle distance to `place` in km, as SQL (spherical law of cosines)."""
    lat, lon = Radians(F("latitude")), Radians(F("longitude"))
    lat0 = Radians(Value(place.latitude, output_field=FloatField()))
    lon0 = Radians(Value(place.longitude, output_field=FloatField()))
    cosine = Cos(lat0) * Cos(lat) * Cos(lon - lon0) + Sin(lat0) * Sin(lat)
    return Value(6371.0) * ACos(Least(Value(1.0), cosine))


def _element_ids():
    """The ids of every element there is (a record's `element_ids` may name one since deleted,
    whose links went with it), kept until a framework changes."""
    return remembered(
        FRAMEWORKS, ["element-ids"], lambda: set(Element.objects.values_list("pk", flat=True))
    )


def scheme_condition(values):
    """Records naming any of these schemes: the column holds every scheme a record names,
    space-separated ("IQM VbE")."""
    condition = Q()
    for value in values:
        condition |= (
            Q(scheme=value)
            | Q(scheme__startswith=f"{value} ")
            | Q(scheme__endswith=f" {value}")
            | Q(scheme__contains=f" {value} ")
        )
    return condition


def spread_schemes(counts):
    """Counts by the column's value ("IQM VbE": 3) to counts by scheme (IQM: 3, VbE: 3)."""
    spread = Counter()
    for value, count in counts.items():
        for scheme in str(value).split():
            spread[scheme] += count
    return dict(spread)


def _fetch_all(queryset):
    """Rows of a values_list queryset in one fetch (Django's iterator fetches 100 at a time)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class DatabaseEngine:
    name = "database"

    # ------ Index ------

    def index(self, records):
        """Records are written with their full text already (see records.save)."""

    def delete(self, keys):
        """Nothing beyond the rows records.remove deletes."""

    # ------ Snippets ------

    def snippets(self, records, words):
        """{key: {field: fragment}}: the full-text index's own snippets of these records."""
        by_id = {record.pk: record.key for record in records}
        found = fulltext.flavour().snippets(list(by_id), sorted(words))
        return {by_id[pk]: fields for pk, fields in found.items() if pk in by_id}

    # ------ Search ------

    def text_count(self, parsed):
        """How many records the text finds, whatever the filters."""
        sql, params = fulltext.flavour().match_sql(parsed)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS found", params)  # noqa: S608
            return cursor.fetchone()[0]

    def search(self, query):
        with collector_paused():
            return self._search(query)

    def _search(self, query):
        text_count = found = None
        if query.is_browse():
            browse = self._browse_counts()
            count, facets = browse["count"], browse["facets"]
        elif query.parsed and not self._filters(query):
            count, facets, text_count, found = self._counts_of_signatures(query)
        elif query.parsed:
            count, facets, text_count, found = self._counts_of_matches(query)
        else:
            count, facets = self._counts_in_sql(query)
        keys = self._page_keys(query, count, found) if count else []
        if "scheme" in facets:
            facets = {**facets, "scheme": spread_schemes(facets["scheme"])}
        return EngineResult(
            count=count, keys=keys, facets=facets, engine=self.name, text_count=text_count
        )

    def _filters(self, query):
        """Q objects by filter name."""
        conditions = {}
        for name, values in query.filters.items():
            if not values:
                continue
            if name == "element":
                ids = RecordElement.objects.filter(element_id__in=values).values("record_id")
                conditions[name] = Q(id__in=ids)
            elif name == "tag":
                ids = RecordTag.objects.filter(name__in=values).values("record_id")
                conditions[name] = Q(id__in=ids)
            elif name == "scheme":
                conditions[name] = scheme_condition(values)
            else:
                conditions[name] = Q(**{f"{COLUMNS[name]}__in": values})
        years = Q()
        if query.year_from is not None:
            years &= Q(year__gte=query.year_from)
        if query.year_to is not None:
            years &= Q(year__lte=query.year_to)
        if years:
            conditions["year"] = years
        return conditions

    def _records(self, query, conditions, leave_out=None, with_text=True):
        records = PracticeRecord.objects.all()
        if with_text and query.parsed:
            condition = fulltext.flavour().match_condition(query.parsed)
            if condition is not None:
                sql, params = condition
                records = records.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
            else:
                sql, params = fulltext.flavour().match_sql(query.parsed)
                records = records.filter(id__in=RawSQL(sql, params))  # noqa: S611 (constant SQL)
        for name, condition in conditions.items():
            if name != leave_out:
                records = records.filter(condition)
        if query.exclude_keys:
            records = records.exclude(key__in=query.exclude_keys)
        if query.near is not None:
            records = self._near(records, query.near, query.radius_km)
        return records

    def _near(self, records, place, radius_km):
        # A bounding box the indexes can use, then the exact distance.
        import math

        lat_span = radius_km / 111.0
        lon_span = radius_km / max(1.0, 111.0 * math.cos(math.radians(place.latitude)))
        return (
            records.filter(
                latitude__gte=place.latitude - lat_span,
                latitude__lte=place.latitude + lat_span,
                longitude__gte=place.longitude - lon_span,
                longitude__lte=place.longitude + lon_span,
            )
            .alias(distance=distance_expression(place))
            .filter(distance__lte=radius_km)
        )

    def _counts_of_signatures(self, query):
        """Counts over every record the text matches (no filter chosen), from four short columns
        of each match: its two facet signatures, its element ids and its tags.

        Many matches share each signature, so each column is counted as it comes (C's Counter)
        and only its distinct values are taken apart. Exact: every match is counted."""
        narrowed = query.near is not None or bool(query.exclude_keys)
        from_table = None if narrowed else self._counted_from_the_table(query)
        if from_table is not None:
            (count, distinct), found = from_table, None
        else:
            count, distinct, found = self._counted_from_the_database(query, narrowed)
        facets = {name: Counter() for name in [*COLUMNS, "element", "tag"]}
        names = {column: name for name, column in COLUMNS.items()}
        for counted, column_names in zip(
            distinct[:2], (RECORD_SIGNATURE, SCHOOL_SIGNATURE), strict=True
        ):
            values = [value.split(FACET_SEPARATOR) for value in counted]
            if any(len(parts) != len(column_names) for parts in values):
                # A value holding the separator itself: count from the columns instead.
                return self._counts_of_matches(query)
            weights = list(counted.values())
            # Each facet's values, one column of the signatures' parts (taken apart in C).
            for column, parts in zip(column_names, zip(*values, strict=True), strict=False):
                facet = facets[names[column]]
                for value, n in zip(parts, weights, strict=True):
                    facet[value] += n
        facets["year"] = Counter({int(year): n for year, n in facets["year"].items()})
        known = _element_ids()
        for value, n in distinct[2].items():
            for part in value.split(",") if value else ():
                if int(part) in known:
                    facets["element"][int(part)] += n
        for value, n in distinct[3].items():
            for name in json.loads(value) if value else ():
                facets["tag"][name] += n
        for counter in facets.values():
            counter.pop("", None)
        return count, {name: dict(counter) for name, counter in facets.items()}, count, found

    def _counted_from_the_database(self, query, narrowed):
        """(how many, [Counter of each of the four columns' values], the ids when `narrowed`)
        of the text's matches, their columns read from the database."""
        columns = ["record_signature", "school_signature", "element_ids", "tags_text"]
        if narrowed:
            columns.insert(0, "id")
        sql, params = (
            self._records(query, {})
            .annotate(tags_text=Cast("tags", TextField()))
            .values_list(*columns)
            .order_by()
            .query.sql_with_params()
        )
        if connection.vendor == "sqlite" and not narrowed:
            # Read the four columns from the index that holds them (search/0005), not from the
            # records' rows, which hold their bodies too; SQLite's planner picks the rowid.
            table = f'FROM "{fulltext.RECORDS}"'
            sql = sql.replace(table, f"{table} INDEXED BY {FACET_INDEX}", 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        offset = 1 if narrowed else 0
        found = list(map(itemgetter(0), rows)) if narrowed else None
        return len(rows), [Counter(map(itemgetter(offset + i), rows)) for i in range(4)], found

    @staticmethod
    def _counted_from_the_table(query):
        """(how many, [Counter of each of the four columns' values]) of the text's matches,
        their values looked up in this process's facet table by the ids the full-text index
        returns; None when there is no table or it does not know one of them."""
        table = facet_table()
        if table is None:
            return None
        sql, params = fulltext.flavour().match_sql(query.parsed)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        counted = table.count(ids)
        return None if counted is None else (len(ids), counted)

    def _counts_of_matches(self, query):
        """Counts over the records matching the text, taken in one pass in Python.

        A text match is bounded, and fetching its facet columns once is faster than a grouped
        query per facet (each re-running the match): 9,000 matches take ~50 ms on SQLite.
        """
        conditions = self._filters(query)
        matching = self._records(query, {})
        text_count = None
        if len(conditions) >= 2:
            # A facet's counts leave out its own filter only, so a record that fails two
            # filters counts nowhere: the database leaves those out (most of the text's
            # matches when the filters narrow), and the text's own count is asked apart.
            passed = sum(
                (Case(When(condition, then=1), default=0) for condition in conditions.values()),
                Value(0),
            )
            matching = matching.alias(passed=passed).filter(passed__gte=len(conditions) - 1)
        columns = [COLUMNS[name] for name in COLUMNS]
        rows = _fetch_all(matching.values_list("id", *columns).order_by())
        if len(conditions) < 2:
            text_count = len(rows)
        tests = self._python_tests(query, conditions)
        names = list(COLUMNS)
        columns = dict(zip(["id", *names], zip(*rows, strict=True), strict=True)) if rows else {}
        record_ids = columns.get("id", ())
        for name in names:
            columns.setdefault(name, ())
        # A chosen element or tag is tested here, on each record's own list of them.
        for name, model, column in PAIRS:
            if name in tests:
                linked = {}
                pairs = model.objects.filter(
                    record_id__in=self._ids(record_ids, matching.values("id"))
                )
                for record_id, value in _fetch_all(
                    pairs.values_list("record_id", column).order_by()
                ):
                    linked.setdefault(record_id, []).append(value)
                columns[name] = [linked.get(pk, ()) for pk in record_ids]
        passes = {name: [test(v) for v in columns[name]] for name, test in tests.items()}

        def passing(leave_out=None):
            lists = [flags for name, flags in passes.items() if name != leave_out]
            if not lists:
                return None
            return (
                lists[0] if len(lists) == 1 else [all(flags) for flags in zip(*lists, strict=True)]
            )

        everything = passing()
        found = list(record_ids) if everything is None else list(compress(record_ids, everything))
        count = len(found)
        facets = {}
        for name in [*names, "element", "tag"]:
            if name not in columns:
                continue
            mask = passing(name) if name in passes else everything
            values = columns[name] if mask is None else list(compress(columns[name], mask))
            if name in ("element", "tag"):
                counter = Counter(chain.from_iterable(values))
            else:
                counter = Counter(values)
            counter.pop("", None)
            counter.pop(None, None)
            facets[name] = dict(counter)
        # Elements and tags not chosen: counted by the database over the records found (their
        # pairs are many more than the records; no need to read them here).
        for name, model, column in PAIRS:
            if name not in facets:
                facets[name] = {}
                if found:
                    rows = (
                        model.objects.filter(
                            record_id__in=self._ids(
                                found, self._records(query, conditions).values("id")
                            )
                        )
                        .values(column)
                        .annotate(n=Count("id"))
                        .order_by()
                    )
                    facets[name] = {row[column]: row["n"] for row in rows}
        # What the text alone finds (no filters; a place and exclusions do narrow it), and the
        # ids of the records that pass every filter too.
        return count, facets, text_count, found

    @staticmethod
    def _ids(ids, otherwise):
        """These record ids as a subquery: a list, or `otherwise` (a queryset of ids that holds
        them) when they are too many for one."""
        if len(ids) <= FOUND_IDS:
            sql, params = fulltext.flavour().ids_sql(list(ids))
            return RawSQL(sql, params)  # noqa: S611 (constant SQL)
        return otherwise

    @staticmethod
    def _python_tests(query, conditions):
        tests = {}
        for name, values in query.filters.items():
            if not values:
                continue
            chosen = set(values)
            if name in ("element", "tag"):
                tests[name] = lambda found, chosen=chosen: bool(chosen.intersection(found))
            elif name == "scheme":
                tests[name] = lambda found, chosen=chosen: bool(chosen.intersection(found.split()))
            else:
                tests[name] = lambda found, chosen=chosen: found in chosen
        if "year" in conditions:
            low = query.year_from if query.year_from is not None else -1
            high = query.year_to if query.year_to is not None else 10_000
            tests["year"] = lambda found: low <= found <= high
        return tests

    def _counts_in_sql(self, query):
        conditions = self._filters(query)
        facets = {}
        everything = self._records(query, conditions)
        shared = [name for name in COLUMNS if name not in conditions]
        rows = everything.values(*[COLUMNS[name] for name in shared]).annotate(n=Count("id"))
        count = 0
        for name in shared:
            facets[name] = {}
        for row in rows.order_by():
            count += row["n"]
            for name in shared:
                value = row[COLUMNS[name]]
                if value not in ("", None):
                    facets[name][value] = facets[name].get(value, 0) + row["n"]
        if not shared:
            count = everything.count()
        for name in COLUMNS:
            if name in conditions:
                column = COLUMNS[name]
                rows = (
                    self._records(query, conditions, leave_out=name)
                    .values(column)
                    .annotate(n=Count("id"))
                    .order_by()
                )
                facets[name] = {
                    row[column]: row["n"] for row in rows if row[column] not in ("", None)
                }
        for name, model, column in (
            ("element", RecordElement, "element_id"),
            ("tag", RecordTag, "name"),
        ):
            leave_out = name if name in conditions else None
            ids = self._records(query, conditions, leave_out=leave_out).values("id")
            rows = (
                model.objects.filter(record_id__in=ids)
                .values(column)
                .annotate(n=Count("id"))
                .order_by()
            )
            facets[name] = {row[column]: row["n"] for row in rows}
        return count, facets

    def _browse_counts(self):
        browse = cache.get(BROWSE_CACHE_KEY)
        if browse is None:
            count, facets = self._counts_in_sql(SearchQuery())
            browse = {"count": count, "facets": facets}
            cache.set(BROWSE_CACHE_KEY, browse, BROWSE_SECONDS)
        return browse

    def _page_keys(self, query, count, found=None):
        """The keys of the page's records. `found`: the ids of every record that matches the
        text and passes the filters, when the counting pass has them."""
        conditions = self._filters(query)
        sort = query.effective_sort()
        limit, offset = query.per_page, query.offset
        if sort == "relevance" and offset == 0 and count <= limit:
            # Every match fits on the page (the service orders them): no need to rank here,
            # nor to apply the filters again when the counting pass has the ids.
            if found is not None:
                records = PracticeRecord.objects.filter(id__in=sorted(found)[:limit])
            else:
                records = self._records(query, conditions)
            return list(records.order_by("id").values_list("key", flat=True)[:limit])
        if sort == "relevance":
            filtered = None
            narrowed = conditions or query.near is not None or query.exclude_keys
            if narrowed and found is not None and len(found) <= FOUND_IDS:
                # The counting pass already applied the filters to the text's matches: rank
                # only those (no second pass of the filters over every record they allow).
                filtered = fulltext.flavour().ids_sql(found)
            elif narrowed:
                filtered = (
                    self._records(query, conditions, with_text=False).values("id").query
                ).sql_with_params()
            sql, params = fulltext.flavour().ranked_sql(query.parsed, filtered, limit, offset)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                ids = [row[0] for row in cursor.fetchall()]
            keys = dict(PracticeRecord.objects.filter(id__in=ids).values_list("id", "key"))
            return [keys[pk] for pk in ids if pk in keys]
        records = self._records(query, conditions)
        if sort == "distance" and query.near is not None:
            records = records.order_by("distance", "-published", "id")
        else:
            records = records.order_by("-published", "-id")
        return list(records.values_list("key", flat=True)[offset : offset + limit])
