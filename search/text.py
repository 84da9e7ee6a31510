"""Turning what someone typed into concepts every engine understands, and marking them in snippets.

Search text never reaches an engine's own query syntax: it is cut into plain words here, and
each engine builds its query from those words. Quotes, NEAR, *, AND, OR, -, ^ and : are just
characters that are dropped, so no input can make a query fail.

A query is a list of concepts (`TermGroup`): a word or a thesaurus phrase the searcher typed,
with the other ways schools write the same thing (equivalents at full weight, narrower terms at
less). Stop words and the words of a question ("how do we…") carry nothing; words that every
write-up uses ("pupils", "school", "support") are kept but weigh little (`weak`).
"""

import functools
import html
import math
import re
from dataclasses import dataclass, field

import Stemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_ALTERNATIVES = 60  # per concept: what it was typed as, its equivalents, then narrower terms
MAX_QUERY_ALTERNATIVES = 120  # in all: bounds the engines' queries (Elasticsearch's clause limit)

WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "won't" is "will not", "school's" is "school": contractions are folded before words are cut.
_APOSTROPHES = re.compile(r"[’‘`´]")
_IRREGULAR_NOT = re.compile(r"(?i)\b(won|can|shan)'t\b")
_NOT = re.compile(r"(?i)n't\b")
_CLITIC = re.compile(r"(?i)'(s|re|ve|ll|d|m)\b")
_IRREGULAR = {"won": "will", "can": "can", "shan": "shall"}
# ... and as typed on a phone, without the apostrophe ("cant", "doesnt"); "wont" is kept.
_BARE_NOT = re.compile(
    r"(?i)\b(ca|do|did|does|is|are|was|were|could|should|would|have|has|had|must|need)nt\b"
)
# "wont" typed for "won't" (a phone keyboard drops the apostrophe): "will not", as "won't" is.
_BARE_WONT = re.compile(r"(?i)\bwont\b")

# Function words only: a word that can carry meaning in a search ("one to one", "time out",
# "all about me", "catch up") is not one of them. "shes" and "theyre" are how a phone types them.
STOPWORDS = frozenset(
    """a about also am an and any are aren as at be because been being both but by can cannot
    could did do does doing done during each else etc ever every few for from get gets getting
    got had has have having he her here hers herself him himself his how i if in into is it its
    itself just let lets like ll might most much must my myself near nor not now of on or other
    others otherwise our ours ourselves please re really shall she should so some someone
    something such than that the their theirs them themselves then there these they thing things
    this those through thus till to too until upon us very was way ways we were what whatever when
    where whether which while who whom whose why will with within would yet you your yours
    yourself always never often sometimes usually still even already quite rather lot lots
    anyone anything shes hes im ive youre theyre thats whats theres""".split()  # noqa: SIM905
)
# Function words that carry nothing searched alone, but that a thesaurus phrase may need
# ("talking over the teacher", "only talks at home", "can't read"): content words in phrases.
PHRASE_WORDS = frozenset(
    """not without before between since although though however whilst against among amongst
    towards toward onto only again over""".split()  # noqa: SIM905
)
STOPWORDS |= PHRASE_WORDS - {"not"}

# Words that nearly every write-up on the network uses, and the verbs of a question: searched
# for, but they weigh little and never count as a concept matched on their own.
WEAK_WORDS = frozenset(
    """school schools pupil pupils student students child children kid kids young people person
    learner learners class classes teacher teachers staff help helps helping helped support
    supporting supported supports work works working worked idea ideas example examples best
    good better great improve improving improved improvement make making use using used tips
    approach approaches strategy strategies practice practise practices other know want need
    needs new try trying tried find found show start started go going getting effective
    successful success well year years come coming day days time times son sons daughter
    daughters keep keeps keeping kept actually loads more less many least stuff everyone around
    across via per able unable enough far bit down cut cuts reduce reduces reducing reduced
    reduction lower lowering fewer old properly constantly literally basically totally
    completely definitely seriously honestly generally normally particularly especially
    absolutely anymore teenager teenagers teen teens lad lads grandson grandsons granddaughter
    granddaughters grandchild grandchildren youngster youngsters""".split()  # noqa: SIM905
)

# The weight of a narrower thesaurus term, of a typo correction and of a weak word's concept,
# against 1.0 for what was typed and its equivalents.
NARROWER_WEIGHT = 0.5
# A broader thesaurus term ("behaviour that challenges" for "hit staff"), searched only when the
# concept's own terms and its narrower ones find too little.
BROADER_WEIGHT = 0.4
CORRECTION_WEIGHT = 0.9
# Another word of the same family that the stemmer does not join to it ("excluded" and
# "exclusion", "autistic" and "autism", "anxious" and "anxiety"): `derived_forms`.
DERIVED_WEIGHT = 0.8
WEAK_WEIGHT = 0.25
# A phrase typed ("reading for pleasure") is also looked for as its words anywhere in a record,
# and when even that finds too little, as each of its words alone.
LOOSE_WEIGHT = 0.6
SPLIT_WEIGHT = 0.3

_stemmer = Stemmer.Stemmer("english")

# "can't read" is written "couldn't read", "doesn't read", "did not read": a negated verb is
# looked for after any of these, as the engines index them ("couldn't" is "couldn" and "t").
_NEGATIONS = [
    ("can", "not"), ("can", "t"), ("cannot",), ("could", "not"), ("couldn", "t"),
    ("will", "not"), ("won", "t"), ("would", "not"), ("wouldn", "t"), ("do", "not"),
    ("don", "t"), ("does", "not"), ("doesn", "t"), ("did", "not"), ("didn", "t"),
]  # fmt: skip
_NEGATION_STARTS = {form[0]: len(form) for form in _NEGATIONS}
# Pieces of those forms that the vocabulary never holds (it keeps words as unfolded).
NEGATION_PARTS = frozenset(word for form in _NEGATIONS for word in form) - {"not"}


@functools.lru_cache(maxsize=50_000)
def stem(word):
    """The Snowball (Porter 2) English stem of a lower-case word: what the engines index."""
    return _stemmer.stemWord(word)


WEAK_STEMS = frozenset(stem(word) for word in WEAK_WORDS)


SHORT_WORD = 2  # letters: a word this short that is no thesaurus term ("no", "up", "me")


def is_weak(word):
    """A word every write-up uses ("finds", "makes" as much as "find", "make"), a number, or
    a word of one or two letters: those that mean something in a search ("TA", "VI", "PE")
    are thesaurus terms and are read as such before this is asked; the rest ("no" of "no one",
    "up" of "set up") are small words that nearly every write-up has, whose rarity the
    vocabulary cannot count."""
    return (
        word.isdigit() or stem(word) in WEAK_STEMS or (word.isalpha() and len(word) <= SHORT_WORD)
    )


def unfold_contractions(text):
    """ "won't" -> "will not", "school's" -> "school": the words a searcher meant."""
    text = _BARE_NOT.sub(
        lambda m: ("can" if m.group(1).lower() == "ca" else m.group(1)) + " not",
        _BARE_WONT.sub("will not", _APOSTROPHES.sub("'", text or "")),
    )
    if "'" not in text:
        return text
    text = _IRREGULAR_NOT.sub(lambda m: _IRREGULAR[m.group(1).lower()] + " not", text)
    return _CLITIC.sub("", _NOT.sub(" not", text))


def words(text):
    """Lower-case words of a text, in order."""
    return [match.group(0).lower() for match in WORD.finditer(unfold_contractions(text))]


def stems(tokens):
    return tuple(stem(token) for token in tokens)


def document_stems(value):
    """The stems of a record's text, in order: fast (no contraction unfolding, which changes
    nothing that is searched for: "can't" is stop words either way)."""
    return _stemmer.stemWords(WORD.findall((value or "").lower()))


@dataclass
class TermGroup:
    """One concept the searcher asked for: any of its alternatives (each a phrase) will do.

    `weights` runs beside `alternatives`: 1.0 for what was typed and its equivalents, less for
    a narrower thesaurus term or a typo correction.
    """

    typed: str
    alternatives: list = field(default_factory=list)  # tuples of words
    weights: list = field(default_factory=list)
    correction: str = ""  # a vocabulary word the typed word probably meant
    weak: bool = False  # a word every write-up uses: weighs little, never matches alone
    loose: list = field(default_factory=list)  # tuples of words wanted anywhere, in any order
    held: list = field(default_factory=list)  # (phrase, weight): narrower terms, when widened
    held_broader: list = field(default_factory=list)  # (phrase, weight): broader terms, later
    parts: tuple = ()  # the content words of a phrase typed, each searched alone at the last
    shown: str = ""  # as typed, capitals kept ("SALT"), for "Did you mean"
    # Not typed: the entry the query's words together are about (`_soft_concept`)
    soft: bool = False
    # The stems of what was typed and of its equal terms, as parsed: not the narrower, broader
    # or single words added when a search widens. A record says the concept when it says one.
    terms: tuple = ()

    @property
    def parts_weight(self):
        """A phrase with one content word ("can't read") is mostly that word; a longer one
        ("reading for pleasure") is only partly any of its words."""
        return LOOSE_WEIGHT if len(self.parts) == 1 else SPLIT_WEIGHT

    def __post_init__(self):
        self.weights = list(self.weights) + [1.0] * (len(self.alternatives) - len(self.weights))

    @property
    def weight(self):
        return WEAK_WEIGHT if self.weak else 1.0

    def add(self, phrase, weight=1.0):
        """Add an alternative unless one with the same stems is there (keep the higher weight)."""
        phrase = tuple(phrase)
        if not phrase or all(word in STOPWORDS for word in phrase):
            return  # "IT" or "ME" would find every record that says "it" or "me"
        key = stems(phrase)
        for index, existing in enumerate(self.alternatives):
            if stems(existing) == key:
                self.weights[index] = max(self.weights[index], weight)
                return
        if len(self.alternatives) >= MAX_ALTERNATIVES:
            return
        self.alternatives.append(phrase)
        self.weights.append(weight)

    def all_words(self):
        return {word for phrase in self.alternatives + self.loose for word in phrase}

    def compact(self):
        """Drop phrases that a one-word alternative of at least their weight already finds
        ("poor attendance" beside "attendance"): the same records, a smaller query."""
        singles = {
            stems(phrase)[0]: weight
            for phrase, weight in zip(self.alternatives, self.weights, strict=True)
            if len(phrase) == 1
        }
        kept = [
            (phrase, weight)
            for index, (phrase, weight) in enumerate(
                zip(self.alternatives, self.weights, strict=True)
            )
            if index == 0
            or len(phrase) == 1
            or not any(singles.get(word_stem, -1) >= weight for word_stem in stems(phrase))
        ]
        self.alternatives = [phrase for phrase, _ in kept]
        self.weights = [weight for _, weight in kept]

    def stemmed(self):
        """[(stems of an alternative, its weight)], the form ranking and snippets compare."""
        return [
            (stems(phrase), weight)
            for phrase, weight in zip(self.alternatives, self.weights, strict=True)
        ]


@dataclass
class ParsedText:
    groups: list = field(default_factory=list)
    # How many retrieval concepts a record must match to be found. A search starts strict
    # (every concept of a short query, half of a long one) and the service relaxes it step by
    # step while that finds too little (`relax`), so a question keeps its answers and a big
    # network's search stays precise.
    minimum: int = 1
    widened: bool = False  # narrower thesaurus terms have joined their concepts
    broadened: bool = False  # broader thesaurus terms have joined their concepts
    split: bool = False  # a typed phrase's words have been added, each alone
    everything: bool = False  # weak words find records too
    thesaurus: dict = field(default_factory=dict, repr=False)

    def __bool__(self):
        return bool(self.groups)

    def strictest(self):
        count = len(self.retrieval_groups())
        return count if count <= 3 else math.ceil(count / 2)

    def relax(self):
        """One step less strict: fewer concepts, then narrower thesaurus terms, then a typed
        phrase's words each alone, then broader thesaurus terms ("behaviour that challenges" for
        "hit staff"), then common words. False when nothing is left to relax."""
        if self.minimum > 1:
            self.minimum = 1 if self.minimum <= 2 else math.ceil(self.minimum / 2)
            return True
        if not self.widened:
            self.widened = True
            before = sum(len(group.alternatives) for group in self.groups)
            for group in self.groups:
                for phrase, weight in group.held:
                    group.add(phrase, weight)
                group.held = []
                group.compact()
            trim(self.groups)
            if sum(len(group.alternatives) for group in self.groups) > before:
                return True
        if not self.split:
            self.split = True
            before = sum(len(group.alternatives) for group in self.groups)
            for group in self.retrieval_groups():
                for word in group.parts:
                    if not is_weak(word):
                        group.add((word,), group.parts_weight)
                        concept = self.thesaurus.get((stem(word),))
                        if concept is not None:
                            concept.expand(group, scale=group.parts_weight)
                group.compact()
            trim(self.groups)
            if sum(len(group.alternatives) for group in self.groups) > before:
                return True
        if not self.broadened:
            self.broadened = True
            before = sum(len(group.alternatives) for group in self.groups)
            for group in self.groups:
                for phrase, weight in group.held_broader:
                    group.add(phrase, weight)
                group.held_broader = []
                group.compact()
            trim(self.groups)
            if sum(len(group.alternatives) for group in self.groups) > before:
                return True
        if not self.everything and any(group.weak for group in self.groups):
            # Last: the common words find records too ("children who hit staff"), below the rest.
            self.everything = True
            return True
        return False

    def retrieval_groups(self):
        """The concepts a record must match at least one of to be found at all.

        Every concept is wanted and none is required; but a record that shares only "pupils"
        or "school" with a question is not an answer to it, so weak words count only when the
        query has nothing else. A concept the query's words were taken to be about (`soft`)
        orders what the words typed found, and finds nothing itself."""
        typed = [group for group in self.groups if not group.soft]
        strong = [group for group in typed if not group.weak]
        return typed if self.everything else (strong or typed)

    def highlight_words(self):
        """The words to mark in snippets: not the common ones ("pupils" of "autistic pupils")
        unless the query has nothing else."""
        found = {word for group in self.retrieval_groups() for word in group.all_words()}
        strong = {word for word in found if word not in STOPWORDS and not is_weak(word)}
        return strong or found

    def corrected(self, text):
        """`text` with each word typed wrong replaced by the word it was taken for
        ("autisum sensery overload": "autism sensory overload"), its other words as typed."""
        for group in self.groups:
            if group.correction and not group.soft:
                pattern = r"\W+".join(re.escape(word) for word in group.typed.split())
                text = re.sub(rf"\b{pattern}\b", group.correction, text, flags=re.IGNORECASE)
        return text

    def suggestion(self):
        """The query with each unknown word replaced by its correction, or ''."""
        if not any(group.correction for group in self.groups):
            return ""
        return " ".join(
            group.correction or group.shown or group.typed
            for group in self.groups
            if not group.soft
        )


def negation_variants(phrase):
    """The other ways of writing a phrase's negated verb ("can not read": "couldn't read",
    "does not read", ...), or [] when the phrase has none."""
    for index, word in enumerate(phrase):
        size = _NEGATION_STARTS.get(word)
        if size is None or tuple(phrase[index : index + size]) not in _NEGATIONS:
            continue
        rest = tuple(phrase[index + size :])
        if not rest or rest[0] in STOPWORDS:
            return []
        before = tuple(phrase[:index])
        return [before + form + rest for form in _NEGATIONS]
    return []


CONTENT_MARK = "~"  # begins a thesaurus key made of a phrase's content words (never a stem)
CAPITALS_MARK = "^"  # begins a thesaurus key of an abbreviation typed in capitals ("SALT")
THESAURUS_WORDS = ("#words",)  # the thesaurus's key for the words its terms are made of:
# The thesaurus's key for ({stem: {label: Concept}}, number of entries): the entries whose
# terms use each content word.
THESAURUS_BAGS = ("#bags",)
# The thesaurus's key for the length of its longest key: the most words a phrase looked up can
# have (worked out once a lookup, not on every search: the lookup has thousands of keys).
THESAURUS_LONGEST = ("#longest",)
# A query's words, two or more of them, that belong to one entry's terms say what it is about
# (`_soft_concept`): that entry, its terms at this weight, orders what the words typed found
# and finds nothing itself.
SOFT_MIN_WORDS = 2
SOFT_WEIGHT = 0.5
ALL_WORDS = "all"  # {ALL_WORDS: every word, (first letter, length): (words, ...)}


def _is_content(word):
    return word in PHRASE_WORDS or word not in STOPWORDS


def content_key(phrase):
    """A phrase's key by its content words ("not" counts), for phrases with small words
    between two or more of them; else None."""
    content = [word for word in phrase if _is_content(word)]
    if len(content) < 2 or len(content) == len(phrase):
        return None
    return (CONTENT_MARK, *stems(content))


def _content_match(tokens, token_stems, index, thesaurus, longest):
    """(concept, typed words) for the longest thesaurus phrase whose content words are those
    typed from `index` on, whatever small words lie between; else (None, ())."""
    if not _is_content(tokens[index]):
        return None, ()
    positions = [i for i in range(index, len(tokens)) if _is_content(tokens[i])][:longest]
    for size in range(len(positions), 1, -1):
        key = (CONTENT_MARK, *(token_stems[i] for i in positions[:size]))
        if key in thesaurus:
            return thesaurus[key], tuple(tokens[index : positions[size - 1] + 1])
    return None, ()


def _phrase_match(tokens, token_stems, index, thesaurus, longest):
    """(concept, typed words) for the longest thesaurus phrase typed from `index` on (word for
    word, else by its content words), or (None, ())."""
    for size in range(min(longest, len(tokens) - index), 0, -1):
        key = tuple(token_stems[index : index + size])
        if key in thesaurus and (size > 1 or _is_word_worth_searching(tokens[index])):
            return thesaurus[key], tuple(tokens[index : index + size])
    return _content_match(tokens, token_stems, index, thesaurus, longest)


class _Corrections:
    """The words typed, each unknown one replaced by its correction (asked for only when a
    phrase is looked for through it)."""

    def __init__(self, tokens, vocabulary, thesaurus_words):
        self.tokens = tokens
        self.vocabulary = vocabulary
        self.thesaurus_words = thesaurus_words
        self.fixed = {}
        self.checked = {}  # index: whether the word there may be typed wrong
        self.nearby = {}  # word typed wrong: the words near it

    def word(self, index):
        if index not in self.fixed:
            word = self.tokens[index]
            fixed = word
            if (
                self.vocabulary is not None
                and _is_word_worth_searching(word)
                and not word.isdigit()
                and word not in self.thesaurus_words.get(ALL_WORDS, ())
                and not self.vocabulary.known(word)
            ):
                fixed = _corrected(word, self.vocabulary, self.thesaurus_words) or word
            self.fixed[index] = fixed
        return self.fixed[index]

    def unknown(self, index):
        """Whether the word typed at `index` may be typed wrong: no thesaurus term uses it, and
        no record uses it as typed ("carees", though records say "care", which shares its
        stem: taken alone it is left as typed, but "young carees" is "young carers")."""
        if index not in self.checked:
            self.checked[index] = self._unknown(index)
        return self.checked[index]

    def _unknown(self, index):
        word = self.tokens[index]
        if (
            self.vocabulary is None
            or not _is_word_worth_searching(word)
            or not word.isalpha()
            or word in self.thesaurus_words.get(ALL_WORDS, ())
        ):
            return False
        if not self.vocabulary.known(word):
            return True
        used = getattr(self.vocabulary, "used", None)
        if used is None or len(word) < 4 or used(word):
            return False
        # "gates" where the records say "gate" is no typo: a regular form of a word they use.
        return not any(used(base) for base in regular_bases(word))

    def windows(self, index, longest):
        """The window from `index` as corrected, then with each word that may be typed wrong
        in it (`unknown`) taken for each other word as near it, nearest first ("vitual
        school": "visual" is the records' most used word near "vitual", "virtual" the one
        that makes a phrase). Nothing when no word of the window may be typed wrong."""
        end = min(len(self.tokens), index + longest * 2)
        wrong = [i for i in range(index, end) if self.unknown(i)]
        if not wrong:
            return
        default = tuple(self.word(i) for i in range(index, end))
        if default != tuple(self.tokens[index:end]):
            yield default
        for i in wrong:
            for candidate in self.near(self.tokens[i])[:PHRASE_CANDIDATES]:
                if candidate != default[i - index]:
                    yield default[: i - index] + (candidate,) + default[i - index + 1 :]

    def near(self, word):
        """Words of the records and of the thesaurus near a word typed wrong, nearest first;
        never another form of the word typed. Worked out once a search for each word."""
        if word not in self.nearby:
            self.nearby[word] = self._near(word)
        return self.nearby[word]

    def _near(self, word):
        all_words = self.thesaurus_words.get(ALL_WORDS, ())
        # A thesaurus word it is a spelling by sound of, then the records' words and the
        # thesaurus's one letter away, nearest first.
        found = [(0, term) for term in sound_variants(word) if term in all_words]
        near = getattr(self.vocabulary, "near", None)
        if near is not None:
            found += near(word)
        if len(word) >= 4:
            for size in (len(word), len(word) - 1, len(word) + 1):
                for term in self.thesaurus_words.get((word[0], size), ()):
                    if edit_distance(word, term, 1) <= 1:
                        found.append((1, term))
        ordered = []
        for _, term in sorted(found, key=lambda item: item[0]):  # stable: the more used first
            if term not in ordered and stem(term) != stem(word) and term not in STOPWORDS:
                ordered.append(term)
        return ordered


PHRASE_CANDIDATES = 8  # words near one typed wrong tried, to complete a thesaurus phrase


def regular_bases(word):
    """The words `word` may be a regular form of: "gates" of "gate", "boxes" of "box",
    "cared" of "care", "helped" and "helping" of "help", "caring" of "care"."""
    bases = []
    if word.endswith("es") and word[:-2].endswith(("s", "sh", "ch", "x", "z")):
        bases.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        bases.append(word[:-1])
    if word.endswith("ed"):
        bases += [word[:-2], word[:-1]]
    if word.endswith("ing"):
        bases += [word[:-3], word[:-3] + "e"]
    return [base for base in bases if len(base) >= 3]


# Endings that make another word of one family, which Snowball stems apart: (ending, the
# other word's ending), each way. Tried only for a word no record uses; a form no record uses
# either is dropped before the search (`ranking.prune`).
DERIVATIONS = (
    ("ded", "sion"), ("de", "sion"), ("sion", "ded"), ("sion", "de"),  # excluded, exclusion
    ("ene", "ention"), ("ened", "ention"), ("ention", "ene"),  # intervene, intervention
    ("istic", "ism"), ("ism", "istic"),  # autistic, autism
    ("xic", "xia"), ("xia", "xic"), ("ulic", "ulia"), ("ulia", "ulic"),  # dyslexic, dyslexia
    ("ious", "iety"), ("iety", "ious"),  # anxious, anxiety
    ("ent", "ence"), ("ence", "ent"), ("ant", "ance"), ("ance", "ant"),  # absent, absence
    ("gry", "ger"), ("ger", "gry"),  # angry, anger
    ("ist", "y"), ("y", "ist"),  # therapist, therapy
    ("ly", "liness"), ("liness", "ly"),  # lonely, loneliness
    ("ave", "aviour"), ("aviour", "ave"),  # behave, behaviour
)  # fmt: skip


def derived_forms(word):
    """Words of `word`'s family that its stem does not join ("excluded": "exclusion";
    "autistic": "autism"; "therapists": "therapy"), whether or not they are words at all:
    asked only for a word no record uses, and what no record uses is dropped."""
    found = []
    for base in [word, *regular_bases(word)]:
        for ending, other in DERIVATIONS:
            if base.endswith(ending) and len(base) - len(ending) >= 2:
                form = base[: -len(ending)] + other
                if stem(form) != stem(word) and form not in found:
                    found.append(form)
    return found


def _corrected(word, vocabulary, thesaurus_words=None):
    """The word the records use nearest a word typed wrong, or ''; with `thesaurus_words`
    (looking for a phrase only: the correction must complete one), else the word of a
    thesaurus term one letter away and no other ("freinds" is the "friends" of "no friends" on
    a network whose records never say "friends"). Never another form of the word typed
    ("hates" where the records say "hate" is no typo)."""
    found = vocabulary.correct(word)
    if not found and thesaurus_words and len(word) >= 4 and word.isalpha():
        sounded = sorted(set(sound_variants(word)) & thesaurus_words.get(ALL_WORDS, frozenset()))
        if len(sounded) == 1:
            return sounded[0]
        near = thesaurus_words.get((word[0], len(word)), ())
        near += thesaurus_words.get((word[0], len(word) - 1), ())
        near += thesaurus_words.get((word[0], len(word) + 1), ())
        found = nearest(word, ((term, 0) for term in near), limit=1, unique=True)
    return "" if not found or stem(found) == stem(word) else found


# ------ Words near a word typed wrong ------

# Spellings by sound: (as typed, as meant). "intervenshun" is "intervention", "fonics"
# "phonics", "skared" "scared", "ancksious" "anxious"; at a word's end only, "afta" is "after"
# and "olda" "older". Each is tried once, at one place in the word at a time.
SOUNDS = (
    ("shun", "tion"), ("shun", "sion"), ("cks", "x"), ("ks", "x"), ("f", "ph"), ("k", "c"),
    ("k", "ck"), ("z", "s"), ("ee", "ea"), ("i", "y"), ("or", "our"), ("u", "ou"),
)  # fmt: skip
SOUND_ENDINGS = (("a", "er"), ("a", "our"), ("ah", "er"))


def sound_variants(word):
    """The words `word` may be a spelling by sound of (`SOUNDS`), each one change away."""
    found = []
    for typed, meant in SOUNDS:
        start = word.find(typed)
        while start >= 0:
            found.append(word[:start] + meant + word[start + len(typed) :])
            start = word.find(typed, start + 1)
    for typed, meant in SOUND_ENDINGS:
        if word.endswith(typed) and len(word) > len(typed) + 1:
            found.append(word[: -len(typed)] + meant)
    return [variant for variant in dict.fromkeys(found) if variant != word]


AMBIGUOUS_LENGTH = 5  # letters: a word this short is corrected only to the one word near it


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


def correction_limit(word):
    return 1 if len(word) <= 5 else 2


def nearest(word, candidates, limit=None, unique=False):
    """The candidate (word, how used) nearest `word` within its edit distance (`limit`, else
    by its length), the more used first, or ''; with `unique`, '' when two are as near."""
    limit = correction_limit(word) if limit is None else limit
    found = []
    for candidate, records in candidates:
        if candidate in STOPWORDS or candidate[:1] != word[:1]:
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


def _is_word_worth_searching(word):
    return word not in STOPWORDS and (len(word) >= 2 or word.isdigit())


def parse(text, thesaurus=None, vocabulary=None):
    """Cut `text` into concepts, folding in the thesaurus and typo corrections.

    `thesaurus` maps a phrase's stems (a tuple) to a `thesaurus.Concept` (equivalent and
    narrower phrases); `vocabulary` is an object with `known(word)` and `correct(word)`.
    """
    as_typed = [
        m.group(0) for m in WORD.finditer(unfold_contractions(text[: MAX_QUERY_LENGTH * 2]))
    ]
    tokens = [token.lower() for token in as_typed]
    token_stems = [stem(token) for token in tokens]
    thesaurus = thesaurus or {}
    longest = thesaurus.get(THESAURUS_LONGEST) or max((len(key) for key in thesaurus), default=1)
    thesaurus_words = thesaurus.get(THESAURUS_WORDS, {})
    corrected = _Corrections(tokens, vocabulary, thesaurus_words)
    # Typed with caps lock on ("HOW DO WE RE ENGAGE"), capitals say nothing; abbreviations
    # typed together ("SALT EHCP", "AP KS3") are still abbreviations.
    shouting = (
        len(as_typed) > 1
        and all(token == token.upper() for token in as_typed)
        and any(
            token.lower() in STOPWORDS and (CAPITALS_MARK, token) not in thesaurus
            for token in as_typed
        )
    )
    groups = []
    seen = set()
    in_concepts = set()  # the stems of the words typed as thesaurus terms
    index = 0
    while index < len(tokens) and len(groups) < MAX_TERMS:
        concept, typed = _phrase_match(tokens, token_stems, index, thesaurus, longest)
        capitals = (
            not shouting and len(typed) <= 1 and (CAPITALS_MARK, as_typed[index]) in thesaurus
        )
        if capitals:
            # "SALT" typed in capitals is speech and language therapy; "salt" is salt.
            concept, typed = thesaurus[CAPITALS_MARK, as_typed[index]], (tokens[index],)
        correction = ""
        if thesaurus and not capitals:
            # A phrase typed with a word wrong ("no freinds", "speach and language", "sent home
            # for fgihting") is the phrase it was taken for, weighed as a correction, when it
            # is longer than any phrase found as typed.
            reach = len(typed) if concept is not None else 1
            for window in corrected.windows(index, longest):
                found, fixed = _phrase_match(
                    window, [stem(word) for word in window], 0, thesaurus, longest
                )
                if (
                    found is not None
                    and len(fixed) > reach
                    and tuple(tokens[index : index + len(fixed)]) != fixed
                ):
                    concept, typed = found, tuple(tokens[index : index + len(fixed)])
                    correction = " ".join(fixed)
                    reach = len(fixed)
        if concept is not None:
            index += len(typed)
            if ("concept", concept.label) not in seen:
                seen.add(("concept", concept.label))
                seen.update(stems(typed))
                in_concepts.update(stems(typed))
                # "RE" typed in capitals is religious education, never the "re" of "we're".
                first = typed
                if all(w in STOPWORDS for w in typed):
                    first = next(
                        (p for p in concept.equal if not all(w in STOPWORDS for w in p)), None
                    )
                    if first is None:
                        continue
                group = TermGroup(" ".join(typed), [first])
                group.shown = " ".join(as_typed[index - len(typed) : index])
                if correction:
                    group.correction = correction
                    group.add(tuple(correction.split()), CORRECTION_WEIGHT)
                concept.expand(group, scale=CORRECTION_WEIGHT if correction else 1.0)
                if capitals and first == typed:
                    # A record's "salt" may be the word: what it means weighs more.
                    group.weights[0] = NARROWER_WEIGHT
                for phrase, weight in list(zip(group.alternatives, group.weights, strict=True)):
                    for variant in negation_variants(phrase):
                        group.add(variant, weight)
                meant = tuple(correction.split()) if correction else typed
                content = tuple(word for word in meant if _is_word_worth_searching(word))
                if len(content) > 1:
                    group.loose.append(content)
                if len(typed) > 1:
                    group.parts = content
                groups.append(group)
            continue
        word, word_stem = tokens[index], token_stems[index]
        index += 1
        if not _is_word_worth_searching(word) or word_stem in seen:
            continue
        seen.add(word_stem)
        group = TermGroup(word, [(word,)], weak=is_weak(word), shown=as_typed[index - 1])
        if (
            vocabulary is not None
            and not word.isdigit()
            and word not in thesaurus_words.get(ALL_WORDS, ())
            and not vocabulary.known(word)
        ):
            # A word no record uses, in any form: another word of its family may be the
            # records' ("violent": "violence"), and else it may be a word typed wrong.
            if not group.weak:
                for form in derived_forms(word):
                    concept = thesaurus.get((stem(form),))
                    if concept is not None:
                        concept.expand(group, scale=DERIVED_WEIGHT)
                    else:
                        group.add((form,), DERIVED_WEIGHT)
            correction = _corrected(word, vocabulary)
            if correction:
                group.correction = correction
                group.add((correction,), CORRECTION_WEIGHT)
                # "approches" is "approaches": a word every write-up uses, weighed as one.
                group.weak = group.weak or is_weak(correction)
                concept = thesaurus.get((stem(correction),))
                if concept is not None:
                    concept.expand(group, scale=CORRECTION_WEIGHT)
        groups.append(group)
    soft = _soft_concept(tokens, thesaurus, seen, in_concepts)
    if soft is not None and len(groups) < MAX_TERMS:
        groups.append(soft)
    if not groups and tokens:
        # Only function words ("how do we"): search what was typed, as weak words, rather than
        # answer with everything.
        for word in dict.fromkeys(tokens):
            if len(word) >= 2 or word.isdigit():
                groups.append(TermGroup(word, [(word,)], weak=True))
        groups = groups[:MAX_TERMS]
    for group in groups:
        group.compact()
    trim(groups)
    for group in groups:
        group.terms = tuple(stems(phrase) for phrase in group.alternatives)
    parsed = ParsedText(groups=groups, thesaurus=thesaurus)
    parsed.minimum = parsed.strictest()
    return parsed


def _soft_concept(tokens, thesaurus, seen, in_concepts):
    """The thesaurus entry that two or more of the query's words belong to, most specifically,
    as a concept of its own at `SOFT_WEIGHT`: "crying and scared every morning about school"
    is about school avoidance, whose terms say "crying before school" and "scared to go to
    school", though none was typed. None when that entry was typed, or none is shared so."""
    bags, total = thesaurus.get(THESAURUS_BAGS, ({}, 1))
    content = {
        stem(word)
        for word in tokens
        if word not in STOPWORDS and not is_weak(word) and word.isalpha() and len(word) >= 3
    }
    if content <= in_concepts:
        return None  # every word was typed as a term of the thesaurus: it is what was meant
    scores = {}
    shared = {}
    for word_stem in sorted(content):  # summed in one order, so every process ranks alike
        entries = bags.get(word_stem, {})
        for label, concept in entries.items():
            # A word few entries use says more about which one the query is about.
            scores[label] = scores.get(label, 0.0) + math.log(total / len(entries))
            shared.setdefault(label, (concept, set()))[1].add(word_stem)
    ranked = sorted(
        (label for label in scores if len(shared[label][1]) >= SOFT_MIN_WORDS),
        key=lambda label: (-scores[label], label),
    )
    if not ranked or ("concept", ranked[0]) in seen:
        return None
    group = TermGroup(ranked[0], soft=True)
    shared[ranked[0]][0].expand(group, scale=SOFT_WEIGHT)
    return group


def trim(groups):
    """Keep the whole query within MAX_QUERY_ALTERNATIVES, dropping the lightest alternatives
    of the biggest concepts first (what was typed always stays)."""
    while sum(len(group.alternatives) for group in groups) > MAX_QUERY_ALTERNATIVES:
        group = max(groups, key=lambda group: len(group.alternatives))
        lightest = min(range(1, len(group.alternatives)), key=lambda i: (group.weights[i], -i))
        del group.alternatives[lightest]
        del group.weights[lightest]


def highlight(text, marked_words, length=32):
    """An HTML snippet of `text` around the first marked word, everything else escaped."""
    tokens = re.split(r"( )", " ".join((text or "").split()))
    marked = {stem(word) for word in marked_words}
    pieces = []
    first_hit = None
    for position, token in enumerate(tokens):
        core = WORD.search(token)
        if core and not token.isspace() and stem(core.group(0).lower()) in marked:
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


# An engine marks the words it matched with these (characters no write-up uses); `dress` turns
# its fragment into the page's HTML, so every engine's snippet is escaped the same way.
OPEN_MARK, CLOSE_MARK = "\ue000", "\ue001"
_MARKED = re.compile(f"{OPEN_MARK}([^{OPEN_MARK}{CLOSE_MARK}]*){CLOSE_MARK}")


def dress(fragment, source):
    """An engine's fragment of `source` as HTML: everything escaped, the marked words in
    <mark>, "…" where the source goes on before or after it; "" when nothing is marked."""
    fragment = " ".join((fragment or "").split())
    if OPEN_MARK not in fragment:
        return ""
    plain = fragment.replace(OPEN_MARK, "").replace(CLOSE_MARK, "")
    whole = " ".join((source or "").split())
    escaped = html.escape(fragment)
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    # A mark left unpaired (or typed into the source) is dropped, never shown.
    marked = marked.replace(OPEN_MARK, "").replace(CLOSE_MARK, "").replace("<mark></mark>", "")
    if "<mark>" not in marked:
        return ""
    prefix = "" if whole.startswith(plain) else "… "
    suffix = "" if whole.endswith(plain) else " …"
    return prefix + marked + suffix
