"""Text normalisation and tokens for Chinese industrial text (no spaces assumed).

`normalize` is the one processor used everywhere in `matching`: NFKC (full-width letters and digits
become half-width), case folding, diameter signs unified to `φ`, punctuation to spaces, whitespace
collapsed. Model numbers and units stay intact: `M8`, `Φ20`, `0.5mm`, `6061-T6`, `5%`.

`tokenize` yields character n-grams for runs of Chinese characters, word tokens for runs of
letters and digits (plus the parts of a hyphenated model number), and one token per synonym group
found in the text (see `matching.synonyms`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3007"
# Punctuation to blank out: underscore; `.`, `/`, `-` unless between two letters/digits; `%`
# unless after a digit; any other character that is neither a letter, a digit nor whitespace.
_PUNCT = re.compile(r"[^\w\s./\-%]+|_+")
_CONTEXT_PUNCT = re.compile(r"[./\-](?![^\W_])|(?<![^\W_])[./\-]|(?<!\d)%")
_SPACES = re.compile(r"\s+")
_DIAMETER = str.maketrans({"∅": "φ", "⌀": "φ", "ø": "φ", "Ø": "φ", "ф": "φ", "Ф": "φ"})
_HAS_DIAMETER = re.compile("[∅⌀øØфФ]")
RUNS = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:[./\-%][^\W_{_CJK}]*)*")
CJK_RUNS = re.compile(rf"[{_CJK}]+")
WORDS = re.compile(rf"[^\W_{_CJK}]+(?:[./\-%][^\W_{_CJK}]*)*")
_PARTS = re.compile(r"[-/]")
SYNONYM_PREFIX = "~"
# English function words: rare among mostly-Chinese texts, so TF-IDF would weigh "and" or "for"
# as if they named a product.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "the",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "per",
        "is",
        "are",
        "be",
        "been",
        "we",
        "our",
        "us",
        "you",
        "your",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "all",
        "any",
        "other",
        "etc",
        "such",
        "can",
        "will",
        "shall",
        "may",
        "must",
    ]
)


def _nfkc(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):  # a cheap quick-check first
        return text
    return unicodedata.normalize("NFKC", text)


def _fold(text: str) -> str:
    folded = _nfkc(text)
    if _HAS_DIAMETER.search(folded):
        folded = folded.translate(_DIAMETER)
    folded = folded.casefold()
    for _ in range(3):  # NFKC and case folding can undo each other in rare scripts
        again = _nfkc(folded).casefold()
        if again == folded:
            break
        folded = again
    return folded


def normalize(text: str) -> str:
    """Normalise text for matching; idempotent.

    Examples
    --------
    >>> normalize("Ｍ８ 螺栓，Φ２０ 6061-T6 ０.５ｍｍ")
    'm8 螺栓 φ20 6061-t6 0.5mm'
    """
    text = _PUNCT.sub(" ", _fold(text))
    if "." in text or "-" in text or "/" in text or "%" in text:
        text = _CONTEXT_PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_cjk(text: str) -> bool:
    return bool(text) and "\u3400" <= text[0] <= "\u9fff"


def char_ngrams(run: str, lo: int, hi: int) -> list[str]:
    """Character n-grams of one Chinese run; a run shorter than `lo` is kept whole."""
    size = len(run)
    if size <= lo:
        return [run]
    if lo == hi == 2:  # the common case, kept cheap
        return [run[i : i + 2] for i in range(size - 1)]
    out: list[str] = []
    for n in range(lo, min(hi, size) + 1):
        out.extend(run[i : i + n] for i in range(size - n + 1))
    return out


def word_tokens(word: str) -> list[str]:
    """A letter/digit token plus, for `6061-t6` or `a/b`, its parts."""
    if "-" in word or "/" in word:
        return [word, *(p for p in _PARTS.split(word) if p)]
    return [word]


def base_tokens(norm: str, ngram_range: tuple[int, int] = (2, 2)) -> list[str]:
    """Tokens of normalised text, without synonyms: Chinese n-grams, then word tokens."""
    lo, hi = ngram_range
    runs = CJK_RUNS.findall(norm)
    if lo == hi == 2:  # the common case, kept cheap: no call per run
        out = [r[i : i + 2] for r in runs for i in range(len(r) - 1)]
        out.extend(r for r in runs if len(r) == 1)
    else:
        out = [g for r in runs for g in char_ngrams(r, lo, hi)]
    for word in WORDS.findall(norm):
        if "-" in word or "/" in word:
            out.extend(word_tokens(word))
        elif word not in STOP_WORDS:
            out.append(word)
    return out


def tokenize(text: str, *, ngram_range: tuple[int, int] = (2, 2)) -> list[str]:
    """Tokens of raw text (normalised here), without synonym expansion.

    Examples
    --------
    >>> tokenize("铝合金压铸件 6061-T6")
    ['铝合', '合金', '金压', '压铸', '铸件', '6061-t6', '6061', 't6']
    """
    return base_tokens(normalize(text), ngram_range)


def join_terms(terms: Iterable[str]) -> str:
    return "、".join(terms)
