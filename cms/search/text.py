"""Turning what someone typed into terms every engine understands, and marking them in snippets.

Search text never reaches an engine's own query syntax: it is cut into plain words here, and
each engine builds its query from those words. Quotes, NEAR, *, AND, OR, -, ^ and : are just
characters that are dropped, so no input can make a query fail.
"""

import html
import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

WORD = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from had has have how i if in into is
    it its near not of on or our so such that the their then there these they this to was we
    were what when where which who why will with you your""".split()  # noqa: SIM905
)

# Suffixes stripped when deciding whether a word in a snippet is one the searcher asked for.
_SUFFIXES = (
    "ational", "ations", "ation", "ments", "ment", "ances", "ance", "ences", "ence", "ities",
    "ity", "ings", "ing", "ions", "ion", "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e",
)  # fmt: skip


def words(text):
    """Lower-case words of a text, in order."""
    return [match.group(0).lower() for match in WORD.finditer(text or "")]


def rough_stem(word):
    """A crude English stem, used only to mark words in snippets (engines stem for real)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass
class TermGroup:
    """One thing the searcher asked for: any of its alternatives (each a phrase) will do."""

    typed: str
    alternatives: list = field(default_factory=list)  # tuples of words
    correction: str = ""  # a vocabulary word the typed word probably meant

    def all_words(self):
        return {word for phrase in self.alternatives for word in phrase}


@dataclass
class ParsedText:
    groups: list = field(default_factory=list)
    match_any: bool = False  # "more like this" wants any group, a search wants all

    def __bool__(self):
        return bool(self.groups)

    def highlight_words(self):
        return {word for group in self.groups for word in group.all_words()}

    def suggestion(self):
        """The query with each unknown word replaced by its correction, or ''."""
        if not any(group.correction for group in self.groups):
            return ""
        return " ".join(group.correction or group.typed for group in self.groups)


def parse(text, synonyms=None, vocabulary=None, match_any=False):
    """Cut `text` into term groups, folding in synonyms and typo corrections.

    `synonyms` maps a phrase (tuple of words) to every phrase of its group; `vocabulary` is an
    object with `known(word)` and `correct(word)`.
    """
    tokens = list(words(text[: MAX_QUERY_LENGTH * 2]))
    synonyms = synonyms or {}
    longest = max((len(phrase) for phrase in synonyms), default=1)
    groups = []
    seen = set()
    index = 0
    while index < len(tokens) and len(groups) < MAX_TERMS:
        matched = None
        for size in range(min(longest, len(tokens) - index), 0, -1):
            phrase = tuple(tokens[index : index + size])
            if phrase in synonyms:
                matched = phrase
                break
        if matched:
            index += len(matched)
            key = ("syn", synonyms[matched][0])
            if key not in seen:
                seen.add(key)
                groups.append(TermGroup(" ".join(matched), list(synonyms[matched])))
            continue
        word = tokens[index]
        index += 1
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()) or word in seen:
            continue
        seen.add(word)
        group = TermGroup(word, [(word,)])
        if vocabulary is not None and not word.isdigit() and not vocabulary.known(word):
            correction = vocabulary.correct(word)
            if correction:
                group.correction = correction
                group.alternatives.append((correction,))
        groups.append(group)
    return ParsedText(groups=groups, match_any=match_any)


def highlight(text, marked_words, length=32):
    """An HTML snippet of `text` around the first marked word, everything else escaped."""
    tokens = re.split(r"( )", " ".join((text or "").split()))
    stems = {rough_stem(word) for word in marked_words}
    pieces = []
    first_hit = None
    for position, token in enumerate(tokens):
        core = WORD.search(token)
        if core and not token.isspace():
            word = core.group(0).lower()
            if word in marked_words or rough_stem(word) in stems:
                first_hit = position if first_hit is None else first_hit
                start, end = core.span()
                pieces.append(
                    html.escape(token[:start])
                    + "<mark>"
                    + html.escape(token[start:end])
                    + "</mark>"
                    + html.escape(token[end:])
                )
                continue
        pieces.append(html.escape(token))
    if first_hit is None:
        return ""
    # Tokens alternate word, space: `length` words is 2 * length tokens.
    start = max(0, first_hit - length // 3 * 2)
    start -= start % 2
    end = min(len(pieces), start + length * 2)
    snippet = "".join(pieces[start:end]).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(pieces) else ""
    return prefix + snippet + suffix
