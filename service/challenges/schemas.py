"""API shapes of institutes, challenges, applications, milestones and key links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from service.challenges.tables import (
    ChallengeMode,
    ChallengeStatus,
    Disclosure,
    ExpectedResult,
    InstituteKind,
)
from service.core.schemas import UtcDateTime


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


Wan = Annotated[Decimal, AfterValidator(_cents)]  # 万元, always shown with two decimals


class Indicator(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    target: str = Field(min_length=1, max_length=100)
    unit: str = Field(default="", max_length=20)


class Team(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    lead: str = Field(default="", max_length=64)
    size: int | None = Field(default=None, ge=1, le=10000)


class Result(BaseModel):
    kind: str = Field(min_length=1, max_length=16)  # 专利 / 标准 / 产品 / 论文
    title: str = Field(min_length=1, max_length=200)


class InstituteProfileIn(BaseModel):
    kind: InstituteKind
    research_fields: list[str] = Field(default_factory=list, max_length=50)
    teams: list[Team] = Field(default_factory=list, max_length=50)
    platforms: list[str] = Field(default_factory=list, max_length=50)
    results: list[Result] = Field(default_factory=list, max_length=200)


class InstituteProfilePublic(InstituteProfileIn):
    enterprise_id: int
    name: str
    region_code: str


class ChallengeCreate(BaseModel):
    owner_id: int | None = None  # None: posted by the bureau for the chain
    chain_code: str = Field(min_length=1, max_length=48)
    segment: str = Field(default="", max_length=128)
    title: str = Field(min_length=2, max_length=200)
    summary: str = Field(default="", max_length=1000)
    problem: str = Field(min_length=2, max_length=8000)
    indicators: list[Indicator] = Field(default_factory=list, max_length=30)
    current_state: str = Field(default="", max_length=4000)
    expected_result: ExpectedResult
    budget_wan: Wan = Field(ge=0, max_digits=12, decimal_places=2)
    duration_months: int = Field(ge=1, le=120)
    deadline: date
    mode: ChallengeMode = ChallengeMode.open_call
    disclosure: Disclosure = Disclosure.public
    key_link_id: int | None = None


class ChallengeUpdate(BaseModel):
    segment: str | None = Field(default=None, max_length=128)
    title: str | None = Field(default=None, min_length=2, max_length=200)
    summary: str | None = Field(default=None, max_length=1000)
    problem: str | None = Field(default=None, min_length=2, max_length=8000)
    indicators: list[Indicator] | None = Field(default=None, max_length=30)
    current_state: str | None = Field(default=None, max_length=4000)
    expected_result: ExpectedResult | None = None
    budget_wan: Wan | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    duration_months: int | None = Field(default=None, ge=1, le=120)
    deadline: date | None = None
    mode: ChallengeMode | None = None
    disclosure: Disclosure | None = None
    key_link_id: int | None = None


class ChallengePublic(BaseModel):
    """A challenge as one reader may see it: `full_text` False means problem, indicators and
    current state are withheld (an `on_request` challenge not yet granted, or a non-institute)."""

    id: int
    owner_id: int | None
    owner_name: str
    chain_code: str
    segment: str
    title: str
    summary: str
    expected_result: str
    budget_wan: Wan
    duration_months: int
    deadline: date
    mode: str
    disclosure: str
    status: str
    key_link_id: int | None
    need_id: int | None
    full_text: bool
    problem: str | None = None
    indicators: list[Indicator] | None = None
    current_state: str | None = None
    result: str | None = None
    created_at: UtcDateTime


class TransitionIn(BaseModel):
    to: ChallengeStatus
    reason: str = Field(default="", max_length=2000)
    application_ids: list[int] = Field(default_factory=list, max_length=20)  # for `awarded`
    result: str = Field(default="", max_length=4000)  # for `accepted`


class ChallengeEventPublic(BaseModel):
    from_status: str
    to_status: str
    user_id: int | None
    reason: str
    at: UtcDateTime


class CandidatePublic(BaseModel):
    institute_id: int
    name: str
    kind: str
    score: float
    reasons: list[str]


class RankedChallenge(BaseModel):
    challenge_id: int
    title: str
    chain_code: str
    status: str
    score: float
    reasons: list[str]


class ApplicationPublic(BaseModel):
    id: int
    challenge_id: int
    institute_id: int
    institute_name: str
    approach: str
    team: str
    budget_wan: Wan
    timeline: str
    has_file: bool
    file_size: int
    status: str
    created_at: UtcDateTime


class AccessPublic(BaseModel):
    challenge_id: int
    institute_id: int
    granted: bool
    requested_at: UtcDateTime


class MilestoneIn(BaseModel):
    application_id: int
    due_on: date
    deliverable: str = Field(min_length=1, max_length=1000)
    payment_wan: Wan = Field(ge=0, max_digits=12, decimal_places=2)
    done_on: date | None = None


class MilestonePublic(MilestoneIn):
    id: int
    challenge_id: int


class KeyLinkIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=2, max_length=200)
    segment: str = Field(default="", max_length=128)
    note: str = Field(default="", max_length=2000)


class KeyLinkPublic(KeyLinkIn):
    id: int
    chain_code: str
    challenge_ids: list[int]


class KeyLinkAssign(BaseModel):
    key_link_id: int | None
