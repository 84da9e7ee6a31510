"""The sector's thesaurus: the words schools, SENCOs and the DfE use for one thing.

Staff edit it in the admin (Snippets → Search thesaurus); the shipped entries
(`data/thesaurus.json`, with where each group came from) are loaded by migration cms/0009.
A search for any term of an entry finds what was written with any other (an abbreviation and
its expansion, a spelling, the everyday phrase), and finds what was written with the terms of
its narrower entries at less weight ("SEMH" finds a write-up on ADHD, below those that say
SEMH).
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import get_random_string

from . import text

VERSION_KEY = "practice-search:thesaurus-version"
VERSION_SECONDS = 24 * 60 * 60
SHIPPED = Path(__file__).resolve().parent / "data" / "thesaurus.json"


DEPTH = 1  # levels of narrower entries a search reaches, each at NARROWER_WEIGHT of the last


@dataclass
class Concept:
    label: str
    equal: list = field(default_factory=list)  # phrases (tuples of words)
    narrower: list = field(default_factory=list)  # (phrase, weight)
    broader: list = field(default_factory=list)  # (phrase, weight)
    capitals: list = field(default_factory=list)  # one-word phrases: SALT, as a record says it

    def expand(self, group, scale=1.0):
        """Equivalents join the concept now; narrower terms wait until the search widens, and
        broader ones until even those find too little. An abbreviation found only in capitals
        ("SALT") is looked for in the records too, at less weight: the engines cannot tell a
        record's "SALT" from its "salt"."""
        for phrase in self.equal:
            group.add(phrase, scale)
        for phrase in self.capitals:
            group.add(phrase, text.NARROWER_WEIGHT * scale)
        for phrase, weight in self.narrower:
            group.held.append((phrase, weight * scale))
        for phrase, weight in self.broader:
            group.held_broader.append((phrase, weight * scale))


def split_terms(terms):
    """'SEND, SEN; special educational needs' -> ['send', 'sen', 'special educational needs']."""
    found = []
    for term in str(terms or "").replace(";", ",").replace("\n", ",").split(","):
        term = " ".join(term.split()).lower()
        if term and term not in found:
            found.append(term)
    return found


def term_phrases(term):
    """The phrases a term is searched as: its words as a searcher means them ("can't" is "can
    not") and, where different, as an engine reads a record ("can't" is "can t")."""
    phrases = [tuple(text.words(term))]
    as_written = tuple(text.WORD.findall(term.lower().replace("’", "'")))
    if as_written and as_written != phrases[0]:
        phrases.append(as_written)
    return [phrase for phrase in phrases if phrase]


def build_map(entries, depth=DEPTH, capitals=None):
    """{stems of a phrase: Concept} from {entry id: (terms, [narrower entry ids])}, and
    {(CAPITALS_MARK, "SALT"): Concept} for {entry id: ["SALT", ...]} in `capitals`."""
    mapping = {}
    words = set()  # the words of every term: what a word typed wrong may have meant
    capitals = capitals or {}
    phrases_of = {
        key: [phrase for term in terms for phrase in term_phrases(term)]
        for key, (terms, _) in entries.items()
    }
    parents = {}
    for key, (_terms, children) in entries.items():
        for child in children:
            if child in entries and child != key:
                parents.setdefault(child, []).append(key)
    for key, (_terms, _children) in entries.items():
        phrases = phrases_of[key]
        if not phrases:
            continue
        narrower, seen, level, weight = [], {key}, [key], 1.0
        for _ in range(depth):
            weight *= text.NARROWER_WEIGHT
            level = [child for parent in level for child in entries[parent][1] if child not in seen]
            seen.update(level)
            # Each narrower entry's usual name first, then their other terms: a concept with
            # many narrower entries keeps all their names within text.MAX_ALTERNATIVES.
            firsts = [phrases_of[child][:1] for child in level]
            rests = [phrases_of[child][1:] for child in level]
            for phrase in [p for group in firsts + rests for p in group]:
                narrower.append((phrase, weight))
        # The broader entries one level up (a write-up on "behaviour that challenges" answers
        # "children who hit staff"), their usual names first; used last, at less weight.
        above = parents.get(key, [])
        broader = [
            (phrase, text.BROADER_WEIGHT)
            for group in [phrases_of[p][:1] for p in above] + [phrases_of[p][1:] for p in above]
            for phrase in group
        ]
        written = capitals.get(key, [])
        as_words = list(dict.fromkeys((term.lower(),) for term in written))
        concept = Concept(
            label=" ".join(phrases[0]),
            equal=phrases,
            narrower=narrower,
            broader=broader,
            capitals=[phrase for phrase in as_words if phrase not in phrases],
        )
        for term in written:
            mapping.setdefault((text.CAPITALS_MARK, term), concept)
        for phrase in phrases:
            words.update(word for word in phrase if word.isalpha() and len(word) >= 4)
            mapping.setdefault(text.stems(phrase), concept)
            # Also by its content words, so that "won't come into school" finds "won't come to
            # school": the small words between them may differ.
            content = text.content_key(phrase)
            if content is not None:
                mapping.setdefault(content, concept)
    # Which entries each content word of their terms belongs to ("concerns": worried parents,
    # ...): a query whose words are spread over one entry's phrases is about that entry.
    bags = {}
    concepts = {id(c): c for c in mapping.values() if isinstance(c, Concept)}.values()
    for concept in concepts:
        for phrase in concept.equal:
            for word in phrase:
                if word in text.STOPWORDS or text.is_weak(word) or not word.isalpha():
                    continue
                bags.setdefault(text.stem(word), {})[concept.label] = concept
    mapping[text.THESAURUS_BAGS] = (bags, max(1, len(concepts)))
    words -= text.STOPWORDS
    by_start = {text.ALL_WORDS: frozenset(words)}
    for word in sorted(words):
        by_start.setdefault((word[0], len(word)), ())
        by_start[word[0], len(word)] += (word,)
    mapping[text.THESAURUS_WORDS] = by_start
    mapping[text.THESAURUS_LONGEST] = max(len(key) for key in mapping)
    return mapping


_built = {"version": None, "map": {}, "at": 0.0}
REBUILD_SECONDS = 300  # a process rebuilds at least this often, whatever the cache says


def thesaurus_map():
    """The staff-edited thesaurus as a lookup.

    Each process keeps the lookup it built, with the version it was built for; the version
    lives in the shared cache and changes whenever staff change an entry (`forget`), so every
    process rebuilds on its next search after a change (one small cache read a search, instead
    of unpickling the whole lookup)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = get_random_string(12)
        if not cache.add(VERSION_KEY, version, VERSION_SECONDS):
            version = cache.get(VERSION_KEY) or version
    if _built["version"] != version or time.monotonic() - _built["at"] > REBUILD_SECONDS:
        from .models import SearchSynonym

        rows = SearchSynonym.objects.prefetch_related("narrower").order_by("pk")
        entries = {
            entry.pk: (entry.term_list(), [child.pk for child in entry.narrower.all()])
            for entry in rows
        }
        capitals = {entry.pk: entry.capital_list() for entry in rows}
        _built["map"] = build_map(entries, capitals=capitals)
        _built["version"] = version
        _built["at"] = time.monotonic()
    return _built["map"]


def _new_version():
    cache.set(VERSION_KEY, get_random_string(12), VERSION_SECONDS)


def forget():
    """Staff changed the thesaurus: every process rebuilds its lookup before its next search.

    Now, for this process, and again once the change is committed: a process that rebuilt from
    the rows before the commit in between rebuilds again."""
    _new_version()
    transaction.on_commit(_new_version, robust=True)


# ------ Loading the shipped entries ------


def shipped_groups(path=SHIPPED):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["groups"], data.get("sources", {})


def joined(terms, limit=2000):
    """Terms as one comma-separated text of at most `limit` characters, whole terms only."""
    kept = []
    for term in terms:
        if len(", ".join(kept + [term])) > limit:
            break
        kept.append(term)
    return ", ".join(kept)


def _add_capitals(entry, capitals):
    """Add the shipped abbreviations found only in capitals that an entry lacks; True if any."""
    from .models import capital_terms

    have = capital_terms(entry.capitals)
    missing = [term for term in capital_terms(", ".join(capitals)) if term not in have]
    if not missing:
        return False
    written = entry.capitals.strip().rstrip(",")
    joined_terms = joined(([written] if written else []) + missing, limit=200)
    if joined_terms == written:
        return False
    entry.capitals = joined_terms
    entry.save(update_fields=["capitals"])
    return True


def load_in_migration(apps, schema_editor):
    """A migration's step: the shipped thesaurus loaded into the model as it then is."""
    load(apps.get_model("search", "SearchSynonym"))


def load(model, path=SHIPPED):
    """Add the shipped entries to `model` (SearchSynonym, or its migration-time twin).

    An entry staff already have that shares a term with a shipped group keeps what staff wrote,
    as they wrote it, and gains the group's other terms (whole terms, within the field's
    length); nothing staff wrote is removed. Loading twice changes nothing. Returns
    (created, extended)."""
    groups, sources = shipped_groups(path)
    limit = model._meta.get_field("terms").max_length
    # The field is there from migration 0010 on; earlier migrations load without it.
    has_capitals = any(field.name == "capitals" for field in model._meta.get_fields())
    by_term = {}
    for entry in model.objects.all():
        for term in split_terms(entry.terms):
            by_term.setdefault(term, entry)
    created = 0
    extended = set()  # the entries that gained a shipped term
    entries = {}
    for group in groups:
        terms = split_terms(", ".join(group["terms"]))
        source = sources.get(group.get("source", ""), group.get("source", ""))[:300]
        entry = next((by_term[term] for term in terms if term in by_term), None)
        new = entry is None
        if new:
            entry = model.objects.create(terms=joined(terms, limit), source=source)
            created += 1
        else:
            missing = [term for term in terms if term not in by_term]
            if missing:
                terms_text = joined([entry.terms.strip().rstrip(",")] + missing, limit)
                if terms_text != entry.terms:
                    entry.terms = terms_text
                    entry.source = entry.source or source
                    entry.save(update_fields=["terms", "source"])
                    extended.add(entry.pk)
        if has_capitals and _add_capitals(entry, group.get("capitals", ())) and not new:
            extended.add(entry.pk)
        for term in terms:
            by_term.setdefault(term, entry)
        entries[terms[0]] = entry
    links = set()  # (narrower entry pk, broader entry pk)
    for group in groups:
        entry = entries[split_terms(", ".join(group["terms"]))[0]]
        for label in split_terms(", ".join(group.get("broader", []))):
            if label in entries and entries[label].pk != entry.pk:
                links.add((entry.pk, entries[label].pk))
        for label in split_terms(", ".join(group.get("narrower", []))):
            if label in entries and entries[label].pk != entry.pk:
                links.add((entries[label].pk, entry.pk))
    through = model.broader.through
    have = set(through.objects.values_list("from_searchsynonym_id", "to_searchsynonym_id"))
    through.objects.bulk_create(
        [
            through(from_searchsynonym_id=child, to_searchsynonym_id=parent)
            for child, parent in sorted(links - have)
        ]
    )
    return created, len(extended)
