"""API shapes of ranked matches and of the pipeline."""

from __future__ import annotations

from pydantic import BaseModel, Field

from service.core.schemas import UtcDateTime
from service.pairings.scoring import Locality
from service.pairings.tables import MatchStatus


class SupplierBrief(BaseModel):
    id: int
    name: str
    region_code: str
    region_name: str
    tags: list[str]
    certifications: list[str]  # valid (unexpired) certificates


class NeedBrief(BaseModel):
    id: int
    title: str
    owner_id: int
    owner_name: str
    chain_code: str | None
    category: str
    required_certifications: list[str]


LocalityField = Field(
    description="local：本地（主场地区内）；near：周边（近地范围内、本地以外）；outside：外地"
)


class RankedSupplier(BaseModel):
    rank: int
    score: float  # the pairing's one score: the same on every page, answer and notification
    components: dict[str, float]
    matched_terms: list[str]
    reasons: list[str]
    locality: Locality = LocalityField  # where the supplier is, seen from the home region
    supplier: SupplierBrief
    match_id: int | None
    status: str | None


class RankedNeed(BaseModel):
    rank: int
    score: float  # the pairing's one score: the same on every page, answer and notification
    components: dict[str, float]
    matched_terms: list[str]
    reasons: list[str]
    locality: Locality = LocalityField  # where the need's owner is, seen from the home region
    same_city: bool = Field(description="需求方与本企业在同一城市（地级市）")
    need: NeedBrief
    match_id: int | None
    status: str | None


class MatchEventPublic(BaseModel):
    from_status: str
    to_status: str
    actor_user_id: int | None
    actor_role: str
    reason: str
    at: UtcDateTime


class MatchPublic(BaseModel):
    id: int
    need_id: int
    need_title: str
    owner_id: int
    owner_name: str
    supplier_id: int
    supplier_name: str
    score: float
    components: dict[str, float]
    reasons: list[str]
    status: str
    declined_reason: str
    version: int
    created_at: UtcDateTime
    updated_at: UtcDateTime
    events: list[MatchEventPublic] = Field(default_factory=list)


class MatchCreate(BaseModel):
    need_id: int
    supplier_id: int


class Transition(BaseModel):
    to: MatchStatus
    reason: str = Field(default="", max_length=500)
    version: int | None = Field(default=None, description="乐观锁：当前版本号，不一致时返回 409")
