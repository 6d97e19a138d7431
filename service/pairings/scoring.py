"""One score per pairing, and where the supplier is seen from the deployment's home region.

A pairing's score is computed by one engine call (`MatchEngine.score_pair`, which ranks exactly as
`suppliers_for` does) and stored on the `match` row with the key of what it was computed from: both
records and the engine's configuration. Every page, API answer and notification shows the row's
score; a read that finds the key out of date (a side changed its text, a certificate expired, the
engine's configuration moved) computes it again. Other firms joining the index do not move a
stored score, so a pair shows the same number to both sides and in its notification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from enum import StrEnum

from catalogs.regions import locality
from matching import MatchConfig, MatchResult, NeedRecord, SupplierRecord
from service.pairings.tables import Match


class Locality(StrEnum):
    local = "local"  # within the home region
    near = "near"  # within the near area (近地), outside the home region
    outside = "outside"


LOCALITY_LABELS = {Locality.local: "本地", Locality.near: "周边", Locality.outside: "外地"}

# Which localities each `?scope=` keeps (`near` reads as 近地: the home region and the near area).
SCOPES: dict[str, frozenset[Locality]] = {
    "local": frozenset({Locality.local}),
    "near": frozenset({Locality.local, Locality.near}),
    "all": frozenset(Locality),
}
# The owner page's second list, for reference: firms outside the home region.
ELSEWHERE = frozenset({Locality.near, Locality.outside})


def locality_of(region_code: str, *, home_region: str, near_regions: tuple[str, ...]) -> Locality:
    """Where a firm is, seen from the home region (the same test as the local supporting rate)."""
    return Locality(locality(region_code, home_region=home_region, near_regions=near_regions))


def same_city(a: str, b: str) -> bool:
    """Two region codes in the same prefecture-level city (咸安区 421202 and 通山县 421224)."""
    return len(a) == 6 and len(b) == 6 and a[:4] == b[:4]


def engine_key(config: MatchConfig, home_region: str, near_regions: tuple[str, ...]) -> str:
    """What, apart from the two records, a score depends on: the configuration and the regions."""
    text = f"{config.to_json()}\x00{home_region}\x00{','.join(near_regions)}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def pair_key(need: NeedRecord, supplier: SupplierRecord, engine: str) -> str:
    """Changes whenever the pair's score may change: either record, or the engine key."""
    text = f"{need!r}\x00{supplier!r}\x00{engine}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def store(match: Match, result: MatchResult, key: str) -> None:
    """Put an engine result on the pairing row as its one score."""
    match.score = result.score
    match.components = dict(result.components)
    match.reasons = list(result.reasons)
    match.score_key = key


def row_values(result: MatchResult, key: str) -> dict[str, object]:
    """The score columns of a new pairing row."""
    return {
        "score": result.score,
        "components": dict(result.components),
        "reasons": list(result.reasons),
        "score_key": key,
    }


class Excluded(Collection[str]):
    """Supplier ids a ranking leaves out: those outside the wanted localities, and `also`.

    Membership is answered from the index's id -> locality map, so a scope costs no set of
    100,000 ids per query."""

    def __init__(
        self,
        localities: Mapping[str, Locality],
        counts: Mapping[Locality, int],
        *,
        keep: frozenset[Locality],
        also: Collection[str] = (),
    ) -> None:
        self._localities = localities
        self._keep = keep
        self._also = also
        self._size = sum(n for kind, n in counts.items() if kind not in keep)
        self._size += sum(1 for i in also if self._kept(i))

    def _kept(self, supplier_id: str) -> bool:
        return self._localities.get(supplier_id, Locality.outside) in self._keep

    def __contains__(self, supplier_id: object) -> bool:
        return supplier_id in self._also or not self._kept(str(supplier_id))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        yield from (i for i in self._localities if not self._kept(i))
        yield from (i for i in self._also if self._kept(i))


def counts_of(localities: Iterable[Locality]) -> dict[Locality, int]:
    counts = dict.fromkeys(Locality, 0)
    for kind in localities:
        counts[kind] += 1
    return counts
