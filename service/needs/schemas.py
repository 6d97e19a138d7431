"""API shapes of needs (target-supplier catalog lines)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from service.core.schemas import UtcDateTime
from service.enterprises.tables import Enterprise
from service.needs.tables import Need, NeedStatus


class CurrentSupplier(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    region_code: str = Field(pattern=r"^\d{6}$")


class NeedFields(BaseModel):
    chain_code: str | None = Field(default=None, max_length=48)
    segment: str = Field(default="", max_length=128)
    description: str = Field(default="", max_length=4000)
    category: str = Field(default="", max_length=5)
    yearly_quantity: float | None = Field(default=None, ge=0)
    unit: str = Field(default="", max_length=16)
    yearly_amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    required_certifications: list[str] = Field(default_factory=list)
    current_suppliers: list[CurrentSupplier] = Field(default_factory=list)
    status: NeedStatus = NeedStatus.open


class NeedCreate(NeedFields):
    owner_id: int
    title: str = Field(min_length=2, max_length=200)


class NeedUpdate(BaseModel):
    chain_code: str | None = Field(default=None, max_length=48)
    segment: str | None = Field(default=None, max_length=128)
    title: str | None = Field(default=None, min_length=2, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    category: str | None = Field(default=None, max_length=5)
    yearly_quantity: float | None = Field(default=None, ge=0)
    unit: str | None = Field(default=None, max_length=16)
    yearly_amount: Decimal | None = Field(default=None, ge=0, max_digits=16, decimal_places=2)
    required_certifications: list[str] | None = None
    current_suppliers: list[CurrentSupplier] | None = None
    status: NeedStatus | None = None


class NeedPublic(BaseModel):
    id: int
    owner_id: int
    owner_name: str
    owner_region_code: str
    chain_code: str | None
    segment: str
    title: str
    description: str
    category: str
    yearly_quantity: float | None
    unit: str
    # Confidential: null unless the reader is the owner or the bureau (see `confidential_visible`).
    yearly_amount: float | None
    current_suppliers: list[CurrentSupplier] | None
    confidential_visible: bool
    required_certifications: list[str]
    status: str
    created_at: UtcDateTime
    updated_at: UtcDateTime


def need_public(need: Need, owner: Enterprise, *, confidential: bool) -> NeedPublic:
    assert need.id is not None
    return NeedPublic(
        id=need.id,
        owner_id=need.owner_id,
        owner_name=owner.name,
        owner_region_code=owner.region_code,
        chain_code=need.chain_code,
        segment=need.segment,
        title=need.title,
        description=need.description,
        category=need.category,
        yearly_quantity=need.yearly_quantity,
        unit=need.unit,
        yearly_amount=float(need.yearly_amount)
        if confidential and need.yearly_amount is not None
        else None,
        current_suppliers=[CurrentSupplier(**s) for s in need.current_suppliers]
        if confidential
        else None,
        confidential_visible=confidential,
        required_certifications=list(need.required_certifications),
        status=need.status,
        created_at=need.created_at,
        updated_at=need.updated_at,
    )
