"""The one spreadsheet writer every export uses (the ledger report of the service and of
``peitao ledger-report --format xlsx``, the bureau's figures), and the one rule that keeps the
text in them from running as formulas.

Text comes from firms (item, supplier and need names): a cell like ``=HYPERLINK("http://…"&A1)``
must reach the bureau's spreadsheet as the text it is. In XLSX every text cell is stored as a
string (openpyxl would store text starting with ``=`` as a formula); in CSV, which has no types,
text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``
(OWASP's CSV-injection rule). Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from service.ledger.export import CENT, DASH, Section, report_heading, report_sections
from service.ledger.metrics import LedgerReport

DEFINITIONS = (
    "本地配套率 = 供应商地区属于本地区域（按 GB/T 2260 代码层级）的采购额 ÷ 采购总额",
    "近地配套率 = 供应商地区属于本地或近地区域的采购额 ÷ 采购总额",
    "品种 = 不同的（采购企业，采购品）组合；名称经全半角统一、去空格、忽略大小写后比较",
    "本地配套品种 = 期间内至少有一笔采购来自本地供应商的品种",
    "唯一来源 = 期间内只有一家供应商的品种；金额为该品种的采购合计",
    "总额为 0 的范围，比率显示为 —",
)
_FORMATS = {"money": "#,##0.00", "rate": "0.00%", "int": "0"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_safe(text: str) -> str:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets a leading ``'``.

    >>> csv_safe('=HYPERLINK("http://x")'), csv_safe("-12.5"), csv_safe("轴承")
    ('\\'=HYPERLINK("http://x")', '-12.5', '轴承')
    """
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def cell_value(value: object, kind: str = "") -> object:
    """What a cell holds: numbers as numbers (money rounded to cents), — for none, 是/否."""
    if value is None:
        return DASH
    if kind == "bool" or isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return float(value.quantize(CENT, rounding=ROUND_HALF_UP))
    if isinstance(value, int | float | str):
        return value
    return str(value)  # lists, dicts, dates: as text


def write_sections(
    sections: Sequence[Section], target: str | Path | BytesIO, *, notes: Sequence[str] = ()
) -> None:
    """One sheet per section (header on row 1), then a 说明 sheet with ``notes`` if any."""
    from openpyxl import Workbook  # lazily: the CLI starts faster without it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in sections:
        sheet = workbook.create_sheet(section.title[:31])
        _write_row(sheet, 1, section.headers, ())
        for number, row in enumerate(section.rows, start=2):
            _write_row(sheet, number, row, section.kinds)
        for column, header in enumerate(section.headers, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            sheet.column_dimensions[letter].width = max(10, 2 * len(header) + 2)
    if notes:
        sheet = workbook.create_sheet("说明")
        for number, text in enumerate(notes, start=1):
            _write_row(sheet, number, (text,), ())
        sheet.column_dimensions["A"].width = 100
    workbook.save(target if isinstance(target, BytesIO) else Path(target))


def _write_row(sheet: Any, row: int, values: Sequence[object], kinds: Sequence[str]) -> None:
    for column, value in enumerate(values, start=1):
        kind = kinds[column - 1] if column <= len(kinds) else ""
        cell = sheet.cell(row=row, column=column, value=cell_value(value, kind))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        elif kind in _FORMATS and isinstance(cell.value, int | float):
            cell.number_format = _FORMATS[kind]


def sections_bytes(sections: Sequence[Section], *, notes: Sequence[str] = ()) -> bytes:
    buffer = BytesIO()
    write_sections(sections, buffer, notes=notes)
    return buffer.getvalue()


def write_workbook(report: LedgerReport, path: str | Path | BytesIO) -> None:
    """The ledger report: one sheet per breakdown; a last sheet 说明 gives the scope."""
    write_sections(report_sections(report), path, notes=[*report_heading(report), *DEFINITIONS])


def workbook_bytes(report: LedgerReport) -> bytes:
    """The same workbook as ``write_workbook``, in memory (for a download)."""
    buffer = BytesIO()
    write_workbook(report, buffer)
    return buffer.getvalue()
