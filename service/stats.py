"""Record counts for `peitao stats` and the dashboard header."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.accounts.tables import User
from service.catalog.tables import Chain
from service.enterprises.tables import Capability, Enterprise
from service.ledger.tables import Purchase
from service.needs.tables import Need, NeedStatus
from service.pairings.tables import Match


def _count(session: Session, statement: object) -> int:
    return int(session.exec(statement).one())  # type: ignore[call-overload]


def record_counts(session: Session) -> dict[str, int]:
    from service.core.config import get_settings

    chain_set = get_settings().chain_set
    return {
        "chains": _count(
            session, select(func.count()).select_from(Chain).where(Chain.chain_set == chain_set)
        ),
        "enterprises": _count(session, select(func.count()).select_from(Enterprise)),
        "owners": _count(
            session, select(func.count()).select_from(Enterprise).where(col(Enterprise.is_owner))
        ),
        "suppliers": _count(
            session, select(func.count()).select_from(Enterprise).where(col(Enterprise.is_supplier))
        ),
        "needs": _count(session, select(func.count()).select_from(Need)),
        "needs_open": _count(
            session, select(func.count()).select_from(Need).where(Need.status == NeedStatus.open)
        ),
        "capabilities": _count(session, select(func.count()).select_from(Capability)),
        "purchases": _count(session, select(func.count()).select_from(Purchase)),
        "matches": _count(session, select(func.count()).select_from(Match)),
        "users": _count(session, select(func.count()).select_from(User)),
    }
