"""API shapes of 产销对接会: events, registrations, requests, meetings, agendas, the report."""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from pydantic import BaseModel, Field

from service.core.schemas import Page, UtcDateTime
from service.events.tables import EventStatus, OutcomeResult, Side

STATUS_LABELS: dict[str, str] = {
    EventStatus.draft: "草稿",
    EventStatus.open: "报名中",
    EventStatus.scheduling: "排期中",
    EventStatus.published: "日程已发布",
    EventStatus.held: "已举办",
    EventStatus.closed: "已结束",
}
REQUEST_LABELS: dict[str, str] = {
    "pending": "待答复",
    "accepted": "已接受",
    "declined": "已婉拒",
    "removed": "已移除",
}
ATTENDANCE_LABELS: dict[str, str] = {"scheduled": "待签到", "held": "已洽谈", "no_show": "未到场"}
OUTCOME_LABELS: dict[str, str] = {
    OutcomeResult.interested: "有意向",
    OutcomeResult.sample: "送样",
    OutcomeResult.none: "无意向",
}
SIDE_LABELS: dict[str, str] = {
    Side.owner: "链主企业",
    Side.supplier: "配套企业",
    "bureau": "经信局",
}

Slot = Field(ge=1, le=48)


class EventCreate(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    chain_codes: list[str] = Field(default_factory=list, max_length=20)
    event_date: date
    start_time: time = time(9, 0)
    place: str = Field(default="", max_length=200)
    meeting_minutes: int = Field(default=20, ge=5, le=240)
    slot_count: int = Field(ge=1, le=48)
    table_count: int = Field(ge=1, le=500)
    registration_deadline: date | None = None


class EventUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=2, max_length=200)
    chain_codes: list[str] | None = Field(default=None, max_length=20)
    event_date: date | None = None
    start_time: time | None = None
    place: str | None = Field(default=None, max_length=200)
    meeting_minutes: int | None = Field(default=None, ge=5, le=240)
    slot_count: int | None = Field(default=None, ge=1, le=48)
    table_count: int | None = Field(default=None, ge=1, le=500)
    registration_deadline: date | None = None


class EventPublic(BaseModel):
    id: int
    name: str
    chain_codes: list[str]
    event_date: date
    start_time: str  # "HH:MM", local time at the venue
    place: str
    meeting_minutes: int
    slot_count: int
    table_count: int
    registration_deadline: date | None
    status: str
    status_label: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    published_at: UtcDateTime | None


class StatusChangePublic(BaseModel):
    from_status: str
    to_status: str
    actor_user_id: int | None
    at: UtcDateTime


class EventDetail(EventPublic):
    history: list[StatusChangePublic]


class EventTransition(BaseModel):
    to: EventStatus


class RegistrationCreate(BaseModel):
    enterprise_id: int
    side: Side | None = None  # default: owner for a chain owner, else supplier
    unavailable_slots: list[int] = Field(default_factory=list, max_length=48)
    contact_name: str = Field(default="", max_length=64)


class RegistrationPublic(BaseModel):
    id: int
    event_id: int
    enterprise_id: int
    enterprise_name: str
    side: str
    unavailable_slots: list[int]
    contact_name: str
    created_at: UtcDateTime


class RequestCreate(BaseModel):
    owner_id: int
    supplier_id: int
    need_id: int | None = None
    note: str = Field(default="", max_length=500)


class RequestAnswer(BaseModel):
    accept: bool


class RequestPublic(BaseModel):
    id: int
    event_id: int
    owner_id: int
    owner_name: str
    supplier_id: int
    supplier_name: str
    need_id: int | None
    need_title: str | None
    requested_by: str
    status: str
    status_label: str
    note: str
    created_at: UtcDateTime
    answered_at: UtcDateTime | None


class CandidatePublic(BaseModel):
    """A registered firm on the other side, ranked by how well it fits (the matcher's score)."""

    owner_id: int
    owner_name: str
    supplier_id: int
    supplier_name: str
    need_id: int | None
    need_title: str | None
    score: float
    reasons: list[str]
    request_id: int | None
    request_status: str | None


class OutcomePublic(BaseModel):
    side: str
    result: str
    result_label: str
    note: str
    at: UtcDateTime


class MeetingPublic(BaseModel):
    id: int
    event_id: int
    owner_id: int
    owner_name: str
    supplier_id: int
    supplier_name: str
    need_id: int | None
    need_title: str | None
    slot: int
    table: int
    starts_at: str  # "HH:MM"
    ends_at: str
    pinned: bool
    weight: float
    reasons: list[str]
    attendance: str
    match_id: int | None
    outcomes: list[OutcomePublic]


class SchedulePage(Page[MeetingPublic]):
    total_weight: float
    bound: float
    gap: float
    method: str


class MeetingMove(BaseModel):
    slot: int = Slot
    table: int | None = Field(default=None, ge=1, le=500)  # none: the first free table
    pinned: bool = True  # false: the next solve may move it again


class CheckIn(BaseModel):
    attendance: Literal["held", "no_show"]


class OutcomeCreate(BaseModel):
    result: OutcomeResult
    note: str = Field(default="", max_length=500)
    side: Side | None = None  # the bureau records for one side; firms record for their own


class AgendaItem(BaseModel):
    meeting_id: int
    slot: int
    starts_at: str
    ends_at: str
    table: int
    other_id: int
    other_name: str
    other_side: str
    other_products: list[str]  # the supplier's capabilities, or the owner's need titles
    why: list[str]  # the need in question and the words both sides share
    attendance: str
    my_outcome: OutcomePublic | None


class AgendaPage(Page[AgendaItem]):
    event_id: int
    enterprise_id: int
    enterprise_name: str
    side: str


class EventReport(BaseModel):
    event_id: int
    status: str
    registrations: dict[str, int]  # owner, supplier, total
    requests: dict[str, int]  # by status, and total
    meetings: dict[str, int]  # scheduled (all on the schedule), held, no_show, pending
    outcomes: dict[str, int]  # by result
    pairings_created: int
    pairings_moved: int
    pairings_by_status: dict[str, int]
    contracts: int
    contract_amount: float  # yuan: the yearly amounts of the needs contracted
