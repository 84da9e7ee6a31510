"""Rebuilding every record from the tree, without a moment when search finds nothing.

The database records are replaced in one transaction (readers see the old ones until it
commits); Elasticsearch gets a new index and an atomic alias swap.
"""

from .engines import external_engine
from .models import PracticeRecord
from .records import bulk_load, data_from_page
from .sync import searchable_pages


def rebuild(report=print, batch_size=500):
    def page_data():
        for page in searchable_pages():
            data = data_from_page(page)
            if data:
                yield data

    report("Rebuilding the database records from live, public pages…")
    total = bulk_load(
        page_data(),
        batch_size=batch_size,
        progress=lambda n: report(f"  {n} records"),
        meaning_progress=lambda n: n % 160 == 0 and report(f"  {n} meanings worked out"),
    )
    report(f"Database: {total} records.")
    engine = external_engine()
    if engine is not None:
        report("Rebuilding the Elasticsearch index (new index, then alias swap)…")
        done = engine.rebuild(
            PracticeRecord.objects.order_by("pk"), progress=lambda n: report(f"  {n} documents")
        )
        report(
            f"Elasticsearch: {done} documents; alias {engine.alias} now points at the new index."
        )
    return total
