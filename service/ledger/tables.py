"""Purchase ledger lines (采购台账) and the imports they came in."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from service.core.tables import MONEY, created_at_field


class LedgerImport(SQLModel, table=True):
    __tablename__ = "ledger_import"
    __table_args__ = (UniqueConstraint("owner_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    filename: str = Field(default="", max_length=256)
    sha256: str = Field(max_length=64)
    rows: int = 0
    created_at: datetime = created_at_field()


class Purchase(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    import_id: int | None = Field(
        default=None, foreign_key="ledger_import.id", index=True, ondelete="CASCADE"
    )
    item: str = Field(max_length=200)
    item_key: str = Field(max_length=200, index=True)
    category: str = Field(default="", max_length=5)
    chain_code: str | None = Field(default=None, max_length=48, index=True)
    supplier_name: str = Field(max_length=200)
    supplier_key: str = Field(max_length=200, index=True)
    supplier_id: int | None = Field(
        default=None, foreign_key="enterprise.id", index=True, ondelete="SET NULL"
    )
    supplier_region: str = Field(foreign_key="region.code", max_length=6, index=True)
    amount: Decimal = Field(sa_type=MONEY, ge=0)
    period: str = Field(max_length=7, index=True)  # YYYY, YYYY-MM or YYYY-Qn
    row_number: int | None = None
    created_at: datetime = created_at_field()
