"""Matching configuration as data: every weight, range, pool size, threshold and the refit rule.

`MatchConfig` round-trips to JSON so the service can record it with the index version, and so an
ablation can switch a part off (`use_synonyms=False`, or a weight of 0).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from catalogs.regions import is_within


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """All the knobs of the engine, with defaults tuned on the development split.

    Examples
    --------
    >>> cfg = MatchConfig(weight_locality=0.0)
    >>> MatchConfig.from_json(cfg.to_json()) == cfg
    True
    >>> MatchConfig.from_json('{"weight_fuzzy": 0.2}').weight_title  # a stored old name
    0.2
    """

    # -- tokens -------------------------------------------------------------------------------
    use_synonyms: bool = True  # add one shared token per synonym group found (index and query)
    ngram_min: int = 2  # Chinese character n-grams; a lone Chinese character is kept as a unigram
    ngram_max: int = 2
    one_char_products: bool = True  # 铝, 铜, 漆 ... as tokens wherever they appear (铝锭 too)
    code_forms: bool = True  # model numbers joined (ENEL10 = EN-EL10), standard numbers as words
    english_stems: bool = True  # English words without plural/-ing/-ed (valves = valve)
    title_repeat: int = 2  # "tfidf" weighting only: the title counts this many times in the query
    # field weights ("bm25" weighting): a need's title counts 1, words only in its description
    # (often a category breadcrumb) this much; a supplier's name against its products likewise
    weight_description: float = 0.5
    weight_supplier_name: float = 0.5
    # term frequency factor of segment boilerplate (分部, 贸易 ...); measured 0.1-0.3 on the real
    # dev sets: no gain (they hold no segment lists), so off until a set with hubs says otherwise
    weight_segment_words: float = 1.0
    strip_boilerplate: bool = True  # blank procurement frames (年需求量, 技术要求 ...) from needs

    # -- retrieval -----------------------------------------------------------------------------
    # "bm25": saturated, length-normalised term weights (a long generic list of business
    # segments no longer tops unrelated needs); "tfidf": the earlier cosine
    weighting: str = "bm25"
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    sublinear_tf: bool = True
    max_df: float = 0.08  # drop n-grams in more than this share of documents (公司, 有限, 生产 ...)
    max_df_min_docs: int = 2000  # ... but only once the corpus is this large
    max_query_terms: int = 40  # keep the query's highest-weighted terms only
    pool_size: int = 40  # candidates handed to re-ranking, per query
    batch_chunk: int = 128  # queries between two progress callbacks in a batch

    # -- re-ranking weights (the base score is their weighted mean) --------------------------
    weight_text: float = 0.55  # TF-IDF cosine
    # the "title" component: cosine of the need's canonical title (synonyms as group tokens)
    # with the candidate (stored configurations call it by its old name, weight_fuzzy)
    weight_title: float = 0.12
    weight_category: float = 0.1  # GB/T 4754 code-prefix agreement (only when the need has one)
    weight_certification: float = 0.25  # share of required certifications held (only when required)
    unknown_category: float = 0.3  # agreement assumed when the candidate's category is unknown

    # -- locality: score = base * (1 - weight_locality * (1 - level)) ------------------------
    weight_locality: float = 0.12  # at most this share of the score; 0 switches locality off
    level_same_county: float = 1.0
    level_home: float = 0.75
    level_near: float = 0.5
    level_province: float = 0.25
    level_elsewhere: float = 0.0

    # -- results ------------------------------------------------------------------------------
    # calibration: the reported score is score ** score_exponent (monotone, so no ranking
    # changes). 0.5 on the real dev sets (text only, no category or region): a top-10 result at
    # >= 0.35 ("qualified") is relevant with precision 0.60-0.93 per set, >= 0.2 keeps 82-97 % of
    # the relevant top-10 results (`bench/match_ablation.py --calibration`)
    score_exponent: float = 0.5
    min_score: float = 0.0  # results below this (calibrated) score are dropped
    max_terms_shown: int = 6

    # -- incremental updates and the refit rule ----------------------------------------------
    auto_refit: bool = True
    refit_fraction: float = 0.05  # refit once changes since the fit exceed this share of it ...
    refit_oov_share: float = 0.3  # ... or once this share of the changed documents' tokens
    refit_oov_min_changes: int = 20  # are unknown to the vocabulary, over at least this many
    # changes (and at least 1% of the fitted documents) -- any number below this size:
    refit_small_index: int = 2000  # refitting fewer documents costs well under a second

    def __post_init__(self) -> None:
        if not 1 <= self.ngram_min <= self.ngram_max <= 4:
            raise ValueError("ngram range must satisfy 1 <= ngram_min <= ngram_max <= 4")
        if self.pool_size < 1 or self.batch_chunk < 1 or self.max_query_terms < 1:
            raise ValueError("pool_size, batch_chunk and max_query_terms must be positive")
        weights = (self.weight_text, self.weight_title, self.weight_category)
        if min(*weights, self.weight_certification, self.weight_locality) < 0:
            raise ValueError("weights must not be negative")
        if not 0 < self.score_exponent <= 1:
            raise ValueError("score_exponent must be in (0, 1]")
        if self.weight_locality > 1:
            raise ValueError("weight_locality must be in [0, 1]")
        if self.weighting not in ("bm25", "tfidf"):
            raise ValueError("weighting must be 'bm25' or 'tfidf'")
        if not 0 <= self.bm25_b <= 1 or self.bm25_k1 < 0:
            raise ValueError("bm25_b must be in [0, 1] and bm25_k1 not negative")
        if min(self.weight_description, self.weight_supplier_name) < 0:
            raise ValueError("field weights must not be negative")
        if self.weight_text + self.weight_title <= 0:
            raise ValueError("weight_text + weight_title must be positive")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, data: str | dict[str, Any]) -> MatchConfig:
        values = json.loads(data) if isinstance(data, str) else dict(data)
        for old, new in _RENAMED.items():  # the new name wins when both are given
            if old in values:
                values.setdefault(new, values.pop(old))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown MatchConfig fields: {', '.join(unknown)}")
        return cls(**values)


_RENAMED = {"weight_fuzzy": "weight_title"}  # old field name -> its name now


@dataclass(frozen=True, slots=True)
class Locality:
    """The deployment's home region and near area, as GB/T 2260 codes.

    Preference: same county as the query > home region > near area > home province > elsewhere,
    by code prefix (province PP0000, city PPCC00, county PPCCXX).
    """

    home_region: str = ""
    near_regions: tuple[str, ...] = ()


def region_contains(outer: str, code: str) -> bool:
    """True when region `code` lies within region `outer` (`catalogs.regions.is_within`).

    >>> region_contains("421200", "421202"), region_contains("420000", "421202")
    (True, True)
    >>> region_contains("421202", "421200")
    False
    """
    return is_within(code, outer)
