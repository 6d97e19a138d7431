"""Enterprises (chain owners 链主, suppliers 配套企业, institutes 链创) and their capabilities."""

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, UniqueConstraint
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Field, Relationship, SQLModel, col, or_, select

from catalogs.regions import region_prefix
from service.core.tables import created_at_field, json_field


class Role(StrEnum):
    owner = "owner"
    supplier = "supplier"
    institute = "institute"


class Tag(StrEnum):
    specialized = "专精特新"
    little_giant = "小巨人"
    single_champion = "单项冠军"
    above_scale = "规上"
    high_tech = "高新技术企业"


class EnterpriseStatus(StrEnum):
    pending = "pending"  # registered on the landing page, awaiting the bureau's review
    approved = "approved"
    rejected = "rejected"


# Tags that record a government designation: only the bureau sets or removes them.
DESIGNATION_TAGS = frozenset(t.value for t in Tag)

# Fields of an approved firm that a firm's own change sends back to the bureau for review.
REVIEWED_FIELDS = ("name", "credit_code", "region_code", "roles", "chain_codes")


class EnterpriseTag(SQLModel, table=True):
    __tablename__ = "enterprise_tag"
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, max_length=16)


class EnterpriseChain(SQLModel, table=True):
    __tablename__ = "enterprise_chain"
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True, ondelete="CASCADE")
    chain_code: str = Field(foreign_key="chain.code", primary_key=True, max_length=48)


# A firm's tag and chain rows are built before the firm has an id: the relationship fills
# enterprise_id in on flush, which the constructor's signature cannot say.
def tag_rows(tags: Iterable[str]) -> list[EnterpriseTag]:
    return [EnterpriseTag(tag=t) for t in sorted(set(tags))]  # type: ignore[call-arg]


def chain_rows(codes: Iterable[str]) -> list[EnterpriseChain]:
    return [EnterpriseChain(chain_code=c) for c in sorted(set(codes))]  # type: ignore[call-arg]


class Enterprise(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("credit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128, index=True)
    name_key: str = Field(max_length=128, index=True)  # normalised name for duplicate detection
    credit_code: str | None = Field(default=None, max_length=18)
    region_code: str = Field(foreign_key="region.code", max_length=6, index=True)
    industry_code: str | None = Field(default=None, max_length=5)
    is_owner: bool = Field(default=False, index=True)
    is_supplier: bool = Field(default=False, index=True)
    is_institute: bool = False
    status: str = Field(default=EnterpriseStatus.approved, max_length=16, index=True)
    address: str = Field(default="", max_length=256)
    contact_name: str = Field(default="", max_length=64)
    contact_phone: str = Field(default="", max_length=32)
    description: str = Field(default="", max_length=4000)
    employees: int | None = Field(default=None, ge=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    version: int = Field(default=1)

    tag_rows: list["EnterpriseTag"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    chain_rows: list["EnterpriseChain"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )

    @property
    def roles(self) -> list[str]:
        flags = ((Role.owner, self.is_owner), (Role.supplier, self.is_supplier))
        return [r.value for r, on in (*flags, (Role.institute, self.is_institute)) if on]

    @property
    def tags(self) -> list[str]:
        return sorted(t.tag for t in self.tag_rows)

    @property
    def chain_codes(self) -> list[str]:
        return sorted(c.chain_code for c in self.chain_rows)


class EnterpriseChange(SQLModel, table=True):
    """A change of reviewed fields proposed by an approved firm: the old values stay public until
    the bureau approves it."""

    __tablename__ = "enterprise_change"
    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True, ondelete="CASCADE")
    changes: dict[str, Any] = json_field(dict)  # field -> proposed value (JSON)
    status: str = Field(default=EnterpriseStatus.pending, max_length=16, index=True)
    proposed_by_user_id: int | None = Field(
        default=None, foreign_key="user.id", ondelete="SET NULL"
    )
    decided_by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


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


# Conditions other domains' queries put on the firm a row belongs to (needs, capabilities, ledger).
def firm_within(region: str) -> ColumnElement[bool]:
    """Firms located within ``region`` (GB/T 2260 code hierarchy)."""
    return col(Enterprise.region_code).startswith(region_prefix(region))


def of_firms_within(firm_id: int, region: str) -> ColumnElement[bool]:
    """Rows whose firm (the ``firm_id`` column) is located within ``region``."""
    return col(firm_id).in_(select(Enterprise.id).where(firm_within(region)))


def of_shown_firms(firm_id: int, *, own_firm: int | None) -> ColumnElement[bool]:
    """Rows whose firm the bureau has approved, or that belong to the reader's own firm."""
    approved = select(Enterprise.id).where(Enterprise.status == EnterpriseStatus.approved)
    shown: ColumnElement[bool] = col(firm_id).in_(approved)
    return shown if own_firm is None else or_(shown, col(firm_id) == own_firm)
