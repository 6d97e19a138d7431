"""API shapes of capabilities."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from service.core.schemas import UtcDateTime


class HeldCertification(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    expires_on: date | None = None


class CapabilityFields(BaseModel):
    description: str = Field(default="", max_length=4000)
    category: str = Field(default="", max_length=5)
    capacity: str = Field(default="", max_length=128)
    min_order: str = Field(default="", max_length=128)
    lead_time_days: int | None = Field(default=None, ge=0, le=3650)
    certifications: list[HeldCertification] = Field(default_factory=list)


class CapabilityCreate(CapabilityFields):
    supplier_id: int
    title: str = Field(min_length=2, max_length=200)


class CapabilityUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=2, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    category: str | None = Field(default=None, max_length=5)
    capacity: str | None = Field(default=None, max_length=128)
    min_order: str | None = Field(default=None, max_length=128)
    lead_time_days: int | None = Field(default=None, ge=0, le=3650)
    certifications: list[HeldCertification] | None = None


class CapabilityPublic(BaseModel):
    id: int
    supplier_id: int
    supplier_name: str
    supplier_region_code: str
    title: str
    description: str
    category: str
    capacity: str
    min_order: str
    lead_time_days: int | None
    certifications: list[HeldCertification]
    created_at: UtcDateTime
    updated_at: UtcDateTime
