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


class Vocabulary:
    """Looks words up in the records' vocabulary, remembering answers for one search."""

    def __init__(self):
        self._found = {}
        self._near = {}
        self._sound = {}

    def _look_up(self, word):
        """(whether the records use the word in any form of its stem, whether in this very
        form): one indexed query, kept in the shared cache until a record changes the
        vocabulary."""
        from .models import SearchTerm

        def look_up():
            forms = set(
                SearchTerm.objects.filter(Q(word=word) | Q(stem=text.stem(word))).values_list(
                    "word", flat=True
                )
            )
            return (bool(forms), word in forms)

        if word not in self._found:
            self._found[word] = remembered(RECORDS, ["known-used", word], look_up)
        return self._found[word]

    def known(self, word):
        """Whether the records use the word, in this form or another of its stem ("loses"
        where they say "losing"): the engines find it, and no typo is looked for."""
        return self._look_up(word)[0]

    def used(self, word):
        """Whether the records use the word in this very form."""
        return self._look_up(word)[1]

    def correct(self, word):
        """The most used vocabulary word within a small edit distance, or ''."""
        if len(word) < 4 or not word.isalpha():
            return ""
        return remembered(
            RECORDS,
            ["corrected", word],
            lambda: self._sounded(word) or text.nearest(word, self._near_with_counts(word)),
        )

    def near(self, word):
        """((distance, word), ...) of the vocabulary near a word typed wrong, nearest first and
        then the more used: the word it is a spelling by sound of at distance 0, then those
        within the edit distance `correct` looks at, for a phrase one of them completes."""
        if len(word) < 4 or not word.isalpha():
            return ()
        limit = text.correction_limit(word)
        found = [
            (text.edit_distance(word, candidate, limit), -records, candidate)
            for candidate, records in self._near_with_counts(word)
            if candidate not in text.STOPWORDS
        ]
        sounded = self._sounded(word)
        ordered = [(distance, candidate) for distance, _, candidate in sorted(found)]
        if sounded:
            ordered = [(0, sounded)] + [item for item in ordered if item[1] != sounded]
        return tuple(ordered)

    def _sounded(self, word):
        """The most used vocabulary word of which `word` is a spelling by sound
        (`text.sound_variants`: "intervenshun", "afta"), or ''."""
        from .models import SearchTerm

        def look_up():
            variants = [v for v in text.sound_variants(word) if v not in text.STOPWORDS]
            if not variants:
                return ""
            rows = SearchTerm.objects.filter(word__in=variants).values_list("records", "word")
            return max(rows, default=(0, ""))[1]

        if word not in self._sound:
            self._sound[word] = remembered(RECORDS, ["sounded", word], look_up)
        return self._sound[word]

    def _near_with_counts(self, word):
        """((word, records), ...) of the vocabulary within the edit distance of a word typed
        wrong, with the same first letter: one indexed look-up, kept in the shared cache until
        a record changes the vocabulary, for both `correct` and `near`."""
        from .models import SearchTerm

        def look_up():
            limit = text.correction_limit(word)
            candidates = SearchTerm.objects.filter(
                length__gte=len(word) - limit,
                length__lte=len(word) + limit,
                word__startswith=word[0],
            ).values_list("word", "records")
            return tuple(
                (candidate, records)
                for candidate, records in candidates
                if text.edit_distance(word, candidate, limit) <= limit
            )

        if word not in self._near:
            self._near[word] = remembered(RECORDS, ["near", word], look_up)
        return self._near[word]
