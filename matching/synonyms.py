"""Find the synonym groups of `catalogs.synonyms` in normalised text, fast enough for indexing.

Single letter/digit terms (`pcb`, `cnc`) are looked up in a dict over word tokens; Chinese terms
are found by walking each Chinese run once with a dict keyed by a term's first two characters
(longest match first, no overlaps, so 压力铸造 does not also count as 铸造) -- a regular expression
of 1,000 alternatives costs ~30 µs per text, this walk a few; multi-word or mixed terms
(`die casting`, `3d打印`) use one alternation bounded by letters and digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from catalogs.synonyms import SynonymLexicon, load_synonyms
from matching.normalize import RUNS, WORDS, normalize, word_tokens


class SynonymHit(NamedTuple):
    """One synonym term found in a text (a named tuple: built by the thousand at index time)."""

    group: int
    surface: str  # the normalised term as found in the text
    start: int = -1  # its span in the text; -1 when it is only part of a hyphenated word
    end: int = -1


class SynonymMatcher:
    """Compiled synonym groups: `find(norm)` returns the groups present in normalised text.

    Examples
    --------
    >>> m = SynonymMatcher.from_lexicon()
    >>> a = {h.group for h in m.find(normalize("PCB 打样"))}
    >>> b = {h.group for h in m.find(normalize("线路板加工"))}
    >>> bool(a & b)
    True
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.canonical: tuple[str, ...] = tuple(normalize(g[0]) for g in groups)
        self.term_group: dict[str, int] = {}
        for index, group in enumerate(groups):
            for term in group:
                norm = normalize(term)
                if norm:
                    self.term_group.setdefault(norm, index)
        self._words: dict[str, int] = {}
        self._by_bigram: dict[str, list[str]] = {}
        self._by_first_run: dict[str, list[str]] = {}  # multi-word or mixed, by first run
        for term, group_index in self.term_group.items():
            if _all_cjk(term):
                if len(term) >= 2:
                    self._by_bigram.setdefault(term[:2], []).append(term)
            elif RUNS.fullmatch(term) and not _has_cjk(term):
                self._words[term] = group_index
            else:
                first = RUNS.match(term)
                if first is not None:
                    self._by_first_run.setdefault(first.group(0), []).append(term)
        self._first_chars = frozenset(key[0] for key in self._by_bigram)
        for table in (self._by_bigram, self._by_first_run):
            for terms in table.values():
                terms.sort(key=len, reverse=True)  # longest match first

    @classmethod
    def from_lexicon(cls, lexicon: SynonymLexicon | None = None) -> SynonymMatcher:
        lex = lexicon if lexicon is not None else load_synonyms()
        return cls([g.terms for g in lex.groups])

    def find(self, norm: str) -> list[SynonymHit]:
        """Groups found in normalised text, one hit per occurrence, longest term first."""
        hits = self._scan_cjk(norm)
        skip_until = 0
        for match in WORDS.finditer(norm):
            if match.start() < skip_until:
                continue
            run = match.group(0)
            longer = self._by_first_run.get(run)
            if longer is not None:
                end = self._match_mixed(norm, match.start(), longer, hits)
                if end:
                    skip_until = end
                    continue
            group = self._word_group(run)
            if group is not None:
                hits.append(SynonymHit(group, run, match.start(), match.end()))
                continue
            for word in word_tokens(run)[1:]:
                group = self._words.get(word)
                if group is not None:
                    hits.append(SynonymHit(group, word))
        return hits

    def _word_group(self, word: str) -> int | None:
        """The group of a letter/digit word, also through an English plural (bearings, valves,
        batteries, gauzes)."""
        group = self._words.get(word)
        if group is not None or len(word) < 4 or not word.endswith("s") or not word.isalpha():
            return group
        for singular in (word[:-1], word[:-2] if word.endswith("es") else "", _ies(word)):
            if singular and (group := self._words.get(singular)) is not None:
                return group
        return None

    def _match_mixed(self, norm: str, start: int, terms: list[str], hits: list[SynonymHit]) -> int:
        for term in terms:
            if not norm.startswith(term, start):
                continue
            end = start + len(term)
            if term[-1].isalpha() and term.isascii():  # "wire harnesses", "die castings"
                for suffix in ("es", "s"):
                    if norm.startswith(suffix, end) and not _latin_at(norm, end + len(suffix)):
                        end += len(suffix)
                        break
            if not (_latin_at(norm, end) and _is_latin(term[-1])):
                hits.append(SynonymHit(self.term_group[term], term, start, end))
                return end
        return 0

    def _scan_cjk(self, norm: str) -> list[SynonymHit]:
        """Chinese terms: one pass over the whole text (their first two characters are Chinese,
        so a window across a space or a Latin letter never matches a key)."""
        by_bigram, first = self._by_bigram, self._first_chars
        starts = [i for i, ch in enumerate(norm) if ch in first and norm[i : i + 2] in by_bigram]
        hits: list[SynonymHit] = []
        end = 0
        for i in starts:
            if i < end:
                continue
            for term in by_bigram[norm[i : i + 2]]:
                if norm.startswith(term, i):
                    end = i + len(term)
                    hits.append(SynonymHit(self.term_group[term], term, i, end))
                    break
        return hits

    def canonicalize(self, norm: str) -> tuple[str, list[str]]:
        """The text with each synonym term blanked out, and one `~canonical` token per group.

        Scoring the blanked text's n-grams plus the group tokens compares `PCB` and `线路板` as
        the same term, without the surface n-grams of either counting on their own.

        >>> m = SynonymMatcher.from_lexicon()
        >>> m.canonicalize(normalize("线路板厂家"))
        (' 厂家', ['~印制电路板'])
        """
        hits = self.find(norm)
        if not hits:
            return norm, []
        pieces: list[str] = []
        at = 0
        for hit in sorted((h for h in hits if h.start >= 0), key=lambda h: h.start):
            if hit.start >= at:
                pieces.append(norm[at : hit.start])
                at = hit.end
        pieces.append(norm[at:])
        names = self.canonical
        return " ".join(pieces), list(dict.fromkeys("~" + names[h.group] for h in hits))

    def tokens(self, norm: str) -> list[str]:
        """One `~canonical` token per group occurrence."""
        names = self.canonical
        return ["~" + names[h.group] for h in self.find(norm)]


def _ies(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else ""


def _latin_at(text: str, at: int) -> bool:
    return at < len(text) and _is_latin(text[at])


def _is_latin(ch: str) -> bool:
    return ch.isalnum() and not ("\u3400" <= ch <= "\u9fff")


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _all_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" or ch == "\u3007" for ch in text)
