"""Names for reasons: regions, industries, certifications.

Display only. The catalogs are optional collaborators: when one cannot be loaded the code itself
is shown, so `matching` keeps working on bare codes (and in tests).
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

from catalogs import regions

_SPACED = re.compile(r"(?<=[A-Z])(?=\d)")


@cache
def _catalog(module: str, loader: str) -> Any:
    try:
        return getattr(importlib.import_module(module), loader)()
    except Exception:  # a missing or broken optional catalog only costs the names
        return None


def region_catalog() -> Any:
    """The region catalog (`catalogs.regions.load_regions()`), or None when it cannot load."""
    return _catalog("catalogs.regions", "load_regions")


def region_name(code: str) -> str:
    """Full name of a GB/T 2260 code, e.g. '湖北省咸宁市咸安区'; the code if unknown."""
    return code if region_catalog() is None else regions.region_name(code)


def short_region_name(code: str) -> str:
    """The region's own name (咸安区), or the code if unknown."""
    return code if region_catalog() is None else regions.short_region_name(code)


def industry_name(code: str) -> str:
    catalog = _catalog("catalogs.industries", "load_industries")
    industry = catalog.get(code) if catalog is not None and code else None
    return str(industry.name) if industry is not None else code


def certification_label(code: str) -> str:
    """'IATF16949' -> 'IATF 16949' (the catalog's name if it has a short one)."""
    return _SPACED.sub(" ", code)


@cache
def canonical_certification(text: str) -> str:
    """Catalog code of a certification written any common way ('ISO 9001:2015' -> 'ISO9001')."""
    module = _module("catalogs.certifications")
    if module is not None:
        try:
            code = module.normalize_certification(text)
        except Exception:
            code = None
        if code:
            return str(code)
    return re.sub(r"[\s\-_/:]+", "", text).upper()


@cache
def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except Exception:
        return None
