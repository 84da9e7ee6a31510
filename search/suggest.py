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
    found = [
        {"value": title, "type": "title", "url": url}
        for title, url in titles.order_by("-published", "id").values_list("title", "url")[
            :MAX_SUGGESTIONS
        ]
    ]
    phrase = " ".join(words)
    tags = (
        RecordTag.objects.filter(name__istartswith=phrase)
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")[:MAX_SUGGESTIONS]
    )
    found += [{"value": row["name"], "type": "tag", "url": ""} for row in tags]
    return found[: MAX_SUGGESTIONS * 2]
