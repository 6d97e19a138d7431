"""The re-ranking stage: named component scores, their weighted combination, and the reasons.

Components, each in [0, 1]:
  text           TF-IDF cosine from retrieval
  title          rapidfuzz partial ratio of the need's title inside the supplier's text
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

from rapidfuzz import fuzz

from matching.config import Locality, MatchConfig, region_contains
from matching.labels import certification_label, industry_name, region_name, short_region_name
from matching.normalize import RUNS
from matching.records import MatchResult


@dataclass(frozen=True, slots=True)
class DocView:
    """What re-ranking needs of a need or a supplier, normalised once at index time."""

    id: str
    title: str  # need: normalised title; supplier: normalised name
    text: str  # normalised full text (need: title + description; supplier: name + capabilities)
    category: str  # digits of the GB/T 4754 code, "" unknown
    region: str
    certifications: frozenset[str]


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
        return out


def fuzzy_ratio(needle: str, haystack: str) -> float:
    """rapidfuzz 0-100 to 0-1, in one place."""
    return fuzz.partial_ratio(needle, haystack) / 100.0


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
    if not region:
        return "unknown"
    if anchor and region == anchor and not anchor.endswith("00"):
        return "county"
    if locality.home_region and region_contains(locality.home_region, region):
        return "home"
    if any(region_contains(near, region) for near in locality.near_regions):
        return "near"
    province = (locality.home_region or anchor)[:2]
    if province and region[:2] == province:
        return "province"
    return "elsewhere"


def _level(kind: str, config: MatchConfig) -> float:
    return {
        "county": config.level_same_county,
        "home": config.level_home,
        "near": config.level_near,
        "province": config.level_province,
    }.get(kind, config.level_elsewhere)


def score_pairs(
    needs: Sequence[DocView],
    suppliers: Sequence[DocView],
    text_scores: Sequence[float],
    *,
    anchors: Sequence[str],
    candidates_are_suppliers: bool,
    config: MatchConfig,
    locality: Locality,
) -> list[Scored]:
    """Score aligned (need, supplier) pairs; `anchors` are the regions locality is measured from."""
    if config.weight_fuzzy > 0:
        fuzzy = [fuzzy_ratio(n.title, s.text) for n, s in zip(needs, suppliers, strict=True)]
    else:
        fuzzy = [0.0] * len(needs)
    lam = config.weight_locality
    kinds: dict[tuple[str, str], str] = {}
    out: list[Scored] = []
    for need, supplier, text, fz, anchor in zip(
        needs, suppliers, text_scores, fuzzy, anchors, strict=True
    ):
        text = min(max(text, 0.0), 1.0)
        raw = {"text": text, "title": fz}
        weights = {"text": config.weight_text, "title": config.weight_fuzzy}
        num = config.weight_text * text + config.weight_fuzzy * fz
        den = config.weight_text + config.weight_fuzzy
        if need.category and config.weight_category > 0:
            cat = category_agreement(need.category, supplier.category)
            value = config.unknown_category if cat is None or cat < 0 else cat
            raw["category"] = value
            weights["category"] = config.weight_category
            num += config.weight_category * value
            den += config.weight_category
        if need.certifications and config.weight_certification > 0:
            value = len(need.certifications & supplier.certifications) / len(need.certifications)
            raw["certification"] = value
            weights["certification"] = config.weight_certification
            num += config.weight_certification * value
            den += config.weight_certification
        candidate = supplier if candidates_are_suppliers else need
        key = (anchor, candidate.region)
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = locality_kind(anchor, candidate.region, locality)
        level = _level(kind, config)
        raw["locality"] = level
        weights["locality"] = lam
        score = (num / den) * (1.0 - lam + lam * level)
        out.append(Scored(candidate, min(max(score, 0.0), 1.0), raw, weights, kind))
    return out


def rank(scored: list[Scored], *, top: int, min_score: float) -> list[Scored]:
    kept = [s for s in scored if s.score >= min_score]
    kept.sort(key=lambda s: (-s.score, s.candidate.id))
    return kept[:top]


# -- reasons ---------------------------------------------------------------------------------
def matched_terms(
    need: DocView,
    supplier: DocView,
    *,
    informative: Callable[[str], bool],
    need_synonyms: Mapping[int, str],
    supplier_synonyms: Mapping[int, str],
    limit: int,
) -> tuple[str, ...]:
    """Phrases of the need found in the supplier's text, then synonym pairs (`PCB=线路板`)."""
    terms: list[str] = []
    other = supplier.text
    other_words: set[str] | None = None
    for run in RUNS.findall(need.text):
        if "\u3400" <= run[0] <= "\u9fff":
            terms.extend(_shared_spans(run, other, informative))
        else:
            if other_words is None:
                other_words = set(RUNS.findall(other))
            if run in other_words and informative(run) and not (run.isdigit() and len(run) < 3):
                terms.append(_display(run))
    for group, mine in need_synonyms.items():
        their = supplier_synonyms.get(group)
        if their is not None and mine != their:
            terms.append(f"{_display(mine)}={_display(their)}")
    unique = list(dict.fromkeys(terms))
    unique = [t for t in unique if not any(t != u and t in u for u in unique)]
    return tuple(unique[:limit])


def _shared_spans(run: str, other: str, informative: Callable[[str], bool]) -> list[str]:
    spans: list[str] = []
    start = -1
    end = -1
    for i in range(len(run) - 1):
        gram = run[i : i + 2]
        if gram in other and informative(gram):
            if start < 0 or i > end - 1:
                if start >= 0:
                    spans.append(run[start:end])
                start = i
            end = i + 2
    if start >= 0:
        spans.append(run[start:end])
    return spans


def _display(term: str) -> str:
    return term.upper() if term.isascii() and term.isalpha() and len(term) <= 6 else term


def reasons(
    scored: Scored,
    need: DocView,
    supplier: DocView,
    terms: Sequence[str],
    *,
    noun: str,
) -> tuple[str, ...]:
    """Short Chinese sentences: matched terms, category, certifications, locality."""
    out: list[str] = []
    if terms:
        out.append("匹配：" + "、".join(terms))
    cat = scored.raw.get("category")
    if cat is not None:
        out.append(_category_reason(need.category, supplier.category, cat))
    for code in sorted(need.certifications):
        label = certification_label(code)
        held = code in supplier.certifications
        out.append(f"具备 {label} 认证" if held else f"缺少 {label} 认证")
    out.append(_locality_reason(scored.locality_kind, scored.candidate.region, noun))
    return tuple(out)


def _category_reason(need_code: str, other_code: str, agreement: float) -> str:
    if not other_code:
        return "对方行业类别未知"
    if agreement >= 1.0:
        code = max(need_code, other_code, key=len)
        return f"行业类别一致（{industry_name(code)}）"
    if agreement > 0:
        common = need_code[: 3 if agreement >= 0.6 else 2]
        return f"行业相近（{industry_name(common)}）"
    return "行业类别不同"


def _locality_reason(kind: str, region: str, noun: str) -> str:
    if kind == "unknown":
        return f"{noun}所在地区未知"
    if kind == "county":
        return f"本县{noun}（{short_region_name(region)}）"
    if kind == "home":
        return f"本市{noun}（{short_region_name(region)}）"
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


__all__ = ["DocView", "Scored", "score_pairs", "rank", "matched_terms", "reasons"]
