"""Industrial chains (产业链 / 产业集群) deployed by the chain-leader system (链长制).

Three chain sets, one JSON file each under ``catalogs/data/chains/``:

- ``xianning``: 咸宁市's 9 industrial clusters of its 2026–2030 plan (seeds/004), with the chain
  owners the plan names; the plan sets no supporting-rate target, so ``target_rate`` is None;
- ``xiangyang``: 襄阳市's 13 chains of its 2021–2023 action plan (seeds/002), target near-area
  supporting rate (近地配套率) about 40 %;
- ``hubei``: the province's 8 emerging industries of 鄂政发〔2023〕8号 (seeds/000).

Segments (上中下游 nodes) are derived from each plan's text and general industry knowledge.
Every load validates region codes and GB/T 4754 industry codes against the other catalogs.

>>> [c.code for c in load_chains("xianning")][:2]
['xn-metallurgy', 'xn-electronics']
>>> get_chain("xy-auto").target_rate
0.4
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from catalogs.industries import load_industries
from catalogs.regions import DATA_DIR, CatalogError, load_regions

__all__ = [
    "CHAIN_SETS",
    "STAGES",
    "Chain",
    "ChainSet",
    "Segment",
    "chain_set_for_region",
    "get_chain",
    "get_chain_set",
    "load_chains",
]

Stage = Literal["上游", "中游", "下游"]
STAGES: tuple[Stage, ...] = ("上游", "中游", "下游")
CHAIN_SETS: tuple[str, ...] = ("xianning", "xiangyang", "hubei")


@dataclass(frozen=True, slots=True)
class Segment:
    """One node of a chain; ``stage`` is 上游, 中游 or 下游."""

    code: str
    name: str
    stage: Stage


@dataclass(frozen=True, slots=True)
class Chain:
    """A chain as its plan defines it.

    ``owners`` are the short firm names the plan gives (链主企业, e.g. 金盛兰); ``leader`` and
    ``lead_department`` are None where the plan does not name them; ``target_rate`` is the
    supporting-rate target as a fraction, or None when the plan sets none; ``industries`` are
    GB/T 4754-2017 codes typical for the chain's suppliers.
    """

    code: str
    name: str
    chain_set: str
    region_code: str
    segments: tuple[Segment, ...]
    owners: tuple[str, ...]
    leader: str | None
    lead_department: str | None
    target_rate: float | None
    industries: tuple[str, ...]
    description: str

    def segment(self, code: str) -> Segment | None:
        """The segment with this code, or None."""
        return next((s for s in self.segments if s.code == code), None)


@dataclass(frozen=True, slots=True)
class ChainSet:
    """One plan's set of chains."""

    code: str
    title: str
    source: str
    region_code: str
    chains: tuple[Chain, ...]


def load_chains(chain_set: str | None = None) -> tuple[Chain, ...]:
    """The chains of one set, in the plan's order, or of every set (``None``).

    Raises KeyError (Chinese message) for an unknown set and CatalogError for invalid data.
    """
    if chain_set is None:
        return _all_chains()
    return get_chain_set(chain_set).chains


def get_chain(code: str) -> Chain | None:
    """The chain with this code (``xn-metallurgy``, ``xy-auto``, ``hb-ai``), or None."""
    return _chains_by_code().get(code.strip())


def get_chain_set(chain_set: str) -> ChainSet:
    """One chain set with its title and source; KeyError for an unknown set."""
    if chain_set not in CHAIN_SETS:
        raise KeyError(f"未知的产业链集合：{chain_set}（可选：{'、'.join(CHAIN_SETS)}）")
    return _load_set(chain_set)


def chain_set_for_region(home_code: str) -> str | None:
    """The chain set of the smallest plan region containing ``home_code``.

    咸安区 421202 → ``xianning``, 襄阳 420600 → ``xiangyang``, 武汉 420100 → ``hubei``;
    None outside Hubei or for an unknown code.
    """
    regions = load_regions()
    best: tuple[int, str] | None = None
    for code in CHAIN_SETS:
        region = regions.get(get_chain_set(code).region_code)
        if region is None or not regions.is_within(home_code, region.code):
            continue
        if best is None or region.level > best[0]:
            best = (region.level, code)
    return best[1] if best else None


@cache
def _all_chains() -> tuple[Chain, ...]:
    return tuple(chain for code in CHAIN_SETS for chain in _load_set(code).chains)


@cache
def _chains_by_code() -> Mapping[str, Chain]:
    by_code: dict[str, Chain] = {}
    for chain in _all_chains():
        if chain.code in by_code:
            raise CatalogError(f"产业链代码重复：{chain.code}")
        by_code[chain.code] = chain
    return by_code


@cache
def _load_set(chain_set: str) -> ChainSet:
    text = (DATA_DIR / "chains" / f"{chain_set}.json").read_text(encoding="utf-8")
    return parse_chain_set(json.loads(text), expected_code=chain_set)


def parse_chain_set(data: Mapping[str, Any], *, expected_code: str | None = None) -> ChainSet:
    """Validate one chain-set document (the JSON structure of ``data/chains/*.json``)."""
    code = _text(data, "chain_set", "产业链集合")
    where = f"产业链集合 {code}"
    if expected_code is not None and code != expected_code:
        raise CatalogError(f"{where}：文件应为 {expected_code}")
    region_code = _text(data, "region_code", where)
    _check_region(region_code, where)
    raw_chains = data.get("chains")
    if not isinstance(raw_chains, list) or not raw_chains:
        raise CatalogError(f"{where}：chains 应为非空列表")
    chains = tuple(_parse_chain(c, code, region_code) for c in raw_chains)
    _check_unique([c.code for c in chains], f"{where}：产业链代码重复")
    _check_unique([s.code for c in chains for s in c.segments], f"{where}：环节代码重复")
    return ChainSet(
        code=code,
        title=_text(data, "title", where),
        source=_text(data, "source", where),
        region_code=region_code,
        chains=chains,
    )


def _parse_chain(raw: Any, chain_set: str, default_region: str) -> Chain:
    if not isinstance(raw, Mapping):
        raise CatalogError(f"产业链集合 {chain_set}：每条产业链应为对象")
    code = _text(raw, "code", f"产业链集合 {chain_set}")
    where = f"产业链 {code}"
    region_code = raw.get("region_code") or default_region
    _check_region(region_code, where)
    segments = tuple(_parse_segment(s, where) for s in _list(raw, "segments", where))
    if not segments:
        raise CatalogError(f"{where}：至少需要一个环节")
    industries = tuple(str(i) for i in _list(raw, "industries", where))
    catalog = load_industries()
    unknown = [i for i in industries if not catalog.exists(i)]
    if unknown:
        raise CatalogError(f"{where}：行业代码不存在：{'、'.join(unknown)}")
    return Chain(
        code=code,
        name=_text(raw, "name", where),
        chain_set=chain_set,
        region_code=region_code,
        segments=segments,
        owners=tuple(str(o) for o in _list(raw, "owners", where)),
        leader=_optional_text(raw, "leader", where),
        lead_department=_optional_text(raw, "lead_department", where),
        target_rate=_rate(raw.get("target_rate"), where),
        industries=industries,
        description=_text(raw, "description", where),
    )


def _parse_segment(raw: Any, where: str) -> Segment:
    if not isinstance(raw, Mapping):
        raise CatalogError(f"{where}：环节应为对象")
    stage = raw.get("stage")
    if stage not in STAGES:
        raise CatalogError(f"{where}：环节阶段应为上游、中游或下游，实际为 {stage!r}")
    return Segment(code=_text(raw, "code", where), name=_text(raw, "name", where), stage=stage)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}：缺少 {key}")
    return value.strip()


def _optional_text(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise CatalogError(f"{where}：{key} 应为文本或 null")
    return value.strip() or None


def _list(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise CatalogError(f"{where}：{key} 应为列表")
    return value


def _rate(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise CatalogError(f"{where}：target_rate 应为0到1之间的小数或 null，实际为 {value!r}")
    return float(value)


def _check_region(code: Any, where: str) -> None:
    if not isinstance(code, str) or not load_regions().exists(code):
        raise CatalogError(f"{where}：行政区划代码不存在：{code!r}")


def _check_unique(codes: list[str], message: str) -> None:
    duplicates = sorted(code for code, n in Counter(codes).items() if n > 1)
    if duplicates:
        raise CatalogError(f"{message}：{'、'.join(duplicates)}")
