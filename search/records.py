"""Writing practice records: from a page (the production path) or from an import-format line.

Every write goes to the database records, their full-text index and the vocabulary in one
transaction, then to Elasticsearch when it is the engine (a failure there is logged, and the
database records still answer).
"""

import logging

from django.core.cache import cache
from django.db import transaction

from . import engines, fulltext, semantic, vocabulary
from .browse_cache import BROWSE_KEYS, RECORDS, renew_now
from .models import MissedIndexChange, PracticeRecord, RecordElement, RecordTag
from .postcodes import postcode_district

logger = logging.getLogger(__name__)

# ------ Building a record ------


def data_from_page(page):
    """The record of a live, public page, or None when the page is not searchable."""
    if not hasattr(page, "search_record"):
        return None
    built = page.search_record()
    if not built:
        return None
    school = built.get("school")
    cluster = built.get("cluster")
    elements = list(built.get("elements") or [])
    scheme = schemes_of(elements)
    data = {
        "key": f"page-{page.pk}",
        "page_id": page.pk,
        "kind": built["kind"],
        "title": built.get("title") or page.title,
        "summary": built.get("summary") or "",
        "body": built.get("body") or "",
        "url": page.get_url() or "",
        "phase": built.get("phase") or (school.phase if school else ""),
        "cluster_slug": cluster.slug if cluster else "",
        "cluster_title": cluster.title if cluster else "",
        "scheme": scheme,
        "evidence_stage": built.get("evidence_stage") or "",
        "outcome": built.get("outcome") or "",
        "status": built.get("status") or "",
        "published": built["published"],
        "tags": list(built.get("tags") or []),
        "element_ids": [element.pk for element in elements],
    }
    data.update(school_fields(school))
    return data


def schemes_of(elements):
    """Every scheme whose elements the practice names, space-separated ("IQM VbE"): it counts
    for each of them in the scheme facet and is found by each scheme's filter."""
    names = sorted({element.framework.scheme.short_name for element in elements})
    return " ".join(names)


def school_fields(school):
    if school is None:
        return {
            "school_name": "",
            "school_urn": "",
            "provision": "",
            "school_context": {},
            "region": "",
            "local_authority": "",
            "postcode_district": "",
            "latitude": None,
            "longitude": None,
        }
    return {
        "school_name": school.title,
        "school_urn": school.urn,
        "provision": school.provision,
        "school_context": school_context(school),
        "region": school.region,
        "local_authority": school.local_authority,
        "postcode_district": postcode_district(school.postcode),
        "latitude": school.latitude,
        "longitude": school.longitude,
    }


def school_context(school):
    """What GIAS says of the school, as plain values (network/models/context.py)."""
    return {
        "type_group": school.establishment_type_group,
        "type": school.establishment_type,
        "resourced_provision": school.resourced_provision,
        "sen_needs": list(school.sen_needs),
        "number_on_roll": school.number_on_roll,
        "percentage_fsm": float(school.percentage_fsm)
        if school.percentage_fsm is not None
        else None,
    }


RECORD_FIELDS = [
    "page_id",
    "kind",
    "title",
    "summary",
    "body",
    "url",
    "school_name",
    "school_urn",
    "phase",
    "provision",
    "school_context",
    "region",
    "local_authority",
    "postcode_district",
    "latitude",
    "longitude",
    "cluster_slug",
    "cluster_title",
    "scheme",
    "evidence_stage",
    "outcome",
    "status",
    "published",
    "tags",
]


def element_ids_text(ids):
    """The record's element ids as its `element_ids` column keeps them: "3,5"."""
    return ",".join(str(pk) for pk in sorted(set(ids)))


def _tidy_tags(tags):
    seen = []
    for tag in tags:
        tag = str(tag).strip()[:100]
        if tag and tag.lower() not in [t.lower() for t in seen]:
            seen.append(tag)
    return seen


def _words_of(record):
    return vocabulary.record_words(
        record.title, record.summary, record.body, record.school_name, record.tags
    )


# ------ Writing ------


def save(data):
    """Create or update one record from its data; returns the record."""
    # Its meaning is worked out before the transaction, which on SQLite holds the one write
    # lock from its start: the model's 60 ms are nobody's wait.
    known = dict([_meaning_before(data)])
    with transaction.atomic():
        record = PracticeRecord.objects.filter(key=data["key"]).first()
        old_words = _words_of(record) if record else set()
        if record is None:
            record = PracticeRecord(key=data["key"])
        for name in RECORD_FIELDS:
            setattr(record, name, data.get(name, getattr(record, name)))
        record.tags = _tidy_tags(record.tags)
        record.year = record.published.year
        record.element_ids = element_ids_text(data["element_ids"])
        semantic.give_meaning(record, known)
        record.save()
        RecordElement.objects.filter(record=record).delete()
        RecordElement.objects.bulk_create(
            [RecordElement(record=record, element_id=pk) for pk in set(data["element_ids"])]
        )
        RecordTag.objects.filter(record=record).delete()
        RecordTag.objects.bulk_create([RecordTag(record=record, name=t) for t in record.tags])
        new_words = _words_of(record)
        vocabulary.apply_change(old_words - new_words, new_words - old_words)
        fulltext.flavour().write([record.pk])
    _after_change(index=[record.pk])
    return record


def _meaning_before(data):
    """(digest, meaning) for the record `data` will make, reading the record as it is for what
    the data leaves out (and for a meaning it keeps when its text is unchanged)."""
    record = (
        PracticeRecord.objects.filter(key=data["key"])
        .only("title", "summary", "tags", "body", "meaning", "meaning_digest")
        .first()
    ) or PracticeRecord(key=data["key"])
    for name in ("title", "summary", "tags", "body"):
        setattr(record, name, data.get(name, getattr(record, name)))
    record.tags = _tidy_tags(record.tags or [])
    return semantic.meaning_for(record)


def remove(keys):
    """Delete the records with these keys (the post_delete signal cleans up after each)."""
    for record in PracticeRecord.objects.filter(key__in=list(keys)):
        record.delete()


def forget(record):
    """What the database does not cascade when a record goes: full text, vocabulary, index."""
    fulltext.flavour().delete([record.pk])
    vocabulary.apply_change(_words_of(record), set())
    _after_change(delete=[record.key])


def _forget_browse():
    cache.delete_many(BROWSE_KEYS)
    # The vocabulary's answers, cluster names and anonymous visitors' pages go with them.
    renew_now(RECORDS)


def _after_change(index=(), delete=()):
    # Now, and once committed: a process that counted the rows before the commit meanwhile
    # does not keep its stale counts (the cache is shared by every process).
    _forget_browse()
    transaction.on_commit(_forget_browse, robust=True)
    engine = engines.external_engine()
    if engine is None:
        return
    try:
        if index:
            engine.index(PracticeRecord.objects.filter(pk__in=index).defer("meaning"))
        if delete:
            engine.delete(delete)
    except Exception as error:
        keys = list(delete) + list(
            PracticeRecord.objects.filter(pk__in=index).values_list("key", flat=True)
        )
        MissedIndexChange.objects.bulk_create(
            [MissedIndexChange(key=key) for key in keys], ignore_conflicts=True
        )
        if isinstance(error, engines.EngineUnavailable):
            logger.warning(
                "Practice search: could not update Elasticsearch (%s); the database has it, "
                "and Elasticsearch gets it when it is back",
                error,
            )
        else:
            logger.exception(
                "Practice search: could not update Elasticsearch; the database has it, and "
                "Elasticsearch gets it when it is back"
            )


def bulk_load(datas, batch_size=1000, progress=None, meanings=None):
    """Replace every record with `datas` in one transaction (rebuilds and benchmarks).

    Readers keep seeing the old records until the transaction commits. A record whose text is
    unchanged keeps its meaning; the others have none until `fill_meanings` (the caller's,
    after the commit), so that the transaction lasts seconds, not the model's minutes.
    `meanings`: a function giving a batch's meanings inside the transaction instead (the
    latency benchmark's made-up ones).
    """
    known = {}
    if meanings is None and semantic.enabled():
        known = dict(
            PracticeRecord.objects.exclude(meaning=None).values_list("meaning_digest", "meaning")
        )
    with transaction.atomic():
        RecordTag.objects.all()._raw_delete(RecordTag.objects.db)
        RecordElement.objects.all()._raw_delete(RecordElement.objects.db)
        PracticeRecord.objects.all()._raw_delete(PracticeRecord.objects.db)
        word_sets = []
        batch = []
        done = 0
        for data in datas:
            batch.append(data)
            if len(batch) >= batch_size:
                word_sets.extend(_insert_batch(batch, meanings, known))
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            word_sets.extend(_insert_batch(batch, meanings, known))
            done += len(batch)
            if progress:
                progress(done)
        vocabulary.rebuild(word_sets)
        fulltext.flavour().rebuild()
    _forget_browse()
    return done


MEANING_BATCH = 16


def fill_meanings(progress=None):
    """Work out the meaning of every record that has none (after a rebuild, or the upgrade
    that added meanings), `MEANING_BATCH` records at a time, each record's written by a
    statement of its own (no long transaction); a record written meanwhile keeps the meaning
    its writer gave it. `progress(done, wanting)` after each batch. Returns how many were
    given one."""
    if not semantic.enabled():
        return 0
    wanting = PracticeRecord.objects.filter(meaning=None).count()
    done = 0
    last = 0
    while True:
        batch = list(
            PracticeRecord.objects.filter(meaning=None, pk__gt=last)
            .order_by("pk")
            .only("pk", "title", "summary", "tags", "body")[:MEANING_BATCH]
        )
        if not batch:
            break
        last = batch[-1].pk
        meanings = semantic.record_meanings(batch)
        if all(meaning is None for meaning in meanings):
            break  # the model cannot be run (logged): the next fill tries again
        for record, meaning in zip(batch, meanings, strict=True):
            done += PracticeRecord.objects.filter(pk=record.pk, meaning=None).update(
                meaning=meaning, meaning_digest=semantic.digest(semantic.text_of(record))
            )
        if progress:
            progress(done, wanting)
    if done:
        _forget_browse()  # pages stored before are ordered anew
    return done


def _insert_batch(batch, meanings, known):
    records = []
    for data in batch:
        record = PracticeRecord(key=data["key"])
        for name in RECORD_FIELDS:
            setattr(record, name, data.get(name))
        record.tags = _tidy_tags(record.tags or [])
        record.school_context = record.school_context or {}
        record.year = record.published.year
        record.element_ids = element_ids_text(data["element_ids"])
        records.append(record)
    if meanings is not None:
        for record, meaning in zip(records, meanings(records), strict=True):
            record.meaning = meaning
    else:
        for record in records:
            found = semantic.digest(semantic.text_of(record)) if known else ""
            if found in known:
                record.meaning, record.meaning_digest = known[found], found
    PracticeRecord.objects.bulk_create(records)
    if records and records[0].pk is None:
        by_key = dict(
            PracticeRecord.objects.filter(key__in=[r.key for r in records]).values_list("key", "pk")
        )
        for record in records:
            record.pk = by_key[record.key]
    elements = []
    tags = []
    for record, data in zip(records, batch, strict=True):
        elements += [RecordElement(record=record, element_id=pk) for pk in set(data["element_ids"])]
        tags += [RecordTag(record=record, name=t) for t in record.tags]
    RecordElement.objects.bulk_create(elements, batch_size=2000)
    RecordTag.objects.bulk_create(tags, batch_size=2000)
    return [_words_of(record) for record in records]
