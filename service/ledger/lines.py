"""Ledger lines (采购台账) parsed from a table, with every bad row reported, never skipped.

Amounts are exact ``Decimal`` yuan. Accepted spellings: ``1234.5``, ``1,234.50``, full-width
``１２３４``, ``¥1234``, ``1234元``, ``RMB 1234``; refused: negatives, ``万`` units, anything else
that is not a number. A retired region code (监利县 421023) is read as its current successor
(监利市 421088); a code with no current successor is an unknown code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from service.ledger.periods import Period, parse_period
from service.ledger.regions import RegionLookup, load_region_lookup, normalize_code
from service.tabular import Row, Table

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
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:E[+-]?\d+)?$")
_CURRENCY_PREFIXES = ("¥", "RMB", "CNY")
_CURRENCY_SUFFIXES = ("元", "RMB", "CNY")


def item_key(text: str) -> str:
    """The comparison key for items, suppliers and owners: NFKC, no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


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


def _parse_row(row: Row, table: Table, regions: RegionLookup) -> LedgerLine | list[str]:
    reasons = [f"{_FIELD_LABELS[c]} 为空" for c in REQUIRED_COLUMNS if not row.get(c)]
    region = amount = period = None
    if row.get("supplier_region"):
        try:
            code = normalize_code(row.get("supplier_region"))
            region = regions.current(code)
            if region is None:
                reasons.append(f"未知的地区代码：{code}")
        except ValueError as exc:
            reasons.append(str(exc))
    if row.get("amount"):
        try:
            amount = parse_amount(row.get("amount"))
        except ValueError as exc:
            reasons.append(str(exc))
    if row.get("period"):
        try:
            period = parse_period(row.get("period"))
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

    The table must already have the required columns (see ``service.tabular.require_columns``).
    """
    lookup = regions if regions is not None else load_region_lookup()
    lines: list[LedgerLine] = []
    errors: list[RowError] = []
    for row in table.rows:
        parsed = _parse_row(row, table, lookup)
        if isinstance(parsed, LedgerLine):
            lines.append(parsed)
        else:
            errors.append(RowError(row.number, "；".join(parsed)))
    return lines, errors


def missing_columns(table: Table, required: Sequence[str] = REQUIRED_COLUMNS) -> list[str]:
    return [c for c in required if c not in table.columns]
