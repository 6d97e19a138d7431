"""Region codes for the ledger: their spelling, validity and names from the region catalog.

Containment is ``catalogs.regions.is_within`` (by code, no lookup, so ``compute_report`` stays
pure and fast).
"""

from __future__ import annotations

import re
import unicodedata
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
