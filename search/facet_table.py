"""Each record's four facet columns, held by this process between changes to the records.

A text query's facet counts are taken over every record it matches (9,000 of 100,000 for a
common word). Reading four columns of each match from the database costs several times the
full-text match itself, most of it in making a Python string of each value; here the match's
ids are looked up in arrays this process keeps (a small number a record and column), and only
the distinct values are turned back into what they stand for.

What a process keeps is only ever read under the records' current generation (browse_cache):
every change to a record gives the records a new one in the shared cache, so every process
builds its table again on its next search, at once. A table is also rebuilt at least every
REBUILD_SECONDS, and an id it does not know (a record added since) makes the caller count
from the database instead. Memory: four 4-byte codes a record id, and each distinct value once.
"""

import time
from array import array
from collections import Counter

from django.db import connection

from . import fulltext
from .browse_cache import RECORDS, generation

REBUILD_SECONDS = 300
# The columns, as the counting pass reads them (the tags as their JSON text).
COLUMNS = ("record_signature", "school_signature", "element_ids", "tags")
# No table where the ids are spread this much wider than the records (codes are kept by id).
SPARSEST = 4
UNKNOWN = -1

_held = {"generation": None, "table": None, "at": 0.0}


class FacetTable:
    """For each column: `codes[id - first]` is the code of that record's value, `values[code]`
    the value. Ids start where the records' do (a rebuild inserts every record anew, so ids
    climb from one rebuild to the next)."""

    def __init__(self, rows):
        self.first = min((row[0] for row in rows), default=0)
        size = max((row[0] for row in rows), default=-1) - self.first + 1
        self.codes = []
        self.values = []
        for place in range(1, len(COLUMNS) + 1):
            coded = {}
            codes = array("i", [UNKNOWN]) * size
            for row in rows:
                value = row[place]
                code = coded.get(value)
                if code is None:
                    code = coded[value] = len(coded)
                codes[row[0] - self.first] = code
            self.codes.append(codes)
            self.values.append(list(coded))

    def count(self, ids):
        """[Counter of each column's values] over the records `ids`; None when one is unknown."""
        if ids and min(ids) < self.first:  # (a negative place would wrap round)
            return None
        places = list(map(self.first.__rsub__, ids)) if self.first else ids
        found = []
        try:
            for codes, values in zip(self.codes, self.values, strict=True):
                counted = Counter(map(codes.__getitem__, places))
                if UNKNOWN in counted:
                    return None
                found.append(Counter({values[code]: n for code, n in counted.items()}))
        except IndexError:  # an id above every id the table knows
            return None
        return found


def _read():
    columns = ", ".join(
        f'CAST("{column}" AS TEXT)' if column == "tags" else f'"{column}"' for column in COLUMNS
    )
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT id, {columns} FROM "{fulltext.RECORDS}"')  # noqa: S608
        return cursor.fetchall()


def facet_table():
    """This process's table for the records' current generation (built now if it has none),
    or None where the records' ids are too sparse for one."""
    current = generation(RECORDS)
    now = time.monotonic()
    if _held["generation"] != current or now - _held["at"] > REBUILD_SECONDS:
        # The generation is read before the rows: a change made meanwhile renews it again,
        # and the next search builds anew.
        rows = _read()
        ids = [row[0] for row in rows]
        span = max(ids) - min(ids) + 1 if ids else 0
        table = FacetTable(rows) if span <= SPARSEST * len(rows) + 1000 else None
        _held.update(generation=current, table=table, at=now)
    return _held["table"]


def forget():
    """Drop this process's table (tests that change the records behind the search's back)."""
    _held.update(generation=None, table=None, at=0.0)
