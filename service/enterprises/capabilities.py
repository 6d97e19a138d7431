"""Capability rules and queries: only suppliers register capabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from service.catalog.checks import check_certifications, check_industry
from service.core.errors import Invalid, NotFound
from service.core.paging import contains, paginate
from service.core.tables import utcnow
from service.enterprises.schemas import CapabilityCreate, CapabilityUpdate
from service.enterprises.tables import (
    Capability,
    Enterprise,
    EnterpriseChain,
    of_firms_within,
    of_shown_firms,
)


@dataclass(frozen=True)
class CapabilityFilter:
    supplier_id: int | None = None
    chain: str | None = None
    region: str | None = None
    category: str | None = None
    q: str | None = None
    # Readers other than the bureau see capabilities of approved firms, and their own firm's.
    reviewed_only: bool = False
    own_firm: int | None = None


def not_found(capability_id: int | None) -> NotFound:
    """The error for a capability that does not exist, or that the reader may not see."""
    return NotFound(f"能力 {capability_id} 不存在")


def get(session: Session, capability_id: int) -> Capability:
    cap = session.get(Capability, capability_id)
    if cap is None:
        raise not_found(capability_id)
    return cap


def _supplier(session: Session, supplier_id: int) -> Enterprise:
    supplier = session.get(Enterprise, supplier_id)
    if supplier is None:
        raise Invalid(f"企业 {supplier_id} 不存在", field="supplier_id")
    if not supplier.is_supplier:
        raise Invalid(f"{supplier.name} 未登记为配套企业", field="supplier_id")
    return supplier


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    if changes.get("category") is not None:
        changes["category"] = check_industry(changes["category"])
    if changes.get("certifications") is not None:
        certs = changes["certifications"]
        codes = check_certifications([c["code"] for c in certs], field="certifications")
        changes["certifications"] = [
            {"code": code, "expires_on": c["expires_on"].isoformat() if c["expires_on"] else None}
            for code, c in zip(codes, certs, strict=False)
        ]
    return changes


def create(session: Session, data: CapabilityCreate) -> Capability:
    _supplier(session, data.supplier_id)
    cap = Capability(**_checked(data.model_dump(mode="python")))
    session.add(cap)
    session.flush()
    return cap


def update(session: Session, cap: Capability, data: CapabilityUpdate) -> Capability:
    for key, value in _checked(data.model_dump(exclude_unset=True, mode="python")).items():
        if value is None and key not in {"lead_time_days"}:
            continue
        setattr(cap, key, value)
    cap.updated_at = utcnow()
    session.add(cap)
    session.flush()
    return cap


def delete(session: Session, cap: Capability) -> None:
    session.delete(cap)
    session.flush()


def list_page(
    session: Session, filters: CapabilityFilter, *, limit: int, offset: int
) -> tuple[list[Capability], int]:
    statement = select(Capability)
    if filters.reviewed_only:
        statement = statement.where(
            of_shown_firms(Capability.supplier_id, own_firm=filters.own_firm)
        )
    if filters.supplier_id is not None:
        statement = statement.where(Capability.supplier_id == filters.supplier_id)
    if filters.category:
        statement = statement.where(col(Capability.category).startswith(filters.category))
    if filters.chain:
        members = select(EnterpriseChain.enterprise_id).where(
            EnterpriseChain.chain_code == filters.chain
        )
        statement = statement.where(col(Capability.supplier_id).in_(members))
    if filters.region:
        statement = statement.where(of_firms_within(Capability.supplier_id, filters.region))
    if filters.q:
        statement = statement.where(
            or_(contains(Capability.title, filters.q), contains(Capability.description, filters.q))
        )
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(Capability.id),
        count_key=filters,
    )
