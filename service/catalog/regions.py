"""Region display names from the reference catalog."""

from __future__ import annotations

from functools import lru_cache

from catalogs.regions import load_regions


@lru_cache(maxsize=4096)
def region_name(code: str) -> str:
    return load_regions().full_name(code) if load_regions().exists(code) else code
