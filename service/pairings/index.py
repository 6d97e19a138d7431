"""The match index of one service process, kept current with the database through `index_change`.

Several processes may share one PostgreSQL database: each builds its engine at start-up, then,
before every query, replays the change-log rows it has not applied yet (a small indexed read).
A sequence value can commit after a larger one, so skipped ids are re-checked until they appear
or are too old to belong to a running transaction.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, or_, select

from catalogs.regions import is_within
from matching import Locality as EngineLocality
from matching import MatchConfig, MatchEngine, MatchResult, NeedRecord, SupplierRecord
from service.core.errors import PeitaoError
from service.needs.tables import Need
from service.pairings import index_changes as index_change
from service.pairings.index_changes import IndexChange
from service.pairings.records import load_need_records, load_supplier_records
from service.pairings.scoring import Excluded, Locality, engine_key, locality_of, pair_key

SYNC_INTERVAL_SECONDS = 0.2
HOLE_TTL_SECONDS = 120.0  # longer than any transaction that writes records


class IndexUnavailable(PeitaoError):
    status_code = 503


class MatchIndex:
    def __init__(
        self,
        *,
        sessionmaker: sessionmaker[Session],
        home_region: str,
        near_regions: tuple[str, ...],
        qualified_score: float,
        config: MatchConfig | None = None,
        today: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessionmaker = sessionmaker
        self.home_region = home_region
        self.near_regions = near_regions
        self.qualified_score = qualified_score
        self.engine = MatchEngine(config=config, locality=EngineLocality(home_region, near_regions))
        # What a stored pair score depends on apart from its two records (see pairings.scoring).
        self.engine_key = engine_key(self.engine.config, home_region, near_regions)
        self._localities: dict[str, Locality] = {}  # supplier id -> where it is
        self._locality_counts: dict[Locality, int] = dict.fromkeys(Locality, 0)
        self._today = today
        self._lock = threading.RLock()
        self._last_id = 0
        self._holes: dict[int, float] = {}  # skipped change ids -> when first missed
        self._synced_at = float("-inf")
        self._seen_local_writes = -1
        self.built_at: datetime | None = None

    # -- building and syncing ----------------------------------------------------------------
    def build(self) -> MatchIndex:
        with self._lock, self._sessionmaker() as session:
            last = session.exec(select(func.max(IndexChange.id))).one() or 0
            today = self._today().date()
            suppliers = load_supplier_records(session, today=today)
            needs = load_need_records(session)
            self.engine.fit(suppliers=list(suppliers.values()), needs=list(needs.values()))
            self._localities.clear()
            self._locality_counts = dict.fromkeys(Locality, 0)
            for record in suppliers.values():
                self._place(record.id, record.region)
            self._last_id = int(last)
            self._holes.clear()
            self.built_at = datetime.now(UTC)
        return self

    def sync(self) -> int:
        """Apply the changes other writers committed since the last sync; return how many.

        Another process's writes are looked for at most every SYNC_INTERVAL_SECONDS (well inside
        the one second the service promises); this process's own writes are looked for at once."""
        now = time.monotonic()
        writes = index_change.local_writes
        if writes == self._seen_local_writes and now - self._synced_at < SYNC_INTERVAL_SECONDS:
            return 0
        self._seen_local_writes, self._synced_at = writes, now
        with self._lock, self._sessionmaker() as session:
            self._expire_holes()
            newer = col(IndexChange.id) > self._last_id
            where = or_(newer, col(IndexChange.id).in_(list(self._holes))) if self._holes else newer
            rows = session.exec(
                select(IndexChange).where(where).order_by(col(IndexChange.id))
            ).all()
            if not rows:
                return 0
            suppliers = {r.entity_id for r in rows if r.entity == "supplier"}
            needs = {r.entity_id for r in rows if r.entity == "need"}
            owners = {r.entity_id for r in rows if r.entity == "owner"}
            if owners:
                owned = session.exec(select(Need.id).where(col(Need.owner_id).in_(owners))).all()
                needs |= {i for i in owned if i is not None}
            self._apply_suppliers(session, suppliers)
            self._apply_needs(session, needs)
            self._advance({r.id for r in rows if r.id is not None})
            return len(rows)

    def _advance(self, seen: set[int]) -> None:
        """Move past the ids seen; remember the ones skipped (a transaction may still commit them)."""
        for change_id in seen:
            self._holes.pop(change_id, None)
        newest = max(seen)
        now = time.monotonic()
        for missing in range(self._last_id + 1, newest):
            if missing not in seen:
                self._holes[missing] = now
        self._last_id = max(self._last_id, newest)

    def _expire_holes(self) -> None:
        """A hole older than any transaction can be was a rollback: stop looking for it."""
        cutoff = time.monotonic() - HOLE_TTL_SECONDS
        for change_id in [i for i, found in self._holes.items() if found < cutoff]:
            del self._holes[change_id]

    def _apply_suppliers(self, session: Session, ids: set[int]) -> None:
        if not ids:
            return
        records = load_supplier_records(session, ids=ids, today=self._today().date())
        for supplier_id in ids:
            record = records.get(supplier_id)
            if record is None:
                self.engine.remove_supplier(str(supplier_id))
                self._place(str(supplier_id), None)
            else:
                self.engine.upsert_supplier(record)
                self._place(record.id, record.region)

    def _place(self, supplier_id: str, region: str | None) -> None:
        """Keep the supplier id -> locality map (and its counts) in step with the engine."""
        old = self._localities.pop(supplier_id, None)
        if old is not None:
            self._locality_counts[old] -= 1
        if region is not None:
            kind = self.locality(region)
            self._localities[supplier_id] = kind
            self._locality_counts[kind] += 1

    def _apply_needs(self, session: Session, ids: set[int]) -> None:
        if not ids:
            return
        records = load_need_records(session, ids=ids)
        for need_id in ids:
            record = records.get(need_id)
            if record is None:
                self.engine.remove_need(str(need_id))
            else:
                self.engine.upsert_need(record)

    # -- queries -----------------------------------------------------------------------------
    def supplier(self, supplier_id: int | str) -> SupplierRecord | None:
        """The supplier as the index holds it (None when it is not indexed)."""
        self.sync()
        return self.engine.suppliers_.get(str(supplier_id))

    def need(self, need_id: int | str) -> NeedRecord | None:
        """The need as the index holds it (None when it is not indexed)."""
        self.sync()
        return self.engine.needs_.get(str(need_id))

    def suppliers_for(
        self,
        need: NeedRecord,
        *,
        top: int = 10,
        exclude: set[str] | None = None,
        localities: frozenset[Locality] | None = None,
    ) -> list[MatchResult]:
        """The best suppliers for a need; with `localities`, only suppliers located there."""
        self.sync()
        with self._lock:
            if localities is None:
                return self.engine.suppliers_for(need, top=top, exclude=exclude or ())
            outside = Excluded(
                self._localities, self._locality_counts, keep=localities, also=exclude or ()
            )
            return self.engine.suppliers_for(need, top=top, exclude=outside)

    def keyed_suppliers_for(
        self,
        need: NeedRecord,
        *,
        top: int,
        exclude: set[str] | None = None,
        localities: frozenset[Locality] | None = None,
    ) -> list[tuple[MatchResult, str]]:
        """`suppliers_for`, each result with the key of the pair it scored (one lock: the records
        keyed are the records scored)."""
        with self._lock:
            results = self.suppliers_for(need, top=top, exclude=exclude, localities=localities)
            held = self.engine.suppliers_
            return [(r, self.pair_key(need, held[r.candidate_id])) for r in results]

    def keyed_needs_for(
        self, supplier: SupplierRecord, *, top: int, exclude: set[str] | None = None
    ) -> list[tuple[MatchResult, str]]:
        """`needs_for`, each result with the key of the pair it scored."""
        with self._lock:
            results = self.needs_for(supplier, top=top, exclude=exclude)
            held = self.engine.needs_
            return [(r, self.pair_key(held[r.candidate_id], supplier)) for r in results]

    def score_pair(self, need: NeedRecord, supplier: SupplierRecord) -> MatchResult:
        """The pair's one score (as `suppliers_for` ranks it), by one engine call."""
        self.sync()
        with self._lock:
            return self.engine.score_pair(need, supplier)

    def pair_key(self, need: NeedRecord, supplier: SupplierRecord) -> str:
        return pair_key(need, supplier, self.engine_key)

    def locality_of_supplier(self, supplier_id: str) -> Locality:
        return self._localities.get(supplier_id, Locality.outside)

    def locality_of_need(self, need_id: str) -> Locality:
        """Where the need's owner is (its record's region), seen from the home region."""
        record = self.engine.needs_.get(need_id)
        return self.locality(record.region) if record is not None else Locality.outside

    def locality(self, region_code: str) -> Locality:
        return locality_of(
            region_code, home_region=self.home_region, near_regions=self.near_regions
        )

    def needs_for(
        self, supplier: SupplierRecord, *, top: int = 10, exclude: set[str] | None = None
    ) -> list[MatchResult]:
        self.sync()
        with self._lock:
            return self.engine.needs_for(supplier, top=top, exclude=exclude or ())

    def is_local(self, region_code: str) -> bool:
        return is_within(region_code, self.home_region)

    def local_candidates(
        self,
        *,
        title: str,
        description: str = "",
        category: str = "",
        certifications: tuple[str, ...] = (),
        top: int = 3,
    ) -> list[MatchResult]:
        """Qualified suppliers within the home region for a need or ledger item, best first."""
        query = NeedRecord(
            id="__query__",
            title=title,
            description=description,
            category=category,
            region=self.home_region,
            certifications=certifications,
        )
        results = self.suppliers_for(query, top=max(top * 5, 20))
        required = set(certifications)

        def qualified(result: MatchResult) -> bool:
            supplier = self.engine.suppliers_[result.candidate_id]
            return (
                result.score >= self.qualified_score
                and self.is_local(supplier.region)
                and required <= set(supplier.certifications)
            )

        return [r for r in results if qualified(r)][:top]

    def stats(self) -> dict[str, object]:
        with self._lock:
            stats = self.engine.stats()
        stats["last_change_id"] = self._last_id
        stats["built_at"] = self.built_at.isoformat() if self.built_at else None
        return stats
