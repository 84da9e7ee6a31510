# ruff: noqa: S608 -- SQL here is built from this module's constants; values are parameters.
"""The database engine's own full-text index: FTS5 on SQLite, a weighted tsvector on PostgreSQL.

The index is created by migration 0004 (on the database in use only) and kept here. Both
flavours take the parsed words of `text.parse`, never the raw query, so no user input is ever
read as FTS5 or tsquery syntax.
"""

import html
import json

from django.db import connection

from .text import CLOSE_MARK, OPEN_MARK

RECORDS = "cms_practicerecord"
TAGS = "cms_recordtag"
FTS = "practice_fulltext"
CHUNK = 500
SNIPPET_WORDS = 32  # words in a snippet at most (FTS5 allows 64)


def flavour():
    return POSTGRES if connection.vendor == "postgresql" else SQLITE


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


class EnoughConcepts:
    """The ids of records matching at least `parsed.minimum` of a query's concepts: one match
    of the whole expression when all or any will do, else a count of the concepts matched."""

    id_column = ""
    matching_sql = ""  # selects `id_column` of the records a %s expression matches

    def match_sql(self, parsed):
        groups = parsed.retrieval_groups()
        if parsed.minimum <= 1 or parsed.minimum >= len(groups):
            return self.matching_sql, [self.expression(parsed)]
        sql = (
            f"SELECT {self.id_column} FROM ("
            + " UNION ALL ".join([self.matching_sql] * len(groups))
            + f") AS found GROUP BY {self.id_column} HAVING count(*) >= %s"
        )
        return sql, [self.group_expression(group) for group in groups] + [parsed.minimum]

    def match_condition(self, parsed):
        """(sql, params): a condition on the records' own row that the text matches, when the
        index lives on that row and one expression will do; else None (then `match_sql`)."""
        return None


class SQLiteFullText(EnoughConcepts):
    """An FTS5 table whose rowid is the record's id; columns weighted by bm25 at query time."""

    create_sql = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
        "title, summary, body, school, tags, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {FTS}"]
    rank = f"bm25({FTS}, 10.0, 4.0, 1.0, 3.0, 6.0)"
    id_column = "rowid"
    matching_sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"
    _select_source = (
        f"SELECT r.id, r.title, r.summary, r.body, r.school_name || ' ' || r.local_authority, "
        f"coalesce((SELECT group_concat(t.name, ' ') FROM {TAGS} t WHERE t.record_id = r.id), '') "
        f"FROM {RECORDS} r"
    )

    def write(self, ids):
        with connection.cursor() as cursor:
            for chunk in _chunks(ids):
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)
                cursor.execute(
                    f"INSERT INTO {FTS} (rowid, title, summary, body, school, tags) "
                    f"{self._select_source} WHERE r.id IN ({marks})",
                    chunk,
                )

    def delete(self, ids):
        with connection.cursor() as cursor:
            for chunk in _chunks(ids):
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)

    def rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")
            cursor.execute(
                f"INSERT INTO {FTS} (rowid, title, summary, body, school, tags) "
                f"{self._select_source}"
            )
            # One b-tree instead of the many segments a bulk insert leaves: faster matching.
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")

    @staticmethod
    def group_expression(group):
        options = ['"' + " ".join(phrase) + '"' for phrase in group.alternatives]
        options += ["(" + " AND ".join(f'"{word}"' for word in bag) + ")" for bag in group.loose]
        return " OR ".join(options)

    def expression(self, parsed):
        """Every concept (when all are wanted) or any (ranking.py orders what is found)."""
        groups = parsed.retrieval_groups()
        joiner = " AND " if parsed.minimum >= len(groups) else " OR "
        return joiner.join("(" + self.group_expression(group) + ")" for group in groups)

    def ranked_sql(self, parsed, filtered, limit, offset):
        """Ids of matching records, best first; `filtered` is (sql, params) or None."""
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s"
        params = [self.expression(parsed)]
        if 1 < parsed.minimum < len(parsed.retrieval_groups()):
            enough, enough_params = self.match_sql(parsed)
            sql += f" AND +rowid IN ({enough})"
            params += enough_params
        if filtered:
            # "+rowid" keeps SQLite from handing the id list to FTS5 as lookups one by one
            # (hundreds of ms at 100,000 records): the match leads, the filter is probed.
            sql += f" AND +rowid IN ({filtered[0]})"
            params += list(filtered[1])
        sql += f" ORDER BY {self.rank}, rowid LIMIT %s OFFSET %s"
        return sql, params + [limit, offset]

    @staticmethod
    def ids_sql(ids):
        """(sql, params) selecting these ids: one parameter however many (no variable limit)."""
        return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]

    def snippets(self, ids, words):
        """{id: {field: fragment}} for these records: FTS5's snippet() of the title, summary
        and body, the words (any of them, as the index stems them) marked OPEN/CLOSE_MARK."""
        if not ids or not words:
            return {}
        marks = ",".join(["%s"] * len(ids))
        columns = ", ".join(
            f"snippet({FTS}, {column}, %s, %s, '', {SNIPPET_WORDS})" for column in (0, 1, 2)
        )
        sql = f"SELECT rowid, {columns} FROM {FTS} WHERE {FTS} MATCH %s AND rowid IN ({marks})"
        params = [OPEN_MARK, CLOSE_MARK] * 3 + [" OR ".join(f'"{word}"' for word in words)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params + list(ids))
            return {
                row[0]: {"title": row[1], "summary": row[2], "body": row[3]}
                for row in cursor.fetchall()
            }


class PostgresFullText(EnoughConcepts):
    """A `search_vector` column on the records: title A; summary, school and tags B; body C."""

    create_sql = [
        f"ALTER TABLE {RECORDS} ADD COLUMN IF NOT EXISTS search_vector tsvector",
        f"CREATE INDEX IF NOT EXISTS practice_search_vector ON {RECORDS} USING GIN (search_vector)",
    ]
    id_column = "id"
    matching_sql = f"SELECT id FROM {RECORDS} WHERE search_vector @@ to_tsquery('english', %s)"
    drop_sql = [
        "DROP INDEX IF EXISTS practice_search_vector",
        f"ALTER TABLE {RECORDS} DROP COLUMN IF EXISTS search_vector",
    ]
    _vector = (
        "setweight(to_tsvector('english', coalesce(r.title, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(r.summary, '')), 'B') || "
        "setweight(to_tsvector('english', r.school_name || ' ' || r.local_authority), 'B') || "
        "setweight(to_tsvector('english', coalesce((SELECT string_agg(t.name, ' ') "
        f"FROM {TAGS} t WHERE t.record_id = r.id), '')), 'B') || "
        "setweight(to_tsvector('english', coalesce(r.body, '')), 'C')"
    )

    def match_condition(self, parsed):
        """The vector is on the record's row: matched there, not by joining the table to itself
        (9,000 index probes for a common word at 100,000 records)."""
        groups = parsed.retrieval_groups()
        if parsed.minimum <= 1 or parsed.minimum >= len(groups):
            return "search_vector @@ to_tsquery('english', %s)", [self.expression(parsed)]
        return None

    def write(self, ids):
        with connection.cursor() as cursor:
            for chunk in _chunks(ids):
                cursor.execute(
                    f"UPDATE {RECORDS} r SET search_vector = {self._vector} WHERE r.id = ANY(%s)",
                    [chunk],
                )

    def delete(self, ids):
        """The vector lives on the record row and goes with it."""

    def rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {RECORDS} r SET search_vector = {self._vector}")

    @staticmethod
    def group_expression(group):
        options = ["(" + " <-> ".join(phrase) + ")" for phrase in group.alternatives]
        options += ["(" + " & ".join(bag) + ")" for bag in group.loose]
        return " | ".join(options)

    def expression(self, parsed):
        """Every concept (when all are wanted) or any (ranking.py orders what is found)."""
        groups = parsed.retrieval_groups()
        joiner = " & " if parsed.minimum >= len(groups) else " | "
        return joiner.join("(" + self.group_expression(group) + ")" for group in groups)

    def ranked_sql(self, parsed, filtered, limit, offset):
        query = self.expression(parsed)
        sql = f"SELECT id FROM {RECORDS} WHERE search_vector @@ to_tsquery('english', %s)"
        params = [query]
        if 1 < parsed.minimum < len(parsed.retrieval_groups()):
            enough, enough_params = self.match_sql(parsed)
            sql += f" AND id IN ({enough})"
            params += enough_params
        if filtered:
            sql += f" AND id IN ({filtered[0]})"
            params += list(filtered[1])
        sql += (
            " ORDER BY ts_rank(search_vector, to_tsquery('english', %s)) DESC, id"
            " LIMIT %s OFFSET %s"
        )
        return sql, params + [query, limit, offset]

    @staticmethod
    def ids_sql(ids):
        """(sql, params) selecting these ids: one array parameter however many."""
        return "SELECT unnest(%s::integer[])", [list(ids)]

    def snippets(self, ids, words):
        """{id: {field: fragment}} for these records: ts_headline of the title, summary and
        body, the words (any of them, as the index stems them) marked OPEN/CLOSE_MARK."""
        if not ids or not words:
            return {}
        options = (
            f"StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}, MaxWords={SNIPPET_WORDS}, "
            "MinWords=12, ShortWord=0, MaxFragments=1"
        )
        # The text goes in HTML-escaped: ts_headline's parser would drop anything that looks
        # like a tag ("<b>"), and the page shows it as written. `unescaped` undoes this.
        columns = ", ".join(
            "ts_headline('english', replace(replace(replace(coalesce("
            f"r.{name}, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), found.query, %s)"
            for name in ("title", "summary", "body")
        )
        sql = (
            f"SELECT r.id, {columns} FROM {RECORDS} r, "
            "to_tsquery('english', %s) AS found(query) WHERE r.id = ANY(%s)"
        )
        params = [options] * 3 + [" | ".join(words), list(ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                row[0]: {
                    "title": html.unescape(row[1]),
                    "summary": html.unescape(row[2]),
                    "body": html.unescape(row[3]),
                }
                for row in cursor.fetchall()
            }


SQLITE = SQLiteFullText()
POSTGRES = PostgresFullText()


def create_index(schema_editor):
    """Migration step: the full-text index of the database being migrated, if it has one."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE.create_sql, "postgresql": POSTGRES.create_sql}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE.drop_sql, "postgresql": POSTGRES.drop_sql}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
