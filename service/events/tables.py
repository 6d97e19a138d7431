"""产销对接会: the event, who registered, who asked to meet whom, the meetings and their outcomes."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import DateTime, Time, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field, json_field


class EventStatus(StrEnum):
    draft = "draft"
    open = "open"  # open for registration and meeting requests
    scheduling = "scheduling"  # registration closed, the bureau builds the schedule
    published = "published"  # agendas out
    held = "held"
    closed = "closed"


class Side(StrEnum):
    owner = "owner"
    supplier = "supplier"


class RequestStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    removed = "removed"  # taken out by the bureau: never scheduled


class Attendance(StrEnum):
    scheduled = "scheduled"
    held = "held"
    no_show = "no_show"


class OutcomeResult(StrEnum):
    interested = "interested"  # 有意向
    sample = "sample"  # 送样
    none = "none"  # 无意向


class MatchmakingEvent(SQLModel, table=True):
    __tablename__ = "matchmaking_event"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    chain_codes: list[str] = json_field()
    event_date: date
    start_time: time = Field(sa_type=Time(), nullable=False)
    place: str = Field(default="", max_length=200)
    meeting_minutes: int = Field(default=20, ge=5, le=240)
    slot_count: int = Field(ge=1, le=48)
    table_count: int = Field(ge=1, le=500)
    registration_deadline: date | None = None
    status: str = Field(default=EventStatus.draft, max_length=16, index=True)
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    published_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True
    )
    version: int = Field(default=1)


class EventStatusChange(SQLModel, table=True):
    __tablename__ = "event_status_change"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="matchmaking_event.id", index=True, ondelete="CASCADE")
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    at: datetime = created_at_field()


class EventRegistration(SQLModel, table=True):
    __tablename__ = "event_registration"
    __table_args__ = (UniqueConstraint("event_id", "enterprise_id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="matchmaking_event.id", index=True, ondelete="CASCADE")
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    side: str = Field(max_length=16)
    unavailable_slots: list[int] = json_field()
    contact_name: str = Field(default="", max_length=64)
    registered_by_user_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    created_at: datetime = created_at_field()


class MeetingRequest(SQLModel, table=True):
    __tablename__ = "event_request"
    __table_args__ = (UniqueConstraint("event_id", "owner_id", "supplier_id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="matchmaking_event.id", index=True, ondelete="CASCADE")
    owner_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    supplier_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    need_id: int | None = Field(default=None, foreign_key="need.id", ondelete="SET NULL")
    requested_by: str = Field(max_length=16)  # owner | supplier | bureau
    status: str = Field(default=RequestStatus.pending, max_length=16, index=True)
    note: str = Field(default="", max_length=500)
    requested_by_user_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    answered_by_user_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    created_at: datetime = created_at_field()
    answered_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True
    )


class EventMeeting(SQLModel, table=True):
    __tablename__ = "event_meeting"
    __table_args__ = (UniqueConstraint("event_id", "owner_id", "supplier_id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="matchmaking_event.id", index=True, ondelete="CASCADE")
    owner_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    supplier_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    need_id: int | None = Field(default=None, foreign_key="need.id", ondelete="SET NULL")
    slot: int = Field(ge=1)
    table_no: int = Field(ge=1)
    pinned: bool = False  # fixed by the bureau: a re-solve keeps it where it is
    weight: float = 0.0
    reasons: list[str] = json_field()
    attendance: str = Field(default=Attendance.scheduled, max_length=16)
    checked_in_by_user_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    checked_in_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True
    )
    # The pairing the meeting's outcomes created or moved: the pipeline's link back to the event.
    match_id: int | None = Field(default=None, foreign_key="match.id", ondelete="SET NULL")
    match_created: bool = False  # no pairing (or only a system suggestion) before this meeting


class MeetingOutcome(SQLModel, table=True):
    __tablename__ = "event_outcome"
    __table_args__ = (UniqueConstraint("meeting_id", "side"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="event_meeting.id", index=True, ondelete="CASCADE")
    side: str = Field(max_length=16)  # owner | supplier
    result: str = Field(max_length=16)
    note: str = Field(default="", max_length=500)
    by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    at: datetime = created_at_field()
