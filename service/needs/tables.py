"""Needs: one line of a chain owner's target-supplier catalog (目标配套商目录)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlmodel import Field, SQLModel

from service.core.tables import MONEY, created_at_field, json_field


class NeedStatus(StrEnum):
    open = "open"
    matched = "matched"
    closed = "closed"


class Need(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    chain_code: str | None = Field(
        default=None, foreign_key="chain.code", max_length=48, index=True
    )
    segment: str = Field(default="", max_length=128, index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    category: str = Field(default="", max_length=5, index=True)  # GB/T 4754 code
    yearly_quantity: float | None = Field(default=None, ge=0)
    unit: str = Field(default="", max_length=16)
    yearly_amount: Decimal | None = Field(default=None, sa_type=MONEY, ge=0)  # confidential
    required_certifications: list[str] = json_field()
    current_suppliers: list[dict[str, Any]] = json_field()  # [{name, region_code}], confidential
    status: str = Field(default=NeedStatus.open, max_length=16, index=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    version: int = Field(default=1)
