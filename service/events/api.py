"""/api/v1/events: 产销对接会. Every route needs a signed-in user; firms see only their own part."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Invalid, NotFound
from service.core.schemas import Limit, Offset, Page
from service.events import agenda as present
from service.events import outcomes, scheduling
from service.events import service as events
from service.events.report import event_report
from service.events.schemas import (
    AgendaPage,
    CandidatePublic,
    CheckIn,
    EventCreate,
    EventDetail,
    EventPublic,
    EventReport,
    EventTransition,
    EventUpdate,
    MeetingMove,
    MeetingPublic,
    OutcomeCreate,
    RegistrationCreate,
    RegistrationPublic,
    RequestAnswer,
    RequestCreate,
    RequestPublic,
    SchedulePage,
)
from service.events.tables import EventStatus, MatchmakingEvent, RequestStatus, Side
from service.pairings.deps import IndexDep

router = APIRouter(prefix="/events", tags=["events"], route_class=UnitOfWorkRoute)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOLVE_SECONDS = 30.0
EnterpriseQuery = Annotated[int | None, Query(description="经信局查看某企业时填写")]


def _user_id(principal: Principal) -> int | None:
    return principal.user.id if principal.user else None


def _bureau_event(session: Session, principal: Principal, event_id: int) -> MatchmakingEvent:
    principal.require_bureau()
    return events.get(session, event_id)


@router.get("", response_model=Page[EventPublic])
def list_events(
    session: SessionDep,
    principal: PrincipalDep,
    status_: Annotated[EventStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EventPublic]:
    rows, total = events.list_page(session, principal, status=status_, limit=limit, offset=offset)
    items = [present.event_public(e) for e in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("", response_model=EventDetail, status_code=status.HTTP_201_CREATED)
def create_event(data: EventCreate, session: SessionDep, principal: PrincipalDep) -> EventDetail:
    principal.require_bureau()
    event = events.create(session, data, user_id=_user_id(principal))
    return present.event_detail(session, event)


@router.get("/{event_id}", response_model=EventDetail)
def read_event(event_id: int, session: SessionDep, principal: PrincipalDep) -> EventDetail:
    return present.event_detail(session, events.visible(session, principal, event_id))


@router.patch("/{event_id}", response_model=EventDetail)
def update_event(
    event_id: int, data: EventUpdate, session: SessionDep, principal: PrincipalDep
) -> EventDetail:
    event = _bureau_event(session, principal, event_id)
    return present.event_detail(session, events.update(session, event, data))


@router.post("/{event_id}/transition", response_model=EventDetail)
def transition_event(
    event_id: int, data: EventTransition, session: SessionDep, principal: PrincipalDep
) -> EventDetail:
    event = _bureau_event(session, principal, event_id)
    moved = events.transition(session, event, data.to, user_id=_user_id(principal))
    if data.to == EventStatus.published:
        from service.events.notices import announce_schedule

        announce_schedule(session, moved)
    return present.event_detail(session, moved)


# -- registrations ------------------------------------------------------------------------------


@router.post(
    "/{event_id}/registrations",
    response_model=RegistrationPublic,
    status_code=status.HTTP_201_CREATED,
)
def register(
    event_id: int, data: RegistrationCreate, session: SessionDep, principal: PrincipalDep
) -> RegistrationPublic:
    event = events.visible(session, principal, event_id)
    registration = events.register(session, event, data, principal=principal)
    return present.registrations_public(session, [registration])[0]


@router.get("/{event_id}/registrations", response_model=Page[RegistrationPublic])
def list_registrations(
    event_id: int, session: SessionDep, principal: PrincipalDep
) -> Page[RegistrationPublic]:
    event = events.visible(session, principal, event_id)
    items = present.registrations_public(
        session, events.registrations_for(session, event, principal)
    )
    return Page(items=items, total=len(items), limit=max(len(items), 1), offset=0)


@router.get("/{event_id}/candidates", response_model=Page[CandidatePublic])
def list_candidates(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    index: IndexDep,
    enterprise_id: EnterpriseQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CandidatePublic]:
    """Registered firms on the other side, ranked: suppliers for an owner, needs for a supplier."""
    event = events.visible(session, principal, event_id)
    firm = _firm(principal, enterprise_id)
    ranked = scheduling.ranked_for(session, index, event, enterprise_id=firm)
    return Page(
        items=ranked[offset : offset + limit], total=len(ranked), limit=limit, offset=offset
    )


def _firm(principal: Principal, enterprise_id: int | None) -> int:
    """The firm a participant view is for: the caller's own, or the one the bureau names."""
    if enterprise_id is None:
        if principal.enterprise_id is None:
            raise Invalid("请指定企业", field="enterprise_id", source="query")
        return principal.enterprise_id
    if not principal.acts_for(enterprise_id):
        raise NotFound(f"企业 {enterprise_id} 的日程不存在")
    return enterprise_id


# -- meeting requests ---------------------------------------------------------------------------


@router.post(
    "/{event_id}/requests", response_model=RequestPublic, status_code=status.HTTP_201_CREATED
)
def create_request(
    event_id: int, data: RequestCreate, session: SessionDep, principal: PrincipalDep
) -> RequestPublic:
    event = events.visible(session, principal, event_id)
    request = events.request_meeting(session, event, data, principal=principal)
    return present.requests_public(session, [request])[0]


@router.get("/{event_id}/requests", response_model=Page[RequestPublic])
def list_requests(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    status_: Annotated[RequestStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RequestPublic]:
    event = events.visible(session, principal, event_id)
    rows, total = events.requests_for(
        session, event, principal, status=status_, limit=limit, offset=offset
    )
    return Page(
        items=present.requests_public(session, rows), total=total, limit=limit, offset=offset
    )


@router.post("/{event_id}/requests/{request_id}/answer", response_model=RequestPublic)
def answer_request(
    event_id: int,
    request_id: int,
    data: RequestAnswer,
    session: SessionDep,
    principal: PrincipalDep,
) -> RequestPublic:
    event = events.visible(session, principal, event_id)
    request = events.visible_request(session, event, request_id, principal)
    answered = events.answer(session, event, request, accept=data.accept, principal=principal)
    return present.requests_public(session, [answered])[0]


@router.delete("/{event_id}/requests/{request_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_request(
    event_id: int, request_id: int, session: SessionDep, principal: PrincipalDep
) -> Response:
    """The bureau takes a pair out of the event: it is never scheduled."""
    event = _bureau_event(session, principal, event_id)
    events.remove_pair(
        session, event, events.visible_request(session, event, request_id, principal)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- the schedule -------------------------------------------------------------------------------


@router.post("/{event_id}/schedule", response_model=SchedulePage)
def schedule_event(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    index: IndexDep,
    settings: SettingsDep,
) -> SchedulePage:
    """Solve the schedule: pinned meetings stay, the rest is chosen and placed to maximise value."""
    event = _bureau_event(session, principal, event_id)
    solved = scheduling.solve(
        session,
        index,
        event,
        min_score=settings.opportunity_min_score,
        time_limit=SOLVE_SECONDS,
    )
    items = present.meetings_public(session, event, solved.meetings)
    return SchedulePage(
        items=items,
        total=len(items),
        limit=max(len(items), 1),
        offset=0,
        total_weight=round(solved.total_weight, 4),
        bound=round(solved.bound, 4),
        gap=round(solved.gap, 6),
        method=solved.method,
    )


@router.get("/{event_id}/meetings", response_model=Page[MeetingPublic])
def list_meetings(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    offset: Offset = 0,
) -> Page[MeetingPublic]:
    """The table plan for the bureau; a firm's own meetings once the schedule is published."""
    event = events.visible(session, principal, event_id)
    if principal.is_bureau:
        rows = events.meetings_of(session, event.id)
    elif event.status in present.AGENDA_VISIBLE and principal.enterprise_id is not None:
        rows = events.meetings_of(session, event.id, enterprise_id=principal.enterprise_id)
    else:
        rows = []
    page = rows[offset : offset + limit]
    items = present.meetings_public(session, event, page)
    return Page(items=items, total=len(rows), limit=limit, offset=offset)


@router.patch("/{event_id}/meetings/{meeting_id}", response_model=MeetingPublic)
def move_meeting(
    event_id: int, meeting_id: int, data: MeetingMove, session: SessionDep, principal: PrincipalDep
) -> MeetingPublic:
    """The bureau pins a meeting in a slot (and at a table); a re-solve places the rest around it."""
    event = _bureau_event(session, principal, event_id)
    meeting = events.visible_meeting(session, event, meeting_id, principal)
    moved = scheduling.move(
        session, event, meeting, slot=data.slot, table=data.table, pinned=data.pinned
    )
    return present.meetings_public(session, event, [moved])[0]


@router.get("/{event_id}/agenda", response_model=AgendaPage)
def read_agenda(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    enterprise_id: EnterpriseQuery = None,
) -> AgendaPage:
    event = events.visible(session, principal, event_id)
    firm = _firm(principal, enterprise_id)
    return present.agenda(session, event, enterprise_id=firm, is_bureau=principal.is_bureau)


@router.get("/{event_id}/agenda.xlsx", response_class=Response)
def download_agenda(
    event_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    enterprise_id: EnterpriseQuery = None,
) -> Response:
    event = events.visible(session, principal, event_id)
    firm = _firm(principal, enterprise_id)
    page = present.agenda(session, event, enterprise_id=firm, is_bureau=principal.is_bureau)
    return Response(
        present.agenda_xlsx(event, page),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="agenda-{event_id}-{firm}.xlsx"'},
    )


# -- on the day ---------------------------------------------------------------------------------


@router.post("/{event_id}/meetings/{meeting_id}/check-in", response_model=MeetingPublic)
def check_in(
    event_id: int, meeting_id: int, data: CheckIn, session: SessionDep, principal: PrincipalDep
) -> MeetingPublic:
    event = _bureau_event(session, principal, event_id)
    meeting = events.visible_meeting(session, event, meeting_id, principal)
    done = outcomes.check_in(
        session, event, meeting, attendance=data.attendance, user_id=_user_id(principal)
    )
    return present.meetings_public(session, event, [done])[0]


@router.post("/{event_id}/meetings/{meeting_id}/outcome", response_model=MeetingPublic)
def record_outcome(
    event_id: int,
    meeting_id: int,
    data: OutcomeCreate,
    session: SessionDep,
    principal: PrincipalDep,
) -> MeetingPublic:
    event = events.visible(session, principal, event_id)
    meeting = events.visible_meeting(session, event, meeting_id, principal)
    side = _outcome_side(principal, meeting.owner_id, data.side)
    done = outcomes.record(
        session,
        event,
        meeting,
        side=side,
        result=data.result,
        note=data.note,
        user_id=_user_id(principal),
    )
    return present.meetings_public(session, event, [done])[0]


def _outcome_side(principal: Principal, owner_id: int, asked: Side | None) -> Side:
    """A firm records its own side; the bureau says which side it records for."""
    if principal.is_bureau:
        if asked is None:
            raise Invalid("请指定填写哪一方的洽谈结果", field="side")
        return asked
    own = Side.owner if principal.enterprise_id == owner_id else Side.supplier
    if asked is not None and asked != own:
        raise Invalid("只能填写本企业一方的洽谈结果", field="side")
    return own


@router.get("/{event_id}/report", response_model=EventReport)
def read_report(event_id: int, session: SessionDep, principal: PrincipalDep) -> EventReport:
    return event_report(session, _bureau_event(session, principal, event_id))
