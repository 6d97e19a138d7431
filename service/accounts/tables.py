"""Users: bureau staff, chain-owner staff and supplier staff; failed sign-ins."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from service.core.tables import created_at_field


class UserRole(StrEnum):
    bureau = "bureau"
    owner = "owner"
    supplier = "supplier"
    institute = "institute"  # 链创机构


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)
    enterprise_id: int | None = Field(
        default=None, foreign_key="enterprise.id", index=True, ondelete="SET NULL"
    )
    is_active: bool = True
    # Every page session and API token carries the version it was issued under; logout, a
    # password change and deactivation move it on, which ends all of them at once.
    session_version: int = Field(default=0)
    created_at: datetime = created_at_field()


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, counted against the account and against the client address (one row
    each), so that every worker and replica throttles from the same counts."""

    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, index=True)  # "account:<username>" or "address:<ip>"
    failed_at: datetime = created_at_field()
