"""What each participant and the organisers read: meetings, agendas, the table plan, the XLSX."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from io import BytesIO

from sqlmodel import Session, col, select

from service.core.errors import Conflict, Invalid
from service.enterprises.tables import Capability
from service.events import service as events
from service.events.scheduling import slot_times
from service.events.schemas import (
    OUTCOME_LABELS,
    REQUEST_LABELS,
    STATUS_LABELS,
    AgendaItem,
    AgendaPage,
    EventDetail,
    EventPublic,
    MeetingPublic,
    OutcomePublic,
    RegistrationPublic,
    RequestPublic,
    StatusChangePublic,
)
from service.events.tables import (
    EventMeeting,
    EventRegistration,
    EventStatus,
    MatchmakingEvent,
    MeetingOutcome,
    MeetingRequest,
    Side,
)
from service.needs.tables import Need, NeedStatus

AGENDA_VISIBLE = (EventStatus.published, EventStatus.held, EventStatus.closed)
PRODUCTS_SHOWN = 5


def event_public(event: MatchmakingEvent) -> EventPublic:
    assert event.id is not None
    return EventPublic(
        id=event.id,
        name=event.name,
        chain_codes=list(event.chain_codes),
        event_date=event.event_date,
        start_time=event.start_time.strftime("%H:%M"),
        place=event.place,
        meeting_minutes=event.meeting_minutes,
        slot_count=event.slot_count,
        table_count=event.table_count,
        registration_deadline=event.registration_deadline,
        status=event.status,
        status_label=STATUS_LABELS[event.status],
        created_at=event.created_at,
        updated_at=event.updated_at,
        published_at=event.published_at,
    )


def event_detail(session: Session, event: MatchmakingEvent) -> EventDetail:
    changes = [
        StatusChangePublic(
            from_status=c.from_status, to_status=c.to_status, actor_user_id=c.actor_user_id, at=c.at
        )
        for c in events.history(session, event.id or 0)
    ]
    return EventDetail(**event_public(event).model_dump(), history=changes)


def registrations_public(
    session: Session, rows: Sequence[EventRegistration]
) -> list[RegistrationPublic]:
    names = events.firms(session, {r.enterprise_id for r in rows})
    return [
        RegistrationPublic(
            id=r.id or 0,
            event_id=r.event_id,
            enterprise_id=r.enterprise_id,
            enterprise_name=names.name(r.enterprise_id),
            side=r.side,
            unavailable_slots=list(r.unavailable_slots),
            contact_name=r.contact_name,
            created_at=r.created_at,
        )
        for r in rows
    ]


def requests_public(session: Session, rows: Sequence[MeetingRequest]) -> list[RequestPublic]:
    names = events.firms(session, {r.owner_id for r in rows} | {r.supplier_id for r in rows})
    titles = events.need_titles(session, {r.need_id for r in rows})
    return [
        RequestPublic(
            id=r.id or 0,
            event_id=r.event_id,
            owner_id=r.owner_id,
            owner_name=names.name(r.owner_id),
            supplier_id=r.supplier_id,
            supplier_name=names.name(r.supplier_id),
            need_id=r.need_id,
            need_title=titles.get(r.need_id) if r.need_id else None,
            requested_by=r.requested_by,
            status=r.status,
            status_label=REQUEST_LABELS[r.status],
            note=r.note,
            created_at=r.created_at,
            answered_at=r.answered_at,
        )
        for r in rows
    ]


def outcomes_of(session: Session, meeting_ids: Sequence[int]) -> dict[int, list[MeetingOutcome]]:
    found: dict[int, list[MeetingOutcome]] = defaultdict(list)
    if meeting_ids:
        statement = (
            select(MeetingOutcome)
            .where(col(MeetingOutcome.meeting_id).in_(list(meeting_ids)))
            .order_by(col(MeetingOutcome.id))
        )
        for outcome in session.exec(statement).all():
            found[outcome.meeting_id].append(outcome)
    return found


def outcome_public(outcome: MeetingOutcome) -> OutcomePublic:
    return OutcomePublic(
        side=outcome.side,
        result=outcome.result,
        result_label=OUTCOME_LABELS[outcome.result],
        note=outcome.note,
        at=outcome.at,
    )


def meetings_public(
    session: Session, event: MatchmakingEvent, rows: Sequence[EventMeeting]
) -> list[MeetingPublic]:
    names = events.firms(session, {m.owner_id for m in rows} | {m.supplier_id for m in rows})
    titles = events.need_titles(session, {m.need_id for m in rows})
    outcomes = outcomes_of(session, [m.id for m in rows if m.id is not None])
    items = []
    for m in rows:
        starts, ends = slot_times(event, m.slot)
        items.append(
            MeetingPublic(
                id=m.id or 0,
                event_id=m.event_id,
                owner_id=m.owner_id,
                owner_name=names.name(m.owner_id),
                supplier_id=m.supplier_id,
                supplier_name=names.name(m.supplier_id),
                need_id=m.need_id,
                need_title=titles.get(m.need_id) if m.need_id else None,
                slot=m.slot,
                table=m.table_no,
                starts_at=starts,
                ends_at=ends,
                pinned=m.pinned,
                weight=m.weight,
                reasons=list(m.reasons),
                attendance=m.attendance,
                match_id=m.match_id,
                outcomes=[outcome_public(o) for o in outcomes.get(m.id or 0, [])],
            )
        )
    return items


# -- agendas ---------------------------------------------------------------------------------


def agenda(
    session: Session, event: MatchmakingEvent, *, enterprise_id: int, is_bureau: bool
) -> AgendaPage:
    """One firm's meetings, in time order. Firms see theirs once the schedule is published."""
    if not is_bureau and event.status not in AGENDA_VISIBLE:
        raise Conflict("日程尚未发布")
    registration = events.registration_of(session, event.id, enterprise_id)
    if registration is None:
        raise Invalid("该企业未报名本次对接会", field="enterprise_id", source="query")
    rows = events.meetings_of(session, event.id, enterprise_id=enterprise_id)
    items = agenda_items(session, event, rows, me=enterprise_id)
    return AgendaPage(
        items=items,
        total=len(items),
        limit=max(len(items), 1),
        offset=0,
        event_id=event.id or 0,
        enterprise_id=enterprise_id,
        enterprise_name=events.firms(session, {enterprise_id}).name(enterprise_id),
        side=registration.side,
    )


def agenda_items(
    session: Session, event: MatchmakingEvent, rows: Sequence[EventMeeting], *, me: int
) -> list[AgendaItem]:
    others = {m.supplier_id if m.owner_id == me else m.owner_id for m in rows}
    names = events.firms(session, others)
    products = _products(session, others)
    titles = events.need_titles(session, {m.need_id for m in rows})
    outcomes = outcomes_of(session, [m.id for m in rows if m.id is not None])
    items = []
    for m in rows:
        i_am_owner = m.owner_id == me
        other = m.supplier_id if i_am_owner else m.owner_id
        my_side = Side.owner if i_am_owner else Side.supplier
        mine = [o for o in outcomes.get(m.id or 0, []) if o.side == my_side]
        starts, ends = slot_times(event, m.slot)
        why = [f"需求：{titles[m.need_id]}"] if m.need_id in titles else []
        items.append(
            AgendaItem(
                meeting_id=m.id or 0,
                slot=m.slot,
                starts_at=starts,
                ends_at=ends,
                table=m.table_no,
                other_id=other,
                other_name=names.name(other),
                other_side=Side.supplier if i_am_owner else Side.owner,
                other_products=products.get(other, []),
                why=why + list(m.reasons),
                attendance=m.attendance,
                my_outcome=outcome_public(mine[0]) if mine else None,
            )
        )
    return items


def _products(session: Session, firm_ids: set[int]) -> dict[int, list[str]]:
    """What each firm offers (a supplier's capabilities) or buys (an owner's open needs)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not firm_ids:
        return found
    ids = list(firm_ids)
    caps = select(Capability.supplier_id, Capability.title).where(
        col(Capability.supplier_id).in_(ids)
    )
    needs = select(Need.owner_id, Need.title).where(
        col(Need.owner_id).in_(ids), Need.status == NeedStatus.open
    )
    for firm_id, title in [*session.exec(caps.order_by(col(Capability.id))).all()]:
        found[firm_id].append(title)
    for firm_id, title in [*session.exec(needs.order_by(col(Need.id))).all()]:
        found[firm_id].append(title)
    return {k: v[:PRODUCTS_SHOWN] for k, v in found.items()}


# -- the XLSX --------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AGENDA_HEADERS = ("时段", "开始", "结束", "桌号", "洽谈企业", "对方产品/需求", "洽谈事由", "签到")


def _text_cell(cell: object, value: str) -> None:
    """A string that a spreadsheet would read as a formula is written as plain text."""
    cell.value = value  # type: ignore[attr-defined]
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # type: ignore[attr-defined]
        cell.quotePrefix = True  # type: ignore[attr-defined]


def agenda_xlsx(event: MatchmakingEvent, page: AgendaPage) -> bytes:
    from openpyxl import Workbook  # lazily, as the ledger workbook does

    from service.events.schemas import ATTENDANCE_LABELS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "洽谈日程"
    heading = f"{event.name} · {event.event_date.isoformat()} · {event.place}"
    _text_cell(sheet.cell(row=1, column=1), heading)
    _text_cell(sheet.cell(row=2, column=1), f"参会企业：{page.enterprise_name}")
    for column, header in enumerate(AGENDA_HEADERS, start=1):
        sheet.cell(row=4, column=column, value=header)
    for row, item in enumerate(page.items, start=5):
        sheet.cell(row=row, column=1, value=item.slot)
        values = (
            item.starts_at,
            item.ends_at,
        )
        for column, text in enumerate(values, start=2):
            _text_cell(sheet.cell(row=row, column=column), text)
        sheet.cell(row=row, column=4, value=item.table)
        texts = (
            item.other_name,
            "、".join(item.other_products),
            "；".join(item.why),
            ATTENDANCE_LABELS[item.attendance],
        )
        for column, text in enumerate(texts, start=5):
            _text_cell(sheet.cell(row=row, column=column), text)
    for letter, width in zip("ABCDEFGH", (6, 8, 8, 6, 30, 40, 50, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
