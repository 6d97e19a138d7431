"""Institutes' profiles, challenges (榜单), their history, access grants, applications (揭榜),
milestones and the bureau's key missing links (关键核心缺失环节)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.tables import MONEY, created_at_field, json_field


class InstituteKind(StrEnum):
    university = "高校"
    research_institute = "科研院所"
    key_laboratory = "重点实验室"
    innovation_centre = "技术创新中心"
    new_rd_institution = "新型研发机构"
    enterprise_rd_centre = "企业研发中心"


class ExpectedResult(StrEnum):
    prototype = "样机"
    process = "工艺"
    material = "材料"
    software = "软件"
    standard = "标准"


class ChallengeMode(StrEnum):
    open_call = "揭榜挂帅"
    commissioned = "委托攻关"
    joint = "联合攻关"


class Disclosure(StrEnum):
    public = "public"  # every approved institute reads the full text
    on_request = "on_request"  # institutes read the summary; the owner grants the full text


class ChallengeStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    published = "published"  # 张榜
    closed = "closed"  # applications closed
    awarded = "awarded"  # 挂帅
    in_progress = "in_progress"
    accepted = "accepted"  # 验收
    failed = "failed"
    withdrawn = "withdrawn"


class ApplicationStatus(StrEnum):
    submitted = "submitted"
    awarded = "awarded"
    not_awarded = "not_awarded"


class InstituteProfile(SQLModel, table=True):
    """What a 链创机构 offers, beside its enterprise row (which carries name, region, contact)."""

    __tablename__ = "institute_profile"
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    research_fields: list[str] = json_field()
    teams: list[dict[str, Any]] = json_field()  # [{name, lead, size}]
    platforms: list[str] = json_field()  # platforms and major equipment
    results: list[dict[str, Any]] = json_field()  # [{kind: 专利|标准|产品|论文, title}]
    updated_at: datetime = created_at_field()


class KeyLink(SQLModel, table=True):
    """One key missing link of a chain in a year, as the bureau lists them (3–5 a year)."""

    __tablename__ = "key_link"
    id: int | None = Field(default=None, primary_key=True)
    chain_code: str = Field(foreign_key="chain.code", max_length=48, index=True)
    year: int = Field(index=True)
    title: str = Field(max_length=200)
    segment: str = Field(default="", max_length=128)
    note: str = Field(default="", max_length=2000)
    created_by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()


class Challenge(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The firm that sets the problem; None when the bureau posts it for a chain.
    owner_id: int | None = Field(
        default=None, foreign_key="enterprise.id", index=True, ondelete="CASCADE"
    )
    posted_by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    chain_code: str = Field(foreign_key="chain.code", max_length=48, index=True)
    segment: str = Field(default="", max_length=128)
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=1000)  # what every reader sees
    problem: str = Field(default="", max_length=8000)  # full text below: confidential on request
    indicators: list[dict[str, Any]] = json_field()  # [{name, target, unit}]
    current_state: str = Field(default="", max_length=4000)
    expected_result: str = Field(max_length=8)
    budget_wan: Decimal = Field(sa_type=MONEY, ge=0)  # 万元
    duration_months: int = Field(ge=1, le=120)
    deadline: date
    mode: str = Field(max_length=8)
    disclosure: str = Field(default=Disclosure.public, max_length=16)
    status: str = Field(default=ChallengeStatus.draft, max_length=16, index=True)
    key_link_id: int | None = Field(
        default=None, foreign_key="key_link.id", index=True, ondelete="SET NULL"
    )
    need_id: int | None = Field(default=None, foreign_key="need.id", ondelete="SET NULL")
    result: str = Field(default="", max_length=4000)  # recorded at acceptance
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class ChallengeEvent(SQLModel, table=True):
    """One status move: who, when, why."""

    __tablename__ = "challenge_event"
    id: int | None = Field(default=None, primary_key=True)
    challenge_id: int = Field(foreign_key="challenge.id", index=True, ondelete="CASCADE")
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reason: str = Field(default="", max_length=2000)
    at: datetime = created_at_field()


class ChallengeAccess(SQLModel, table=True):
    """An institute's request for the full text of an `on_request` challenge, and its grant."""

    __tablename__ = "challenge_access"
    challenge_id: int = Field(foreign_key="challenge.id", primary_key=True, ondelete="CASCADE")
    institute_id: int = Field(foreign_key="enterprise.id", primary_key=True, ondelete="CASCADE")
    granted: bool = False
    requested_at: datetime = created_at_field()
    granted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ChallengeApplication(SQLModel, table=True):
    __tablename__ = "challenge_application"
    __table_args__ = (UniqueConstraint("challenge_id", "institute_id"),)
    id: int | None = Field(default=None, primary_key=True)
    challenge_id: int = Field(foreign_key="challenge.id", index=True, ondelete="CASCADE")
    institute_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    approach: str = Field(max_length=8000)
    team: str = Field(max_length=2000)
    budget_wan: Decimal = Field(sa_type=MONEY, ge=0)
    timeline: str = Field(max_length=2000)
    file_name: str = Field(default="", max_length=64)  # generated name under the data folder
    file_size: int = Field(default=0, ge=0)
    status: str = Field(default=ApplicationStatus.submitted, max_length=16)
    created_at: datetime = created_at_field()


class ChallengeMilestone(SQLModel, table=True):
    __tablename__ = "challenge_milestone"
    id: int | None = Field(default=None, primary_key=True)
    challenge_id: int = Field(foreign_key="challenge.id", index=True, ondelete="CASCADE")
    application_id: int = Field(foreign_key="challenge_application.id", ondelete="CASCADE")
    due_on: date
    deliverable: str = Field(max_length=1000)
    payment_wan: Decimal = Field(sa_type=MONEY, ge=0)
    done_on: date | None = None
    created_at: datetime = created_at_field()
