"""Read the spreadsheets Chinese firms send: XLSX, or CSV in UTF-8 (with or without BOM) or GBK/GB18030.

Rows come back as dicts keyed by the header, each with the spreadsheet row number (the header is
row 1), so every error can name the row a person sees in Excel.

Uploads are read under ``UPLOAD_LIMITS``, checked while streaming so that a hostile file is refused
before it costs much: an XLSX's parts are measured from the archive's directory before anything is
unpacked (a 100 MB cell is refused in milliseconds), its first sheet's rows are counted by a
C-speed scan of the unpacked XML before openpyxl parses a row (a row bomb is refused in about a
second), and rows, columns and cell lengths are checked again as the rows stream by.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
EXCERPT_CHARS = 20


@dataclass(frozen=True, slots=True)
class TableLimits:
    """What a file may hold. ``max_rows`` counts data rows (blank ones too); None: no cap."""

    max_bytes: int = MAX_UPLOAD_BYTES
    max_rows: int | None = 200_000
    max_columns: int = 64
    max_cell_chars: int = 4000
    max_unpacked_bytes: int = 400 * 1024 * 1024  # all XLSX parts together, once unpacked
    max_shared_strings_bytes: int = 64 * 1024 * 1024


UPLOAD_LIMITS = TableLimits()
# Files named on the command line: the operator's own, so only Excel's own cell cap applies.
FILE_LIMITS = TableLimits(
    max_rows=None,
    max_columns=16_384,
    max_cell_chars=32_767,
    max_unpacked_bytes=4 * 1024**3,
    max_shared_strings_bytes=1024**3,
)


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


def excerpt(text: str, length: int = EXCERPT_CHARS) -> str:
    """At most ``length`` characters of a cell, for an error message that names it."""
    return text if len(text) <= length else f"{text[:length]}…（共 {len(text)} 个字符）"


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


def _too_many_rows(limits: TableLimits) -> TableError:
    return TableError(f"文件行数过多：上限 {limits.max_rows:,} 行数据")


def _checked_texts(number: int, cells: Sequence[object], limits: TableLimits) -> list[str]:
    texts = [_cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    if len(texts) > limits.max_columns:
        raise TableError(f"row {number}: 列数过多：上限 {limits.max_columns} 列")
    for column, text in enumerate(texts, start=1):
        if len(text) > limits.max_cell_chars:
            raise TableError(
                f"row {number}: 第 {column} 列的单元格超过 {limits.max_cell_chars} 个字符："
                f"{excerpt(text)}"
            )
    return texts


def _build(
    header_cells: Sequence[object],
    raw_rows: Iterable[tuple[int, Sequence[object]]],
    limits: TableLimits,
) -> Table:
    header = _clean_header(_checked_texts(1, header_cells, limits))
    if not any(header):
        raise TableError("文件没有表头行")
    rows = []
    for count, (number, cells) in enumerate(raw_rows, start=1):
        if limits.max_rows is not None and count > limits.max_rows:
            raise _too_many_rows(limits)
        texts = _checked_texts(number, cells, limits)
        if not any(texts):
            continue  # blank lines are not data
        values = {col: (texts[i] if i < len(texts) else "") for i, col in enumerate(header) if col}
        rows.append(Row(number=number, values=values))
    return Table(columns=tuple(c for c in header if c), rows=tuple(rows))


def read_csv_bytes(data: bytes, limits: TableLimits = UPLOAD_LIMITS) -> Table:
    text = decode_text(data)
    records = _csv_records(csv.reader(io.StringIO(text, newline="")), limits)
    header = next(records, None)
    if header is None:
        raise TableError("文件为空")
    return _build(header, ((i + 2, r) for i, r in enumerate(records)), limits)


def _csv_records(reader: Iterator[list[str]], limits: TableLimits) -> Iterator[list[str]]:
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise TableError(
                    f"row {number}: 单元格超过 {limits.max_cell_chars} 个字符"
                ) from exc
            raise TableError(f"row {number}: CSV 格式错误：{exc}") from exc
        yield record


def read_xlsx_bytes(data: bytes, limits: TableLimits = UPLOAD_LIMITS) -> Table:
    from openpyxl import load_workbook  # imported lazily: the CLI starts faster without it

    _check_archive(data, limits)
    _check_sheet_rows(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TableError(f"无法读取 XLSX 文件：{type(exc).__name__}") from exc
    try:
        if not workbook.worksheets:
            raise TableError("文件为空")
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
        header = _next_row(iterator)
        if header is None:
            raise TableError("文件为空")
        return _build(header, _numbered(iterator), limits)
    finally:
        workbook.close()


def _next_row(iterator: Iterator[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    try:
        return next(iterator, None)
    except TableError:
        raise
    except Exception as exc:  # a malformed sheet part surfaces only once rows are read
        raise TableError(f"无法读取 XLSX 文件：{type(exc).__name__}") from exc


def _numbered(iterator: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    number = 1
    while (row := _next_row(iterator)) is not None:
        number += 1
        yield number, row


def _check_archive(data: bytes, limits: TableLimits) -> None:
    """Refuse from the zip directory alone: parts too large once unpacked, or a huge string table."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(f"无法读取 XLSX 文件：{type(exc).__name__}") from exc
    if sum(p.file_size for p in parts) > limits.max_unpacked_bytes:
        mb = limits.max_unpacked_bytes // 2**20
        raise TableError(f"XLSX 文件解压后过大：上限 {mb} MB")
    strings = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if strings > limits.max_shared_strings_bytes:
        raise TableError(
            f"XLSX 文件的文本内容过大（单元格文本合计超过 "
            f"{limits.max_shared_strings_bytes // 2**20} MB）"
        )


_ROW_OPENINGS = (b"<row ", b"<row>", b":row ", b":row>")  # with or without a namespace prefix
_ROW_NUMBER = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br="(\d+)"')
_SCAN_CHUNK = 4 * 1024 * 1024


def _check_sheet_rows(data: bytes, limits: TableLimits) -> None:
    """Count every sheet's rows in its unpacked XML before openpyxl parses any (zlib and
    ``bytes.count``: C speed). Every sheet, because opening a workbook walks each sheet that
    states no size. Row elements and the highest row number count (openpyxl pads gaps)."""
    if limits.max_rows is None:
        return
    allowed = limits.max_rows + 1  # the header row
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if "worksheets/" not in name.lower() or not name.lower().endswith(".xml"):
                    continue
                with archive.open(name) as xml:
                    for tags, highest in _row_tags(xml):
                        if tags > allowed or highest > allowed:
                            raise _too_many_rows(limits)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        if isinstance(exc, TableError):
            raise
        raise TableError(f"无法读取 XLSX 文件：{type(exc).__name__}") from exc


def _row_tags(xml: IO[bytes]) -> Iterator[tuple[int, int]]:
    """Running (row elements seen, highest row number seen), one pair per unpacked chunk."""
    tags = highest = 0
    carry = b""
    while chunk := xml.read(_SCAN_CHUNK):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        body, carry = (buffer[:cut], buffer[cut:]) if cut > 0 else (buffer, b"")
        tags += sum(body.count(opening) for opening in _ROW_OPENINGS)
        last = max(body.rfind(b"<row"), body.rfind(b":row"))
        if last >= 0 and (
            number := _ROW_NUMBER.search(body, max(0, body.rfind(b"<", 0, last + 1)))
        ):
            highest = max(highest, int(number.group(1)))
        yield tags, highest


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def read_table_bytes(data: bytes, filename: str = "", limits: TableLimits = UPLOAD_LIMITS) -> Table:
    """Read an uploaded file as a table, whatever of XLSX / CSV (UTF-8, BOM, GBK) it is."""
    if len(data) > limits.max_bytes:
        raise TableError(f"文件过大：上限 {limits.max_bytes // (1024 * 1024)} MB")
    if is_xlsx(data, filename):
        return read_xlsx_bytes(data, limits)
    return read_csv_bytes(data, limits)


def read_table(path: str | Path, limits: TableLimits = FILE_LIMITS) -> Table:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"无法打开文件 {path}：{exc.strerror}") from exc
    return read_table_bytes(data, path.name, limits)


def require_columns(table: Table, required: Sequence[str]) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise TableError(f"row 1: 缺少必需的列：{', '.join(missing)}")
