"""Local and near-area supporting rates, by amount and by items, with the quarterly trend and the
chain's target: exactly ``peitao ledger-report``'s JSON for the lines in scope, plus the scope."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from catalogs.chains import get_chain
from service.ledger import report_to_json
from service.ledger.export import report_sections
from service.metrics.figures import (
    PURCHASE_HEADERS,
    Figure,
    MetricContext,
    purchase_detail,
    report_for,
    to_ledger_line,
)
from service.metrics.scope import MetricScope, purchases_in_scope


def _targets(scope: MetricScope, chains: list[str]) -> dict[str, Any]:
    """The chain's target (scope chain), and each chain's target in the breakdown."""
    target = None
    if scope.chain and (chain := get_chain(scope.chain)) is not None:
        target = chain.target_rate
    per_chain = {}
    for code in chains:
        found = get_chain(code)
        per_chain[code] = None if found is None else found.target_rate
    return {"target_rate": target, "chain_targets": per_chain}


def rates(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    rows = purchases_in_scope(session, scope)
    lines = [to_ledger_line(p, name) for p, name in rows]
    report = report_for(lines, scope, context)
    data = report_to_json(report)
    data["scope"] = scope.as_json()
    data["trend"] = data["by_quarter"]
    data |= _targets(scope, [g["chain"] for g in data.get("by_chain", []) if g["chain"]])
    detail = [
        purchase_detail(p, name, context)
        for (p, name), line in zip(rows, lines, strict=True)
        if scope.window_contains(line.period)
    ]
    return Figure("rates", data, detail, PURCHASE_HEADERS, tuple(report_sections(report)))
