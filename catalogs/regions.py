"""GB/T 2260 administrative divisions (county level and above) and the near areas built on them.

The catalog is read from ``catalogs/data/regions.csv`` (MCA list as of 2024-12-31) on first use
and cached; nothing is read at import. A code is *within* a region by the GB/T 2260 code
hierarchy (``is_within``): a province ``PP0000`` holds every ``PPxxxx``, a prefecture ``PPCC00``
every ``PPCCxx``, a county only itself. Over this catalog the rule gives exactly its parent links
(county-level units directly under a province such as 仙桃 429004, and municipalities' districts,
included; ``tests/catalogs/test_regions.py`` checks every pair), and it needs no lookup, so the
engine and the ledger report use it on bare codes. This module is the one home of containment,
of the SQL prefix that selects a region's codes, and of region display names.

>>> regions = load_regions()
>>> regions.full_name("421202")
'湖北省咸宁市咸安区'
>>> regions.is_within("421202", "420000")
True
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "NEAR_AREAS",
    "CatalogError",
    "Region",
    "RegionCatalog",
    "default_near_area",
    "is_within",
    "is_within_any",
    "load_regions",
    "locality",
    "region_name",
    "region_prefix",
    "short_region_name",
    "DATA_DIR",
    "read_data_csv",
    "resolve_legacy",
]

_CODE = re.compile(r"^\d{6}$")
# Municipalities: their districts and counties hang directly off the province-level row.
_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


# Next to this module rather than importlib.resources.files("catalogs"): with pytest's
# ``pythonpath = ["tests"]`` the folder tests/catalogs/ turns ``catalogs`` into a namespace package.
DATA_DIR = Path(__file__).resolve().parent / "data"


class CatalogError(ValueError):
    """A reference data file is inconsistent (duplicate or unknown codes, bad values)."""


def read_data_csv(name: str) -> list[dict[str, str]]:
    """Read ``catalogs/data/<name>`` as a list of row dicts, every value a string."""
    text = (DATA_DIR / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division. ``level`` is 1 province, 2 prefecture, 3 county."""

    code: str
    name: str
    parent_code: str | None
    level: int


def is_within(code: str, region: str) -> bool:
    """True when ``code`` is ``region`` or lies below it by the GB/T 2260 code hierarchy.

    >>> is_within("421202", "421200"), is_within("429004", "420000"), is_within("421200", "421202")
    (True, True, False)
    """
    if len(code) != 6 or len(region) != 6:
        return False
    return code.startswith(region_prefix(region))


def is_within_any(code: str, regions: Iterable[str]) -> bool:
    """True when ``code`` is within at least one of ``regions``."""
    return any(is_within(code, r) for r in regions)


def locality(code: str, *, home_region: str, near_regions: Iterable[str] = ()) -> str:
    """Where a firm at ``code`` is, seen from the home region: ``local`` (within it), ``near``
    (within the near area, outside the home region) or ``outside`` (also for no code).

    >>> locality("421202", home_region="421200", near_regions=("420100",))
    'local'
    >>> locality("420102", home_region="421200", near_regions=("420100",))
    'near'
    """
    if code and is_within(code, home_region):
        return "local"
    if code and is_within_any(code, near_regions):
        return "near"
    return "outside"


def region_prefix(code: str) -> str:
    """The prefix every code within ``code`` starts with (420000 → '42', 421200 → '4212').

    >>> region_prefix("420000"), region_prefix("421200"), region_prefix("421202")
    ('42', '4212', '421202')
    """
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_name(code: str) -> str:
    """The full name (``湖北省咸宁市咸安区``) of a current code; the code itself when unknown."""
    return load_regions().full_name(code) or code


def short_region_name(code: str) -> str:
    """The region's own name (``咸安区``); the code itself when unknown."""
    region = load_regions().get(code)
    return code if region is None else region.name


class RegionCatalog:
    """Lookup and hierarchy queries over a validated set of regions."""

    def __init__(self, regions: Iterable[Region]) -> None:
        by_code: dict[str, Region] = {}
        for region in regions:
            if region.code in by_code:
                raise CatalogError(f"行政区划代码重复：{region.code}")
            by_code[region.code] = region
        children: dict[str, list[str]] = {}
        for region in by_code.values():
            _check_region(region, by_code)
            if region.parent_code is not None:
                children.setdefault(region.parent_code, []).append(region.code)
        self._by_code: Mapping[str, Region] = MappingProxyType(by_code)
        self._children = {k: tuple(sorted(v)) for k, v in children.items()}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> RegionCatalog:
        """Build from CSV-like rows with ``code,name,parent_code,level``; validates them."""
        return cls(_region_from_row(i, row) for i, row in enumerate(rows, start=2))

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Region | None:
        """The region with this code, or None."""
        return self._by_code.get(code.strip())

    def exists(self, code: str) -> bool:
        """True when the code is a current GB/T 2260 code in the catalog."""
        return code.strip() in self._by_code

    def require(self, code: str) -> Region:
        """The region with this code; raises KeyError with a Chinese message when unknown."""
        region = self.get(code)
        if region is None:
            raise KeyError(f"未知的行政区划代码：{code}")
        return region

    def children(self, code: str) -> tuple[Region, ...]:
        """Direct children, ordered by code (a province's include its directly governed counties)."""
        return tuple(self._by_code[c] for c in self._children.get(code.strip(), ()))

    def ancestors(self, code: str) -> tuple[Region, ...]:
        """Ancestors of ``code``, nearest first; empty for a province or an unknown code."""
        result: list[Region] = []
        region = self.get(code)
        while region is not None and region.parent_code is not None:
            region = self._by_code[region.parent_code]
            result.append(region)
        return tuple(result)

    def is_within(self, code: str, ancestor_code: str) -> bool:
        """True when ``code`` is ``ancestor_code`` or lies below it; False for unknown codes."""
        code, ancestor_code = code.strip(), ancestor_code.strip()
        known = code in self._by_code and ancestor_code in self._by_code
        return known and is_within(code, ancestor_code)

    def is_within_any(self, code: str, area: Iterable[str]) -> bool:
        """True when ``code`` is within at least one of the codes in ``area``."""
        return any(self.is_within(code, a) for a in area)

    def province_of(self, code: str) -> Region | None:
        """The province-level region containing ``code`` (itself for a province)."""
        region = self.get(code)
        if region is None:
            return None
        chain = (region, *self.ancestors(code))
        return chain[-1]

    def prefecture_of(self, code: str) -> Region | None:
        """The prefecture-level unit containing ``code``.

        A prefecture is its own prefecture. A county-level unit directly under a province
        (仙桃 429004, 神农架林区 429021) counts as a prefecture-level unit, as the province
        reports it, so it is returned itself. Districts of a municipality (北京 110101) return
        the municipality. A province returns None.
        """
        region = self.get(code)
        if region is None or region.level == 1:
            return None
        if region.level == 2:
            return region
        parent = self._by_code[region.parent_code] if region.parent_code else None
        if parent is None:
            return None
        if parent.level == 2:
            return parent
        return parent if parent.code in _MUNICIPALITIES else region

    def full_name(self, code: str) -> str:
        """Names from the province down, e.g. ``湖北省咸宁市咸安区``; '' for an unknown code."""
        region = self.get(code)
        if region is None:
            return ""
        return "".join(r.name for r in reversed((region, *self.ancestors(code))))

    def tree(self, root_code: str | None = None, depth: int = 1) -> dict[str, Any]:
        """Nested dicts for the API: ``{code, name, level, has_children, children}``.

        ``depth`` levels of children are expanded below the root (0: the root alone, with an
        empty ``children`` list). ``root_code=None`` gives a virtual root (code None, level 0)
        whose children are the provinces.
        """
        if depth < 0:
            raise ValueError("depth must be >= 0")
        if root_code is None:
            provinces = [r for r in self._by_code.values() if r.parent_code is None]
            return {
                "code": None,
                "name": "中华人民共和国",
                "level": 0,
                "has_children": bool(provinces),
                "children": [self._node(r, depth - 1) for r in provinces] if depth > 0 else [],
            }
        return self._node(self.require(root_code), depth)

    def _node(self, region: Region, depth: int) -> dict[str, Any]:
        kids = self.children(region.code)
        return {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "has_children": bool(kids),
            "children": [self._node(k, depth - 1) for k in kids] if depth > 0 else [],
        }

    def search(self, text: str, *, limit: int = 20) -> tuple[Region, ...]:
        """Regions whose name contains ``text`` or whose code starts with it.

        Ranked: exact name, then name prefix, then substring; within a rank higher levels
        (provinces) first, then by code.
        """
        query = text.strip()
        if not query:
            return ()
        scored: list[tuple[int, int, str]] = []
        for region in self._by_code.values():
            rank = _search_rank(region, query)
            if rank is not None:
                scored.append((rank, region.level, region.code))
        scored.sort()
        return tuple(self._by_code[code] for _, _, code in scored[:limit])

    def codes_named(self, name: str) -> tuple[str, ...]:
        """Codes of current regions with exactly this name (names repeat across provinces)."""
        name = name.strip()
        return tuple(sorted(r.code for r in self._by_code.values() if r.name == name))

    def common_ancestor(self, codes: Iterable[str]) -> Region | None:
        """The smallest region containing every code, or None (different provinces/unknown)."""
        common: list[str] | None = None
        for code in codes:
            region = self.get(code)
            if region is None:
                return None
            line = [r.code for r in reversed((region, *self.ancestors(code)))]
            common = line if common is None else _leading_run(common, line)
        if not common:
            return None
        return self._by_code[common[-1]]


def _leading_run(common: list[str], line: list[str]) -> list[str]:
    run: list[str] = []
    for a, b in zip(common, line, strict=False):
        if a != b:
            break
        run.append(a)
    return run


def _search_rank(region: Region, query: str) -> int | None:
    if region.name == query or region.code == query:
        return 0
    if region.name.startswith(query):
        return 1
    if query in region.name:
        return 2
    if query.isdigit() and region.code.startswith(query):
        return 3
    return None


def _region_from_row(line: int, row: Mapping[str, str]) -> Region:
    try:
        code = row["code"].strip()
        name = row["name"].strip()
        parent = (row.get("parent_code") or "").strip() or None
        level = int(row["level"])
    except (KeyError, ValueError) as exc:
        raise CatalogError(f"regions 第{line}行格式错误：{exc}") from exc
    if not _CODE.match(code):
        raise CatalogError(f"regions 第{line}行：行政区划代码应为6位数字：{code!r}")
    if not name:
        raise CatalogError(f"regions 第{line}行：名称为空（{code}）")
    return Region(code=code, name=name, parent_code=parent, level=level)


def _check_region(region: Region, by_code: Mapping[str, Region]) -> None:
    if region.level not in (1, 2, 3):
        raise CatalogError(f"行政区划 {region.code} 的级别无效：{region.level}")
    if region.parent_code is None:
        if region.level != 1:
            raise CatalogError(f"行政区划 {region.code} 缺少上级代码")
        return
    parent = by_code.get(region.parent_code)
    if parent is None:
        raise CatalogError(f"行政区划 {region.code} 的上级代码不存在：{region.parent_code}")
    if parent.level >= region.level:
        raise CatalogError(f"行政区划 {region.code} 的级别不低于其上级 {parent.code}")


@cache
def load_regions() -> RegionCatalog:
    """The national catalog from ``catalogs/data/regions.csv`` (read once, then cached)."""
    return RegionCatalog.from_rows(read_data_csv("regions.csv"))


# ---------------------------------------------------------------------------------------------
# Near areas (近地): groups of prefecture-level units that plans treat as one supply region.

NEAR_AREAS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # 武汉都市圈 (武鄂黄黄咸 + 孝感 + 仙桃、潜江、天门)
        "wuhan_metro": (
            "420100",
            "420200",
            "420700",
            "420900",
            "421100",
            "421200",
            "429004",
            "429005",
            "429006",
        ),
        # 襄十随神城市群, named in Xiangyang's action plan (“襄十随神”城市群一体化发展)
        "xiangshisuishen": ("420600", "420300", "421300", "429021"),
    }
)

NEAR_AREA_NAMES: Mapping[str, str] = MappingProxyType(
    {"wuhan_metro": "武汉都市圈", "xiangshisuishen": "襄十随神城市群"}
)


def default_near_area(home_code: str) -> tuple[str, ...]:
    """The near area (近地) for a deployment's home region, home itself excluded.

    The near-area supporting rate counts purchases from the home region *or* the near area,
    so the home is left out of the returned tuple. Rules, first match wins:

    1. home within a member of the Wuhan metropolitan area (e.g. 咸宁 421200 or 咸安区 421202):
       the other members of ``NEAR_AREAS["wuhan_metro"]``;
    2. home within 襄阳 420600 (or another member of 襄十随神): the other members of
       ``NEAR_AREAS["xiangshisuishen"]`` (十堰, 随州, 神农架), the city group that Xiangyang's
       plan names for regional industrial cooperation;
    3. otherwise: the home's province (empty when the home *is* a province).

    For a county-level home (咸安区 421202) the rest of its prefecture stays in the near area
    through the prefecture's code (421200), which contains the home; callers test
    ``is_within(home) or is_within_any(near)`` so the overlap does no harm.

    Raises KeyError (Chinese message) for a code that is not in the catalog.
    """
    regions = load_regions()
    regions.require(home_code)
    for key in ("wuhan_metro", "xiangshisuishen"):
        members = NEAR_AREAS[key]
        if regions.is_within_any(home_code, members):
            return tuple(m for m in members if not regions.is_within(m, home_code))
    province = regions.province_of(home_code)
    if province is None or province.code == home_code.strip():
        return ()
    return (province.code,)


# ---------------------------------------------------------------------------------------------
# Legacy codes and names (襄樊市 → 襄阳市 420600, 监利县 421023 → 监利市 421088).

_SUCCESSOR = re.compile(r"(\d{6})(?:\[\d{4}\])?")


@dataclass(frozen=True, slots=True)
class _History:
    names: Mapping[str, tuple[str, ...]]  # historical name -> codes it was used with
    successors: Mapping[str, tuple[str, ...]]  # code -> successor codes over all periods


@cache
def _history() -> _History:
    names: dict[str, set[str]] = {}
    successors: dict[str, set[str]] = {}
    for row in read_data_csv("regions_history.csv"):
        code = row["code"].strip()
        names.setdefault(row["name"].strip(), set()).add(code)
        if row["status"] != "active":
            found = _SUCCESSOR.findall(row.get("successor_codes") or "")
            successors.setdefault(code, set()).update(c for c in found if c != code)
    return _History(
        names=MappingProxyType({k: tuple(sorted(v)) for k, v in names.items()}),
        successors=MappingProxyType({k: tuple(sorted(v)) for k, v in successors.items()}),
    )


def resolve_legacy(code_or_name: str) -> str | None:
    """Map a current or historical code or name to a current code, or None.

    - a current code is returned as is; a current name that is unique in the country gives its code;
    - a retired code follows its successors (recursively); a historical name (襄樊市) takes the
      codes it was used with and resolves them;
    - when several current codes result (a county split between two districts, or a name used in
      several places) the smallest current region containing them all is returned, or None when
      they share no region below the country.

    >>> resolve_legacy("襄樊市"), resolve_legacy("421023")
    ('420600', '421088')
    """
    regions = load_regions()
    key = code_or_name.strip()
    if not key:
        return None
    if _CODE.match(key):
        found = _resolve_code(key, regions, set())
    else:
        current = regions.codes_named(key)
        if len(current) == 1:
            return current[0]
        if current:
            found = set(current)
        else:
            found = set()
            for code in _history().names.get(key, ()):
                found |= _resolve_code(code, regions, set())
    if not found:
        return None
    common = regions.common_ancestor(sorted(found))
    return common.code if common is not None else None


def _resolve_code(code: str, regions: RegionCatalog, seen: set[str]) -> set[str]:
    if regions.exists(code):
        return {code}
    if code in seen:
        return set()
    seen.add(code)
    result: set[str] = set()
    for successor in _history().successors.get(code, ()):
        result |= _resolve_code(successor, regions, seen)
    return result
