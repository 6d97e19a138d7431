"""Ledger import (API and `peitao import-ledger`): all rows or none, duplicates, supplier linking."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func
from sqlmodel import Session, col, select

from catalogs.credit_code import make_credit_code
from service.accounts.tables import UserRole
from service.cli import main
from service.core.config import get_settings
from service.enterprises.tables import Enterprise
from service.ledger.tables import LedgerImport, Purchase
from tests.factories import auth_headers, make_enterprise, make_user

OWNER = "甲链主有限公司"
CREDIT = make_credit_code(region_code="421202", serial=777)
GOOD = (
    "owner,item,supplier,supplier_region,amount,period,category,chain,supplier_credit_code\n"
    f"{OWNER},ＰＣＢ 板,武汉电子有限公司,420102,2000,2025-01,3982,xy-auto,\n"
    f"{OWNER},pcb板,武汉电子有限公司 ,420100,500.5,2025-2,电子电路制造,,\n"
    f"别的名字,轴承,赤壁轴承有限公司,421281,1000,2025-Q1,,,\n"
    f"{OWNER},包装箱,某包装厂,421202,800,2025-06,,,{CREDIT}\n"
    f"{OWNER},电机,东莞电机有限公司,441900,1500000,2025-Q2,,,\n"
)
BAD = (
    "item,supplier,supplier_region,amount,period,category\n"
    "轴承,赤壁轴承有限公司,421281,1000,2025-Q1,\n"
    "轴承,,999999,-5,2025-13,\n"
    "电机,东莞电机有限公司,441900,12.345,2025,9999\n"
    "钢材,武汉钢铁,420100,100,2025,\n"
)


@pytest.fixture
def owner(session: Session) -> Enterprise:
    return make_enterprise(session, name=OWNER, owner=True, supplier=False, region_code="421221")


@pytest.fixture
def suppliers(session: Session) -> dict[str, Enterprise]:
    return {
        "wuhan": make_enterprise(session, name="武汉电子有限公司", region_code="420102"),
        # fuzzy: ratio(赤壁轴承有限公司, 赤壁市轴承有限公司) = 94.1 ≥ 92: linked
        "chibi": make_enterprise(session, name="赤壁市轴承有限公司", region_code="421281"),
        "pack": make_enterprise(
            session, name="咸安包装有限公司", region_code="421202", credit_code=CREDIT
        ),
    }


@pytest.fixture
def owner_headers(client: TestClient, session: Session, owner: Enterprise) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))


def upload(
    client: TestClient, owner_id: int, data: bytes, headers: dict[str, str], name: str = "l.csv"
) -> object:
    return client.post(
        "/api/v1/purchases/import",
        params={"owner_id": owner_id},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
    )


def stored(
    session: Session,
) -> list[tuple[str, str, str, Decimal, str, str, str | None, int | None]]:
    session.expire_all()
    rows = session.exec(select(Purchase).order_by(col(Purchase.id))).all()
    return [
        (
            p.item,
            p.supplier_name,
            p.supplier_region,
            p.amount,
            p.period,
            p.category,
            p.chain_code,
            p.supplier_id,
        )
        for p in rows
    ]


def count(session: Session, model: type) -> int:
    session.expire_all()
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_good_file_is_stored_once_and_linked(
    client: TestClient,
    session: Session,
    owner: Enterprise,
    suppliers: dict[str, Enterprise],
    owner_headers: dict[str, str],
    encoding: str,
) -> None:
    data = GOOD.encode(encoding)
    response = upload(client, owner.id, data, owner_headers)  # type: ignore[arg-type]
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert {k: body[k] for k in ("rows", "linked", "unlinked", "duplicate")} == {
        "rows": 5,
        "linked": 4,
        "unlinked": 1,
        "duplicate": False,
    }
    wuhan, pack, chibi = (suppliers[k].id for k in ("wuhan", "pack", "chibi"))
    assert stored(session) == [
        (
            "ＰＣＢ 板",
            "武汉电子有限公司",
            "420102",
            Decimal("2000.00"),
            "2025-01",
            "3982",
            "xy-auto",
            wuhan,
        ),
        ("pcb板", "武汉电子有限公司", "420100", Decimal("500.50"), "2025-02", "3982", None, wuhan),
        ("轴承", "赤壁轴承有限公司", "421281", Decimal("1000.00"), "2025-Q1", "", None, chibi),
        # linked by credit code although the names differ; the stated region is kept
        ("包装箱", "某包装厂", "421202", Decimal("800.00"), "2025-06", "", None, pack),
        ("电机", "东莞电机有限公司", "441900", Decimal("1500000.00"), "2025-Q2", "", None, None),
    ]
    again = upload(client, owner.id, data, owner_headers)  # type: ignore[arg-type]
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert again.json() == body | {"duplicate": True}  # type: ignore[attr-defined]
    assert count(session, Purchase) == 5
    assert count(session, LedgerImport) == 1


def test_xlsx_upload(
    client: TestClient, session: Session, owner: Enterprise, owner_headers: dict[str, str]
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["采购品", "供应商", "供应商地区代码", "金额(元)", "期间"])
    sheet.append(["轴承", "赤壁轴承有限公司", 421281, 1000.5, "2025-03"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, owner.id, buffer.getvalue(), owner_headers, "l.xlsx")  # type: ignore[arg-type]
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    assert stored(session) == [
        ("轴承", "赤壁轴承有限公司", "421281", Decimal("1000.50"), "2025-03", "", None, None)
    ]


def test_bad_file_is_refused_whole_with_every_row(
    client: TestClient, session: Session, owner: Enterprise, owner_headers: dict[str, str]
) -> None:
    response = upload(client, owner.id, BAD.encode(), owner_headers)  # type: ignore[arg-type]
    assert response.status_code == 422  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["detail"] == "台账文件有 2 处错误，未导入任何记录"
    assert body["errors"] == [
        "row 3: supplier（供应商） 为空；未知的地区代码：999999；金额不能为负数：-5；"
        "期间月份应为 1–12",
        "row 4: 金额最多保留两位小数：12.345；未知的行业类别：9999（应为 GB/T 4754 代码或名称）",
    ]
    assert count(session, Purchase) == 0
    assert count(session, LedgerImport) == 0


def test_missing_column_and_empty_file(
    client: TestClient, owner: Enterprise, owner_headers: dict[str, str]
) -> None:
    response = upload(client, owner.id, "item,supplier\n轴承,甲\n".encode(), owner_headers)  # type: ignore[arg-type]
    assert response.json()["errors"] == [  # type: ignore[attr-defined]
        "row 1: 缺少必需的列：supplier_region, amount, period"
    ]
    header_only = b"item,supplier,supplier_region,amount,period\n"
    response = upload(client, owner.id, header_only, owner_headers)  # type: ignore[arg-type]
    assert response.json()["errors"] == ["row 2: 台账没有数据行"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("supplier", 403), ("other_owner", 403), ("bureau", 201)],
)
def test_who_may_import(
    client: TestClient, session: Session, owner: Enterprise, role: str, expected: int
) -> None:
    headers: dict[str, str] = {}
    if role == "supplier":
        user = make_user(session, role=UserRole.supplier, enterprise=make_enterprise(session))
        headers = auth_headers(client, user)
    elif role == "other_owner":
        other = make_enterprise(session, owner=True, supplier=False)
        headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=other))
    elif role == "bureau":
        headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    response = upload(client, owner.id, GOOD.encode(), headers)  # type: ignore[arg-type]
    assert response.status_code == expected  # type: ignore[attr-defined]


def test_unknown_owner_is_404(client: TestClient, session: Session) -> None:
    headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    assert upload(client, 9999, GOOD.encode(), headers).status_code == 404  # type: ignore[attr-defined]


@pytest.fixture
def env_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("PEITAO_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def test_cli_import(
    env_database: str,
    session: Session,
    owner: Enterprise,
    suppliers: dict[str, Enterprise],
    tmp_path: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pathlib import Path

    good, bad = Path(str(tmp_path)) / "good.csv", Path(str(tmp_path)) / "bad.csv"
    good.write_bytes(GOOD.encode("gbk"))
    bad.write_text(BAD, encoding="utf-8")
    assert main(["import-ledger", str(bad), "--owner", str(owner.id), "--quiet"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "台账文件有 2 处错误，未导入任何记录"
    assert [e[:6] for e in err[1:]] == ["row 3:", "row 4:"]
    assert count(session, Purchase) == 0
    assert main(["import-ledger", str(good), "--owner", str(owner.id), "--quiet"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["rows"], first["linked"], first["unlinked"], first["duplicate"]) == (
        5,
        4,
        1,
        False,
    )
    assert main(["import-ledger", str(good), "--owner", str(owner.id), "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out) == first | {"duplicate": True}
    assert count(session, Purchase) == 5
    assert main(["import-ledger", str(good), "--owner", "9999", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == "企业 9999 不存在"
