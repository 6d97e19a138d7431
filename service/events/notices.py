"""Telling participants their agenda: when the schedule is published, and when it changes."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from service.events import service as events
from service.events.scheduling import slot_times
from service.events.tables import MatchmakingEvent, Side
from service.notifications.service import notify
from service.notifications.tables import Notification, NotificationKind


def announce_schedule(session: Session, event: MatchmakingEvent) -> list[Notification]:
    """Every registered firm's users hear how many meetings they have and when the first is."""
    republished = any(
        change.to_status == "published" for change in events.history(session, event.id or 0)[:-1]
    )
    meetings = events.meetings_of(session, event.id)
    count = Counter(m.owner_id for m in meetings) + Counter(m.supplier_id for m in meetings)
    first: dict[int, tuple[int, int]] = {}
    for m in meetings:  # ordered by slot, then table
        for firm in (m.owner_id, m.supplier_id):
            first.setdefault(firm, (m.slot, m.table_no))
    verb = "已更新" if republished else "已发布"
    sent: list[Notification] = []
    for registration in events.registrations(session, event.id):
        firm = registration.enterprise_id
        sent += notify(
            session,
            kind=NotificationKind.event_schedule,
            enterprise_id=firm,
            title=f"产销对接会「{event.name}」日程{verb}",
            body=_body(event, count[firm], first.get(firm), registration.side),
            link=f"/events/{event.id}/agenda",
        )
    return sent


def _body(event: MatchmakingEvent, meetings: int, first: tuple[int, int] | None, side: str) -> str:
    where = f"{event.event_date.isoformat()} {event.place}".strip()
    if first is None:
        other = "配套企业" if side == Side.owner else "链主企业"
        return f"{where}：本次未能为贵企业安排与{other}的一对一洽谈，欢迎到场交流。"
    starts, _ = slot_times(event, first[0])
    return f"{where}：贵企业共有 {meetings} 场一对一洽谈，首场 {starts} 在 {first[1]} 号桌。"
