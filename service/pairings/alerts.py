"""Tell people about new good pairings: a new need that fits suppliers, a supplier that fits needs.

Only strong pairs that have no pairing record yet are announced, and each announced pair is stored
as a suggestion, so editing a profile twice does not notify twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from matching import MatchResult
from service.core.paging import preload
from service.enterprises.tables import Enterprise
from service.needs.tables import Need, NeedStatus
from service.notifications.service import on_need_fits, on_strong_candidate
from service.pairings.index import MatchIndex
from service.pairings.pipeline import insert_suggestions
from service.pairings.records import load_supplier_records, need_record
from service.pairings.tables import Match

Pair = tuple[MatchResult, str]  # an engine result and the key of what it was computed from


def _fresh(session: Session, pairs: dict[tuple[int, int], Pair]) -> dict[tuple[int, int], Pair]:
    """The pairs with no pairing record yet (one query), stored now as suggestions: the score a
    notification names is the score stored on the pairing."""
    if not pairs:
        return {}
    needs, suppliers = {n for n, _ in pairs}, {s for _, s in pairs}
    existing = session.exec(
        select(Match.need_id, Match.supplier_id).where(
            col(Match.need_id).in_(needs), col(Match.supplier_id).in_(suppliers)
        )
    ).all()
    fresh = {pair: r for pair, r in pairs.items() if pair not in set(map(tuple, existing))}
    if fresh:
        insert_suggestions(session, fresh)
    return fresh


def announce_need(
    session: Session, index: MatchIndex, need: Need, *, threshold: float, top: int = 5
) -> int:
    """A need was posted or re-opened: notify the suppliers it fits well."""
    owner = session.get(Enterprise, need.owner_id)
    if owner is None or need.id is None or need.status != NeedStatus.open:
        return 0
    keyed = index.keyed_suppliers_for(need_record(need, owner), top=top)
    strong = {(need.id, int(r.candidate_id)): (r, k) for r, k in keyed if r.score >= threshold}
    sent = sum(
        len(on_need_fits(session, need=need, supplier_id=supplier_id, score=r.score))
        for (_, supplier_id), (r, _) in _fresh(session, strong).items()
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
    keyed = [(r, k) for r, k in index.keyed_needs_for(record, top=top) if r.score >= threshold]
    needs = {n.id: n for n in preload(session, Need, (int(r.candidate_id) for r, _ in keyed))}
    open_needs = {i for i, n in needs.items() if n.status == NeedStatus.open}
    open_pairs = {
        (int(r.candidate_id), supplier_id): (r, k)
        for r, k in keyed
        if int(r.candidate_id) in open_needs
    }
    sent = sum(
        len(on_strong_candidate(session, need=needs[need_id], supplier=supplier, score=r.score))
        for (need_id, _), (r, _) in _fresh(session, open_pairs).items()
    )
    session.flush()
    return sent
