"""Text normalisation and tokens for Chinese industrial text (no spaces assumed).

`normalize` is the one processor used everywhere in `matching`: NFKC (full-width letters and digits
become half-width), case folding, diameter signs unified to `φ`, punctuation to spaces, whitespace
collapsed. Model numbers and units stay intact: `M8`, `Φ20`, `0.5mm`, `6061-T6`, `5%`.

`tokenize` yields character n-grams for runs of Chinese characters, the one-character product
names (铝, 铜, 漆 ...) wherever they appear, word tokens for runs of letters and digits, and canonical
forms of codes: a hyphenated or slashed model number also as its parts and joined (EN-EL10 gives
`en-el10`, `en`, `el10`, `enel10`, so ENEL10 matches it), a standard number as one word (GB/T 5783,
GB/T5783-2000 and GBT5783 all give `gbt5783`); `normalize` writes a dimension's times sign as `x`
(M8×30, M8*30 and M8 x 30 are `m8x30`). Synonym groups are added by `matching.synonyms`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3007"
# Punctuation to blank out: underscore; `.`, `/`, `-` unless between two letters/digits; `%`
# unless after a digit; any other character that is neither a letter, a digit nor whitespace.
_PUNCT = re.compile(r"[^\w\s./\-%]+|_+")
_CONTEXT_PUNCT = re.compile(r"[./\-](?![^\W_])|(?<![^\W_])[./\-]|(?<!\d)%")
_SPACES = re.compile(r"\s+")
# a times sign between a number and a letter/digit (M8×30, 2*3, 20 x 30) is the letter x
_TIMES = re.compile(
    r"(?<=\d)\s*[×✕✖*]\s*(?=[0-9a-z])|(?<=[0-9a-z])\s*[×✕✖*]\s*(?=\d)|(?<=\d) x (?=\d)"
)
_HAS_TIMES = re.compile(r"[×✕✖*]| x ")
# Chinese and common international standard numbers: GB/T 5783, GB 5783, JB/T 7940.1, ISO 9001
_STANDARD = re.compile(
    r"(?<![0-9a-z])(gb|gbt|jb|hg|qc|yy|sh|sj|nb|gjb|iso|iec|din|jis|astm)"
    r"(?:/([tz]))?\s*[/ ]?\s*(\d{3,6}(?:\.\d+)?)(?![0-9a-z])"
)
_DIAMETER = str.maketrans({"∅": "φ", "⌀": "φ", "ø": "φ", "Ø": "φ", "ф": "φ", "Ф": "φ"})
_HAS_DIAMETER = re.compile("[∅⌀øØфФ]")
RUNS = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:[./\-%][^\W_{_CJK}]*)*")
CJK_RUNS = re.compile(rf"[{_CJK}]+")
WORDS = re.compile(rf"[^\W_{_CJK}]+(?:[./\-%][^\W_{_CJK}]*)*")
_PARTS = re.compile(r"[-/]")
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
    >>> normalize("Ｍ８ 螺栓，Φ２０ 6061-T6 ０.５ｍｍ M8×30")
    'm8 螺栓 φ20 6061-t6 0.5mm m8x30'
    """
    text = _fold(text)
    if _HAS_TIMES.search(text):
        text = _TIMES.sub("x", text)
    text = _PUNCT.sub(" ", text)
    if "." in text or "-" in text or "/" in text or "%" in text:
        text = _CONTEXT_PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


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
    """A letter/digit token plus, for `en-el10` or `a/b`, its parts and the parts joined.

    >>> word_tokens("en-el10")
    ['en-el10', 'en', 'el10', 'enel10']
    """
    if "-" in word or "/" in word:
        parts = [p for p in _PARTS.split(word) if p]
        return [word, *parts, "".join(parts)]
    return [word]


def standard_numbers(norm: str) -> list[str]:
    """Standard numbers written with a slash or a space, as one word (`gb/t 5783` -> `gbt5783`).

    >>> standard_numbers("gb/t 5783-2000 螺栓 jb/t 7940.1 iso 9001")
    ['gbt5783', 'jbt7940.1', 'iso9001']
    """
    return [
        f"{m.group(1)}{m.group(2) or ''}{m.group(3)}"
        for m in _STANDARD.finditer(norm)
        if m.group(2) or not m.group(0)[len(m.group(1)) :].isdigit()  # a plain gbt5783 is a word
    ]


@cache
def one_char_products() -> frozenset[str]:
    """Products named by one Chinese character (铝, 铜, 漆 ...), from `data/one_char_products.txt`."""
    path = Path(__file__).with_name("data") / "one_char_products.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(c for line in lines if not line.startswith("#") for c in line.split())


@cache
def _one_char_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(one_char_products())) + "]")


def stem(word: str) -> str:
    """An English word without its plural or -ing/-ed ending (a light stemmer: enough for
    `valves` = `valve`, `batteries` = `battery`, `castings` = `casting` = `cast`).

    >>> [stem(w) for w in ("valves", "batteries", "glasses", "castings", "moulded", "bus", "steel")]
    ['valve', 'battery', 'glass', 'cast', 'mould', 'bus', 'steel']
    """
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def base_tokens(
    norm: str,
    ngram_range: tuple[int, int] = (2, 2),
    *,
    codes: bool = True,
    unigrams: bool = True,
    stems: bool = False,
) -> list[str]:
    """Tokens of normalised text, without synonyms: Chinese n-grams, one-character products,
    then word tokens (with `codes`, model numbers' joined forms and standard numbers)."""
    lo, hi = ngram_range
    runs = CJK_RUNS.findall(norm)
    if lo == hi == 2:  # the common case, kept cheap: no call per run
        out = [r[i : i + 2] for r in runs for i in range(len(r) - 1)]
        if unigrams:
            products = one_char_products()
            out.extend(r for r in runs if len(r) == 1 and r not in products)
            out.extend(_one_char_pattern().findall(norm))
        else:
            out.extend(r for r in runs if len(r) == 1)
    else:
        out = [g for r in runs for g in char_ngrams(r, lo, hi)]
        if unigrams and lo > 1:
            out.extend(c for r in runs if len(r) > 1 for c in _one_char_pattern().findall(r))
    for word in WORDS.findall(norm):
        if "-" in word or "/" in word:
            out.extend(word_tokens(word) if codes else [word, *_PARTS.split(word)])
        elif word not in STOP_WORDS:
            out.append(stem(word) if stems and len(word) > 3 and word.isalpha() else word)
    if codes and ("/" in norm or " " in norm):
        out.extend(standard_numbers(norm))
    return out


def tokenize(text: str, *, ngram_range: tuple[int, int] = (2, 2)) -> list[str]:
    """Tokens of raw text (normalised here), without synonym expansion.

    Examples
    --------
    >>> tokenize("铝合金压铸件 6061-T6")
    ['铝合', '合金', '金压', '压铸', '铸件', '铝', '6061-t6', '6061', 't6', '6061t6']
    """
    return base_tokens(normalize(text), ngram_range)
