"""On the day and after: check-in per meeting, each side's outcome, and the pairing it moves.

An outcome moves the pairing of the meeting's need and supplier (created if there is none yet):
有意向 to contacted (they met and want more), 送样 to sampling, 无意向 to declined. Steps the
pipeline requires on the way (suggested → shortlisted → contacted) are taken too; a pairing already
further along, or closed, is left where it is. The meeting keeps the pairing's id, and each move
names the event in its reason: that is how a contract is traced back to the event.
"""

from __future__ import annotations

from collections import deque

from sqlmodel import Session, select

from service.core.errors import Conflict
from service.core.tables import utcnow
from service.events import service as events
from service.events.schemas import OUTCOME_LABELS, SIDE_LABELS
from service.events.tables import (
    Attendance,
    EventMeeting,
    EventStatus,
    MatchmakingEvent,
    MeetingOutcome,
    OutcomeResult,
    Side,
)
from service.needs.tables import Need, NeedStatus
from service.pairings import pipeline
from service.pairings.tables import Match, MatchStatus

ON_THE_DAY = (EventStatus.published, EventStatus.held)
TARGET: dict[str, MatchStatus] = {
    OutcomeResult.interested: MatchStatus.contacted,
    OutcomeResult.sample: MatchStatus.sampling,
    OutcomeResult.none: MatchStatus.declined,
}


def check_in(
    session: Session,
    event: MatchmakingEvent,
    meeting: EventMeeting,
    *,
    attendance: str,
    user_id: int | None,
) -> EventMeeting:
    if event.status not in ON_THE_DAY:
        raise Conflict(f"对接会{events.label(event.status)}，不能签到")
    if attendance == Attendance.no_show and outcomes_for(session, meeting):
        raise Conflict("该洽谈已有结果，不能标记为未到场")
    meeting.attendance = attendance
    meeting.checked_in_by_user_id = user_id
    meeting.checked_in_at = utcnow()
    session.add(meeting)
    session.flush()
    return meeting


def outcomes_for(session: Session, meeting: EventMeeting) -> list[MeetingOutcome]:
    statement = select(MeetingOutcome).where(MeetingOutcome.meeting_id == meeting.id)
    return list(session.exec(statement).all())


def record(
    session: Session,
    event: MatchmakingEvent,
    meeting: EventMeeting,
    *,
    side: Side,
    result: OutcomeResult,
    note: str,
    user_id: int | None,
) -> EventMeeting:
    """One side's outcome of a held meeting (a second call replaces it); moves the pairing."""
    if event.status not in ON_THE_DAY:
        raise Conflict(f"对接会{events.label(event.status)}，不能填写洽谈结果")
    if meeting.attendance != Attendance.held:
        raise Conflict("该洽谈尚未签到为已洽谈，不能填写结果")
    assert meeting.id is not None
    outcome = next((o for o in outcomes_for(session, meeting) if o.side == side), None)
    outcome = outcome or MeetingOutcome(meeting_id=meeting.id, side=side, result=result)
    outcome.result, outcome.note, outcome.by_user_id, outcome.at = (
        result,
        note.strip(),
        user_id,
        utcnow(),
    )
    session.add(outcome)
    session.flush()
    _move_pairing(session, event, meeting, side=side, result=result, note=note, user_id=user_id)
    return meeting


def _move_pairing(
    session: Session,
    event: MatchmakingEvent,
    meeting: EventMeeting,
    *,
    side: Side,
    result: OutcomeResult,
    note: str,
    user_id: int | None,
) -> None:
    match = _pairing(session, meeting)
    if match is None:
        return  # no need ties the two firms, or it is closed: the outcome stands on its own
    reason = f"产销对接会「{event.name}」{SIDE_LABELS[side]}洽谈结果：{OUTCOME_LABELS[result]}"
    if note.strip():
        reason = f"{reason}（{note.strip()}）"
    own_step = MatchStatus.shortlisted if side == Side.owner else MatchStatus.interested
    for step in _path(MatchStatus(match.status), TARGET[result], prefer=own_step):
        mover = side if side in pipeline.MOVED_BY[step] else "bureau"
        pipeline.transition(session, match, step, side=mover, user_id=user_id, reason=reason[:500])


def _pairing(session: Session, meeting: EventMeeting) -> Match | None:
    if meeting.match_id is not None:
        linked = session.get(Match, meeting.match_id)
        if linked is not None:
            return linked
    if meeting.need_id is None:
        return None
    statement = select(Match).where(
        Match.need_id == meeting.need_id, Match.supplier_id == meeting.supplier_id
    )
    match = session.exec(statement).first()
    if match is None:
        need = session.get(Need, meeting.need_id)
        if need is None or need.status != NeedStatus.open:
            return None
        match = pipeline.create(session, need_id=meeting.need_id, supplier_id=meeting.supplier_id)
    meeting.match_id = match.id
    # A system suggestion nobody had acted on is no pairing yet: the meeting created it.
    meeting.match_created = match.status == MatchStatus.suggested
    session.add(meeting)
    session.flush()
    return match


def _path(start: MatchStatus, target: MatchStatus, *, prefer: MatchStatus) -> list[MatchStatus]:
    """The shortest way forward through the pipeline (through `prefer` where there is a choice),
    or none if the target lies behind."""
    if start == target:
        return []
    came_from: dict[MatchStatus, MatchStatus] = {}
    queue = deque([start])
    while queue:
        status = queue.popleft()
        for step in sorted(pipeline.NEXT[status], key=lambda s: (s != prefer, s)):
            following = MatchStatus(step)
            if following in came_from or following == start:
                continue
            if following == MatchStatus.declined and target != MatchStatus.declined:
                continue
            came_from[following] = status
            if following == target:
                return _unwind(came_from, start, target)
            queue.append(following)
    return []


def _unwind(
    came_from: dict[MatchStatus, MatchStatus], start: MatchStatus, target: MatchStatus
) -> list[MatchStatus]:
    path = [target]
    while path[-1] in came_from and came_from[path[-1]] != start:
        path.append(came_from[path[-1]])
    return list(reversed(path))
