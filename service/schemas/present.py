"""Turn table rows into API shapes, hiding what the reader may not see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.catalog.regions import region_name
from service.models import Capability, Enterprise, Need, Purchase
from service.schemas.capability import CapabilityPublic, HeldCertification
from service.schemas.enterprise import EnterprisePublic
from service.schemas.need import CurrentSupplier, NeedPublic
from service.schemas.purchase import PurchasePublic

if TYPE_CHECKING:
    from service.crud.enterprises import Memberships  # crud presents firms with this module


def enterprise_public(e: Enterprise, groups: Memberships | None = None) -> EnterprisePublic:
    """`groups`: the firm's tags and chains when loaded for a whole page (else read from `e`)."""
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
        contact_name=e.contact_name,
        contact_phone=e.contact_phone,
        description=e.description,
        employees=e.employees,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )


def need_public(need: Need, owner: Enterprise, *, confidential: bool) -> NeedPublic:
    assert need.id is not None
    return NeedPublic(
        id=need.id,
        owner_id=need.owner_id,
        owner_name=owner.name,
        owner_region_code=owner.region_code,
        chain_code=need.chain_code,
        segment=need.segment,
        title=need.title,
        description=need.description,
        category=need.category,
        yearly_quantity=need.yearly_quantity,
        unit=need.unit,
        yearly_amount=float(need.yearly_amount)
        if confidential and need.yearly_amount is not None
        else None,
        current_suppliers=[CurrentSupplier(**s) for s in need.current_suppliers]
        if confidential
        else None,
        confidential_visible=confidential,
        required_certifications=list(need.required_certifications),
        status=need.status,
        created_at=need.created_at,
        updated_at=need.updated_at,
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


def purchase_public(p: Purchase) -> PurchasePublic:
    assert p.id is not None
    return PurchasePublic(
        id=p.id,
        owner_id=p.owner_id,
        item=p.item,
        category=p.category,
        chain_code=p.chain_code,
        supplier_name=p.supplier_name,
        supplier_id=p.supplier_id,
        supplier_region=p.supplier_region,
        amount=float(p.amount),
        period=p.period,
        import_id=p.import_id,
        created_at=p.created_at,
    )
