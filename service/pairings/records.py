"""Map table rows to the engine's plain records (the only place that knows both)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from matching import NeedRecord, SupplierRecord
from service.enterprises.tables import Capability, Enterprise, EnterpriseStatus
from service.needs.tables import Need, NeedStatus


def valid_certifications(capabilities: Iterable[Capability], *, today: date) -> tuple[str, ...]:
    """Certificates held and not expired (an undated certificate counts as valid)."""
    codes = {
        c["code"]
        for cap in capabilities
        for c in cap.certifications
        if not c.get("expires_on") or date.fromisoformat(c["expires_on"]) >= today
    }
    return tuple(sorted(codes))


def supplier_record(
    enterprise: Enterprise, capabilities: list[Capability], *, today: date
) -> SupplierRecord:
    parts = [f"{c.title} {c.description}" for c in capabilities]
    if enterprise.description:
        parts.append(enterprise.description)
    category = enterprise.industry_code or next(
        (c.category for c in capabilities if c.category), ""
    )
    return SupplierRecord(
        id=str(enterprise.id),
        name=enterprise.name,
        text="\n".join(parts),
        category=category,
        region=enterprise.region_code,
        certifications=valid_certifications(capabilities, today=today),
    )


def supplier_fingerprint(record: SupplierRecord) -> str:
    """Changes when the supplier's capabilities or certificates change (re-opens a declined pair)."""
    digest = hashlib.sha256(f"{record.text}\x00{','.join(record.certifications)}".encode())
    return digest.hexdigest()[:32]


def is_matchable_supplier(enterprise: Enterprise | None) -> bool:
    return (
        enterprise is not None
        and enterprise.is_supplier
        and enterprise.status == EnterpriseStatus.approved
    )


def need_record(need: Need, owner: Enterprise) -> NeedRecord:
    return NeedRecord(
        id=str(need.id),
        title=need.title,
        description=need.description,
        category=need.category,
        region=owner.region_code,
        certifications=tuple(need.required_certifications),
    )


def load_supplier_records(
    session: Session, *, ids: Iterable[int] | None = None, today: date
) -> dict[int, SupplierRecord]:
    statement = select(Enterprise).where(
        col(Enterprise.is_supplier), Enterprise.status == EnterpriseStatus.approved
    )
    cap_statement = select(Capability)
    if ids is not None:
        wanted = list(ids)
        statement = statement.where(col(Enterprise.id).in_(wanted))
        cap_statement = cap_statement.where(col(Capability.supplier_id).in_(wanted))
    capabilities: dict[int, list[Capability]] = defaultdict(list)
    for cap in session.exec(cap_statement.order_by(col(Capability.id))).all():
        capabilities[cap.supplier_id].append(cap)
    records = {}
    for enterprise in session.exec(statement).all():
        assert enterprise.id is not None
        caps = capabilities.get(enterprise.id, [])
        if caps or enterprise.description:
            records[enterprise.id] = supplier_record(enterprise, caps, today=today)
    return records


def load_need_records(
    session: Session, *, ids: Iterable[int] | None = None
) -> dict[int, NeedRecord]:
    statement = (
        select(Need, Enterprise)
        .join(Enterprise, col(Enterprise.id) == Need.owner_id)
        .where(Need.status == NeedStatus.open, Enterprise.status == EnterpriseStatus.approved)
    )
    if ids is not None:
        statement = statement.where(col(Need.id).in_(list(ids)))
    return {
        need.id: need_record(need, owner)
        for need, owner in session.exec(statement).all()
        if need.id
    }
