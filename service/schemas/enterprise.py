"""API shapes of enterprises."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from service.core.schemas import UtcDateTime
from service.models import EnterpriseStatus, Role, Tag


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
    contact_name: str
    contact_phone: str
    description: str
    employees: int | None
    created_at: UtcDateTime
    updated_at: UtcDateTime
