"""The sector's thesaurus: the words schools, SENCOs and the DfE use for one thing.

Staff edit it in the admin (Snippets → Search thesaurus); the shipped entries
(`data/thesaurus.json`, with where each group came from) are loaded by a migration and by
`manage.py load_thesaurus`. A search for any term of an entry finds what was written with any
other (an abbreviation and its expansion, a spelling, the everyday phrase), and finds what was
written with a narrower term at less weight ("SEN" finds a write-up on dyslexia, below those
that say SEN).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
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

    def expand(self, group, scale=1.0):
        for phrase in self.equal:
            group.add(phrase, scale)
        for phrase, weight in self.narrower:
            group.add(phrase, weight * scale)


def split_terms(terms):
    """'SEND, SEN; special educational needs' -> ['send', 'sen', 'special educational needs']."""
    found = []
    for term in str(terms or "").replace(";", ",").replace("\n", ",").split(","):
        term = " ".join(term.split()).lower()
        if term and term not in found:
            found.append(term)
    return found


def build_map(entries, depth=DEPTH):
    """{stems of a phrase: Concept} from {entry id: (terms, [narrower entry ids])}."""
    mapping = {}
    phrases_of = {
        key: [phrase for phrase in (tuple(text.words(term)) for term in terms) if phrase]
        for key, (terms, _) in entries.items()
    }
    for key, (_terms, _children) in entries.items():
        phrases = phrases_of[key]
        if not phrases:
            continue
        narrower, seen, level, weight = [], {key}, [key], 1.0
        for _ in range(depth):
            weight *= text.NARROWER_WEIGHT
            level = [child for parent in level for child in entries[parent][1] if child not in seen]
            seen.update(level)
            for child in level:
                narrower += [(phrase, weight) for phrase in phrases_of[child]]
        concept = Concept(label=" ".join(phrases[0]), equal=phrases, narrower=narrower)
        for phrase in phrases:
            mapping.setdefault(text.stems(phrase), concept)
    return mapping


_built = {"version": None, "map": {}}


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
    if _built["version"] != version:
        from .models import SearchSynonym

        rows = SearchSynonym.objects.prefetch_related("narrower").order_by("pk")
        entries = {
            entry.pk: (entry.term_list(), [child.pk for child in entry.narrower.all()])
            for entry in rows
        }
        _built["map"] = build_map(entries)
        _built["version"] = version
    return _built["map"]


def forget():
    """Staff changed the thesaurus: every process rebuilds its lookup before its next search."""
    cache.set(VERSION_KEY, get_random_string(12), VERSION_SECONDS)


# ------ Loading the shipped entries ------


def shipped_groups(path=SHIPPED):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["groups"], data.get("sources", {})


def load(model, path=SHIPPED):
    """Add the shipped entries to `model` (SearchSynonym, or its migration-time twin).

    An entry staff already have that shares a term with a shipped group gains the group's
    other terms; nothing staff wrote is removed. Returns (created, extended)."""
    groups, sources = shipped_groups(path)
    by_term = {}
    for entry in model.objects.all():
        for term in split_terms(entry.terms):
            by_term.setdefault(term, entry)
    created = extended = 0
    entries = {}
    for group in groups:
        terms = split_terms(", ".join(group["terms"]))
        source = sources.get(group.get("source", ""), group.get("source", ""))[:300]
        entry = next((by_term[term] for term in terms if term in by_term), None)
        if entry is None:
            entry = model.objects.create(terms=", ".join(terms)[:500], source=source)
            created += 1
        else:
            have = split_terms(entry.terms)
            missing = [term for term in terms if term not in have and term not in by_term]
            if missing:
                entry.terms = ", ".join(have + missing)[:500]
                entry.source = entry.source or source
                entry.save(update_fields=["terms", "source"])
                extended += 1
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
    return created, extended
