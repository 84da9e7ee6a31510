"""The words the records use: for "did you mean", typo tolerance and each word's rarity.

Kept in step with the records as they are written (`apply_change`), rebuilt with the index.
The sector's thesaurus is in thesaurus.py.
"""

from collections import Counter

from django.db.models import F, Q

from . import text
from .browse_cache import RECORDS, remembered

MIN_WORD = 3
MAX_WORD = 40
AMBIGUOUS_LENGTH = 5  # letters: a word this short is corrected only to the one word near it


# ------ Vocabulary ------


def record_words(title, summary, body, school_name, tags):
    """The distinct words of a record that are worth suggesting."""
    found = set()
    for part in (title, summary, body, school_name, " ".join(tags)):
        for word in text.words(part):
            if MIN_WORD <= len(word) <= MAX_WORD and word.isalpha():
                found.add(word)
    return found


def apply_change(removed, added):
    """Move the record counts of words a record stopped or started using."""
    from .models import SearchTerm

    if added:
        existing = set(SearchTerm.objects.filter(word__in=added).values_list("word", flat=True))
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(word=w, stem=text.stem(w), length=len(w), records=0)
                for w in added - existing
            ],
            ignore_conflicts=True,
        )
        SearchTerm.objects.filter(word__in=added).update(records=F("records") + 1)
    if removed:
        SearchTerm.objects.filter(word__in=removed).update(records=F("records") - 1)
        SearchTerm.objects.filter(word__in=removed, records__lte=0).delete()


def rebuild(word_sets):
    """Replace the vocabulary with one counted from scratch."""
    from .models import SearchTerm

    counts = Counter()
    for words in word_sets:
        counts.update(words)
    SearchTerm.objects.all().delete()
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(word=w, stem=text.stem(w), length=len(w), records=n)
            for w, n in counts.items()
        ],
        batch_size=2000,
    )


def edit_distance(a, b, limit):
    """Damerau-Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


class Vocabulary:
    """Looks words up in the records' vocabulary, remembering answers for one search."""

    def __init__(self):
        self._known = {}

    def known(self, word):
        """Whether the records use the word, in this form or another of its stem ("loses"
        where they say "losing"): the engines find it, and no typo is looked for."""
        from .models import SearchTerm

        if word not in self._known:
            # Kept in the shared cache until a record changes the vocabulary.
            self._known[word] = remembered(
                RECORDS,
                ["known-stem", word],
                lambda: SearchTerm.objects.filter(Q(word=word) | Q(stem=text.stem(word))).exists(),
            )
        return self._known[word]

    def correct(self, word):
        """The most used vocabulary word within a small edit distance, or ''."""
        if len(word) < 4 or not word.isalpha():
            return ""
        return remembered(RECORDS, ["corrected", word], lambda: self._nearest(word))

    @staticmethod
    def _nearest(word):
        from .models import SearchTerm

        limit = correction_limit(word)
        candidates = SearchTerm.objects.filter(
            length__gte=len(word) - limit,
            length__lte=len(word) + limit,
            word__startswith=word[0],
        ).values_list("word", "records")
        return nearest(word, candidates)


def correction_limit(word):
    return 1 if len(word) <= 5 else 2


def nearest(word, candidates, limit=None, unique=False):
    """The candidate (word, how used) nearest `word` within its edit distance (`limit`, else
    by its length), the more used first, or ''; with `unique`, '' when two are as near."""
    limit = correction_limit(word) if limit is None else limit
    found = []
    for candidate, records in candidates:
        if candidate in text.STOPWORDS or candidate[:1] != word[:1]:
            continue  # "lice" is not "like": a word that carries nothing is no correction
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            found.append((distance, -records, candidate))
    if not found:
        return ""
    best = min(found)
    # A short word one letter from several ("lice": live, line, lime, nice) may be any of
    # them, or a word the records never use: it is left as typed.
    if (unique or len(word) <= AMBIGUOUS_LENGTH) and sum(1 for f in found if f[0] == best[0]) > 1:
        return ""
    return best[2]
