"""Synonyms and abbreviations of industrial terms (印制电路板 = 线路板 = PCB), Chinese and English.

The lexicon lives in `catalogs/data/synonyms.txt`: one group per line, terms separated by `=`,
`#` starts a comment. The first term of a group is its canonical name. A term may belong to one
group only (compared after NFKC, case folding and whitespace collapsing), so expansion is
unambiguous. The matcher (`matching`) applies the groups at index and at query time.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).parent / "data" / "synonyms.txt"


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    canonical: str
    terms: tuple[str, ...]  # canonical first
    line: int


@dataclass(frozen=True, slots=True)
class SynonymLexicon:
    groups: tuple[SynonymGroup, ...]
    version: str  # sha256 prefix of the file, recorded with the index

    def __len__(self) -> int:
        return len(self.groups)


def _key(term: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", term).casefold().split())


def parse_synonyms(text: str) -> tuple[SynonymGroup, ...]:
    """Parse the lexicon text; raise ValueError naming the line of a malformed group."""
    groups: list[SynonymGroup] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        terms = tuple(dict.fromkeys(t.strip() for t in line.split("=") if t.strip()))
        if len(terms) < 2:
            raise ValueError(f"line {number}: 同义词组至少需要两个词：{raw.strip()}")
        for term in terms:
            key = _key(term)
            if key in seen:
                raise ValueError(f"line {number}: 词“{term}”已在第 {seen[key]} 行的同义词组中")
            seen[key] = number
        groups.append(SynonymGroup(canonical=terms[0], terms=terms, line=number))
    return tuple(groups)


@lru_cache(maxsize=4)
def load_synonyms(path: str | Path = DEFAULT_PATH) -> SynonymLexicon:
    """Load and validate the lexicon (cached per path).

    >>> lex = load_synonyms()
    >>> len(lex) >= 300
    True
    """
    data = Path(path).read_bytes()
    version = hashlib.sha256(data).hexdigest()[:12]
    return SynonymLexicon(groups=parse_synonyms(data.decode("utf-8")), version=version)
