"""Capabilities: what a supplier makes or does, with capacity, terms and certificates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field, json_field


class Capability(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    category: str = Field(default="", max_length=5, index=True)
    capacity: str = Field(default="", max_length=128)
    min_order: str = Field(default="", max_length=128)
    lead_time_days: int | None = Field(default=None, ge=0)
    certifications: list[dict[str, Any]] = json_field()  # [{code, expires_on: "YYYY-MM-DD" | null}]
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
