"""API shapes of needs (target-supplier catalog lines)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from service.core.schemas import UtcDateTime
from service.models import NeedStatus


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
