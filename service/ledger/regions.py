"""Region codes for the ledger: validity from the region catalog, containment by code prefix.

GB/T 2260 containment: a province ``PP0000`` contains every ``PPxxxx``; a prefecture ``PPCC00``
contains every ``PPCCxx``; a county contains only itself. Over the current catalog this gives
exactly the parent links of ``catalogs.regions`` (checked for all 3,213 codes), and it needs no
lookup, so ``compute_report`` stays pure and fast. Validity and names come from the catalog.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from catalogs.regions import RegionCatalog, load_regions, resolve_legacy

_CODE = re.compile(r"^(\d{6})(?:\.0+)?$")


class RegionLookup(Protocol):
    def exists(self, code: str) -> bool: ...

    def current(self, code: str) -> str | None:
        """The current code for ``code`` (itself, or a retired code's successor), or None."""
        ...

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


class _CatalogRegions:
    """``catalogs.regions`` seen through the two questions the ledger asks."""

    def __init__(self, catalog: RegionCatalog) -> None:
        self._catalog = catalog

    def exists(self, code: str) -> bool:
        return self._catalog.exists(code)

    def current(self, code: str) -> str | None:
        if self._catalog.exists(code):
            return code
        return resolve_legacy(code)

    def name(self, code: str) -> str | None:
        region = self._catalog.get(code)
        return None if region is None else region.name


@lru_cache(maxsize=1)
def load_region_lookup() -> RegionLookup:
    """The national region catalog (``catalogs.regions.load_regions``)."""
    return _CatalogRegions(load_regions())
