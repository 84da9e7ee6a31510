"""Completions as someone types: titles that contain the words so far, and tags that start so."""

from django.db.models import Count

from . import text
from .models import PracticeRecord, RecordTag

MAX_SUGGESTIONS = 8
MIN_CHARS = 2


def completions(raw):
    from .query import clean

    raw = clean(raw)[:100]
    words = text.words(raw)
    if len(raw) < MIN_CHARS or not words:
        return []
    titles = PracticeRecord.objects.all()
    for word in words:
        titles = titles.filter(title__icontains=word)
    # One line a title: several schools' write-ups may share one ("Transition passports").
    found, seen = [], set()
    for title, url in titles.order_by("-published", "id").values_list("title", "url")[
        : MAX_SUGGESTIONS * 5
    ]:
        if title.casefold() in seen:
            continue
        seen.add(title.casefold())
        found.append({"value": title, "type": "title", "url": url})
        if len(found) == MAX_SUGGESTIONS:
            break
    phrase = " ".join(words)
    tags = (
        RecordTag.objects.filter(name__istartswith=phrase)
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")[:MAX_SUGGESTIONS]
    )
    from .service import tag_label

    found += [{"value": row["name"], "type": "tag", "url": ""} for row in tags]
    for item in found:
        if item["type"] == "tag":
            item["label"] = tag_label(item["value"])
    return found[: MAX_SUGGESTIONS * 2]
