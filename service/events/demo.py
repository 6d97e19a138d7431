"""Demo 产销对接会: one held last week, with its schedule, check-ins and outcomes (so the report and
the pipeline show what came of it), and one open for registration next month. Both go through the
same rules as the API; the showcase accounts `owner` and `supplier` take part in the held one."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlmodel import Session, col, select

from service.accounts.deps import Principal
from service.accounts.tables import User
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise, EnterpriseStatus
from service.events import outcomes, scheduling
from service.events import service as events
from service.events.notices import announce_schedule
from service.events.schemas import EventCreate, RegistrationCreate
from service.events.tables import (
    Attendance,
    EventStatus,
    MatchmakingEvent,
    MeetingRequest,
    OutcomeResult,
    RequestStatus,
    Side,
)
from service.needs.tables import Need, NeedStatus
from service.pairings.index import MatchIndex
from service.pairings.tables import Match, MatchStatus

OWNER_RESULTS = (OutcomeResult.interested, OutcomeResult.sample, OutcomeResult.none)
MIN_SCORE = 0.2


def seed_events(
    session: Session, index: MatchIndex, *, today: date | None = None
) -> dict[str, int]:
    """Create the two demo events unless any event exists; returns what was created."""
    if session.exec(select(MatchmakingEvent.id)).first() is not None:
        return {}
    bureau = session.exec(select(User).where(User.role == "bureau").order_by(col(User.id))).first()
    if bureau is None:
        return {}
    today = today or events.today()
    owners, suppliers = _participants(session)
    if not owners or not suppliers:
        return {}
    held = _held_event(session, index, Principal(user=bureau), owners, suppliers, today)
    _open_event(session, Principal(user=bureau), owners, suppliers, today)
    return {"events": 2, "meetings": len(events.meetings_of(session, held.id))}


def _showcase_firm(session: Session, username: str) -> int | None:
    user = session.exec(select(User).where(User.username == username)).first()
    return user.enterprise_id if user else None


def _participants(session: Session) -> tuple[list[int], list[int]]:
    """The showcase owner and three more owners with open needs; the showcase supplier and the
    approved suppliers the pipeline ranks best for those owners' needs."""
    with_needs = session.exec(
        select(Need.owner_id).where(Need.status == NeedStatus.open).distinct()
    ).all()
    showcase_owner = _showcase_firm(session, "owner")
    owners = [o for o in [showcase_owner, *sorted(set(with_needs))] if o is not None]
    owners = list(dict.fromkeys(owners))[:4]
    ranked = session.exec(
        select(Match.supplier_id)
        .join(Need, col(Need.id) == Match.need_id)
        .join(Enterprise, col(Enterprise.id) == Match.supplier_id)
        .where(
            col(Need.owner_id).in_(owners),
            Match.status != MatchStatus.declined,
            Enterprise.status == EnterpriseStatus.approved,
            col(Enterprise.is_owner).is_(False),
        )
        .order_by(col(Match.score).desc(), col(Match.id))
    ).all()
    showcase_supplier = _showcase_firm(session, "supplier")
    suppliers = [s for s in [showcase_supplier, *ranked] if s is not None and s not in owners]
    return owners, list(dict.fromkeys(suppliers))[:10]


def _create(session: Session, bureau: Principal, data: EventCreate) -> MatchmakingEvent:
    user_id = bureau.user.id if bureau.user else None
    event = events.create(session, data, user_id=user_id)
    return events.transition(session, event, EventStatus.open, user_id=user_id)


def _register(
    session: Session,
    bureau: Principal,
    event: MatchmakingEvent,
    firm: int,
    side: Side,
    away: list[int],
) -> None:
    data = RegistrationCreate(enterprise_id=firm, side=side, unavailable_slots=away)
    events.register(session, event, data, principal=bureau)


def _held_event(
    session: Session,
    index: MatchIndex,
    bureau: Principal,
    owners: list[int],
    suppliers: list[int],
    today: date,
) -> MatchmakingEvent:
    user_id = bureau.user.id if bureau.user else None
    event = _create(
        session,
        bureau,
        EventCreate(
            name="咸宁市重点产业链产销对接会（第一期）",
            event_date=today - timedelta(days=7),
            start_time=time(9, 0),
            place="咸宁市民之家三楼多功能厅",
            slot_count=6,
            table_count=8,
            registration_deadline=today - timedelta(days=14),
        ),
    )
    for owner in owners:
        _register(session, bureau, event, owner, Side.owner, [])
    for i, supplier in enumerate(suppliers):
        _register(session, bureau, event, supplier, Side.supplier, [1] if i % 4 == 3 else [])
    for i, owner in enumerate(owners):
        supplier = suppliers[i % len(suppliers)]
        status = RequestStatus.accepted if i % 3 != 2 else RequestStatus.declined
        _request(session, event, owner, supplier, status)
    events.transition(session, event, EventStatus.scheduling, user_id=user_id)
    scheduling.solve(session, index, event, min_score=MIN_SCORE, time_limit=10.0)
    events.transition(session, event, EventStatus.published, user_id=user_id)
    announce_schedule(session, event)
    _the_day(session, event, user_id)
    return events.transition(session, event, EventStatus.held, user_id=user_id)


def _request(
    session: Session, event: MatchmakingEvent, owner: int, supplier: int, status: RequestStatus
) -> None:
    assert event.id is not None
    request = MeetingRequest(
        event_id=event.id,
        owner_id=owner,
        supplier_id=supplier,
        requested_by=Side.owner,
        status=status,
        answered_at=None if status == RequestStatus.pending else utcnow(),
    )
    session.add(request)
    session.flush()


def _the_day(session: Session, event: MatchmakingEvent, user_id: int | None) -> None:
    """Every fifth meeting a no-show; outcomes from the owners on every held one (有意向, 送样,
    无意向 in turn) and from the suppliers on every other one."""
    for i, meeting in enumerate(events.meetings_of(session, event.id)):
        attendance = Attendance.no_show if i % 5 == 4 else Attendance.held
        outcomes.check_in(session, event, meeting, attendance=attendance, user_id=user_id)
        if attendance == Attendance.no_show:
            continue
        result = OWNER_RESULTS[i % len(OWNER_RESULTS)]
        outcomes.record(
            session, event, meeting, side=Side.owner, result=result, note="", user_id=user_id
        )
        if i % 2 == 0 and result != OutcomeResult.none:
            outcomes.record(
                session,
                event,
                meeting,
                side=Side.supplier,
                result=OutcomeResult.interested,
                note="会后寄送产品目录",
                user_id=user_id,
            )


def _open_event(
    session: Session, bureau: Principal, owners: list[int], suppliers: list[int], today: date
) -> MatchmakingEvent:
    event = _create(
        session,
        bureau,
        EventCreate(
            name="咸宁市电子信息产业链“链主点将”产销对接会",
            event_date=today + timedelta(days=30),
            start_time=time(14, 0),
            place="咸宁高新区企业服务中心",
            slot_count=8,
            table_count=10,
            registration_deadline=today + timedelta(days=20),
        ),
    )
    for owner in owners[1:3]:
        _register(session, bureau, event, owner, Side.owner, [])
    others = suppliers[1:5]
    for supplier in others:
        _register(session, bureau, event, supplier, Side.supplier, [])
    if others and len(owners) > 1:
        _request(session, event, owners[1], others[0], RequestStatus.pending)
    return event
