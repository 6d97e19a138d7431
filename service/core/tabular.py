"""Read the spreadsheets Chinese firms send: XLSX, or CSV in UTF-8 (with or without BOM) or GBK/GB18030.

Rows come back as dicts keyed by the header, each with the spreadsheet row number (the header is
row 1), so every error can name the row a person sees in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class TableError(ValueError):
    """A file that cannot be read as a table at all, or that lacks required columns."""


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # spreadsheet row number; the header is row 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码：请使用 UTF-8 或 GBK 编码的 CSV，或 XLSX 文件")


def _clean_header(cells: Iterable[object]) -> tuple[str, ...]:
    return tuple(("" if c is None else str(c)).strip().lstrip("\ufeff").lower() for c in cells)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _build(header: Sequence[str], raw_rows: Iterable[tuple[int, Sequence[object]]]) -> Table:
    if not any(header):
        raise TableError("文件没有表头行")
    rows = []
    for number, cells in raw_rows:
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue  # blank lines are not data
        values = {col: (texts[i] if i < len(texts) else "") for i, col in enumerate(header) if col}
        rows.append(Row(number=number, values=values))
    return Table(columns=tuple(c for c in header if c), rows=tuple(rows))


def read_csv_bytes(data: bytes) -> Table:
    text = decode_text(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise TableError(f"CSV 格式错误：{exc}") from exc
    if not records:
        raise TableError("文件为空")
    return _build(_clean_header(records[0]), ((i + 2, r) for i, r in enumerate(records[1:])))


def read_xlsx_bytes(data: bytes) -> Table:
    from openpyxl import load_workbook  # imported lazily: the CLI starts faster without it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TableError(f"无法读取 XLSX 文件：{type(exc).__name__}") from exc
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None:
            raise TableError("文件为空")
        return _build(_clean_header(header), ((i + 2, r) for i, r in enumerate(iterator)))
    finally:
        workbook.close()


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def read_table_bytes(data: bytes, filename: str = "") -> Table:
    """Read an uploaded file as a table, whatever of XLSX / CSV (UTF-8, BOM, GBK) it is."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TableError(f"文件过大：上限 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    return read_xlsx_bytes(data) if is_xlsx(data, filename) else read_csv_bytes(data)


def read_table(path: str | Path) -> Table:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"无法打开文件 {path}：{exc.strerror}") from exc
    return read_table_bytes(data, path.name)


def require_columns(table: Table, required: Sequence[str]) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise TableError(f"row 1: 缺少必需的列：{', '.join(missing)}")
