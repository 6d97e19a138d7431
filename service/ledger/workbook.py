"""The report as an XLSX workbook: one sheet per breakdown, numbers kept as numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

from service.ledger.export import CENT, DASH, report_heading, report_sections
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


def _cell_value(value: object, kind: str) -> object:
    if value is None:
        return DASH
    if isinstance(value, Decimal):
        return float(value.quantize(CENT, rounding=ROUND_HALF_UP))
    if kind == "bool":
        return "是" if value else "否"
    return value


def write_workbook(report: LedgerReport, path: str | Path | BytesIO) -> None:
    """Write the report: header on row 1 of every sheet; a last sheet 说明 gives the scope."""
    from openpyxl import Workbook  # lazily: the CLI starts faster without it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in report_sections(report):
        sheet = workbook.create_sheet(section.title)
        sheet.append(list(section.headers))
        for row in section.rows:
            sheet.append([_cell_value(v, k) for v, k in zip(row, section.kinds, strict=True)])
            for cell, kind in zip(sheet[sheet.max_row], section.kinds, strict=True):
                if kind in _FORMATS and isinstance(cell.value, int | float):
                    cell.number_format = _FORMATS[kind]
        for column, header in enumerate(section.headers, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            sheet.column_dimensions[letter].width = max(10, 2 * len(header) + 2)
    notes = workbook.create_sheet("说明")
    for text in [*report_heading(report), *DEFINITIONS]:
        notes.append([text])
    notes.column_dimensions["A"].width = 100
    workbook.save(path if isinstance(path, BytesIO) else Path(path))


def workbook_bytes(report: LedgerReport) -> bytes:
    """The same workbook as ``write_workbook``, in memory (for a download)."""
    buffer = BytesIO()
    write_workbook(report, buffer)
    return buffer.getvalue()
