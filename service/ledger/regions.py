"""Region codes for the ledger: validity from the region catalog, containment by code prefix.

GB/T 2260 containment: a province ``PP0000`` contains every ``PPxxxx``; a prefecture ``PPCC00``
contains every ``PPCCxx``; a county contains only itself.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

_CODE = re.compile(r"^(\d{6})(?:\.0+)?$")
_SHARED_REFERENCE = Path("/work/shared/reference/regions.csv")


class RegionLookup(Protocol):
    def exists(self, code: str) -> bool: ...

    def name(self, code: str) -> str | None: ...


def normalize_code(text: str) -> str:
    """``" 421202 "``, ``"421202.0"`` (a number cell) and full-width digits give ``"421202"``."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    match = _CODE.match(cleaned)
    if not match:
        raise ValueError(f"地区代码格式错误：{text.strip()}（应为 6 位 GB/T 2260 代码）")
    return match[1]


def is_within(code: str, ancestor: str) -> bool:
    """Whether ``code`` lies within ``ancestor`` by the GB/T 2260 hierarchy."""
    if ancestor.endswith("0000"):
        return code[:2] == ancestor[:2]
    if ancestor.endswith("00"):
        return code[:4] == ancestor[:4]
    return code == ancestor


def is_within_any(code: str, ancestors: Iterable[str]) -> bool:
    return any(is_within(code, a) for a in ancestors)


class _CsvRegions:
    """Fallback catalog read from ``catalogs/data/regions.csv`` (or the shared reference copy)."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names

    def exists(self, code: str) -> bool:
        return code in self._names

    def name(self, code: str) -> str | None:
        return self._names.get(code)


class _CatalogRegions:
    """Adapter over ``catalogs.regions`` once that module exists."""

    def __init__(self, catalog: object) -> None:
        self._catalog = catalog

    def exists(self, code: str) -> bool:
        return bool(self._catalog.exists(code))  # type: ignore[attr-defined]

    def name(self, code: str) -> str | None:
        getter = getattr(self._catalog, "name", None)
        if callable(getter):
            value = getter(code)
            return None if value is None else str(value)
        record = getattr(self._catalog, "get", lambda _c: None)(code)
        value = getattr(record, "name", None)
        return None if value is None else str(value)


def _csv_path() -> Path:
    local = Path(__file__).resolve().parents[2] / "catalogs" / "data" / "regions.csv"
    return local if local.exists() else _SHARED_REFERENCE


def _read_csv(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def load_region_lookup() -> RegionLookup:
    """The region catalog: ``catalogs.regions`` when present, else the CSV fallback."""
    try:
        from catalogs.regions import load_regions  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _CsvRegions(_read_csv(_csv_path()))
    return _CatalogRegions(load_regions())
