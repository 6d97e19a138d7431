"""Purchase ledger lines: stored per owner, confidential to the owner and the bureau."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from service.catalog.checks import check_chain, check_industry, check_region
from service.core.errors import Invalid, NotFound
from service.core.paging import contains, paginate
from service.core.text import name_key
from service.enterprises.tables import Enterprise
from service.ledger.schemas import PurchaseCreate
from service.ledger.tables import Purchase


@dataclass(frozen=True)
class PurchaseFilter:
    owner_ids: tuple[int, ...] | None = None  # None: every owner (bureau only)
    period_from: str | None = None
    period_to: str | None = None
    chain: str | None = None
    supplier_region: str | None = None
    q: str | None = None


def get(session: Session, purchase_id: int) -> Purchase:
    purchase = session.get(Purchase, purchase_id)
    if purchase is None:
        raise NotFound(f"台账记录 {purchase_id} 不存在")
    return purchase


def create(session: Session, data: PurchaseCreate) -> Purchase:
    owner = session.get(Enterprise, data.owner_id)
    if owner is None or not owner.is_owner:
        raise Invalid(f"企业 {data.owner_id} 不是链主企业", field="owner_id")
    check_region(data.supplier_region, field="supplier_region")
    purchase = Purchase(
        owner_id=data.owner_id,
        item=data.item.strip(),
        item_key=name_key(data.item),
        category=check_industry(data.category),
        chain_code=check_chain(data.chain_code),
        supplier_name=data.supplier_name.strip(),
        supplier_key=name_key(data.supplier_name),
        supplier_region=data.supplier_region,
        amount=data.amount,
        period=data.period,
    )
    session.add(purchase)
    session.flush()
    return purchase


def delete(session: Session, purchase: Purchase) -> None:
    session.delete(purchase)
    session.flush()


def list_page(
    session: Session, filters: PurchaseFilter, *, limit: int, offset: int
) -> tuple[list[Purchase], int]:
    statement = select(Purchase)
    if filters.owner_ids is not None:
        statement = statement.where(col(Purchase.owner_id).in_(filters.owner_ids))
    if filters.period_from:
        statement = statement.where(Purchase.period >= filters.period_from)
    if filters.period_to:
        statement = statement.where(Purchase.period <= filters.period_to + "\uffff")
    if filters.chain:
        statement = statement.where(Purchase.chain_code == filters.chain)
    if filters.supplier_region:
        statement = statement.where(Purchase.supplier_region == filters.supplier_region)
    if filters.q:
        statement = statement.where(contains(Purchase.item, filters.q))
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(Purchase.id),
        count_key=filters,
    )
