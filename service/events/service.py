"""Event rules: the status machine, who may register, who may ask whom, who sees what.

Services take the session first and `flush()`, never `commit()`; the request commits. Firm users
see events once they leave draft, and only their own registrations, requests and meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from service.accounts.deps import Principal
from service.catalog.checks import check_chain
from service.core.errors import Conflict, Forbidden, Invalid, NotFound
from service.core.paging import paginate
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise, EnterpriseStatus
from service.events.schemas import (
    STATUS_LABELS,
    EventCreate,
    EventUpdate,
    RegistrationCreate,
    RequestCreate,
)
from service.events.tables import (
    EventMeeting,
    EventRegistration,
    EventStatus,
    EventStatusChange,
    MatchmakingEvent,
    MeetingRequest,
    RequestStatus,
    Side,
)
from service.needs.tables import Need

E = EventStatus
NEXT: dict[str, frozenset[str]] = {
    E.draft: frozenset({E.open}),
    E.open: frozenset({E.draft, E.scheduling}),
    E.scheduling: frozenset({E.open, E.published}),
    E.published: frozenset({E.scheduling, E.held}),  # back to scheduling to change the schedule
    E.held: frozenset({E.closed}),
    E.closed: frozenset(),
}
REQUESTS_OPEN = (E.open, E.scheduling)


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def today() -> date:
    return datetime.now(UTC).date()


# -- events ------------------------------------------------------------------------------------


def get(session: Session, event_id: int) -> MatchmakingEvent:
    event = session.get(MatchmakingEvent, event_id)
    if event is None:
        raise NotFound(f"对接会 {event_id} 不存在")
    return event


def visible(session: Session, principal: Principal, event_id: int) -> MatchmakingEvent:
    """The event if this user may see it: the bureau always, firms once it left draft."""
    principal.require_user()
    event = get(session, event_id)
    if event.status == E.draft and not principal.is_bureau:
        raise NotFound(f"对接会 {event_id} 不存在")
    return event


def list_page(
    session: Session, principal: Principal, *, status: str | None, limit: int, offset: int
) -> tuple[list[MatchmakingEvent], int]:
    principal.require_user()
    statement = select(MatchmakingEvent)
    if not principal.is_bureau:
        statement = statement.where(MatchmakingEvent.status != E.draft)
    if status:
        statement = statement.where(MatchmakingEvent.status == status)
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(MatchmakingEvent.id),
        count_key=("events", principal.is_bureau, status),
    )


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("chain_codes") is not None:
        values["chain_codes"] = [
            check_chain(code, field=f"chain_codes.{i}")
            for i, code in enumerate(values["chain_codes"])
        ]
    return values


def create(session: Session, data: EventCreate, *, user_id: int | None) -> MatchmakingEvent:
    event = MatchmakingEvent(**_checked(data.model_dump()), created_by_user_id=user_id)
    session.add(event)
    session.flush()
    return event


def update(session: Session, event: MatchmakingEvent, data: EventUpdate) -> MatchmakingEvent:
    if event.status not in (E.draft, E.open, E.scheduling):
        raise Conflict(f"对接会已{label(event.status)}，不能再修改")
    changes = _checked(data.model_dump(exclude_unset=True))
    for key, value in changes.items():
        if value is None and key != "registration_deadline":
            continue  # required columns: null means "leave as is"
        setattr(event, key, value)
    _check_shrink(session, event)
    event.updated_at = utcnow()
    event.version += 1
    session.add(event)
    session.flush()
    return event


def _check_shrink(session: Session, event: MatchmakingEvent) -> None:
    """Fewer slots or tables than meetings already use would leave meetings nowhere."""
    meetings = meetings_of(session, event.id)
    if any(m.slot > event.slot_count or m.table_no > event.table_count for m in meetings):
        raise Conflict("已有洽谈排在被删减的时段或桌位上，请先重新排期", field="slot_count")


def transition(
    session: Session, event: MatchmakingEvent, to: EventStatus, *, user_id: int | None
) -> MatchmakingEvent:
    if to not in NEXT[event.status]:
        raise Conflict(f"对接会不能从「{label(event.status)}」变为「{label(to)}」", field="to")
    if to == E.published and not meetings_of(session, event.id):
        raise Conflict("尚未排期，不能发布日程", field="to")
    assert event.id is not None
    session.add(
        EventStatusChange(
            event_id=event.id, from_status=event.status, to_status=to, actor_user_id=user_id
        )
    )
    event.status = to
    event.updated_at = utcnow()
    if to == E.published:
        event.published_at = event.updated_at
    event.version += 1
    session.add(event)
    session.flush()
    return event


def history(session: Session, event_id: int) -> list[EventStatusChange]:
    statement = (
        select(EventStatusChange)
        .where(EventStatusChange.event_id == event_id)
        .order_by(col(EventStatusChange.id))
    )
    return list(session.exec(statement).all())


# -- registrations -----------------------------------------------------------------------------


def _side_for(enterprise: Enterprise, side: Side | None) -> Side:
    if enterprise.status != EnterpriseStatus.approved:
        raise Invalid(f"{enterprise.name} 尚未通过审核，不能报名", field="enterprise_id")
    can = {Side.owner: enterprise.is_owner, Side.supplier: enterprise.is_supplier}
    if side is None:
        side = Side.owner if enterprise.is_owner else Side.supplier
    if not can[side]:
        role = "链主企业" if side == Side.owner else "配套企业"
        raise Invalid(f"{enterprise.name} 不是{role}，不能以该身份报名", field="side")
    return side


def register(
    session: Session,
    event: MatchmakingEvent,
    data: RegistrationCreate,
    *,
    principal: Principal,
) -> EventRegistration:
    principal.require_acts_for(data.enterprise_id)
    allowed = (E.draft, E.open, E.scheduling) if principal.is_bureau else (E.open,)
    if event.status not in allowed:
        raise Conflict(f"对接会{label(event.status)}，不能报名")
    deadline = event.registration_deadline
    if not principal.is_bureau and deadline is not None and today() > deadline:
        raise Conflict(f"报名已于 {deadline.isoformat()} 截止")
    enterprise = session.get(Enterprise, data.enterprise_id)
    if enterprise is None:
        raise Invalid(f"企业 {data.enterprise_id} 不存在", field="enterprise_id")
    side = _side_for(enterprise, data.side)
    bad = [s for s in data.unavailable_slots if not 1 <= s <= event.slot_count]
    if bad:
        raise Invalid(f"时段须在 1 到 {event.slot_count} 之间", field="unavailable_slots")
    if registration_of(session, event.id, data.enterprise_id) is not None:
        raise Conflict(f"{enterprise.name} 已报名本次对接会")
    assert event.id is not None
    registration = EventRegistration(
        event_id=event.id,
        enterprise_id=data.enterprise_id,
        side=side,
        unavailable_slots=sorted(set(data.unavailable_slots)),
        contact_name=data.contact_name.strip(),
        registered_by_user_id=principal.user.id if principal.user else None,
    )
    session.add(registration)
    session.flush()
    return registration


def registration_of(
    session: Session, event_id: int | None, enterprise_id: int
) -> EventRegistration | None:
    statement = select(EventRegistration).where(
        EventRegistration.event_id == event_id, EventRegistration.enterprise_id == enterprise_id
    )
    return session.exec(statement).first()


def registrations(
    session: Session, event_id: int | None, *, enterprise_id: int | None = None
) -> list[EventRegistration]:
    statement = select(EventRegistration).where(EventRegistration.event_id == event_id)
    if enterprise_id is not None:
        statement = statement.where(EventRegistration.enterprise_id == enterprise_id)
    return list(session.exec(statement.order_by(col(EventRegistration.id))).all())


def registrations_for(
    session: Session, event: MatchmakingEvent, principal: Principal
) -> list[EventRegistration]:
    """The bureau sees every registration; a firm only its own."""
    if principal.is_bureau:
        return registrations(session, event.id)
    if principal.enterprise_id is None:
        return []
    return registrations(session, event.id, enterprise_id=principal.enterprise_id)


# -- meeting requests --------------------------------------------------------------------------


def _requester_side(principal: Principal, data: RequestCreate) -> str:
    if principal.is_bureau:
        return "bureau"
    if principal.enterprise_id == data.owner_id:
        return Side.owner
    if principal.enterprise_id == data.supplier_id:
        return Side.supplier
    raise Forbidden("只能以本企业名义提出洽谈请求")


def _require_registered(session: Session, event_id: int | None, firm_id: int, side: Side) -> None:
    registration = registration_of(session, event_id, firm_id)
    if registration is None or registration.side != side:
        role = "链主企业" if side == Side.owner else "配套企业"
        field = "owner_id" if side == Side.owner else "supplier_id"
        raise Invalid(f"企业 {firm_id} 未以{role}身份报名本次对接会", field=field)


def request_meeting(
    session: Session, event: MatchmakingEvent, data: RequestCreate, *, principal: Principal
) -> MeetingRequest:
    """A firm asks the other side for a meeting; the bureau's request is a pair it adds outright."""
    principal.require_user()
    by = _requester_side(principal, data)
    if event.status not in REQUESTS_OPEN:
        raise Conflict(f"对接会{label(event.status)}，不能提出洽谈请求")
    _require_registered(session, event.id, data.owner_id, Side.owner)
    _require_registered(session, event.id, data.supplier_id, Side.supplier)
    if data.need_id is not None:
        need = session.get(Need, data.need_id)
        if need is None or need.owner_id != data.owner_id:
            raise Invalid(f"需求 {data.need_id} 不属于该链主企业", field="need_id")
    user_id = principal.user.id if principal.user else None
    existing = request_between(session, event.id, data.owner_id, data.supplier_id)
    if existing is not None and by != "bureau":
        raise Conflict("双方已有洽谈请求，无需重复提出")
    assert event.id is not None  # a stored event
    request = existing or MeetingRequest(
        event_id=event.id, owner_id=data.owner_id, supplier_id=data.supplier_id, requested_by=by
    )
    request.need_id = data.need_id if data.need_id is not None else request.need_id
    request.requested_by = by
    request.note = data.note.strip()
    request.requested_by_user_id = user_id
    request.status = RequestStatus.accepted if by == "bureau" else RequestStatus.pending
    request.answered_at = utcnow() if by == "bureau" else None
    session.add(request)
    session.flush()
    return request


def request_between(
    session: Session, event_id: int | None, owner_id: int, supplier_id: int
) -> MeetingRequest | None:
    statement = select(MeetingRequest).where(
        MeetingRequest.event_id == event_id,
        MeetingRequest.owner_id == owner_id,
        MeetingRequest.supplier_id == supplier_id,
    )
    return session.exec(statement).first()


def visible_request(
    session: Session, event: MatchmakingEvent, request_id: int, principal: Principal
) -> MeetingRequest:
    request = session.get(MeetingRequest, request_id)
    if request is None or request.event_id != event.id or not _party_to(principal, request):
        raise NotFound(f"洽谈请求 {request_id} 不存在")
    return request


def _party_to(principal: Principal, row: MeetingRequest | EventMeeting) -> bool:
    return principal.acts_for(row.owner_id) or principal.acts_for(row.supplier_id)


def answer(
    session: Session,
    event: MatchmakingEvent,
    request: MeetingRequest,
    *,
    accept: bool,
    principal: Principal,
) -> MeetingRequest:
    if event.status not in REQUESTS_OPEN:
        raise Conflict(f"对接会{label(event.status)}，不能答复洽谈请求")
    if request.status != RequestStatus.pending:
        raise Conflict(f"该请求{REQUEST_STATUS_WORDS[RequestStatus(request.status)]}，不能再答复")
    asked = request.supplier_id if request.requested_by == Side.owner else request.owner_id
    if not principal.acts_for(asked):
        raise Forbidden("只能由被邀请方答复洽谈请求")
    request.status = RequestStatus.accepted if accept else RequestStatus.declined
    request.answered_by_user_id = principal.user.id if principal.user else None
    request.answered_at = utcnow()
    session.add(request)
    session.flush()
    return request


REQUEST_STATUS_WORDS = {
    RequestStatus.pending: "待答复",
    RequestStatus.accepted: "已被接受",
    RequestStatus.declined: "已被婉拒",
    RequestStatus.removed: "已被经信局移除",
}


def remove_pair(session: Session, event: MatchmakingEvent, request: MeetingRequest) -> None:
    """The bureau takes a pair out: it is never scheduled, even as a ranked pair."""
    if event.status not in REQUESTS_OPEN:
        raise Conflict(f"对接会{label(event.status)}，不能调整洽谈配对")
    request.status = RequestStatus.removed
    request.answered_at = utcnow()
    session.add(request)
    session.flush()


def requests_for(
    session: Session,
    event: MatchmakingEvent,
    principal: Principal,
    *,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[MeetingRequest], int]:
    statement = select(MeetingRequest).where(MeetingRequest.event_id == event.id)
    firm = principal.enterprise_id
    if not principal.is_bureau:
        statement = statement.where(
            or_(MeetingRequest.owner_id == firm, MeetingRequest.supplier_id == firm)
        )
    if status:
        statement = statement.where(MeetingRequest.status == status)
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(MeetingRequest.id),
        count_key=("event_requests", event.id, None if principal.is_bureau else firm, status),
    )


def all_requests(session: Session, event_id: int | None) -> list[MeetingRequest]:
    statement = select(MeetingRequest).where(MeetingRequest.event_id == event_id)
    return list(session.exec(statement.order_by(col(MeetingRequest.id))).all())


# -- meetings ----------------------------------------------------------------------------------


def meetings_of(
    session: Session, event_id: int | None, *, enterprise_id: int | None = None
) -> list[EventMeeting]:
    statement = select(EventMeeting).where(EventMeeting.event_id == event_id)
    if enterprise_id is not None:
        statement = statement.where(
            or_(EventMeeting.owner_id == enterprise_id, EventMeeting.supplier_id == enterprise_id)
        )
    order = (col(EventMeeting.slot), col(EventMeeting.table_no))
    return list(session.exec(statement.order_by(*order)).all())


def visible_meeting(
    session: Session, event: MatchmakingEvent, meeting_id: int, principal: Principal
) -> EventMeeting:
    meeting = session.get(EventMeeting, meeting_id)
    if meeting is None or meeting.event_id != event.id or not _party_to(principal, meeting):
        raise NotFound(f"洽谈 {meeting_id} 不存在")
    return meeting


@dataclass(frozen=True)
class Firms:
    """Names of the firms a page of rows refers to, loaded in one query."""

    by_id: dict[int, Enterprise]

    def name(self, firm_id: int) -> str:
        firm = self.by_id.get(firm_id)
        return firm.name if firm else f"企业 {firm_id}"


def firms(session: Session, ids: set[int]) -> Firms:
    if not ids:
        return Firms({})
    rows = session.exec(select(Enterprise).where(col(Enterprise.id).in_(ids))).all()
    return Firms({e.id: e for e in rows if e.id is not None})


def need_titles(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(Need.id, Need.title).where(col(Need.id).in_(wanted))).all()
    return {need_id: title for need_id, title in rows if need_id is not None}
