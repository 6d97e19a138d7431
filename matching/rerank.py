"""The re-ranking stage: named component scores, their weighted combination, and the reasons.

Components, each in [0, 1]:
  text           the retrieval score: BM25 (saturated term frequency, length-normalised, so a
                 500-character 经营范围 that mentions everything scores below a short text that
                 says exactly the need), divided by the most the need's query can score, in [0, 1]
  title          IDF-weighted coverage of the need's *canonical* title (each synonym term
                 replaced by its group token, so PCB, 线路板 and printed circuit board are one
                 term; model numbers such as M8 or 6061-T6 are whole tokens) by the candidate
  category       GB/T 4754 code agreement (1 same branch, 0.6 same 中类, 0.3 same 大类, 0 other)
  certification  share of the need's required certifications the supplier holds
  locality       same county 1 > home region > near area > home province > elsewhere 0
The base score is the weighted mean of the first four (category and certification only count when
the need states them); locality then scales it: score = base * (1 - w_loc * (1 - locality)). So a
local supplier wins among comparable ones, but one more than w_loc better from afar stays ahead.
`components` reports each part's share of the final score (they sum to it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.config import Locality, MatchConfig, region_contains
from matching.labels import (
    certification_label,
    industry_name,
    region_catalog,
    region_name,
    short_region_name,
)
from matching.normalize import RUNS, WORDS, one_char_products
from matching.records import MatchResult
from matching.words import GENERIC, cut


@dataclass(frozen=True, slots=True)
class DocView:
    """What re-ranking needs of a need or a supplier, normalised once at index time."""

    id: str
    title: str  # need: normalised title; supplier: its name as given
    text: str  # normalised full text (need: title + description; supplier: name + capabilities)
    category: str  # digits of the GB/T 4754 code, "" unknown
    region: str
    certifications: frozenset[str]
    title_tokens: tuple[str, ...] = ()  # need: canonical title tokens (synonyms as group tokens)


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: DocView
    score: float
    raw: dict[str, float]  # component values in [0, 1]
    weights: dict[str, float]  # the weights that applied to this pair
    locality_kind: str

    @property
    def components(self) -> dict[str, float]:
        """Each component's share of the score; they sum to it."""
        lam = self.weights.get("locality", 0.0)
        parts = {k: w for k, w in self.weights.items() if k != "locality"}
        total = sum(parts.values())
        base = sum(w * self.raw[k] for k, w in parts.items()) / total
        out = {k: (1 - lam) * w * self.raw[k] / total for k, w in parts.items()}
        out["locality"] = lam * self.raw["locality"] * base
        uncalibrated = sum(out.values())
        if uncalibrated > 0 and uncalibrated != self.score:  # see MatchConfig.score_exponent
            factor = self.score / uncalibrated
            out = {k: v * factor for k, v in out.items()}
        return out


@cache
def category_agreement(need: str, supplier: str) -> float | None:
    """1 when one code lies within the other, else by the shared prefix; None if need unknown."""
    if not need:
        return None
    if not supplier:
        return -1.0  # unknown: the caller substitutes MatchConfig.unknown_category
    if supplier.startswith(need) or need.startswith(supplier):
        return 1.0
    common = 0
    for a, b in zip(need, supplier, strict=False):
        if a != b:
            break
        common += 1
    return {3: 0.6, 2: 0.3}.get(common, 0.0)


def locality_kind(anchor: str, region: str, locality: Locality) -> str:
    """same county > home region > near area > home province > elsewhere (or unknown).

    Uses the region catalog (`catalogs.regions`) when it loads, so a county-level city directly
    under its province (仙桃 429004) and a home region given at any level are placed by the real
    hierarchy; bare code prefixes otherwise.
    """
    return _locality_kind(anchor, region, locality.home_region, locality.near_regions)


@lru_cache(maxsize=65_536)
def _locality_kind(anchor: str, region: str, home: str, near: tuple[str, ...]) -> str:
    if not region:
        return "unknown"
    within = _within_function()
    if anchor and region == anchor and _is_county(anchor):
        return "county"
    if home and within(region, home):
        return "home"
    if any(within(region, code) for code in near):
        return "near"
    province = _province(home or anchor)
    if province and _province(region) == province:
        return "province"
    return "elsewhere"


def _within_function() -> Callable[[str, str], bool]:
    catalog = region_catalog()
    if catalog is None:
        return lambda code, outer: region_contains(outer, code)

    def within(code: str, outer: str) -> bool:
        if catalog.exists(code) and catalog.exists(outer):
            return bool(catalog.is_within(code, outer))
        return region_contains(outer, code)

    return within


def _is_county(code: str) -> bool:
    catalog = region_catalog()
    region = catalog.get(code) if catalog is not None else None
    if region is not None:
        return int(region.level) >= 3
    return len(code) == 6 and not code.endswith("00")


def _province(code: str) -> str:
    catalog = region_catalog()
    region = catalog.province_of(code) if catalog is not None and code else None
    if region is not None:
        return str(region.code)[:2]
    return code[:2]


def _level(kind: str, config: MatchConfig) -> float:
    return {
        "county": config.level_same_county,
        "home": config.level_home,
        "near": config.level_near,
        "province": config.level_province,
    }.get(kind, config.level_elsewhere)


def score_pool(
    needs: Sequence[DocView],
    suppliers: Sequence[DocView],
    text: npt.NDArray[np.floating[Any]],
    title: npt.NDArray[np.floating[Any]],
    *,
    anchor: str,
    candidates_are_suppliers: bool,
    config: MatchConfig,
    locality: Locality,
    top: int,
    factor_kinds: Sequence[str] | None = None,
) -> list[Scored]:
    """Score one query's pool of aligned (need, supplier) pairs and keep the `top` best.

    `text` is the retrieval score, `title` the title coverage, both in [0, 1]; `anchor` is the
    region locality is described from. `factor_kinds`, when given, are the locality kinds that
    scale the score (the supplier seen from the need, so a pair scores the same both ways);
    by default the described ones. Sorting is by score, then candidate id.
    """
    n = len(needs)
    if not n:
        return []
    candidates = suppliers if candidates_are_suppliers else needs
    text = np.clip(np.asarray(text, dtype=np.float64), 0.0, 1.0)
    title = np.clip(np.asarray(title, dtype=np.float64), 0.0, 1.0)
    w_text, w_title = config.weight_text, config.weight_title
    num = w_text * text + w_title * title
    den = np.full(n, w_text + w_title)
    cat = np.zeros(n)
    w_cat = np.zeros(n)
    if config.weight_category > 0:
        for i, (need, supplier) in enumerate(zip(needs, suppliers, strict=True)):
            if need.category:
                value = category_agreement(need.category, supplier.category)
                cat[i] = config.unknown_category if value is None or value < 0 else value
                w_cat[i] = config.weight_category
    cert = np.zeros(n)
    w_cert = np.zeros(n)
    if config.weight_certification > 0:
        for i, (need, supplier) in enumerate(zip(needs, suppliers, strict=True)):
            if need.certifications:
                held = len(need.certifications & supplier.certifications)
                cert[i] = held / len(need.certifications)
                w_cert[i] = config.weight_certification
    num += w_cat * cat + w_cert * cert
    den += w_cat + w_cert
    kinds = [locality_kind(anchor, c.region, locality) for c in candidates]
    level = np.array([_level(k, config) for k in (factor_kinds or kinds)])
    lam = config.weight_locality
    score = np.clip(num / den * (1.0 - lam + lam * level), 0.0, 1.0)
    if config.score_exponent != 1.0:
        score = score**config.score_exponent
    keep: list[int] = np.flatnonzero(score >= config.min_score).tolist()
    keep.sort(key=lambda i: (-score[i], candidates[i].id))
    out: list[Scored] = []
    for i in keep[:top]:
        raw = {"text": float(text[i]), "title": float(title[i])}
        weights = {"text": w_text, "title": w_title}
        if w_cat[i]:
            raw["category"], weights["category"] = float(cat[i]), float(w_cat[i])
        if w_cert[i]:
            raw["certification"], weights["certification"] = float(cert[i]), float(w_cert[i])
        raw["locality"], weights["locality"] = float(level[i]), lam
        out.append(Scored(candidates[i], float(score[i]), raw, weights, kinds[i]))
    return out


# -- reasons ---------------------------------------------------------------------------------
class SharedPhrases:
    """A need's words, prepared once per query; `against(text)` lists the phrases a text shares.

    The need's Chinese runs are cut into whole words (`matching.words`); a phrase is the longest
    sequence of consecutive words that the other text contains (铝合金压铸件 vs 铝合金压铸 gives
    铝合金, never the fragment 铝合金压铸). A phrase made only of generic words (生产, 加工, 万件)
    or of uninformative ones is not shown, nor is a lone character unless it names a product (铝).
    Letter/digit words match as whole words or in their joined form (EN-EL10 = ENEL10; M8 never
    matches M80); synonym pairs come last, named as such (`PCB ≈ 线路板（同义）`).

    >>> p = SharedPhrases("pcb 双面板 m8", informative=lambda t: True, synonyms={0: "pcb"})
    >>> p.against("线路板 双面板打样 m80", {0: "线路板"}, limit=6)
    ('双面板', 'PCB ≈ 线路板（同义）')
    """

    def __init__(
        self, need_text: str, *, informative: Callable[[str], bool], synonyms: Mapping[int, str]
    ) -> None:
        self.runs: list[tuple[str, ...]] = []
        words: list[str] = []
        for run in RUNS.findall(need_text):
            if "\u3400" <= run[0] <= "\u9fff":
                if any(informative(run[i : i + 2]) for i in range(len(run) - 1)) or (
                    run in one_char_products()
                ):
                    self.runs.append(cut(run))
            elif informative(run) and not (run.isdigit() and len(run) < 3):
                words.append(run)
        self.words = list(dict.fromkeys(words))
        self.informative = informative
        self.synonyms = synonyms

    def against(
        self, other: str, other_synonyms: Mapping[int, str], *, limit: int
    ) -> tuple[str, ...]:
        terms: list[str] = []
        for words in self.runs:
            terms.extend(
                "".join(p) for p in _shared_phrases(words, other) if self._worth_showing(p)
            )
        if self.words:
            other_words = set(WORDS.findall(other))
            joined = {_joined(w) for w in other_words}
            terms.extend(
                _display(w) for w in self.words if w in other_words or _joined(w) in joined
            )
        for group, mine in self.synonyms.items():
            their = other_synonyms.get(group)
            if their is not None and mine != their:
                terms.append(f"{_display(mine)} ≈ {_display(their)}（同义）")
        unique = list(dict.fromkeys(terms))
        unique = [t for t in unique if not any(t != u and t in u for u in unique)]
        return tuple(unique[:limit])

    def _worth_showing(self, words: tuple[str, ...]) -> bool:
        phrase = "".join(words)
        if all(w in GENERIC for w in words):
            return False
        if len(phrase) == 1:
            return phrase in one_char_products()
        if len(words) == 1 and len(phrase) == 2:
            return self.informative(phrase)
        return any(self.informative(phrase[i : i + 2]) for i in range(len(phrase) - 1))


def _shared_phrases(words: Sequence[str], other: str) -> list[tuple[str, ...]]:
    """Longest runs of consecutive words whose concatenation the other text contains.

    Only words the other text contains can start or extend a phrase, so most words cost one
    substring test.
    """
    present = [w in other for w in words]
    out: list[tuple[str, ...]] = []
    i, n = 0, len(words)
    while i < n:
        if not present[i]:
            i += 1
            continue
        end = i + 1
        while end < n and end - i < 8 and present[end]:
            end += 1
        for j in range(end, i + 1, -1):  # longest first; a single word is known to match
            if "".join(words[i:j]) in other:
                break
        else:
            j = i + 1
        out.append(tuple(words[i:j]))
        i = j
    return out


def _joined(word: str) -> str:
    return word.replace("-", "").replace("/", "")


def matched_terms(
    need: DocView,
    supplier: DocView,
    *,
    informative: Callable[[str], bool],
    need_synonyms: Mapping[int, str],
    supplier_synonyms: Mapping[int, str],
    limit: int,
) -> tuple[str, ...]:
    """Phrases of the need found in the supplier's text, then synonym pairs."""
    phrases = SharedPhrases(need.text, informative=informative, synonyms=need_synonyms)
    return phrases.against(supplier.text, supplier_synonyms, limit=limit)


def _display(term: str) -> str:
    """Upper-case abbreviations and model numbers as catalogues write them (PCB, M8, 6061-T6).

    An abbreviation is a word of at most three letters or one the synonym lexicon writes in
    capitals (PCBA, IATF); other words stay as written.

    >>> [_display(t) for t in ("pcb", "pcba", "m8", "6061-t6", "wire", "alloy", "die casting")]
    ['PCB', 'PCBA', 'M8', '6061-T6', 'wire', 'alloy', 'die casting']
    """
    if not term.isascii() or " " in term or not any(c.isalpha() for c in term):
        return term
    if any(c.isdigit() for c in term) or len(term) <= 3 or term in _capitalised_terms():
        return term.upper()
    return term


@cache
def _capitalised_terms() -> frozenset[str]:
    try:
        from catalogs.synonyms import load_synonyms
    except ImportError:
        return frozenset()
    terms = (t for group in load_synonyms().groups for t in group.terms)
    return frozenset(t.casefold() for t in terms if t.isascii() and t.isupper())


def reasons(
    scored: Scored,
    need: DocView,
    supplier: DocView,
    terms: Sequence[str],
    *,
    noun: str,
    home_region: str = "",
) -> tuple[str, ...]:
    """Short Chinese sentences: matched terms, category, certifications, locality.

    `noun` names the candidate: "企业" when a chain owner reads suppliers for a need, "需求" when a
    supplier reads needs; the sentences are worded for that reader.
    """
    for_supplier = noun != "企业"  # the reader is the supplier
    out: list[str] = []
    if terms:
        out.append("匹配：" + "、".join(terms))
    cat = scored.raw.get("category")
    if cat is not None:
        out.append(_category_reason(need.category, supplier.category, cat, for_supplier))
    for code in sorted(need.certifications):
        label = certification_label(code)
        held = code in supplier.certifications
        if for_supplier:
            out.append(f"要求 {label} 认证（{'已具备' if held else '尚未具备'}）")
        else:
            out.append(f"具备 {label} 认证" if held else f"缺少 {label} 认证")
    out.append(_locality_reason(scored.locality_kind, scored.candidate.region, noun, home_region))
    return tuple(out)


@lru_cache(maxsize=4096)
def _category_reason(
    need_code: str, other_code: str, agreement: float, for_supplier: bool = False
) -> str:
    if not other_code:
        return "本企业未填写行业类别" if for_supplier else "企业未填写行业类别"
    if agreement >= 1.0:
        code = min(need_code, other_code, key=len)
        return f"同属 {code} {industry_name(code)}"
    if agreement > 0:
        common = need_code[: 3 if agreement >= 0.6 else 2]
        return f"行业相近（同属 {common} {industry_name(common)}）"
    return "行业类别不同"


@cache
def _home_word(home_region: str) -> str:
    """本省 / 本市 / 本县 for a home region given at province, city or county level."""
    catalog = region_catalog()
    region = catalog.get(home_region) if catalog is not None and home_region else None
    if region is not None:
        level = int(region.level)
    elif home_region.endswith("0000"):
        level = 1
    else:
        level = 2 if home_region.endswith("00") or not home_region else 3
    return {1: "本省", 2: "本市"}.get(level, "本地")


@lru_cache(maxsize=65_536)
def _locality_reason(kind: str, region: str, noun: str, home_region: str = "") -> str:
    if kind == "unknown":
        return f"{noun}所在地区未知"
    if kind == "county":
        return f"本县{noun}（{short_region_name(region)}）"
    if kind == "home":
        return f"{_home_word(home_region)}{noun}（{short_region_name(region)}）"
    label = {"near": "近地", "province": "省内", "elsewhere": "外地"}[kind]
    return f"{label}{noun}（{region_name(region)}）"


def to_results(
    query_id: str,
    ranked: Sequence[Scored],
    all_terms: Sequence[tuple[str, ...]],
    all_reasons: Sequence[tuple[str, ...]],
) -> list[MatchResult]:
    return [
        MatchResult(
            query_id=query_id,
            candidate_id=s.candidate.id,
            rank=i,
            score=round(s.score, 6),
            components={k: round(v, 6) for k, v in s.components.items()},
            matched_terms=terms,
            reasons=why,
        )
        for i, (s, terms, why) in enumerate(zip(ranked, all_terms, all_reasons, strict=True), 1)
    ]


__all__ = ["DocView", "Scored", "SharedPhrases", "matched_terms", "reasons", "score_pool"]
