"""Purchase ledger lines: stored per owner, confidential to the owner and the bureau."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, func
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from service.catalog.checks import check_chain, check_industry, check_region
from service.core.errors import Invalid, NotFound
from service.core.paging import contains, paginate
from service.core.text import item_key, name_key
from service.enterprises.tables import Enterprise
from service.ledger.periods import Period
from service.ledger.schemas import PurchaseCreate
from service.ledger.tables import Purchase


@dataclass(frozen=True)
class PurchaseFilter:
    owner_ids: tuple[int, ...] | None = None  # None: every owner (bureau only)
    period_from: Period | None = None
    period_to: Period | None = None
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
        item_key=item_key(data.item),
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


def _number(column: Mapped[str], start: int, length: int) -> ColumnElement[int]:
    return cast(func.substr(column, start, length), Integer)


def _first_month(period: Mapped[str]) -> ColumnElement[int]:
    """``Period.start`` of a stored period (``YYYY``, ``YYYY-Qn``, ``YYYY-MM``) in SQL."""
    month = case(
        (func.length(period) == 4, 1),
        (func.substr(period, 6, 1) == "Q", _number(period, 7, 1) * 3 - 2),
        else_=_number(period, 6, 2),
    )
    return _number(period, 1, 4) * 12 + month - 1


def _last_month(period: Mapped[str]) -> ColumnElement[int]:
    """``Period.end`` of a stored period in SQL."""
    month = case(
        (func.length(period) == 4, 12),
        (func.substr(period, 6, 1) == "Q", _number(period, 7, 1) * 3),
        else_=_number(period, 6, 2),
    )
    return _number(period, 1, 4) * 12 + month - 1


def list_page(
    session: Session, filters: PurchaseFilter, *, limit: int, offset: int
) -> tuple[list[Purchase], int]:
    statement = select(Purchase)
    if filters.owner_ids is not None:
        statement = statement.where(col(Purchase.owner_id).in_(filters.owner_ids))
    if filters.period_from is not None:
        statement = statement.where(_first_month(col(Purchase.period)) >= filters.period_from.start)
    if filters.period_to is not None:
        statement = statement.where(_last_month(col(Purchase.period)) <= filters.period_to.end)
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
