"""Rebuilding every record from the tree, without a moment when search finds nothing.

The database records are replaced in one transaction (readers see the old ones until it
commits); Elasticsearch gets a new index and an atomic alias swap.
"""

from .engines import external_engine
from .models import PracticeRecord
from .records import bulk_load, data_from_page, fill_meanings
from .sync import searchable_pages


def rebuild(report=print, batch_size=500):
    def page_data():
        for page in searchable_pages():
            data = data_from_page(page)
            if data:
                yield data

    report("Rebuilding the database records from live, public pages…")
    total = bulk_load(
        page_data(), batch_size=batch_size, progress=lambda n: report(f"  {n} records")
    )
    report(f"Database: {total} records.")
    engine = external_engine()
    if engine is not None:
        report("Rebuilding the Elasticsearch index (new index, then alias swap)…")
        done = engine.rebuild(
            PracticeRecord.objects.defer("meaning").order_by("pk"),
            progress=lambda n: report(f"  {n} documents"),
        )
        report(
            f"Elasticsearch: {done} documents; alias {engine.alias} now points at the new index."
        )
    # Last, a few records at a time while search answers: what each new or changed record means.
    given = fill_meanings(progress=meaning_progress(report))
    if given:
        report(f"Meanings: worked out for {given} new or changed records.")
    return total


def meaning_progress(report, every=10):
    """A progress line every `every` batches of the fill, and at its end."""
    calls = [0]

    def progress(done, wanting):
        calls[0] += 1
        if calls[0] % every == 0 or done >= wanting:
            report(f"  {done} of {wanting} meanings worked out")

    return progress
