"""Spreadsheets built to hurt a reader: a cell bomb, a row bomb, an honest large ledger.

The XLSX parts are written straight into the zip, streamed, so a 100 MB cell or 500,000 rows cost
the test a second and little memory (openpyxl itself would take minutes to write them)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

LEDGER_HEADER = ("item", "supplier", "supplier_region", "amount", "period")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _inline_row(number: int, cells: Iterable[object]) -> str:
    parts = []
    for i, value in enumerate(cells):
        ref = f"{_column(i)}{number}"
        if isinstance(value, int | float):
            parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


def xlsx(
    rows: Iterable[Iterable[object]],
    *,
    shared_strings: Iterable[bytes] = (),
    extra_xml: Iterable[bytes] = (),
) -> bytes:
    """A one-sheet workbook of inline-string rows; ``shared_strings`` chunks form one shared
    string (index 0); ``extra_xml`` is appended inside ``sheetData`` after the rows."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            for chunk in shared_strings:
                part.write(chunk)
            part.write(b"</t></si></sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for number, cells in enumerate(rows, start=1):
                part.write(_inline_row(number, cells).encode())
            for chunk in extra_xml:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def cell_bomb(megabytes: int = 100) -> bytes:
    """A small file holding one shared-string cell of ``megabytes`` MB (the issue's 100 MB)."""
    chunk = b"A" * (1024 * 1024)
    header = [*LEDGER_HEADER]
    return xlsx([header], shared_strings=(chunk for _ in range(megabytes)))


def row_bomb(rows: int = 500_000) -> bytes:
    """A few MB that unpack to ``rows`` one-cell rows below a ledger header."""

    def data() -> Iterator[bytes]:
        for start in range(2, rows + 2, 10_000):
            numbers = range(start, min(start + 10_000, rows + 2))
            yield "".join(f'<row r="{n}"><c r="D{n}"><v>1</v></c></row>' for n in numbers).encode()

    return xlsx([LEDGER_HEADER], extra_xml=data())


def padded_row_bomb(row_number: int = 1_048_576) -> bytes:
    """One data row, numbered so that a reader pads a million blank rows before it."""
    return xlsx(
        [LEDGER_HEADER],
        extra_xml=iter([_inline_row(row_number, ("轴承", "甲", "421202", 1, "2025-03")).encode()]),
    )


def ledger_csv(rows: int, *, salt: str = "") -> bytes:
    """An honest ledger of ``rows`` lines (local and outside suppliers, four quarters)."""
    lines = [",".join(LEDGER_HEADER)]
    regions = ("421202", "421281", "420100", "110000")
    for i in range(rows):
        item = f"零件{salt}{i % 5000}"
        supplier = f"供应商{i % 700}有限公司"
        lines.append(f"{item},{supplier},{regions[i % 4]},{1000 + i % 997}.5,2025-Q{i % 4 + 1}")
    return ("\n".join(lines) + "\n").encode()
