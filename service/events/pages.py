"""产销对接会 pages: the list, an event's page (registration, requests, the bureau's controls),
the table plan, each participant's agenda (on screen, printable, XLSX) and the report. They call
the same services as /api/v1/events; a refused action comes back as a message on the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from service.core.errors import Forbidden, NotFound, PeitaoError
from service.events import agenda as present
from service.events import outcomes, scheduling
from service.events import service as events
from service.events.report import event_report
from service.events.schemas import (
    ATTENDANCE_LABELS,
    OUTCOME_LABELS,
    REQUEST_LABELS,
    SIDE_LABELS,
    STATUS_LABELS,
    EventCreate,
    RegistrationCreate,
    RequestCreate,
)
from service.events.tables import EventStatus, MatchmakingEvent, OutcomeResult, Side
from service.pairings.deps import IndexDep
from service.web import forms
from service.web.context import Web, WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/events")
LABELS: dict[str, Any] = {  # template names of the label tables
    "status_labels": STATUS_LABELS,
    "request_labels": REQUEST_LABELS,
    "attendance_labels": ATTENDANCE_LABELS,
    "outcome_labels": OUTCOME_LABELS,
    "side_labels": SIDE_LABELS,
}
SOLVE_SECONDS = 30.0


def _attempt(web: Web, back: str, action: Callable[[], str]) -> Response:
    """Run a posted action; a refusal is shown on the page it came from, nothing kept."""
    try:
        message = action()
    except PeitaoError as error:
        web.session.rollback()
        web.flash(error.message, "error")
        return web.redirect(back)
    except ValidationError as error:
        web.session.rollback()
        web.flash("填写有误：" + "；".join(str(e["msg"]) for e in error.errors()), "error")
        return web.redirect(back)
    return web.redirect(back, message)


def _user_id(web: Web) -> int | None:
    return web.principal.user.id if web.principal.user else None


def _event(web: Web, event_id: int) -> MatchmakingEvent:
    web.require()
    return events.visible(web.session, web.principal, event_id)


def _bureau_event(web: Web, event_id: int) -> MatchmakingEvent:
    web.require("bureau")
    return events.get(web.session, event_id)


@router.get("", response_class=HTMLResponse)
def event_list(web: WebDep) -> Response:
    web.require()
    rows, total = events.list_page(web.session, web.principal, status=None, limit=200, offset=0)
    return web.render(
        "events/list.html",
        items=[present.event_public(e) for e in reversed(rows)],
        total=total,
        is_bureau=web.principal.is_bureau,
        **LABELS,
    )


@router.get("/new", response_class=HTMLResponse)
def new_event(web: WebDep) -> Response:
    web.require("bureau")
    return web.render("events/form.html")


@router.post("/new")
def create_event(web: WebDep, form: FormDep) -> Response:
    web.require("bureau")
    created: list[int] = []

    def create() -> str:
        data = EventCreate(
            name=forms.text(form, "name"),
            event_date=date.fromisoformat(forms.text(form, "event_date") or "1900-01-01"),
            start_time=time.fromisoformat(forms.text(form, "start_time") or "09:00"),
            place=forms.text(form, "place"),
            meeting_minutes=int(forms.text(form, "meeting_minutes") or 20),
            slot_count=int(forms.text(form, "slot_count") or 0),
            table_count=int(forms.text(form, "table_count") or 0),
            registration_deadline=_optional_date(forms.text(form, "registration_deadline")),
            chain_codes=forms.items(form, "chain_codes"),
        )
        event = events.create(web.session, data, user_id=_user_id(web))
        created.append(event.id or 0)
        return f"已创建对接会「{event.name}」（草稿）"

    try:
        message = create()
    except (PeitaoError, ValidationError, ValueError) as error:
        web.session.rollback()
        text = error.message if isinstance(error, PeitaoError) else "请检查日期、时段数和桌数"
        web.flash(text, "error")
        return web.redirect("/events/new")
    return web.redirect(f"/events/{created[0]}", message)


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@router.get("/{event_id}", response_class=HTMLResponse)
def event_page(event_id: int, web: WebDep, index: IndexDep) -> Response:
    event = _event(web, event_id)
    principal, session = web.principal, web.session
    firm = principal.enterprise_id
    mine = events.registration_of(session, event.id, firm) if firm else None
    candidates = []
    if mine is not None and event.status in events.REQUESTS_OPEN and firm is not None:
        candidates = scheduling.ranked_for(session, index, event, enterprise_id=firm)[:20]
    rows, _ = events.requests_for(session, event, principal, status=None, limit=200, offset=0)
    registrations = events.registrations_for(session, event, principal)
    return web.render(
        "events/detail.html",
        event=present.event_detail(session, event),
        is_bureau=principal.is_bureau,
        firm_id=firm,
        role=principal.role,
        mine=mine,
        can_register=_can_register(web, event, mine),
        candidates=candidates,
        requests=present.requests_public(session, rows),
        registrations=present.registrations_public(session, registrations),
        next_statuses=sorted(events.NEXT[event.status]),
        meeting_count=len(events.meetings_of(session, event.id)),
        agenda_ready=event.status in present.AGENDA_VISIBLE,
        **LABELS,
    )


def _can_register(web: Web, event: MatchmakingEvent, mine: object) -> bool:
    return (
        mine is None
        and web.principal.role in (Side.owner, Side.supplier)
        and web.principal.enterprise_id is not None
        and event.status == EventStatus.open
    )


@router.post("/{event_id}/transition")
def transition(event_id: int, web: WebDep, form: FormDep) -> Response:
    event = _bureau_event(web, event_id)

    def move() -> str:
        to = EventStatus(forms.text(form, "to"))
        moved = events.transition(web.session, event, to, user_id=_user_id(web))
        if to == EventStatus.published:
            from service.events.notices import announce_schedule

            announce_schedule(web.session, moved)
        return f"对接会已变为「{STATUS_LABELS[moved.status]}」"

    return _attempt(web, f"/events/{event_id}", move)


@router.post("/{event_id}/register")
def register(event_id: int, web: WebDep, form: FormDep) -> Response:
    event = _event(web, event_id)
    firm = web.principal.enterprise_id
    slots = [int(str(s)) for s in form.getlist("unavailable_slots") if str(s).isdigit()]

    def sign_up() -> str:
        data = RegistrationCreate(
            enterprise_id=firm or 0,
            unavailable_slots=slots,
            contact_name=forms.text(form, "contact_name"),
        )
        events.register(web.session, event, data, principal=web.principal)
        return "报名成功"

    return _attempt(web, f"/events/{event_id}", sign_up)


@router.post("/{event_id}/requests")
def request_meeting(event_id: int, web: WebDep, form: FormDep) -> Response:
    event = _event(web, event_id)

    def ask() -> str:
        need = forms.text(form, "need_id")
        data = RequestCreate(
            owner_id=int(forms.text(form, "owner_id") or 0),
            supplier_id=int(forms.text(form, "supplier_id") or 0),
            need_id=int(need) if need.isdigit() else None,
            note=forms.text(form, "note"),
        )
        events.request_meeting(web.session, event, data, principal=web.principal)
        return "已发出洽谈请求，等待对方答复"

    return _attempt(web, f"/events/{event_id}", ask)


@router.post("/{event_id}/requests/{request_id}/answer")
def answer_request(event_id: int, request_id: int, web: WebDep, form: FormDep) -> Response:
    event = _event(web, event_id)
    request = events.visible_request(web.session, event, request_id, web.principal)
    accept = forms.text(form, "accept") == "1"

    def answer() -> str:
        events.answer(web.session, event, request, accept=accept, principal=web.principal)
        return "已接受洽谈请求" if accept else "已婉拒洽谈请求"

    return _attempt(web, f"/events/{event_id}", answer)


@router.post("/{event_id}/schedule")
def schedule(event_id: int, web: WebDep, index: IndexDep) -> Response:
    event = _bureau_event(web, event_id)

    def solve() -> str:
        solved = scheduling.solve(
            web.session,
            index,
            event,
            min_score=web.settings.opportunity_min_score,
            time_limit=SOLVE_SECONDS,
        )
        return f"已排出 {len(solved.meetings)} 场洽谈（与最优值相差 {solved.gap:.2%}）"

    return _attempt(web, f"/events/{event_id}/plan", solve)


@router.get("/{event_id}/plan", response_class=HTMLResponse)
def table_plan(event_id: int, web: WebDep) -> Response:
    event = _bureau_event(web, event_id)
    meetings = present.meetings_public(
        web.session, event, events.meetings_of(web.session, event.id)
    )
    grid: dict[tuple[int, int], Any] = {(m.slot, m.table): m for m in meetings}
    slots = [(s, *scheduling.slot_times(event, s)) for s in range(1, event.slot_count + 1)]
    return web.render(
        "events/plan.html",
        event=present.event_public(event),
        meetings=meetings,
        grid=grid,
        slots=slots,
        tables=list(range(1, event.table_count + 1)),
        on_the_day=event.status in outcomes.ON_THE_DAY,
        movable=event.status == EventStatus.scheduling,
        **LABELS,
    )


@router.post("/{event_id}/meetings/{meeting_id}/move")
def move_meeting(event_id: int, meeting_id: int, web: WebDep, form: FormDep) -> Response:
    event = _bureau_event(web, event_id)
    meeting = events.visible_meeting(web.session, event, meeting_id, web.principal)

    def move() -> str:
        table = forms.text(form, "table")
        scheduling.move(
            web.session,
            event,
            meeting,
            slot=int(forms.text(form, "slot") or 0),
            table=int(table) if table.isdigit() else None,
            pinned=True,
        )
        return "已固定该场洽谈，重新排期时保持不变"

    return _attempt(web, f"/events/{event_id}/plan", move)


@router.post("/{event_id}/meetings/{meeting_id}/check-in")
def check_in(event_id: int, meeting_id: int, web: WebDep, form: FormDep) -> Response:
    event = _bureau_event(web, event_id)
    meeting = events.visible_meeting(web.session, event, meeting_id, web.principal)
    attendance = "held" if forms.text(form, "attendance") == "held" else "no_show"

    def sign_in() -> str:
        outcomes.check_in(web.session, event, meeting, attendance=attendance, user_id=_user_id(web))
        return f"已签到：{ATTENDANCE_LABELS[attendance]}"

    return _attempt(web, _back(form, f"/events/{event_id}/plan"), sign_in)


@router.post("/{event_id}/meetings/{meeting_id}/outcome")
def record_outcome(event_id: int, meeting_id: int, web: WebDep, form: FormDep) -> Response:
    event = _event(web, event_id)
    meeting = events.visible_meeting(web.session, event, meeting_id, web.principal)
    if web.principal.is_bureau:
        side = Side(forms.text(form, "side") or Side.owner)
    else:
        side = Side.owner if web.principal.enterprise_id == meeting.owner_id else Side.supplier

    def record() -> str:
        result = OutcomeResult(forms.text(form, "result"))
        outcomes.record(
            web.session,
            event,
            meeting,
            side=side,
            result=result,
            note=forms.text(form, "note")[:500],
            user_id=_user_id(web),
        )
        return f"已记录洽谈结果：{OUTCOME_LABELS[result]}"

    return _attempt(web, _back(form, f"/events/{event_id}/agenda"), record)


def _back(form: Any, fallback: str) -> str:
    target = forms.text(form, "next")
    return target if target.startswith("/events/") else fallback


def _agenda_page(web: Web, event: MatchmakingEvent, enterprise_id: int | None) -> Any:
    firm = enterprise_id if web.principal.is_bureau else web.principal.enterprise_id
    if firm is None:
        raise (
            Forbidden("请选择要查看日程的企业")
            if web.principal.is_bureau
            else NotFound("日程不存在")
        )
    return present.agenda(web.session, event, enterprise_id=firm, is_bureau=web.principal.is_bureau)


@router.get("/{event_id}/agenda", response_class=HTMLResponse)
def agenda(event_id: int, web: WebDep, enterprise_id: int | None = None) -> Response:
    event = _event(web, event_id)
    page = _agenda_page(web, event, enterprise_id)
    return web.render(
        "events/agenda.html",
        event=present.event_public(event),
        page=page,
        can_report=event.status in outcomes.ON_THE_DAY,
        query=f"?enterprise_id={page.enterprise_id}" if web.principal.is_bureau else "",
        **LABELS,
    )


@router.get("/{event_id}/agenda/print", response_class=HTMLResponse)
def agenda_print(event_id: int, web: WebDep, enterprise_id: int | None = None) -> Response:
    event = _event(web, event_id)
    page = _agenda_page(web, event, enterprise_id)
    return web.render(
        "events/agenda_print.html", event=present.event_public(event), page=page, **LABELS
    )


@router.get("/{event_id}/agenda.xlsx")
def agenda_xlsx(event_id: int, web: WebDep, enterprise_id: int | None = None) -> Response:
    event = _event(web, event_id)
    page = _agenda_page(web, event, enterprise_id)
    return Response(
        present.agenda_xlsx(event, page),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="agenda-{event_id}-{page.enterprise_id}.xlsx"'
        },
    )


@router.get("/{event_id}/report", response_class=HTMLResponse)
def report(event_id: int, web: WebDep) -> Response:
    event = _bureau_event(web, event_id)
    return web.render(
        "events/report.html",
        event=present.event_public(event),
        report=event_report(web.session, event),
        **LABELS,
    )
