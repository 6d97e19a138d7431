"""GB/T 4754-2017 国民经济行业分类: 门类 (A–T), 大类 (2 digits), 中类 (3), 小类 (4).

Read from ``catalogs/data/industries.csv`` on first use and cached.

>>> industries = load_industries()
>>> industries.get("3670").name
'汽车零部件及配件制造'
>>> industries.same_branch("3670", "3660")
2
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from catalogs.regions import CatalogError, read_data_csv

__all__ = ["Industry", "IndustryCatalog", "load_industries"]

_SECTION = re.compile(r"^[A-T]$")
_DIGITS = {2: re.compile(r"^\d{2}$"), 3: re.compile(r"^\d{3}$"), 4: re.compile(r"^\d{4}$")}
# "C3670", "C 3670", "3670", "C-36" as people write them in registration data
_WRITTEN_CODE = re.compile(r"^\s*([A-Ta-t])?\s*[-_ ]?\s*(\d{2,4})\b")


@dataclass(frozen=True, slots=True)
class Industry:
    """One class of GB/T 4754-2017. ``level``: 1 门类, 2 大类, 3 中类, 4 小类."""

    code: str
    name: str
    parent_code: str | None
    level: int
    section: str
    note: str = ""


class IndustryCatalog:
    """Lookup and hierarchy queries over the validated classification."""

    def __init__(self, industries: Iterable[Industry]) -> None:
        by_code: dict[str, Industry] = {}
        for industry in industries:
            if industry.code in by_code:
                raise CatalogError(f"行业代码重复：{industry.code}")
            by_code[industry.code] = industry
        children: dict[str, list[str]] = {}
        for industry in by_code.values():
            _check_industry(industry, by_code)
            if industry.parent_code is not None:
                children.setdefault(industry.parent_code, []).append(industry.code)
        self._by_code: Mapping[str, Industry] = MappingProxyType(by_code)
        self._children = {k: tuple(sorted(v)) for k, v in children.items()}

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> IndustryCatalog:
        """Build from rows with ``code,name,parent_code,level,section[,note]``; validates them."""
        return cls(_industry_from_row(i, row) for i, row in enumerate(rows, start=2))

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Industry]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Industry | None:
        """The class with this code (``C``, ``36``, ``367``, ``3670``), or None."""
        return self._by_code.get(code.strip().upper())

    def exists(self, code: str) -> bool:
        """True when the code is a class of the standard."""
        return code.strip().upper() in self._by_code

    def count(self, level: int) -> int:
        """How many classes the catalog has at ``level`` (1..4)."""
        return sum(1 for i in self._by_code.values() if i.level == level)

    def children(self, code: str) -> tuple[Industry, ...]:
        """Direct subclasses ordered by code."""
        return tuple(self._by_code[c] for c in self._children.get(code.strip().upper(), ()))

    def ancestors(self, code: str) -> tuple[Industry, ...]:
        """Enclosing classes, nearest first (小类 → 中类, 大类, 门类); empty when unknown."""
        result: list[Industry] = []
        industry = self.get(code)
        while industry is not None and industry.parent_code is not None:
            industry = self._by_code[industry.parent_code]
            result.append(industry)
        return tuple(result)

    def same_branch(self, a: str, b: str) -> int:
        """Level of the deepest class containing both codes.

        0 nothing shared (or an unknown code), 1 same 门类, 2 same 大类, 3 same 中类,
        4 the same 小类. Two equal codes give their own level (``same_branch("36", "36") == 2``).
        """
        first, second = self.get(a), self.get(b)
        if first is None or second is None:
            return 0
        line_a = {i.code for i in (first, *self.ancestors(first.code))}
        shared = [i.level for i in (second, *self.ancestors(second.code)) if i.code in line_a]
        return max(shared, default=0)

    def search(self, text: str, *, limit: int = 20) -> tuple[Industry, ...]:
        """Classes whose name contains ``text`` (or whose code starts with it).

        Ranked: exact name, name prefix, substring of the name, then matches found only in the
        standard's explanatory note; deeper classes (小类) first within a rank.
        """
        query = unicodedata.normalize("NFKC", text).strip()
        if not query:
            return ()
        scored: list[tuple[int, int, str]] = []
        for industry in self._by_code.values():
            rank = _search_rank(industry, query)
            if rank is not None:
                scored.append((rank, -industry.level, industry.code))
        scored.sort()
        return tuple(self._by_code[code] for _, _, code in scored[:limit])

    def resolve(self, text: str) -> str | None:
        """Map how people write a class to its code, or None.

        Accepts ``3670``, ``C3670``, ``C 3670``, ``C3670 汽车零部件及配件制造`` and exact names.
        """
        norm = unicodedata.normalize("NFKC", text).strip()
        if not norm:
            return None
        if self.exists(norm):
            return norm.upper()
        match = _WRITTEN_CODE.match(norm)
        if match is not None:
            section, digits = match.group(1), match.group(2)
            industry = self.get(digits)
            if industry is not None and (section is None or section.upper() == industry.section):
                return industry.code
        named = [i.code for i in self._by_code.values() if i.name == norm]
        return max(named, key=len) if named else None


def _search_rank(industry: Industry, query: str) -> int | None:
    if industry.name == query or industry.code == query.upper():
        return 0
    if industry.name.startswith(query):
        return 1
    if query in industry.name:
        return 2
    if query.isdigit() and industry.code.startswith(query):
        return 3
    if query in industry.note:
        return 4
    return None


def _industry_from_row(line: int, row: Mapping[str, str]) -> Industry:
    try:
        return Industry(
            code=row["code"].strip(),
            name=row["name"].strip(),
            parent_code=(row.get("parent_code") or "").strip() or None,
            level=int(row["level"]),
            section=row["section"].strip(),
            note=(row.get("note") or "").strip(),
        )
    except (KeyError, ValueError) as exc:
        raise CatalogError(f"industries 第{line}行格式错误：{exc}") from exc


def _check_industry(industry: Industry, by_code: Mapping[str, Industry]) -> None:
    code, level = industry.code, industry.level
    if level == 1:
        if not _SECTION.match(code) or industry.parent_code is not None or industry.section != code:
            raise CatalogError(f"门类代码无效：{code}")
        return
    pattern = _DIGITS.get(level)
    if pattern is None or not pattern.match(code):
        raise CatalogError(f"行业代码 {code} 与级别 {level} 不符")
    parent = by_code.get(industry.parent_code or "")
    if parent is None:
        raise CatalogError(f"行业代码 {code} 的上级代码不存在：{industry.parent_code}")
    if parent.level != level - 1 or parent.section != industry.section:
        raise CatalogError(f"行业代码 {code} 的上级 {parent.code} 级别或门类不符")
    if level > 2 and not code.startswith(parent.code):
        raise CatalogError(f"行业代码 {code} 不以上级代码 {parent.code} 开头")
    if not industry.name:
        raise CatalogError(f"行业代码 {code} 名称为空")


@cache
def load_industries() -> IndustryCatalog:
    """The GB/T 4754-2017 catalog from ``catalogs/data/industries.csv`` (read once, cached)."""
    return IndustryCatalog.from_rows(read_data_csv("industries.csv"))
