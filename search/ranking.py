"""Best first, the same on every engine: the engine finds candidates, this orders them.

An engine returns the records that match any concept of the query, in its own order (FTS5's
bm25, PostgreSQL's ts_rank, Elasticsearch's score: each scores differently). The first
`POOL` of them are scored here, the same way whichever engine found them:

- BM25F over the fields: a concept in the title, tags or summary counts more than in the body;
  each concept's weight is its rarity across all records (idf), so "dyscalculia" outweighs
  "pupils", and a narrower thesaurus term or a typo correction counts less than what was typed;
- coordination: records that match more of what was asked (by weight) rank higher, so every
  concept is wanted and none is required; a concept the record is about (in its title, or
  more than once) counts fully, one mentioned once in passing by half;
- proximity: two concepts near each other in one field count extra, and most when adjacent in
  the order typed (a phrase);
- meaning: a record whose meaning is near what was typed (the sentence-embedding model of
  `semantic`: "teachers exhausted staying till 7" and a write-up on workload) scores more, by
  e ** (MEANING * cosine similarity). It only orders what the words found.

Each record also gets its `coverage`: the share of the query's weight it matches. The search
is confident when its best record covers most of what was asked.
"""

import hashlib
import math
import statistics
from dataclasses import dataclass

from django.core.cache import cache

from . import semantic, text
from .browse_cache import BROWSE_CACHE_KEY, RECORDS, remembered
from .models import PracticeRecord, SearchTerm
from .vocabulary import MAX_WORD, MIN_WORD

POOL = 60  # candidates re-ordered (three pages); deeper pages keep the engine's order

# (field, weight, length normalisation b): title, tags and summary weigh more than the body.
FIELDS = (
    ("title", 3.0, 0.3),
    ("tags", 2.5, 0.0),
    ("summary", 1.8, 0.5),
    ("body", 1.0, 0.75),
    ("school", 0.4, 0.0),
)
K1 = 1.2
COORDINATION = 2.0  # the final score is multiplied by the share matched ** COORDINATION
COVERAGE_RARITY = 0.5  # a concept's share of the query is by idf ** this (damped rarity)
PROXIMITY = 0.5  # weight of concepts found near each other
WINDOW = 8  # words apart at most, to count as near
# How strongly a concept must be found (its field-weighted count: once in the title, or twice
# in the body) to count fully towards coordination; mentioned once in passing, half.
FULL_MATCH = 2.0
PHRASE_SIZE = 0.5  # a concept typed as n words weighs n ** this (typed_size)
CONFIDENT = 0.6  # coverage the best record must reach for a confident answer
# A concept no record uses that is this large a part of what was asked ("lice" in "head lice
# letter to parents"): no record is a close match, however much of the rest it meets.
UNWRITTEN_PART = 0.3
# ... and a record that does not say a thing typed in several words ("assistance dog", or one
# of its equal terms) is no close match for it, when the words it is made of are this rare:
# the few records that use them use them for something else ("walking the dog").
RARE_RECORDS = 2
RARE_SHARE = 0.01  # of all records, on a network large enough
RARE_MOST = 0.1  # ... and never more than this share of them (two of five records is not few)
SAID_SPREAD = 2  # a term's words this many more apart still say it ("Asperger's syndrome")
UNKNOWN_SHARE = 0.05  # the share of records taken to use a concept the vocabulary cannot count
# A record's score is multiplied by e ** (MEANING * its cosine similarity to the query): on
# the tuning half 0.811 / 0.935 without, 0.822 / 0.955 at 1, 0.823 / 0.955 at 2, 0.824 /
# 0.955 at 3 (the record's whole text: its title, summary and tags alone, 0.817 at 2).
MEANING = 2.0
# ... and a record that meets this much of what was asked (`CONFIDENT` by words alone) is a
# close match when it means this nearly what was typed: on the tuning half, answerable queries
# called low 46 of 194 by words alone, 35 so; queries no record answers called low 24 of 25
# either way (their best such record's similarity is 0.48 at most).
MEANING_CLOSE = 0.55
MEANING_COVERAGE = 0.4
REPEAT_PENALTY = 0.5  # a record whose title repeats one above it scores this much less
DIVERSITY_WINDOW = 20  # how far down the next different record is looked for
COMMON_SHARE = 0.25  # a word typed alone that more than this share of records use is weak
COMMON_MIN_RECORDS = 100  # ... once there are this many records to tell


@dataclass
class Ranked:
    key: str
    score: float
    coverage: float
    unwritten: bool = False  # a large part of the query is a thing no record writes about
    similarity: float | None = None  # to what was typed, in meaning (None: not known)

    @property
    def close(self):
        """A close match: it meets most of what was asked, or much of it and means nearly
        what was typed ("has anyone used zones of regulation with secondary aged pupils": a
        write-up on the zones in a secondary school never says "aged"); and no large part of
        the query is a thing the network has not written about."""
        if self.unwritten:
            return False
        if self.coverage >= CONFIDENT:
            return True
        return (
            self.similarity is not None
            and self.similarity >= MEANING_CLOSE
            and self.coverage >= MEANING_COVERAGE
        )


# ------ Rarity of each concept ------


def query_words(parsed):
    """Every word the query may search for: its alternatives, narrower and broader terms held
    back, and the words of phrases typed."""
    found = set()
    for group in parsed.groups:
        held = group.held + group.held_broader
        phrases = group.alternatives + [phrase for phrase, _ in held] + group.loose
        found.update(word for phrase in phrases for word in phrase)
        found.update(group.parts)
    return {
        word for word in found if word not in text.STOPWORDS and word not in text.NEGATION_PARTS
    }


def document_frequencies(parsed):
    """{stem: records using a word with that stem}, from the vocabulary, for every word the
    query may search for (one indexed look-up)."""
    stems = sorted({text.stem(word) for word in query_words(parsed) if counted(word)})
    if not stems:
        return {}

    def look_up():
        found = dict.fromkeys(stems, 0)
        rows = SearchTerm.objects.filter(stem__in=stems).values_list("stem", "records")
        for word_stem, records in rows:
            found[word_stem] = max(found[word_stem], records)
        return found

    # The same until a record changes: kept in the shared cache under the records' generation.
    digest = hashlib.sha256(" ".join(stems).encode()).hexdigest()
    return dict(remembered(RECORDS, ["frequencies", digest], look_up))


def prune(parsed, frequencies):
    """Drop the alternatives no record can match (a word the records never use), so that the
    engines are not asked for "SSP" and "SSSP" beside "phonics". What was typed always stays."""
    for group in parsed.groups:
        kept = [
            (phrase, weight)
            for index, (phrase, weight) in enumerate(
                zip(group.alternatives, group.weights, strict=True)
            )
            if index == 0
            or not any(counted(w) and frequencies.get(text.stem(w)) == 0 for w in phrase)
        ]
        group.alternatives = [phrase for phrase, _ in kept]
        group.weights = [weight for _, weight in kept]


def weaken_common(parsed, frequencies, total):
    """A word typed alone that most write-ups use ("after", "week") weighs as little as the
    words of `text.WEAK_WORDS`, and a record is not found for it alone: which words those are
    is read from the network's own records, not from a list. Only on a network large enough to
    say (`COMMON_MIN_RECORDS`), and never a thesaurus term or a typo's correction."""
    if total < COMMON_MIN_RECORDS:
        return
    changed = False
    for group in parsed.groups:
        if group.weak or group.correction or len(group.alternatives) != 1:
            continue
        phrase = group.alternatives[0]
        if len(phrase) != 1 or not counted(phrase[0]):
            continue
        if frequencies.get(text.stem(phrase[0]), 0) > COMMON_SHARE * total:
            group.weak = True
            changed = True
    if changed:
        parsed.minimum = min(parsed.minimum, parsed.strictest())


def counted(word):
    """Whether the vocabulary counts this word (it keeps alphabetic words of three letters or
    more: "TA", "Y7" and "7" are not in it, and so of unknown rarity, not unused)."""
    return word.isalpha() and MIN_WORD <= len(word) <= MAX_WORD


def _concept_count(group, frequencies, function_words_rare):
    """How many records use a concept: its most used alternative (a phrase: its rarest word);
    None where the vocabulary cannot count any of it ("TA", "Y7")."""
    frequency = None
    # A word typed wrong is as rare as the word it was taken for, not as one no record uses;
    # a word as rare as the most used word of its family ("violent": "violence").
    least = min(text.CORRECTION_WEIGHT, text.DERIVED_WEIGHT)
    for phrase, weight in zip(group.alternatives, group.weights, strict=True):
        if weight < least:
            continue
        counts = [
            frequencies.get(text.stem(word), 0)
            for word in phrase
            if counted(word) and (function_words_rare or text.stem(word) in frequencies)
        ]
        if counts:
            frequency = max(frequency or 0, min(counts))
    return frequency


def concept_frequencies(parsed, total, frequencies=None):
    """How many records use each concept, for its rarity (None where the vocabulary cannot
    count it).

    A phrase joined by a function word ("communication and interaction", "letters and
    sounds"), which the vocabulary is not asked about, is taken to be as rare as a phrase can
    be: no count of a phrase is kept, and its rarest word understates how rare the phrase is
    (counted by its rarest word instead: 0.800 against 0.812 on the tuning half)."""
    if frequencies is None:
        frequencies = document_frequencies(parsed)
    found = []
    for group in parsed.groups:
        frequency = _concept_count(group, frequencies, function_words_rare=True)
        if frequency is not None:
            frequency = min(frequency, total)
            if group.weak and not frequency:
                # A weak word that no record uses ("teenager", "kids": the records say "pupils")
                # is not a rare concept that every record misses, only an everyday one.
                frequency = total * COMMON_SHARE
        found.append(frequency)
    return found


def concept_idfs(parsed, total, frequencies=None, counts=None):
    """An idf for each concept, from `concept_frequencies` (or `counts`, already found)."""
    if counts is None:
        counts = concept_frequencies(parsed, total, frequencies)
    idfs = []
    for frequency in counts:
        if frequency is None:
            frequency = total * UNKNOWN_SHARE
        idfs.append(math.log(1 + (total - frequency + 0.5) / (frequency + 0.5)))
    return idfs


def rare_concepts(parsed, frequencies, total):
    """Whether each concept is made of words few records use: its most used alternative's
    rarest word (function words not counted: "behaviour and attitudes" is as common as
    "attitudes") is used by `RARE_RECORDS` records at most, or `RARE_SHARE` of them if more,
    and by no more than `RARE_MOST` of them (on a small network, two records are many)."""
    limit = min(max(RARE_RECORDS, RARE_SHARE * total), RARE_MOST * total)
    found = []
    for group in parsed.groups:
        count = _concept_count(group, frequencies, function_words_rare=False)
        found.append(count is not None and count <= limit)
    return found


def says(fields, terms):
    """Whether a record (its fields, as `analyse` gives them) says one of a concept's terms:
    a word of one word, the words of a phrase together (a few words apart at most)."""
    for name, *_ in FIELDS:
        positions = fields[name][1]
        for term in terms:
            spots = [positions.get(word_stem) for word_stem in term]
            if not all(spots):
                continue
            if len(term) == 1:
                return True
            reach = len(term) + SAID_SPREAD
            for start in spots[0]:
                if all(any(abs(at - start) < reach for at in other) for other in spots[1:]):
                    return True
    return False


def unused_concepts(parsed, frequencies):
    """Whether each concept is one that no record uses, by the words the vocabulary was asked
    about ("communication and interaction" is used when its records say "communication" and
    "interaction"): never a weak word, nor one the vocabulary cannot count."""
    return [
        not group.weak and _concept_count(group, frequencies, function_words_rare=False) == 0
        for group in parsed.groups
    ]


# ------ Where each concept occurs in a record ------


def _field_texts(row):
    return {
        "title": row["title"],
        "tags": " ; ".join(row["tags"] or []),
        "summary": row["summary"],
        "body": row["body"],
        "school": row["school_name"],
    }


def analyse(row, query_stems):
    """{field: (length, {stem: [positions]})} for the stems the query asks about."""
    analysed = {}
    for name, value in _field_texts(row).items():
        found = text.document_stems(value)
        positions = {}
        for position, token_stem in enumerate(found):
            if token_stem not in query_stems:
                # The stemmer keeps the plural of an abbreviation ("TAs", "LSAs").
                if token_stem[-1:] != "s" or token_stem[:-1] not in query_stems:
                    continue
                token_stem = token_stem[:-1]
            positions.setdefault(token_stem, []).append(position)
        analysed[name] = (len(found), positions)
    return analysed


def occurrences(phrase_stems, positions):
    """Start positions of a phrase (consecutive stems) in one field."""
    starts = positions.get(phrase_stems[0], [])
    if len(phrase_stems) == 1 or not starts:
        return starts
    later = [set(positions.get(s, ())) for s in phrase_stems[1:]]
    return [
        start
        for start in starts
        if all(start + offset in found for offset, found in enumerate(later, 1))
    ]


# ------ Scoring ------


def ranked_alternatives(group):
    """A concept's alternatives as stems, with the words of the phrase typed ("can't read":
    "read") at the least weight: what the search found is credited for them."""
    found = group.stemmed()
    have = {phrase for phrase, _ in found}
    for word in group.parts:
        if not text.is_weak(word) and (text.stem(word),) not in have:
            found.append(((text.stem(word),), group.parts_weight))
    return found


def typed_size(group):
    """How much of what was typed a concept is: a phrase of n words ("speech and language
    needs": 3) weighs the square root of n single words. As one concept it was weighed as one
    word, so that two common words typed beside it ("mainstream lessons") outweighed it."""
    if group.soft:
        return 1.0  # not typed at all
    content = [word for word in text.words(group.typed) if word not in text.STOPWORDS]
    return max(1, len(content)) ** PHRASE_SIZE


def score_rows(rows, parsed, idfs, places=None, unused=None, similarities=None, rare=None):
    """[Ranked] for candidate rows (dicts of the record's text), best first (the first
    `places` of them diversified; see `diversified`). `unused`: whether each concept is one
    that no record uses (`unused_concepts`); `similarities`: {key: cosine similarity of the
    record's meaning to the query's}, where known; `rare`: whether each concept is made of
    words few records use (`rare_concepts`): a record that does not say such a concept, typed
    in several words and a large part of the query, is no close match."""
    similarities = similarities or {}
    # A record whose meaning is not worked out yet (published a moment ago, or during the fill
    # after an upgrade) is taken to be as near as the middle candidate: neither pushed down
    # nor up for it, and never a close match by meaning.
    neutral = statistics.median(similarities.values()) if similarities else None
    groups = parsed.groups
    alternatives = [ranked_alternatives(group) for group in groups]
    loose = [[text.stems(bag) for bag in group.loose] for group in groups]
    query_stems = {s for alts in alternatives for phrase, _ in alts for s in phrase}
    query_stems |= {s for bags in loose for bag in bags for s in bag}
    analysed = [analyse(row, query_stems) for row in rows]
    averages = {}
    for name, *_ in FIELDS:
        lengths = [item[name][0] for item in analysed]
        averages[name] = max(1.0, sum(lengths) / max(1, len(lengths)))
    sizes = [typed_size(group) for group in groups]
    weights = [
        idf * group.weight * size for idf, group, size in zip(idfs, groups, sizes, strict=True)
    ]
    # What share of the query a record matches: each concept by its rarity too, but damped, so
    # that one rare word mentioned in passing is not most of a question.
    shares = [
        idf**COVERAGE_RARITY * group.weight * size
        for idf, group, size in zip(idfs, groups, sizes, strict=True)
    ]
    total_share = sum(shares) or 1.0
    # What the query's words together were taken to be about (a concept not typed, `soft`) is
    # not part of what a close match must meet.
    asked = [not group.soft for group in groups]
    asked_share = sum(share for share, typed in zip(shares, asked, strict=True) if typed) or 1.0
    # A large part of what was asked that no record uses: no record is a close match.
    unwritten = any(
        share >= UNWRITTEN_PART * asked_share
        for share, never_used in zip(shares, unused or [False] * len(shares), strict=True)
        if never_used
    )
    must_say = [
        bool(rare and rare[index])
        and typed
        and not group.weak
        and len(group.parts) > 1
        and bool(group.terms)
        and shares[index] >= UNWRITTEN_PART * asked_share
        for index, (group, typed) in enumerate(zip(groups, asked, strict=True))
    ]
    ranked = []
    for row, fields in zip(rows, analysed, strict=True):
        score = 0.0
        matched_strongly = 0.0
        asked_weight = 0.0
        asked_strongly = 0.0
        spots = []  # per concept: {field: [positions]}
        for index, group_alternatives in enumerate(alternatives):
            frequency = 0.0
            best = 0.0
            where = {}
            for name, field_weight, b in FIELDS:
                length, positions = fields[name]
                if not positions:
                    continue
                norm = 1 - b + b * length / averages[name]
                found = 0.0
                for phrase, weight in group_alternatives:
                    if phrase[0] not in positions:
                        continue
                    starts = occurrences(phrase, positions)
                    if starts:
                        found += weight * len(starts)
                        best = max(best, weight)
                        where.setdefault(name, []).extend(starts)
                frequency += field_weight * found / norm
            for bag in loose[index]:
                # Every word somewhere in the record: counted where they meet, else once.
                if not all(any(s in fields[name][1] for name in fields) for s in bag):
                    continue
                best = max(best, text.LOOSE_WEIGHT)
                together = 0.0
                for name, field_weight, b in FIELDS:
                    length, positions = fields[name]
                    count = min(len(positions.get(s, ())) for s in bag)
                    if count:
                        norm = 1 - b + b * length / averages[name]
                        together += field_weight * text.LOOSE_WEIGHT * count / norm
                        where.setdefault(name, []).extend(positions[bag[0]])
                frequency += together or text.LOOSE_WEIGHT
            if frequency:
                score += weights[index] * frequency / (K1 + frequency)
                strength = shares[index] * best * min(1.0, frequency / best / FULL_MATCH)
                matched_strongly += strength
                if asked[index]:
                    asked_weight += shares[index] * best
                    asked_strongly += strength
            spots.append(where)
        score += PROXIMITY * _proximity(spots, weights, groups)
        # How much of the query the record matches, for close matches and confidence: a concept
        # mentioned once in passing counts three quarters, one the record is about in full (the
        # mean of what it matches at all and what it matches strongly), so that a record that
        # meets several of a question's common words once each ("secondary", "aged", "lessons")
        # is not a close match above the one about what was asked ("zones of regulation").
        coverage = (asked_weight + asked_strongly) / 2 / asked_share
        # Coordination rewards the records that are about more of what was asked: a concept
        # mentioned once in passing counts for less than one the record is about, so that a
        # question's everyday words ("set", "small", "lessons") met in passing do not outrank
        # the record that is about its main concept. Confidence (`coverage`) counts every
        # concept typed and found, a concept said in passing at three quarters.
        about = matched_strongly / total_share
        score *= about**COORDINATION
        similarity = similarities.get(row["key"])
        if neutral is not None:
            score *= math.exp(MEANING * (neutral if similarity is None else similarity))
        unsaid = any(
            must and not says(fields, group.terms)
            for must, group in zip(must_say, groups, strict=True)
        )
        ranked.append(Ranked(row["key"], score, coverage, unwritten or unsaid, similarity))
    titles = {row["key"]: set(text.document_stems(row["title"])) for row in rows}
    return diversified(ranked, titles, places)


def _similarity(first, second):
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def diversified(ranked, titles, places=None):
    """Close matches first (the page says so), each group best first; a record whose title
    nearly repeats one above it ("Transition passports ... Year 6", "... Year 7") gives way to
    the next different one, so that ten results are not five of one write-up's copies.

    `places`: how many of the first places are asked for (the page's last one); those are
    ordered so, the rest follow by score alone. A record is compared with the titles chosen
    above it only when it comes within reach of a place, so the page costs what it shows."""
    ordered = []
    for close in (True, False):
        remaining = [item for item in ranked if item.close == close]
        remaining.sort(key=lambda item: -item.score)
        chosen_titles = []  # the titles of this group's records placed so far
        # each one's likeness to the chosen titles, and how many of them it was compared with
        repeats = [[0.0, 0] for _ in remaining]
        while remaining:
            if places is not None and len(ordered) >= places:
                ordered.extend(remaining)
                break
            window = range(min(len(remaining), DIVERSITY_WINDOW))
            for i in window:
                seen = repeats[i]
                if seen[1] < len(chosen_titles):
                    title = titles[remaining[i].key]
                    for other in chosen_titles[seen[1] :]:
                        likeness = _similarity(title, other)
                        if likeness > seen[0]:
                            seen[0] = likeness
                    seen[1] = len(chosen_titles)
            best = max(
                window,
                key=lambda i: (remaining[i].score * (1 - REPEAT_PENALTY * repeats[i][0]), -i),
            )
            chosen = remaining.pop(best)
            repeats.pop(best)
            ordered.append(chosen)
            chosen_titles.append(titles[chosen.key])
    return ordered


def _proximity(spots, weights, groups):
    """Pairs of concepts near each other in one field, nearest and in typed order best."""
    bonus = 0.0
    for i in range(len(spots)):
        if groups[i].weak or not spots[i]:
            continue
        for j in range(i + 1, len(spots)):
            if groups[j].weak or not spots[j]:
                continue
            nearest = None
            for name in ("title", "summary", "body", "tags"):
                first, second = spots[i].get(name), spots[j].get(name)
                if not first or not second:
                    continue
                for a in first:
                    for b in second:
                        distance = b - a if b > a else (a - b) + 1  # out of order costs one
                        if nearest is None or distance < nearest:
                            nearest = distance
            if nearest is not None and nearest <= WINDOW:
                bonus += min(weights[i], weights[j]) / nearest
    return bonus


def record_count():
    """How many records there are: from the browse counts while cached (dropped whenever a
    record changes), else counted."""
    browse = cache.get(BROWSE_CACHE_KEY)
    if browse is not None:
        return browse["count"]
    return remembered(RECORDS, ["count"], PracticeRecord.objects.count)


def rank(keys, parsed, frequencies=None, places=None, total=None, text=""):
    """The candidates `keys` (the engine's order) re-ordered, with each one's coverage; only
    the first `places` need be in their final order (the page's last place). `total`: the
    number of records, when the caller has it; `text`: what was typed, for its meaning."""
    if not keys or not parsed:
        return [Ranked(key, 0.0, 1.0) for key in keys]
    query_vector = semantic.query_meaning(text) if text else None
    columns = ["key", "title", "summary", "body", "tags", "school_name"]
    if query_vector is not None:
        columns.append("meaning")
    found = PracticeRecord.objects.filter(key__in=keys).values(*columns)
    by_key = {row["key"]: row for row in found}
    # In the engine's order, so that records scored alike keep the engine's judgement.
    rows = [by_key[key] for key in keys if key in by_key]
    total = max(record_count() if total is None else total, 1)
    if frequencies is None:
        frequencies = document_frequencies(parsed)
    counts = concept_frequencies(parsed, total, frequencies)
    idfs = concept_idfs(parsed, total, counts=counts)
    similarities = None
    if query_vector is not None:
        similarities = semantic.similarities(query_vector, {r["key"]: r["meaning"] for r in rows})
    unused = unused_concepts(parsed, frequencies)
    rare = rare_concepts(parsed, frequencies, total)
    return score_rows(rows, parsed, idfs, places, unused, similarities, rare)
