"""Gaps (缺口) and the investment-attraction list (招商目标清单).

A gap is an open need in scope for which the matcher finds no qualified local candidate. Gaps are
grouped by GB/T 4754 中类 (the first 3 digits of the need's category; "未分类" without one), with
the total yearly demand (sum of the needs' yearly amounts) and the out-of-region suppliers that serve
them today: the needs' stated current suppliers outside the home region, and the suppliers outside
the home region on the same owner's ledger lines for the same item (``item_key(need.title)`` equal
to the line's ``item_key``) within the window, with their amount.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from catalogs.industries import load_industries
from service.core.text import item_key, name_key
from service.figures.figure import Figure, MetricContext, region_name
from service.figures.scope import MetricScope, needs_in_scope, purchases_in_scope
from service.ledger.export import Section, money
from service.ledger.periods import parse_period
from service.needs.tables import Need, NeedStatus

UNCLASSIFIED = "未分类"
NEED_HEADERS: tuple[tuple[str, str], ...] = (
    ("need_id", "需求ID"),
    ("owner_id", "链主企业ID"),
    ("owner", "链主企业"),
    ("title", "需求"),
    ("category", "行业类别"),
    ("chain_code", "产业链"),
    ("yearly_amount", "年需求额(元)"),
    ("current_suppliers", "现有供应商"),
)


@dataclass
class _Supplier:
    name: str
    region: str | None
    amount: Decimal = Decimal(0)
    needs: set[int] = field(default_factory=set)


@dataclass
class _Group:
    needs: list[Need] = field(default_factory=list)
    owners: set[int] = field(default_factory=set)
    suppliers: dict[str, _Supplier] = field(default_factory=dict)

    def supplier(self, name: str, region: str | None) -> _Supplier:
        key = name_key(name)
        if key not in self.suppliers:
            self.suppliers[key] = _Supplier(name, region)
        return self.suppliers[key]


def _is_gap(need: Need, context: MetricContext) -> bool:
    found = context.require_candidates().local_candidates(
        title=need.title,
        description=need.description,
        category=need.category,
        certifications=tuple(need.required_certifications),
        top=1,
    )
    return not found


def gaps(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    open_needs = needs_in_scope(session, scope, status=NeedStatus.open)
    gap_needs = [(n, owner) for n, owner in open_needs if _is_gap(n, context)]
    ledger: dict[tuple[int, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    for purchase, _ in purchases_in_scope(session, scope):
        if not context.is_local(purchase.supplier_region) and scope.window_contains(
            parse_period(purchase.period)
        ):
            ledger[(purchase.owner_id, purchase.item_key)].append(
                (purchase.supplier_name, purchase.supplier_region, Decimal(purchase.amount))
            )
    groups: dict[str, _Group] = defaultdict(_Group)
    for need, _ in gap_needs:
        group = groups[need.category[:3]]
        group.needs.append(need)
        group.owners.add(need.owner_id)
        _add_current(group, need, context)
        for name, region, amount in ledger.get((need.owner_id, item_key(need.title)), []):
            supplier = group.supplier(name, region)
            supplier.amount += amount
            assert need.id is not None
            supplier.needs.add(need.id)
    categories = [_group_json(code, g) for code, g in groups.items()]
    categories.sort(key=lambda c: (-c["total_yearly_amount"], c["category"] or "~"))
    detail = [_need_detail(n, owner) for n, owner in gap_needs]
    data: dict[str, Any] = {
        "scope": scope.as_json(),
        "home_region": context.home_region,
        "open_needs": len(open_needs),
        "gap_needs": len(gap_needs),
        "total_yearly_amount": money(
            sum((n.yearly_amount or Decimal(0) for n, _ in gap_needs), Decimal(0))
        ),
        "categories": categories,
    }
    return Figure("gaps", data, detail, NEED_HEADERS, (_sheet(categories),))


def _add_current(group: _Group, need: Need, context: MetricContext) -> None:
    for entry in need.current_suppliers:
        name, region = str(entry.get("name") or ""), entry.get("region_code")
        if not name or not region or context.is_local(str(region)):
            continue
        assert need.id is not None
        group.supplier(name, str(region)).needs.add(need.id)


def _group_json(code: str, group: _Group) -> dict[str, Any]:
    industry = load_industries().get(code) if code else None
    suppliers = sorted(group.suppliers.values(), key=lambda s: (-s.amount, s.name))
    total = sum((n.yearly_amount or Decimal(0) for n in group.needs), Decimal(0))
    return {
        "category": code or None,
        "category_name": industry.name if industry else UNCLASSIFIED,
        "needs": len(group.needs),
        "owners": len(group.owners),
        "total_yearly_amount": money(total),
        "need_ids": [n.id for n in group.needs],
        "out_of_region_suppliers": [
            {
                "name": s.name,
                "region": s.region,
                "region_name": region_name(s.region),
                "ledger_amount": money(s.amount),
                "needs": len(s.needs),
            }
            for s in suppliers
        ],
    }


def _need_detail(need: Need, owner: str) -> dict[str, Any]:
    return {
        "need_id": need.id,
        "owner_id": need.owner_id,
        "owner": owner,
        "title": need.title,
        "category": need.category,
        "chain_code": need.chain_code,
        "yearly_amount": None if need.yearly_amount is None else money(Decimal(need.yearly_amount)),
        "current_suppliers": need.current_suppliers,
    }


def _sheet(categories: list[dict[str, Any]]) -> Section:
    headers = ("行业中类", "名称", "缺口需求数", "链主数", "年需求额(元)", "外地供应商（台账金额）")
    rows = tuple(
        (
            c["category"] or "",
            c["category_name"],
            c["needs"],
            c["owners"],
            c["total_yearly_amount"],
            "；".join(
                f"{s['name']}（{s['region_name'] or s['region'] or '—'}，{s['ledger_amount']}）"
                for s in c["out_of_region_suppliers"]
            ),
        )
        for c in categories
    )
    return Section("招商目标清单", headers, rows, ("text",) * len(headers))
