"""The event report: who came, what was asked, what was held, what it led to. Counted in the
database (grouped counts), so a large event costs a handful of queries."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.events.schemas import EventReport
from service.events.tables import (
    Attendance,
    EventMeeting,
    EventRegistration,
    MatchmakingEvent,
    MeetingOutcome,
    MeetingRequest,
    OutcomeResult,
    RequestStatus,
    Side,
)
from service.needs.tables import Need
from service.pairings.tables import Match, MatchEvent, MatchStatus


def _grouped(session: Session, column: Any, *where: Any) -> dict[str, int]:
    statement = select(column, func.count()).where(*where).group_by(column)
    return {str(key): int(n) for key, n in session.exec(statement).all()}


def event_report(session: Session, event: MatchmakingEvent) -> EventReport:
    event_id = event.id
    sides = _grouped(session, EventRegistration.side, EventRegistration.event_id == event_id)
    requests = _grouped(session, MeetingRequest.status, MeetingRequest.event_id == event_id)
    attendance = _grouped(session, EventMeeting.attendance, EventMeeting.event_id == event_id)
    outcomes = _grouped(
        session,
        MeetingOutcome.result,
        col(MeetingOutcome.meeting_id).in_(
            select(EventMeeting.id).where(EventMeeting.event_id == event_id)
        ),
    )
    linked = (
        select(Match.status, func.count())
        .join(EventMeeting, col(EventMeeting.match_id) == Match.id)
        .where(EventMeeting.event_id == event_id)
        .group_by(col(Match.status))
    )
    by_status = {str(status): int(n) for status, n in session.exec(linked).all()}
    contracts, contract_amount = _contracts_since(session, event_id)
    created = _grouped(
        session,
        EventMeeting.match_created,
        EventMeeting.event_id == event_id,
        col(EventMeeting.match_id).is_not(None),
    )
    return EventReport(
        event_id=event_id or 0,
        status=event.status,
        registrations={
            "owner": sides.get(Side.owner, 0),
            "supplier": sides.get(Side.supplier, 0),
            "total": sum(sides.values()),
        },
        requests={
            **{s.value: requests.get(s, 0) for s in RequestStatus},
            "total": sum(requests.values()),
        },
        meetings={
            "scheduled": sum(attendance.values()),
            "held": attendance.get(Attendance.held, 0),
            "no_show": attendance.get(Attendance.no_show, 0),
            "pending": attendance.get(Attendance.scheduled, 0),
        },
        outcomes={r.value: outcomes.get(r, 0) for r in OutcomeResult},
        pairings_created=_true_count(created, True),
        pairings_moved=_true_count(created, False),
        pairings_by_status=by_status,
        contracts=contracts,
        contract_amount=float(contract_amount),
    )


def _contracts_since(session: Session, event_id: int | None) -> tuple[int, Decimal]:
    """Pairings the event created or moved that were contracted after the meeting's first
    outcome (a pairing contracted before the event did not come from it), and their needs'
    yearly amounts."""
    linked_at = dict(
        session.exec(
            select(EventMeeting.match_id, func.min(MeetingOutcome.at))
            .join(MeetingOutcome, col(MeetingOutcome.meeting_id) == EventMeeting.id)
            .where(EventMeeting.event_id == event_id, col(EventMeeting.match_id).is_not(None))
            .group_by(col(EventMeeting.match_id))
        ).all()
    )
    if not linked_at:
        return 0, Decimal(0)
    contracted = session.exec(
        select(MatchEvent.match_id, func.max(MatchEvent.at), col(Need.yearly_amount))
        .join(Match, col(Match.id) == MatchEvent.match_id)
        .join(Need, col(Need.id) == Match.need_id)
        .where(
            col(MatchEvent.match_id).in_(list(linked_at)),
            MatchEvent.to_status == MatchStatus.contracted,
            Match.status == MatchStatus.contracted,
        )
        .group_by(col(MatchEvent.match_id), col(Need.yearly_amount))
    ).all()
    count, amount = 0, Decimal(0)
    for match_id, at, yearly in contracted:
        if _utc(at) >= _utc(linked_at[match_id]):
            count += 1
            amount += Decimal(yearly or 0)
    return count, amount


def _utc(value: datetime) -> datetime:
    """SQLite hands stored UTC times back without their offset."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _true_count(grouped: dict[str, int], flag: bool) -> int:
    """Booleans come back as True/False on PostgreSQL and 1/0 on SQLite."""
    names = {"True", "1"} if flag else {"False", "0"}
    return sum(n for key, n in grouped.items() if key in names)
