"""From registrations and requests to a schedule: who fits whom, the pairs' values, the solve.

The value of a meeting: an accepted request (or a pair the bureau added) 1000 + 100 × strength, an
unanswered request 50 + 100 × strength, any other registered owner–supplier pair that the matcher
ranks at least `min_score` 100 × strength. Strength is the matcher's score of the owner's best open
need for that supplier (the in-memory index, or a stored pairing's score where higher). Declined
requests and pairs the bureau removed are never scheduled. Meetings the bureau pinned keep their
slot and table; the solver places the rest around them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from service.core.errors import Conflict, Invalid
from service.enterprises.tables import Enterprise
from service.events import service as events
from service.events.schemas import CandidatePublic
from service.events.tables import (
    EventMeeting,
    EventRegistration,
    EventStatus,
    MatchmakingEvent,
    MeetingRequest,
    RequestStatus,
    Side,
)
from service.needs.tables import Need, NeedStatus
from service.pairings.index import MatchIndex
from service.pairings.records import need_record
from service.pairings.tables import Match, MatchStatus

if TYPE_CHECKING:
    from service.events.solver import Meeting

ACCEPTED_BASE = 1000.0
PENDING_BASE = 50.0
STRENGTH_SCALE = 100.0
PINNED_FLOOR = ACCEPTED_BASE  # a pair pinned by hand is worth at least an accepted request


@dataclass(frozen=True)
class Fit:
    """How well a registered supplier fits one of a registered owner's needs."""

    owner_id: int
    supplier_id: int
    need_id: int | None
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Parties:
    owners: dict[int, EventRegistration]
    suppliers: dict[int, EventRegistration]


def parties(session: Session, event: MatchmakingEvent) -> Parties:
    regs = events.registrations(session, event.id)
    return Parties(
        owners={r.enterprise_id: r for r in regs if r.side == Side.owner},
        suppliers={r.enterprise_id: r for r in regs if r.side == Side.supplier},
    )


def need_fits(session: Session, index: MatchIndex, event: MatchmakingEvent) -> list[Fit]:
    """Every (open need of a registered owner, registered supplier) the matcher ranks, best first."""
    who = parties(session, event)
    if not who.owners or not who.suppliers:
        return []
    statement = (
        select(Need, Enterprise)
        .join(Enterprise, col(Enterprise.id) == Need.owner_id)
        .where(col(Need.owner_id).in_(list(who.owners)), Need.status == NeedStatus.open)
        .order_by(col(Need.id))
    )
    rows = list(session.exec(statement).all())
    best: dict[tuple[int, int], Fit] = {}
    top = max(200, 3 * len(who.suppliers))
    for need, owner in rows:
        assert need.id is not None
        for result in index.suppliers_for(need_record(need, owner), top=top):
            supplier_id = int(result.candidate_id)
            if supplier_id in who.suppliers:
                fit = Fit(need.owner_id, supplier_id, need.id, result.score, result.reasons)
                best[(need.id, supplier_id)] = fit
    owner_of = {need.id: need.owner_id for need, _ in rows}
    for match in _stored_pairings(session, owner_of, who.suppliers):
        known = best.get((match.need_id, match.supplier_id))
        if known is None or match.score > known.score:
            reasons = tuple(match.reasons)
            fit = Fit(
                owner_of[match.need_id], match.supplier_id, match.need_id, match.score, reasons
            )
            best[(match.need_id, match.supplier_id)] = fit
    return sorted(best.values(), key=lambda f: (-f.score, f.owner_id, f.supplier_id, f.need_id))


def _stored_pairings(
    session: Session, owner_of: dict[int | None, int], suppliers: Iterable[int]
) -> list[Match]:
    if not owner_of:
        return []
    statement = select(Match).where(
        col(Match.need_id).in_([n for n in owner_of if n is not None]),
        col(Match.supplier_id).in_(list(suppliers)),
        Match.status != MatchStatus.declined,
    )
    return list(session.exec(statement).all())


def pair_fits(fits: Iterable[Fit]) -> dict[tuple[int, int], Fit]:
    """The best need per (owner, supplier): what the meeting is about."""
    best: dict[tuple[int, int], Fit] = {}
    for fit in fits:
        key = (fit.owner_id, fit.supplier_id)
        if key not in best or fit.score > best[key].score:
            best[key] = fit
    return best


@dataclass(frozen=True)
class Candidate:
    owner_id: int
    supplier_id: int
    need_id: int | None
    weight: float
    reasons: tuple[str, ...]


def candidates(
    session: Session, index: MatchIndex, event: MatchmakingEvent, *, min_score: float
) -> dict[tuple[int, int], Candidate]:
    """Every pair the schedule may use, with its value (see the module docstring)."""
    fits = pair_fits(need_fits(session, index, event))
    who = parties(session, event)
    requests = {(r.owner_id, r.supplier_id): r for r in events.all_requests(session, event.id)}
    chosen: dict[tuple[int, int], Candidate] = {}
    for key in set(fits) | set(requests):
        owner_id, supplier_id = key
        if owner_id not in who.owners or supplier_id not in who.suppliers:
            continue  # a firm withdrew or registered on the other side
        fit = fits.get(key)
        strength = fit.score if fit else 0.0
        weight = _weight(requests.get(key), strength, min_score=min_score)
        if weight is None:
            continue
        request = requests.get(key)
        need_id = request.need_id if request and request.need_id else (fit.need_id if fit else None)
        chosen[key] = Candidate(
            owner_id, supplier_id, need_id, round(weight, 4), fit.reasons if fit else ()
        )
    return chosen


def _weight(request: MeetingRequest | None, strength: float, *, min_score: float) -> float | None:
    if request is not None:
        if request.status == RequestStatus.accepted:
            return ACCEPTED_BASE + STRENGTH_SCALE * strength
        if request.status == RequestStatus.pending:
            return PENDING_BASE + STRENGTH_SCALE * strength
        return None  # declined or removed
    if strength >= min_score:
        return STRENGTH_SCALE * strength
    return None


# -- times ---------------------------------------------------------------------------------------


def slot_times(event: MatchmakingEvent, slot: int) -> tuple[str, str]:
    start = datetime.combine(event.event_date, event.start_time) + timedelta(
        minutes=event.meeting_minutes * (slot - 1)
    )
    end = start + timedelta(minutes=event.meeting_minutes)
    return start.strftime("%H:%M"), end.strftime("%H:%M")


# -- moving a meeting by hand ------------------------------------------------------------------


def require_scheduling(event: MatchmakingEvent) -> None:
    if event.status != EventStatus.scheduling:
        raise Conflict(f"对接会{events.label(event.status)}，只有排期中才能调整日程")


def move(
    session: Session,
    event: MatchmakingEvent,
    meeting: EventMeeting,
    *,
    slot: int,
    table: int | None,
    pinned: bool,
) -> EventMeeting:
    """Put a meeting in a slot (and at a table) by hand; pinned, a re-solve leaves it there."""
    require_scheduling(event)
    if slot > event.slot_count:
        raise Invalid(f"时段须在 1 到 {event.slot_count} 之间", field="slot")
    if table is not None and table > event.table_count:
        raise Invalid(f"桌号须在 1 到 {event.table_count} 之间", field="table")
    _check_attendable(session, event, meeting, slot)
    others = [m for m in events.meetings_of(session, event.id) if m.id != meeting.id]
    in_slot = [m for m in others if m.slot == slot]
    for party in (meeting.owner_id, meeting.supplier_id):
        if any(party in (m.owner_id, m.supplier_id) for m in in_slot):
            name = events.firms(session, {party}).name(party)
            raise Conflict(f"{name} 在第 {slot} 时段已有洽谈", field="slot")
    taken = {m.table_no for m in in_slot}
    if table is None:
        free = [t for t in range(1, event.table_count + 1) if t not in taken]
        if not free:
            raise Conflict(f"第 {slot} 时段已无空桌", field="slot")
        table = free[0]
    elif table in taken:
        raise Conflict(f"第 {slot} 时段 {table} 号桌已被占用", field="table")
    meeting.slot, meeting.table_no, meeting.pinned = slot, table, pinned
    session.add(meeting)
    session.flush()
    return meeting


def _check_attendable(
    session: Session, event: MatchmakingEvent, meeting: EventMeeting, slot: int
) -> None:
    for firm_id in (meeting.owner_id, meeting.supplier_id):
        registration = events.registration_of(session, event.id, firm_id)
        if registration is not None and slot in registration.unavailable_slots:
            name = events.firms(session, {firm_id}).name(firm_id)
            raise Conflict(f"{name} 第 {slot} 时段无法参会", field="slot")


# -- the solve -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Solved:
    meetings: list[EventMeeting]
    total_weight: float
    bound: float
    gap: float
    method: str


def solve(
    session: Session,
    index: MatchIndex,
    event: MatchmakingEvent,
    *,
    min_score: float,
    time_limit: float,
) -> Solved:
    """Schedule the event: pinned meetings stay, every other meeting is chosen and placed anew."""
    from service.events import solver  # scipy: loaded only when an event is scheduled

    require_scheduling(event)
    pool = candidates(session, index, event, min_score=min_score)
    pinned = [m for m in events.meetings_of(session, event.id) if m.pinned]
    for meeting in pinned:
        key = (meeting.owner_id, meeting.supplier_id)
        known = pool.get(key)
        weight = max(known.weight if known else 0.0, PINNED_FLOOR)
        pool[key] = Candidate(
            meeting.owner_id,
            meeting.supplier_id,
            known.need_id if known else meeting.need_id,
            weight,
            known.reasons if known else tuple(meeting.reasons),
        )
    who = parties(session, event)
    unavailable = [
        solver.Unavailability(side=reg.side, party_id=str(firm_id), slot=slot)
        for group in (who.owners, who.suppliers)
        for firm_id, reg in group.items()
        for slot in reg.unavailable_slots
    ]
    pairs = [
        solver.MeetingPair(str(c.owner_id), str(c.supplier_id), c.weight) for c in pool.values()
    ]
    pins = [solver.Pin(str(m.owner_id), str(m.supplier_id), m.slot, m.table_no) for m in pinned]
    try:
        schedule = solver.solve_schedule(
            pairs,
            slots=event.slot_count,
            tables=event.table_count,
            unavailable=unavailable,
            pins=pins,
            time_limit=time_limit,
        )
    except solver.ScheduleError as error:
        raise Conflict(f"无法排期：{error}") from error
    pinned_keys = {(m.owner_id, m.supplier_id) for m in pinned}
    stored = _replace_meetings(session, event, schedule.meetings, pool, pinned_keys)
    return Solved(stored, schedule.total_weight, schedule.bound, schedule.gap, schedule.method)


def _replace_meetings(
    session: Session,
    event: MatchmakingEvent,
    placed: Iterable[Meeting],
    pool: dict[tuple[int, int], Candidate],
    pinned_keys: set[tuple[int, int]],
) -> list[EventMeeting]:
    for old in events.meetings_of(session, event.id):
        session.delete(old)
    session.flush()
    assert event.id is not None
    stored = []
    for item in placed:
        owner_id, supplier_id = int(item.owner_id), int(item.supplier_id)
        candidate = pool[(owner_id, supplier_id)]
        meeting = EventMeeting(
            event_id=event.id,
            owner_id=owner_id,
            supplier_id=supplier_id,
            need_id=candidate.need_id,
            slot=item.slot,
            table_no=item.table,
            pinned=(owner_id, supplier_id) in pinned_keys,
            weight=candidate.weight,
            reasons=list(candidate.reasons),
        )
        session.add(meeting)
        stored.append(meeting)
    session.flush()
    return stored


# -- who a participant should ask ------------------------------------------------------------------


def ranked_for(
    session: Session, index: MatchIndex, event: MatchmakingEvent, *, enterprise_id: int
) -> list[CandidatePublic]:
    """For an owner, the registered suppliers (best need each); for a supplier, the registered
    owners' needs; best first, with the request already made between them, if any."""
    registration = events.registration_of(session, event.id, enterprise_id)
    if registration is None:
        raise Conflict("该企业尚未报名本次对接会")
    fits = need_fits(session, index, event)
    if registration.side == Side.owner:
        chosen = [f for f in pair_fits(fits).values() if f.owner_id == enterprise_id]
    else:
        chosen = [f for f in fits if f.supplier_id == enterprise_id]
    chosen.sort(key=lambda f: (-f.score, f.owner_id, f.supplier_id, f.need_id or 0))
    requests = {(r.owner_id, r.supplier_id): r for r in events.all_requests(session, event.id)}
    names = events.firms(session, {f.owner_id for f in chosen} | {f.supplier_id for f in chosen})
    titles = events.need_titles(session, {f.need_id for f in chosen})
    ranked = []
    for fit in chosen:
        request = requests.get((fit.owner_id, fit.supplier_id))
        ranked.append(
            CandidatePublic(
                owner_id=fit.owner_id,
                owner_name=names.name(fit.owner_id),
                supplier_id=fit.supplier_id,
                supplier_name=names.name(fit.supplier_id),
                need_id=fit.need_id,
                need_title=titles.get(fit.need_id) if fit.need_id else None,
                score=round(fit.score, 4),
                reasons=list(fit.reasons),
                request_id=request.id if request else None,
                request_status=request.status if request else None,
            )
        )
    return ranked
