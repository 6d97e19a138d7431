"""Tell people about new good pairings: a new need that fits suppliers, a supplier that fits needs.

Only strong pairs that have no pairing record yet are announced, and each announced pair is stored
as a suggestion, so editing a profile twice does not notify twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from service.matchindex import MatchIndex
from service.matchindex.records import load_supplier_records, need_record
from service.models import Enterprise, Match, Need, NeedStatus
from service.notifications.service import on_need_fits, on_strong_candidate


def _unpaired(session: Session, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    fresh = []
    for need_id, supplier_id in pairs:
        exists = session.exec(
            select(Match.id).where(Match.need_id == need_id, Match.supplier_id == supplier_id)
        ).first()
        if exists is None:
            fresh.append((need_id, supplier_id))
    return fresh


def announce_need(
    session: Session, index: MatchIndex, need: Need, *, threshold: float, top: int = 5
) -> int:
    """A need was posted or re-opened: notify the suppliers it fits well."""
    owner = session.get(Enterprise, need.owner_id)
    if owner is None or need.id is None or need.status != NeedStatus.open:
        return 0
    results = [
        r for r in index.suppliers_for(need_record(need, owner), top=top) if r.score >= threshold
    ]
    scores = {int(r.candidate_id): r.score for r in results}
    sent = 0
    for _, supplier_id in _unpaired(session, [(need.id, s) for s in scores]):
        session.add(Match(need_id=need.id, supplier_id=supplier_id, score=scores[supplier_id]))
        sent += len(
            on_need_fits(session, need=need, supplier_id=supplier_id, score=scores[supplier_id])
        )
    session.flush()
    return sent


def announce_supplier(
    session: Session, index: MatchIndex, supplier_id: int, *, threshold: float, top: int = 5
) -> int:
    """A supplier's capabilities changed: notify owners whose open needs it now fits well."""
    session.flush()
    record = load_supplier_records(session, ids=[supplier_id], today=datetime.now(UTC).date()).get(
        supplier_id
    )
    supplier = session.get(Enterprise, supplier_id)
    if record is None or supplier is None:
        return 0
    results = [r for r in index.needs_for(record, top=top) if r.score >= threshold]
    scores = {int(r.candidate_id): r.score for r in results}
    sent = 0
    for need_id, _ in _unpaired(session, [(n, supplier_id) for n in scores]):
        need = session.get(Need, need_id)
        if need is None or need.status != NeedStatus.open:
            continue
        session.add(Match(need_id=need_id, supplier_id=supplier_id, score=scores[need_id]))
        sent += len(
            on_strong_candidate(session, need=need, supplier=supplier, score=scores[need_id])
        )
    session.flush()
    return sent
