"""Local and near-area supporting rates, by amount and by items, with the quarterly trend and the
chain's target: exactly ``peitao ledger-report``'s JSON for the lines in scope, plus the scope."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from service.catalog.service import targets as chain_targets
from service.figures.figure import (
    PURCHASE_HEADERS,
    Figure,
    MetricContext,
    purchase_detail,
    report_for,
    to_ledger_line,
)
from service.figures.scope import MetricScope, purchases_in_scope
from service.ledger import report_to_json
from service.ledger.export import report_sections


def _targets(session: Session, scope: MetricScope, chains: list[str]) -> dict[str, Any]:
    """The chain's target (scope chain), and each chain's target in the breakdown."""
    known = chain_targets(session)
    target = known.get(scope.chain) if scope.chain else None
    return {"target_rate": target, "chain_targets": {code: known.get(code) for code in chains}}


def rates(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    rows = purchases_in_scope(session, scope)
    lines = [to_ledger_line(p, name) for p, name in rows]
    report = report_for(lines, scope, context)
    data = report_to_json(report)
    data["scope"] = scope.as_json()
    data["trend"] = data["by_quarter"]
    owner_ids = {name: p.owner_id for p, name in rows}
    for group in data["by_owner"]:
        group["owner_id"] = owner_ids.get(group["owner"])  # lets pages and clients drill down by id
    data |= _targets(session, scope, [g["chain"] for g in data.get("by_chain", []) if g["chain"]])
    detail = [
        purchase_detail(p, name, context)
        for (p, name), line in zip(rows, lines, strict=True)
        if scope.window_contains(line.period)
    ]
    return Figure("rates", data, detail, PURCHASE_HEADERS, tuple(report_sections(report)))
