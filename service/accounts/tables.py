"""Users: bureau staff, chain-owner staff and supplier staff."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field


class UserRole(StrEnum):
    bureau = "bureau"
    owner = "owner"
    supplier = "supplier"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)
    enterprise_id: int | None = Field(
        default=None, foreign_key="enterprise.id", index=True, ondelete="SET NULL"
    )
    is_active: bool = True
    created_at: datetime = created_at_field()
