"""The pipeline's figures: the projected supporting rate and the match funnel per chain.

Projected rate: for each match in status shortlisted / contacted / sampling / contracted whose
supplier is registered within the home region, the need's owner's non-local ledger lines in the
window for that need's item — the line's ``item_key`` equals ``item_key(need.title)``, or their
``rapidfuzz.fuzz.ratio`` is at least ``Settings.item_match_ratio`` — are counted as bought from that supplier
(its name and region). A line moves once: contracted matches first, then the later pipeline
stages, then the lower match id. The projected figures are the same ledger report on the moved lines.

Funnel: matches of the scope's needs counted per status and per chain (the need's chain), the
contracted amount placed locally (sum of the needs' yearly amounts over contracted matches whose
supplier lies in the home region). With a period range, a match counts when its last change
(``updated_at``) falls in the window.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import Session, col, select

from service.core.text import item_key
from service.enterprises.tables import Enterprise
from service.figures.figure import (
    PURCHASE_HEADERS,
    Figure,
    MetricContext,
    purchase_detail,
    report_for,
    to_ledger_line,
)
from service.figures.scope import MetricScope, needs_in_scope, purchases_in_scope
from service.ledger import LedgerLine, LedgerReport, report_to_json
from service.ledger.export import Section, money
from service.needs.tables import Need
from service.pairings.tables import Match, MatchStatus

PIPELINE = (
    MatchStatus.contracted,
    MatchStatus.sampling,
    MatchStatus.contacted,
    MatchStatus.shortlisted,
)
FUNNEL = (
    MatchStatus.suggested,
    MatchStatus.shortlisted,
    MatchStatus.interested,
    MatchStatus.contacted,
    MatchStatus.sampling,
    MatchStatus.contracted,
    MatchStatus.declined,
)
NO_CHAIN = "未归属产业链"


def _scoped_matches(
    session: Session, scope: MetricScope
) -> list[tuple[Match, Need, Enterprise, str]]:
    needs = {n.id: (n, owner) for n, owner in needs_in_scope(session, scope)}
    if not needs:
        return []
    rows = session.exec(
        select(Match, Enterprise)
        .join(Enterprise, col(Enterprise.id) == col(Match.supplier_id))
        .where(col(Match.need_id).in_(list(needs)))
        .order_by(col(Match.id))
    ).all()
    return [(m, needs[m.need_id][0], s, needs[m.need_id][1]) for m, s in rows]


def _same_item(line_key: str, need_key: str, ratio: float) -> bool:
    return line_key == need_key or fuzz.ratio(line_key, need_key) >= ratio


def _rates(report: LedgerReport) -> dict[str, Any]:
    overall: dict[str, Any] = report_to_json(report)["overall"]
    return overall


def projected(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    rows = purchases_in_scope(session, scope)
    lines = [to_ledger_line(p, name) for p, name in rows]
    pipeline = [
        (m, n, s)
        for m, n, s, _ in _scoped_matches(session, scope)
        if m.status in PIPELINE and context.is_local(s.region_code)
    ]
    pipeline.sort(key=lambda t: (PIPELINE.index(MatchStatus(t[0].status)), t[0].id or 0))
    movable: dict[int, list[int]] = {}  # owner id -> its non-local lines in the window
    for i, ((purchase, _), line) in enumerate(zip(rows, lines, strict=True)):
        if not context.is_local(purchase.supplier_region) and scope.window_contains(line.period):
            movable.setdefault(purchase.owner_id, []).append(i)
    moved: dict[int, tuple[Match, Enterprise]] = {}
    for match, need, supplier in pipeline:
        key = item_key(need.title)
        for i in movable.get(need.owner_id, []):
            if i not in moved and _same_item(rows[i][0].item_key, key, context.item_match_ratio):
                moved[i] = (match, supplier)
    after: list[LedgerLine] = [
        replace(line, supplier=moved[i][1].name, supplier_region=moved[i][1].region_code)
        if i in moved
        else line
        for i, line in enumerate(lines)
    ]
    current, future = report_for(lines, scope, context), report_for(after, scope, context)
    detail = []
    for i in sorted(moved):
        purchase, owner = rows[i]
        match, supplier = moved[i]
        detail.append(
            purchase_detail(purchase, owner, context)
            | {
                "match_id": match.id,
                "match_status": match.status,
                "new_supplier": supplier.name,
                "new_supplier_id": supplier.id,
                "new_supplier_region": supplier.region_code,
            }
        )
    moved_amount = sum((lines[i].amount for i in moved), Decimal(0))
    data: dict[str, Any] = {
        "scope": scope.as_json(),
        "home_region": context.home_region,
        "statuses": [s.value for s in PIPELINE],
        "item_match_ratio": context.item_match_ratio,
        "current": _rates(current),
        "projected": _rates(future),
        "lines_moved": len(moved),
        "amount_moved": money(moved_amount),
        "matches_used": len({m.id for m, _ in moved.values()}),
        "matches_in_pipeline": len(pipeline),
    }
    headers = PURCHASE_HEADERS + (
        ("match_id", "对接ID"),
        ("match_status", "对接状态"),
        ("new_supplier", "本地供应商"),
        ("new_supplier_region", "本地供应商地区"),
    )
    return Figure("projected", data, detail, headers, (_projection_sheet(data),))


def _projection_sheet(data: dict[str, Any]) -> Section:
    keys = (
        ("本地配套率", "rate"),
        ("近地配套率", "near_rate"),
        ("品种本地配套率", "item_rate"),
        ("本地采购额(元)", "local_amount"),
        ("采购总额(元)", "total_amount"),
    )
    rows = tuple(
        (label, data["current"].get(key), data["projected"].get(key)) for label, key in keys
    )
    return Section("预计配套率", ("指标", "当前", "预计"), rows, ("text", "text", "text"))


def _in_window(scope: MetricScope, moment: datetime) -> bool:
    month = moment.year * 12 + moment.month - 1
    start = None if scope.period_from is None else scope.period_from.start
    end = None if scope.period_to is None else scope.period_to.end
    return (start is None or month >= start) and (end is None or month <= end)


def funnel(session: Session, scope: MetricScope, context: MetricContext) -> Figure:
    matches = [t for t in _scoped_matches(session, scope) if _in_window(scope, t[0].updated_at)]
    chains: dict[str, dict[str, Any]] = {}
    total = _empty_row(None)
    for match, need, supplier, _ in matches:
        label = need.chain_code or ""
        row = chains.setdefault(label, _empty_row(need.chain_code))
        for target in (row, total):
            target["counts"][match.status] = target["counts"].get(match.status, 0) + 1
            target["matches"] += 1
            if match.status == MatchStatus.contracted and context.is_local(supplier.region_code):
                target["_local"] += Decimal(need.yearly_amount or 0)
                target["contracted_local"] += 1
    per_chain = [_finish(chains[k]) for k in sorted(chains, key=lambda k: (k == "", k))]
    detail = [_match_detail(m, n, s, owner, context) for m, n, s, owner in matches]
    data: dict[str, Any] = {
        "scope": scope.as_json(),
        "statuses": [s.value for s in FUNNEL],
        "chains": per_chain,
        "total": _finish(total),
    }
    return Figure("funnel", data, detail, MATCH_HEADERS, (_funnel_sheet(per_chain, data["total"]),))


def _empty_row(chain: str | None) -> dict[str, Any]:
    return {"chain": chain, "counts": {}, "matches": 0, "contracted_local": 0, "_local": Decimal(0)}


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    counts = {s.value: row["counts"].get(s.value, 0) for s in FUNNEL}
    return {
        "chain": row["chain"],
        "counts": counts,
        "matches": row["matches"],
        "contracted_local": row["contracted_local"],
        "contracted_local_amount": money(row["_local"]),
    }


MATCH_HEADERS: tuple[tuple[str, str], ...] = (
    ("match_id", "对接ID"),
    ("need_id", "需求ID"),
    ("owner_id", "链主企业ID"),
    ("owner", "链主企业"),
    ("title", "需求"),
    ("chain_code", "产业链"),
    ("supplier_id", "供应商ID"),
    ("supplier", "供应商"),
    ("supplier_region", "供应商地区"),
    ("local", "本地"),
    ("status", "状态"),
    ("score", "匹配分"),
    ("yearly_amount", "年需求额(元)"),
)


def _match_detail(
    match: Match, need: Need, supplier: Enterprise, owner: str, context: MetricContext
) -> dict[str, Any]:
    return {
        "match_id": match.id,
        "need_id": need.id,
        "owner_id": need.owner_id,
        "owner": owner,
        "title": need.title,
        "chain_code": need.chain_code,
        "supplier_id": supplier.id,
        "supplier": supplier.name,
        "supplier_region": supplier.region_code,
        "local": context.is_local(supplier.region_code),
        "status": match.status,
        "score": match.score,
        "yearly_amount": None if need.yearly_amount is None else money(Decimal(need.yearly_amount)),
    }


_STATUS_LABELS = {
    "suggested": "推荐",
    "shortlisted": "入围",
    "interested": "有意向",
    "contacted": "已联系",
    "sampling": "送样",
    "contracted": "签约",
    "declined": "放弃",
}


def _funnel_sheet(chains: list[dict[str, Any]], total: dict[str, Any]) -> Section:
    headers = ("产业链", *(_STATUS_LABELS[s.value] for s in FUNNEL), "合计", "本地签约额(元)")
    rows = tuple(
        (
            row["chain"] or (NO_CHAIN if row is not total else "合计"),
            *(row["counts"][s.value] for s in FUNNEL),
            row["matches"],
            row["contracted_local_amount"],
        )
        for row in [*chains, total]
    )
    return Section("对接漏斗", headers, rows, ("text",) * len(headers))
