"""Plain records the engine takes and returns: frozen, slotted dataclasses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """One line of a chain owner's target-supplier catalog (配套需求)."""

    id: str
    title: str
    description: str = ""
    category: str = ""  # GB/T 4754 code at any level; "" when unknown
    region: str = ""  # GB/T 2260 code of the owner (usually a county)
    certifications: tuple[str, ...] = ()  # required catalog codes, e.g. "IATF16949"

    @property
    def text(self) -> str:
        return f"{self.title} {self.description}".strip()


@dataclass(frozen=True, slots=True)
class SupplierRecord:
    """A supplier with all its capability titles and descriptions in `text`."""

    id: str
    name: str
    text: str
    category: str = ""
    region: str = ""
    certifications: tuple[str, ...] = ()  # valid (unexpired) catalog codes held


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One ranked candidate, with the parts of its score and the reasons a person reads."""

    query_id: str
    candidate_id: str
    rank: int
    score: float  # in [0, 1]
    components: Mapping[str, float]  # each component's share of `score`; they sum to it
    matched_terms: tuple[str, ...]
    reasons: tuple[str, ...]
