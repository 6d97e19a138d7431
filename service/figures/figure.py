"""What every figure returns, the shared conversions (stored rows → ledger lines), and XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from catalogs.regions import is_within, is_within_any, short_region_name
from matching import MatchResult
from service.figures.scope import MetricScope
from service.ledger import LedgerLine, LedgerReport, compute_report
from service.ledger.export import Section, money
from service.ledger.periods import parse_period
from service.ledger.tables import Purchase
from service.ledger.workbook import sections_bytes
from service.pairings.index import IndexUnavailable


class CandidateSource(Protocol):
    """The part of ``service.pairings.index.MatchIndex`` the figures use."""

    def local_candidates(
        self,
        *,
        title: str,
        description: str = "",
        category: str = "",
        certifications: tuple[str, ...] = (),
        top: int = 3,
    ) -> list[MatchResult]: ...


@dataclass(frozen=True, slots=True)
class MetricContext:
    """The deployment's regions and the matcher, taken from settings and app state."""

    home_region: str
    near_regions: tuple[str, ...] = ()
    candidates: CandidateSource | None = None
    item_match_ratio: float = 85.0  # Settings.item_match_ratio

    def is_local(self, code: str) -> bool:
        return is_within(code, self.home_region)

    def is_near(self, code: str) -> bool:
        return is_within_any(code, (self.home_region, *self.near_regions))

    def require_candidates(self) -> CandidateSource:
        if self.candidates is None:
            raise IndexUnavailable("匹配索引尚未就绪，请稍后重试")
        return self.candidates


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure: its JSON, the rows behind it (drill-down) and its sheets for XLSX export."""

    name: str
    data: dict[str, Any]
    detail: list[dict[str, Any]]
    detail_headers: tuple[tuple[str, str], ...]  # (key in detail, XLSX header)
    sheets: tuple[Section, ...] = field(default=())


def region_name(code: str | None) -> str | None:
    return None if not code else short_region_name(code)


def to_ledger_line(purchase: Purchase, owner_name: str) -> LedgerLine:
    return LedgerLine(
        owner=owner_name,
        item=purchase.item,
        supplier=purchase.supplier_name,
        supplier_region=purchase.supplier_region,
        amount=Decimal(purchase.amount),
        period=parse_period(purchase.period),
        row=purchase.row_number or 0,
        category=purchase.category or None,
        chain=purchase.chain_code,
    )


def report_for(
    lines: Sequence[LedgerLine], scope: MetricScope, context: MetricContext
) -> LedgerReport:
    return compute_report(
        lines,
        home_region=context.home_region,
        near_regions=context.near_regions,
        period_from=scope.period_from,
        period_to=scope.period_to,
        region_name=region_name,
        has_chain=any(line.chain is not None for line in lines),
        has_category=any(line.category is not None for line in lines),
    )


PURCHASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("id", "台账记录ID"),
    ("owner_id", "采购企业ID"),
    ("owner", "采购企业"),
    ("item", "采购品"),
    ("category", "行业类别"),
    ("chain_code", "产业链"),
    ("supplier_name", "供应商"),
    ("supplier_id", "供应商企业ID"),
    ("supplier_region", "供应商地区代码"),
    ("supplier_region_name", "供应商地区"),
    ("local", "本地"),
    ("near", "近地"),
    ("amount", "金额(元)"),
    ("period", "期间"),
    ("import_id", "导入批次"),
    ("row_number", "文件行号"),
)


def purchase_detail(purchase: Purchase, owner_name: str, context: MetricContext) -> dict[str, Any]:
    return {
        "id": purchase.id,
        "owner_id": purchase.owner_id,
        "owner": owner_name,
        "item": purchase.item,
        "category": purchase.category,
        "chain_code": purchase.chain_code,
        "supplier_name": purchase.supplier_name,
        "supplier_id": purchase.supplier_id,
        "supplier_region": purchase.supplier_region,
        "supplier_region_name": region_name(purchase.supplier_region),
        "local": context.is_local(purchase.supplier_region),
        "near": context.is_near(purchase.supplier_region),
        "amount": money(Decimal(purchase.amount)),
        "period": purchase.period,
        "import_id": purchase.import_id,
        "row_number": purchase.row_number,
    }


def workbook_bytes(figure: Figure, notes: Sequence[str] = ()) -> bytes:
    """The figure's sheets, then a 明细 sheet of the rows behind it, then 说明."""
    detail = Section(
        "明细",
        tuple(header for _, header in figure.detail_headers),
        tuple(
            tuple(record.get(key) for key, _ in figure.detail_headers) for record in figure.detail
        ),
        (),
    )
    return sections_bytes([*figure.sheets, detail], notes=notes)
