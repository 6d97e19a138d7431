"""Factories for 产销对接会 tests: an event in any status, registrations, requests, meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlmodel import Session

from service.accounts.tables import UserRole
from service.enterprises.tables import Enterprise
from service.events.tables import (
    EventMeeting,
    EventRegistration,
    MatchmakingEvent,
    MeetingRequest,
)
from service.needs.tables import Need
from tests.factories import make_capability, make_enterprise, make_need, make_user

EVENT_DAY = date(2026, 12, 18)


def _saved(session: Session, row: Any) -> Any:
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def make_event(
    session: Session,
    *,
    status: str = "open",
    name: str = "咸宁市汽车零部件产销对接会",
    slot_count: int = 4,
    table_count: int = 2,
    deadline: date | None = None,
) -> MatchmakingEvent:
    return _saved(
        session,
        MatchmakingEvent(
            name=name,
            chain_codes=[],
            event_date=EVENT_DAY,
            start_time=time(9, 0),
            place="咸宁市会展中心",
            slot_count=slot_count,
            table_count=table_count,
            registration_deadline=deadline,
            status=status,
        ),
    )


def register(
    session: Session,
    event: MatchmakingEvent,
    firm: Enterprise,
    side: str,
    unavailable: tuple[int, ...] = (),
) -> EventRegistration:
    return _saved(
        session,
        EventRegistration(
            event_id=event.id,
            enterprise_id=firm.id,
            side=side,
            unavailable_slots=list(unavailable),
        ),
    )


def make_request(
    session: Session,
    event: MatchmakingEvent,
    owner: Enterprise,
    supplier: Enterprise,
    *,
    status: str = "pending",
    by: str = "owner",
    need: Need | None = None,
) -> MeetingRequest:
    return _saved(
        session,
        MeetingRequest(
            event_id=event.id,
            owner_id=owner.id,
            supplier_id=supplier.id,
            need_id=need.id if need else None,
            requested_by=by,
            status=status,
        ),
    )


def make_meeting(
    session: Session,
    event: MatchmakingEvent,
    owner: Enterprise,
    supplier: Enterprise,
    *,
    slot: int = 1,
    table: int = 1,
    need: Need | None = None,
    attendance: str = "scheduled",
) -> EventMeeting:
    return _saved(
        session,
        EventMeeting(
            event_id=event.id,
            owner_id=owner.id,
            supplier_id=supplier.id,
            need_id=need.id if need else None,
            slot=slot,
            table_no=table,
            attendance=attendance,
        ),
    )


@dataclass
class Firms:
    """Two owners with a need each and three suppliers, one user per firm and a bureau user."""

    owner: Enterprise
    other_owner: Enterprise
    supplier: Enterprise
    other_supplier: Enterprise
    far_supplier: Enterprise
    need: Need
    other_need: Need
    users: dict[str, Any]


def make_firms(session: Session) -> Firms:
    owner = make_enterprise(session, name="甲汽车链主有限公司", owner=True, supplier=False)
    other_owner = make_enterprise(session, name="乙电子链主有限公司", owner=True, supplier=False)
    supplier = make_enterprise(session, name="丙精密冲压有限公司")
    other_supplier = make_enterprise(session, name="丁铸造有限公司")
    far_supplier = make_enterprise(session, name="戊纺织有限公司")
    need = make_need(session, owner=owner, title="精密冲压件", description="SPCC 冲压 汽车支架")
    other_need = make_need(session, owner=other_owner, title="铝合金压铸件", amount="800000")
    make_capability(session, supplier=supplier, title="精密冲压件加工", description="SPCC 冲压")
    make_capability(session, supplier=other_supplier, title="铝合金压铸件", description="压铸")
    make_capability(session, supplier=far_supplier, title="棉纱织造", description="纺织面料")
    users = {
        "bureau": make_user(session, role=UserRole.bureau, username="jxj"),
        "owner": make_user(session, role=UserRole.owner, enterprise=owner, username="jia"),
        "other_owner": make_user(
            session, role=UserRole.owner, enterprise=other_owner, username="yi"
        ),
        "supplier": make_user(
            session, role=UserRole.supplier, enterprise=supplier, username="bing"
        ),
        "other_supplier": make_user(
            session, role=UserRole.supplier, enterprise=other_supplier, username="ding"
        ),
    }
    return Firms(
        owner, other_owner, supplier, other_supplier, far_supplier, need, other_need, users
    )
