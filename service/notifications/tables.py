"""In-app notifications (the inbox) and each user's choice of which ones to get, and how."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field, json_field


class NotificationKind(StrEnum):
    strong_candidate = "strong_candidate"  # a new strong local candidate for an owner's need
    need_fits = "need_fits"  # a new need fits a supplier
    status_changed = "status_changed"  # a pairing moved in the pipeline
    event_schedule = "event_schedule"  # a matchmaking event's agenda was published or changed


KIND_LABELS: dict[str, str] = {
    NotificationKind.strong_candidate: "需求出现新的优质本地候选",
    NotificationKind.need_fits: "有新需求适合本企业",
    NotificationKind.status_changed: "对接状态发生变化",
    NotificationKind.event_schedule: "产销对接会日程发布或变更",
}


class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()
    read_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), nullable=True)


class NotificationPreference(SQLModel, table=True):
    __tablename__ = "notification_preference"
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    # The kinds this user wants; a user without a row gets every kind in the inbox and no e-mail.
    kinds: list[str] = json_field()
    email_enabled: bool = False
    email: str = Field(default="", max_length=254)
