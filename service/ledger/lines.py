"""Ledger lines (采购台账) parsed from a table, with every bad row reported, never skipped.

Amounts are exact ``Decimal`` yuan. Accepted spellings: ``1234.5``, ``1,234.50``, full-width
``１２３４``, ``¥1234``, ``1234元``, ``RMB 1234``; refused: negatives, ``万`` units, anything else
that is not a number. A retired region code (监利县 421023) is read as its current successor
(监利市 421088); a code with no current successor is an unknown code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from service.core.tabular import Row, Table
from service.core.text import item_key
from service.ledger.periods import Period, parse_period
from service.ledger.regions import RegionLookup, load_region_lookup, normalize_code

REQUIRED_COLUMNS = ("owner", "item", "supplier", "supplier_region", "amount", "period")
OPTIONAL_COLUMNS = ("category", "chain")

_FIELD_LABELS = {
    "owner": "owner（采购企业）",
    "item": "item（采购品）",
    "supplier": "supplier（供应商）",
    "supplier_region": "supplier_region（供应商地区代码）",
    "amount": "amount（金额）",
    "period": "period（期间）",
}
_ALIASES = {
    alias: column
    for column, aliases in {
        "owner": ("采购企业", "链主企业", "采购方", "企业名称", "企业"),
        "item": ("采购品", "采购品名", "物料", "物料名称", "产品", "产品名称", "品名"),
        "supplier": ("供应商", "供应商名称", "配套企业"),
        "supplier_region": ("供应商地区代码", "供应商地区", "供应商所在地", "地区代码"),
        "amount": ("金额", "金额(元)", "采购金额", "采购金额(元)", "采购额", "采购额(元)"),
        "period": ("期间", "采购期间", "时间", "月份"),
        "category": ("品类", "类别", "产品类别"),
        "chain": ("产业链", "所属产业链"),
    }.items()
    for alias in aliases
}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:E[+-]?\d+)?$")
_CURRENCY_PREFIXES = ("¥", "RMB", "CNY")
_CURRENCY_SUFFIXES = ("元", "RMB", "CNY")


@dataclass(frozen=True, slots=True)
class LedgerLine:
    owner: str
    item: str
    supplier: str
    supplier_region: str
    amount: Decimal
    period: Period
    row: int = 0
    category: str | None = None  # None: the ledger has no such column
    chain: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


def _strip_currency(text: str) -> str:
    upper = text.upper()
    for prefix in _CURRENCY_PREFIXES:
        if upper.startswith(prefix):
            upper = upper[len(prefix) :]
    for suffix in _CURRENCY_SUFFIXES:
        if upper.endswith(suffix):
            upper = upper[: -len(suffix)]
    return upper


def parse_amount(text: str) -> Decimal:
    """Parse an amount in yuan; raise ValueError with a Chinese reason."""
    cleaned = _strip_currency("".join(unicodedata.normalize("NFKC", text).split()))
    if "万" in cleaned:
        raise ValueError(f"金额须以元为单位：{text.strip()}")
    if not cleaned or not _NUMBER.match(cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(f"金额不是数字：{text.strip()}")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"金额不是数字：{text.strip()}") from exc
    if value < 0:
        raise ValueError(f"金额不能为负数：{text.strip()}")
    return abs(value) if value == 0 else value


def _optional(row: Row, table: Table, column: str) -> str | None:
    return row.get(column) if column in table.columns else None


class _Fields:
    """Parses the coded fields of a row, memoising region codes and periods (they repeat)."""

    def __init__(self, regions: RegionLookup) -> None:
        self._regions = regions
        self._regions_seen: dict[str, tuple[str | None, str]] = {}
        self._periods_seen: dict[str, tuple[Period | None, str]] = {}

    def region(self, text: str) -> str:
        """The current 6-digit code; ValueError (Chinese reason) when bad or unknown."""
        if text not in self._regions_seen:
            try:
                self._regions_seen[text] = (self._current_code(text), "")
            except ValueError as exc:
                self._regions_seen[text] = (None, str(exc))
        code, reason = self._regions_seen[text]
        if code is None:
            raise ValueError(reason)
        return code

    def _current_code(self, text: str) -> str:
        code = normalize_code(text)
        current = self._regions.current(code)
        if current is None:
            raise ValueError(f"未知的地区代码：{code}")
        return current

    def period(self, text: str) -> Period:
        if text not in self._periods_seen:
            try:
                self._periods_seen[text] = (parse_period(text), "")
            except ValueError as exc:
                self._periods_seen[text] = (None, str(exc))
        period, reason = self._periods_seen[text]
        if period is None:
            raise ValueError(reason)
        return period


def _parse_row(row: Row, table: Table, fields: _Fields) -> LedgerLine | list[str]:
    reasons = [f"{_FIELD_LABELS[c]} 为空" for c in REQUIRED_COLUMNS if not row.get(c)]
    region = amount = period = None
    if text := row.get("supplier_region"):
        try:
            region = fields.region(text)
        except ValueError as exc:
            reasons.append(str(exc))
    if text := row.get("amount"):
        try:
            amount = parse_amount(text)
        except ValueError as exc:
            reasons.append(str(exc))
    if text := row.get("period"):
        try:
            period = fields.period(text)
        except ValueError as exc:
            reasons.append(str(exc))
    if reasons or region is None or amount is None or period is None:
        return reasons
    return LedgerLine(
        owner=row.get("owner"),
        item=row.get("item"),
        supplier=row.get("supplier"),
        supplier_region=region,
        amount=amount,
        period=period,
        row=row.number,
        category=_optional(row, table, "category"),
        chain=_optional(row, table, "chain"),
    )


def parse_ledger(
    table: Table, *, regions: RegionLookup | None = None
) -> tuple[list[LedgerLine], list[RowError]]:
    """Turn table rows into ledger lines, collecting one error per bad row (all reasons joined).

    The table must already have the required columns (see ``service.core.tabular.require_columns``;
    ``canonical_columns`` first renames the Chinese headers people use).
    """
    fields = _Fields(regions if regions is not None else load_region_lookup())
    lines: list[LedgerLine] = []
    errors: list[RowError] = []
    for row in table.rows:
        parsed = _parse_row(row, table, fields)
        if isinstance(parsed, LedgerLine):
            lines.append(parsed)
        else:
            errors.append(RowError(row.number, "；".join(parsed)))
    return lines, errors


def canonical_columns(table: Table) -> Table:
    """Rename Chinese headers (采购企业, 供应商地区代码, 金额(元), …) to the contract's columns.

    A column already named as in the contract wins; an alias never overrides it.
    """
    renames: dict[str, str] = {}
    for column in table.columns:
        target = _ALIASES.get(item_key(column).replace("（", "(").replace("）", ")"))
        if target and target not in table.columns and target not in renames.values():
            renames[column] = target
    if not renames:
        return table
    rows = tuple(
        Row(row.number, {renames.get(k, k): v for k, v in row.values.items()}) for row in table.rows
    )
    return Table(tuple(renames.get(c, c) for c in table.columns), rows)
