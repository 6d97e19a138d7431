"""Matches: a need paired with a supplier, and its way through the pipeline to a contract."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field, json_field


class MatchStatus(StrEnum):
    suggested = "suggested"
    shortlisted = "shortlisted"  # by the owner
    interested = "interested"  # by the supplier
    contacted = "contacted"
    sampling = "sampling"
    contracted = "contracted"
    declined = "declined"


MATCH_STATUS_LABELS: dict[str, str] = {  # in pipeline order
    MatchStatus.suggested: "系统推荐",
    MatchStatus.shortlisted: "链主入围",
    MatchStatus.interested: "企业有意向",
    MatchStatus.contacted: "已联系",
    MatchStatus.sampling: "送样中",
    MatchStatus.contracted: "已签约",
    MatchStatus.declined: "不合作",
}


class Match(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("need_id", "supplier_id"),)

    id: int | None = Field(default=None, primary_key=True)
    need_id: int = Field(foreign_key="need.id", index=True, ondelete="CASCADE")
    supplier_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    score: float = Field(default=0.0, ge=0, le=1)
    components: dict[str, float] = json_field(dict)
    reasons: list[str] = json_field()
    # What the score was computed from (`pairings.scoring.pair_key`); "" = not yet computed.
    score_key: str = Field(default="", max_length=32)
    status: str = Field(default=MatchStatus.suggested, max_length=16, index=True)
    declined_reason: str = Field(default="", max_length=500)
    # Capabilities fingerprint when declined: a changed profile makes the pair eligible again.
    declined_fingerprint: str = Field(default="", max_length=64)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    version: int = Field(default=1)  # optimistic locking


class MatchEvent(SQLModel, table=True):
    __tablename__ = "match_event"
    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="match.id", index=True, ondelete="CASCADE")
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    actor_role: str = Field(default="", max_length=16)
    reason: str = Field(default="", max_length=500)
    at: datetime = created_at_field()
    detail: dict[str, Any] = json_field(dict)
