"""The scope of a figure, validated, and the queries that select the rows in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from catalogs.chains import get_chain
from catalogs.regions import load_regions
from service.core.errors import Invalid, NotFound
from service.enterprises.tables import Enterprise, EnterpriseChain, of_firms_within
from service.ledger import Period
from service.ledger.schemas import query_period
from service.ledger.tables import Purchase
from service.needs.tables import Need


@dataclass(frozen=True, slots=True)
class MetricScope:
    period_from: Period | None = None
    period_to: Period | None = None
    chain: str | None = None
    county: str | None = None  # the owner's region (county or prefecture code)
    owner_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "period_from": None if self.period_from is None else str(self.period_from),
            "period_to": None if self.period_to is None else str(self.period_to),
            "chain": self.chain,
            "county": self.county,
            "owner_id": self.owner_id,
        }

    def window_contains(self, period: Period) -> bool:
        return period.in_window(self.period_from, self.period_to)


def build_scope(
    session: Session,
    *,
    period_from: str | None = None,
    period_to: str | None = None,
    chain: str | None = None,
    county: str | None = None,
    owner_id: int | None = None,
) -> MetricScope:
    """Check every scope parameter: bad periods and region codes 422, unknown chain or owner 404."""
    start, end = query_period(period_from, "period_from"), query_period(period_to, "period_to")
    if start is not None and end is not None and start.start > end.end:
        raise Invalid("期间起点晚于终点", field="period_from", source="query")
    if chain and get_chain(chain) is None:
        raise NotFound(f"产业链 {chain} 不存在")
    if county and not load_regions().exists(county):
        raise Invalid(f"行政区划代码 {county} 不存在（GB/T 2260）", field="county", source="query")
    if owner_id is not None:
        owner = session.get(Enterprise, owner_id)
        if owner is None or not owner.is_owner:
            raise NotFound(f"链主企业 {owner_id} 不存在")
    return MetricScope(start, end, chain or None, county or None, owner_id)


def _owner_filters(scope: MetricScope, owner_column: Any) -> list[Any]:
    filters = []
    if scope.owner_id is not None:
        filters.append(owner_column == scope.owner_id)
    if scope.county:
        filters.append(of_firms_within(owner_column, scope.county))
    return filters


def _chain_filter(chain: str, chain_column: Any, owner_column: Any) -> Any:
    owners_in_chain = select(EnterpriseChain.enterprise_id).where(
        EnterpriseChain.chain_code == chain
    )
    return or_(
        chain_column == chain,
        and_(chain_column.is_(None), owner_column.in_(owners_in_chain)),
    )


def purchases_in_scope(session: Session, scope: MetricScope) -> list[tuple[Purchase, str]]:
    """Purchase rows of the scope (all periods; the window is applied by the report), in stored
    order, with their owner's name."""
    statement = select(Purchase, Enterprise.name).join(
        Enterprise, col(Enterprise.id) == col(Purchase.owner_id)
    )
    for condition in _owner_filters(scope, col(Purchase.owner_id)):
        statement = statement.where(condition)
    if scope.chain:
        statement = statement.where(
            _chain_filter(scope.chain, col(Purchase.chain_code), col(Purchase.owner_id))
        )
    rows = session.exec(statement.order_by(col(Purchase.id))).all()
    return [(purchase, name) for purchase, name in rows]


def needs_in_scope(
    session: Session, scope: MetricScope, *, status: str | None = None
) -> list[tuple[Need, str]]:
    """Needs of the scope's owners and chain (periods do not apply to needs), with owner names."""
    statement = select(Need, Enterprise.name).join(
        Enterprise, col(Enterprise.id) == col(Need.owner_id)
    )
    for condition in _owner_filters(scope, col(Need.owner_id)):
        statement = statement.where(condition)
    if scope.chain:
        statement = statement.where(
            _chain_filter(scope.chain, col(Need.chain_code), col(Need.owner_id))
        )
    if status is not None:
        statement = statement.where(Need.status == status)
    rows = session.exec(statement.order_by(col(Need.id))).all()
    return [(need, name) for need, name in rows]
