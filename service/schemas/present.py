"""Turn table rows into API shapes, hiding what the reader may not see."""

from __future__ import annotations

from service.models import Purchase
from service.schemas.purchase import PurchasePublic


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
