"""API shapes of enterprises and their capabilities, and the presenters that build them from rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_validator

from catalogs.regions import region_name
from service.core.schemas import UtcDateTime
from service.enterprises.tables import (
    Capability,
    Enterprise,
    EnterpriseChange,
    EnterpriseStatus,
    Role,
    Tag,
)

if TYPE_CHECKING:
    from service.enterprises.service import (
        Memberships,  # the service presents firms with this module
    )


class EnterpriseFields(BaseModel):
    region_code: str = Field(min_length=6, max_length=6, pattern=r"^\d{6}$")
    industry_code: str | None = Field(default=None, max_length=5)
    tags: list[Tag] = Field(default_factory=list)
    chain_codes: list[str] = Field(default_factory=list)
    address: str = Field(default="", max_length=256)
    contact_name: str = Field(default="", max_length=64)
    contact_phone: str = Field(default="", max_length=32)
    description: str = Field(default="", max_length=4000)
    employees: int | None = Field(default=None, ge=0)


class EnterpriseCreate(EnterpriseFields):
    name: str = Field(min_length=2, max_length=128)
    credit_code: str | None = Field(default=None, max_length=18)
    roles: list[Role] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _strip_name(cls, value: str) -> str:
        return value.strip()

    @field_validator("credit_code")
    @classmethod
    def _upper_code(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None


class EnterpriseUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=2, max_length=128)
    credit_code: str | None = Field(default=None, max_length=18)
    roles: list[Role] | None = Field(default=None, min_length=1)
    region_code: str | None = Field(default=None, min_length=6, max_length=6, pattern=r"^\d{6}$")
    industry_code: str | None = Field(default=None, max_length=5)
    tags: list[Tag] | None = None
    chain_codes: list[str] | None = None
    address: str | None = Field(default=None, max_length=256)
    contact_name: str | None = Field(default=None, max_length=64)
    contact_phone: str | None = Field(default=None, max_length=32)
    description: str | None = Field(default=None, max_length=4000)
    employees: int | None = Field(default=None, ge=0)
    status: EnterpriseStatus | None = None


class EnterprisePublic(BaseModel):
    id: int
    name: str
    credit_code: str | None
    region_code: str
    region_name: str
    industry_code: str | None
    roles: list[str]
    tags: list[str]
    chain_codes: list[str]
    status: str
    address: str
    contact_name: str | None  # None for anonymous readers: contacts are for signed-in users
    contact_phone: str | None
    description: str
    employees: int | None
    created_at: UtcDateTime
    updated_at: UtcDateTime
    # The firm's own reviewed-field change awaiting the bureau (shown to the firm and the bureau).
    pending_change: dict[str, Any] | None = None


class EnterpriseChangePublic(BaseModel):
    id: int
    enterprise_id: int
    changes: dict[str, Any]
    status: str
    created_at: UtcDateTime
    decided_at: UtcDateTime | None


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


def enterprise_public(
    e: Enterprise,
    groups: Memberships | None = None,
    *,
    contacts: bool = True,
    pending_change: dict[str, Any] | None = None,
) -> EnterprisePublic:
    """`groups`: the firm's tags and chains when loaded for a whole page (else read from `e`);
    `contacts`: whether the reader may see the contact person and phone."""
    assert e.id is not None
    return EnterprisePublic(
        id=e.id,
        name=e.name,
        credit_code=e.credit_code,
        region_code=e.region_code,
        region_name=region_name(e.region_code),
        industry_code=e.industry_code,
        roles=e.roles,
        tags=groups.tags if groups else e.tags,
        chain_codes=groups.chain_codes if groups else e.chain_codes,
        status=e.status,
        address=e.address,
        contact_name=e.contact_name if contacts else None,
        contact_phone=e.contact_phone if contacts else None,
        description=e.description,
        employees=e.employees,
        created_at=e.created_at,
        updated_at=e.updated_at,
        pending_change=pending_change,
    )


def change_public(change: EnterpriseChange) -> EnterpriseChangePublic:
    assert change.id is not None
    return EnterpriseChangePublic(
        id=change.id,
        enterprise_id=change.enterprise_id,
        changes=change.changes,
        status=change.status,
        created_at=change.created_at,
        decided_at=change.decided_at,
    )


def capability_public(cap: Capability, supplier: Enterprise) -> CapabilityPublic:
    assert cap.id is not None
    return CapabilityPublic(
        id=cap.id,
        supplier_id=cap.supplier_id,
        supplier_name=supplier.name,
        supplier_region_code=supplier.region_code,
        title=cap.title,
        description=cap.description,
        category=cap.category,
        capacity=cap.capacity,
        min_order=cap.min_order,
        lead_time_days=cap.lead_time_days,
        certifications=[HeldCertification(**c) for c in cap.certifications],
        created_at=cap.created_at,
        updated_at=cap.updated_at,
    )
