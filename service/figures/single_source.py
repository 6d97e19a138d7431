"""Single-source items (唯一来源) with a qualified-local-alternative check and a stated risk rule.

An item is single-source when it has exactly one distinct supplier in the window (the ledger
report's definition). Its yearly amount is its amount in the window × 12 ÷ the window's months
(the window is the scope's period range, or the span of the scope's lines where a bound is open).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from service.enterprises.tables import Enterprise
from service.figures.figure import (
    PURCHASE_HEADERS,
    Figure,
    MetricContext,
    purchase_detail,
    region_name,
    report_for,
    to_ledger_line,
)
from service.figures.scope import MetricScope, purchases_in_scope
from service.ledger import LedgerLine, SingleSource, item_key
from service.ledger.export import Section, money
from service.ledger.tables import Purchase

RISK_AMOUNT = Decimal(1_000_000)
RISK_RULE = (
    "风险等级：低 = 唯一供应商在本地；"
    "高 = 唯一供应商不在本地、没有合格的本地替代供应商、且年采购额 ≥ 100 万元；"
    "中 = 其余情况（供应商不在本地，但有本地替代供应商或年采购额不足 100 万元）。"
)


def risk_level(*, local: bool, has_alternative: bool, yearly_amount: Decimal) -> str:
    """``low`` / ``medium`` / ``high`` by ``RISK_RULE``."""
    if local:
        return "low"
    if not has_alternative and yearly_amount >= RISK_AMOUNT:
        return "high"
    return "medium"


def window_months(scope: MetricScope, lines: list[LedgerLine]) -> int:
    """Months in the window; an open bound is taken from the scope's lines in the window."""
    inside = [line for line in lines if scope.window_contains(line.period)]
    if not inside and (scope.period_from is None or scope.period_to is None):
        return 12
    start = (
        scope.period_from.start
        if scope.period_from is not None
        else min(line.period.start for line in inside)
    )
    end = (
        scope.period_to.end
        if scope.period_to is not None
        else max(line.period.end for line in inside)
    )
    return end - start + 1


def _supplier_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids)))
    return {id_: name for id_, name in rows if id_ is not None}


def single_source(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    rows = purchases_in_scope(session, scope)
    lines = [to_ledger_line(p, name) for p, name in rows]
    report = report_for(lines, scope, context)
    months = window_months(scope, lines)
    first: dict[tuple[str, str], tuple[Purchase, str]] = {}
    for (purchase, name), line in zip(rows, lines, strict=True):
        if scope.window_contains(line.period):
            first.setdefault((item_key(name), item_key(purchase.item)), (purchase, name))
    index = context.require_candidates()
    found = []
    for entry in report.single_source:
        purchase, _ = first[(item_key(entry.owner), item_key(entry.item))]
        yearly = entry.amount * 12 / months
        candidates = index.local_candidates(title=entry.item, category=purchase.category, top=3)
        found.append((entry, purchase, yearly, candidates))
    names = _supplier_names(session, {int(c.candidate_id) for *_, cs in found for c in cs})
    items = [
        _item_json(entry, purchase, yearly, candidates, names)
        for entry, purchase, yearly, candidates in found
    ]
    keys = {(item_key(e.owner), item_key(e.item)) for e in report.single_source}
    detail = [
        purchase_detail(p, name, context)
        for (p, name), line in zip(rows, lines, strict=True)
        if scope.window_contains(line.period) and (item_key(name), item_key(p.item)) in keys
    ]
    counts = {level: sum(1 for i in items if i["risk_level"] == level) for level in RISK_LEVELS}
    data: dict[str, Any] = {
        "scope": scope.as_json(),
        "home_region": context.home_region,
        "window_months": months,
        "risk_rule": RISK_RULE,
        "risk_amount": money(RISK_AMOUNT),
        "counts": counts,
        "items": items,
    }
    return Figure("single_source", data, detail, PURCHASE_HEADERS, (_sheet(items),))


RISK_LEVELS = ("high", "medium", "low")
_RISK_LABELS = {"high": "高", "medium": "中", "low": "低"}


def _item_json(
    entry: SingleSource,
    purchase: Purchase,
    yearly: Decimal,
    candidates: list[Any],
    names: dict[int, str],
) -> dict[str, Any]:
    has_alternative = bool(candidates)
    level = risk_level(local=entry.local, has_alternative=has_alternative, yearly_amount=yearly)
    return {
        "owner_id": purchase.owner_id,
        "owner": entry.owner,
        "item": entry.item,
        "category": purchase.category,
        "supplier": entry.supplier,
        "supplier_id": purchase.supplier_id,
        "supplier_region": entry.supplier_region,
        "supplier_region_name": region_name(entry.supplier_region),
        "local": entry.local,
        "near": entry.near,
        "amount": money(entry.amount),
        "yearly_amount": money(yearly),
        "lines": entry.lines,
        "has_local_alternative": has_alternative,
        "candidates": [
            {
                "supplier_id": int(c.candidate_id),
                "name": names.get(int(c.candidate_id)),
                "score": round(c.score, 4),
                "reasons": list(c.reasons),
            }
            for c in candidates
        ],
        "risk_level": level,
        "risk_label": _RISK_LABELS[level],
    }


def _sheet(items: list[dict[str, Any]]) -> Section:
    headers = (
        "采购企业",
        "采购品",
        "唯一供应商",
        "供应商地区",
        "本地",
        "期间金额(元)",
        "年采购额(元)",
        "有本地替代",
        "本地候选",
        "风险等级",
    )
    rows = tuple(
        (
            i["owner"],
            i["item"],
            i["supplier"],
            f"{i['supplier_region']} {i['supplier_region_name'] or ''}".strip(),
            i["local"],
            i["amount"],
            i["yearly_amount"],
            i["has_local_alternative"],
            "、".join(c["name"] or str(c["supplier_id"]) for c in i["candidates"]),
            i["risk_label"],
        )
        for i in items
    )
    kinds = ("text",) * len(headers)
    return Section("唯一来源", headers, rows, kinds)
