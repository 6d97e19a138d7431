"""Uploads that cannot hurt the service: cell and row bombs refused before they are parsed, bodies
counted whatever the headers say, error answers that never grow with the file."""

from __future__ import annotations

import asyncio
import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.types import Message, Receive, Scope, Send

from service.accounts.tables import UserRole
from service.core.body_limit import BodyCaps, BodyLimitMiddleware
from service.core.tabular import TableError, read_table_bytes
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_enterprise, make_user
from tests.ops.hostile_files import LEDGER_HEADER, cell_bomb, padded_row_bomb, row_bomb


@pytest.fixture
def owner(session: Session) -> Enterprise:
    return make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)


@pytest.fixture
def headers(client: TestClient, session: Session, owner: Enterprise) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))


def _import(client: TestClient, owner: Enterprise, headers: dict[str, str], data: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/purchases/import",
        params={"owner_id": owner.id},
        files={"file": (name, data, "application/octet-stream")},
        headers=headers,
    )


class TestSpreadsheetBombs:
    def test_a_100_mb_cell_is_refused_from_the_archive_directory(
        self, client: TestClient, owner: Enterprise, headers: dict[str, str]
    ) -> None:
        bomb = cell_bomb(100)
        assert len(bomb) < 1024 * 1024  # it is the unpacked size that hurts
        response = _import(client, owner, headers, bomb, "bomb.xlsx")
        assert response.status_code == 422
        assert response.json() == {
            "detail": "台账文件有 1 处错误，未导入任何记录",
            "errors": ["XLSX 文件的文本内容过大（单元格文本合计超过 64 MB）"],
            "error_count": 1,
        }

    def test_a_long_cell_is_refused_with_its_row_and_a_short_excerpt(self) -> None:
        text = "长" * 5000
        data = _csv([LEDGER_HEADER, ("轴承", text, "421202", "1", "2025-03")])
        with pytest.raises(TableError) as refused:
            read_table_bytes(data, "ledger.csv")
        assert str(refused.value) == (
            f"row 2: 第 2 列的单元格超过 4000 个字符：{'长' * 20}…（共 5000 个字符）"
        )

    def test_a_500000_row_xlsx_is_refused_before_any_row_is_parsed(self) -> None:
        bomb = row_bomb(500_000)
        assert len(bomb) < 4 * 1024 * 1024
        with pytest.raises(TableError) as refused:
            read_table_bytes(bomb, "bomb.xlsx")
        assert str(refused.value) == "文件行数过多：上限 200,000 行数据"

    def test_one_row_numbered_a_million_is_a_row_bomb_too(self) -> None:
        with pytest.raises(TableError) as refused:
            read_table_bytes(padded_row_bomb(), "bomb.xlsx")
        assert str(refused.value) == "文件行数过多：上限 200,000 行数据"

    def test_csv_rows_are_counted_while_reading(self) -> None:
        rows = [LEDGER_HEADER, *(("轴承", "甲", "421202", "1", "2025-03"),) * 200_001]
        with pytest.raises(TableError) as refused:
            read_table_bytes(_csv(rows), "ledger.csv")
        assert str(refused.value) == "文件行数过多：上限 200,000 行数据"

    def test_too_many_columns_are_refused(self) -> None:
        with pytest.raises(TableError) as refused:
            read_table_bytes(_csv([[f"c{i}" for i in range(65)]]), "wide.csv")
        assert str(refused.value) == "row 1: 列数过多：上限 64 列"


class TestErrorAnswers:
    def test_errors_are_capped_at_100_with_the_full_count(
        self, client: TestClient, owner: Enterprise, headers: dict[str, str]
    ) -> None:
        bad = [("轴承", "甲", "999999", "1", "2025-03")] * 250
        response = _import(client, owner, headers, _csv([LEDGER_HEADER, *bad]), "l.csv")
        body = response.json()
        assert response.status_code == 422
        assert body["detail"] == "台账文件有 250 处错误（仅列出前 100 处），未导入任何记录"
        assert body["error_count"] == 250
        assert body["errors"][0] == "row 2: 未知的地区代码：999999"
        assert body["errors"][-1] == "row 101: 未知的地区代码：999999"
        assert len(body["errors"]) == 100

    def test_a_bad_value_is_echoed_as_an_excerpt(
        self, client: TestClient, owner: Enterprise, headers: dict[str, str]
    ) -> None:
        chain = "链" * 3000
        data = _csv([(*LEDGER_HEADER, "chain"), ("轴承", "甲", "421202", "1", "2025-03", chain)])
        response = _import(client, owner, headers, data, "l.csv")
        assert response.status_code == 422
        assert response.json()["errors"] == [f"row 2: 未知的产业链：{'链' * 20}…（共 3000 个字符）"]


class TestBodiesCountedAsTheyArrive:
    def test_a_chunked_600_mb_body_is_refused_at_the_cap(self) -> None:
        sent = asyncio.run(_post_chunked(total=600 * 2**20, chunk=64 * 1024))
        status, received = sent
        assert status == 413
        cap = BodyCaps().multipart
        assert cap < received <= cap + 64 * 1024  # read to the cap, not to 600 MB

    def test_a_json_body_without_length_is_capped_at_1_mb(self) -> None:
        status, received = asyncio.run(
            _post_chunked(total=50 * 2**20, chunk=64 * 1024, content_type=b"application/json")
        )
        assert status == 413
        assert received <= 2**20 + 64 * 1024

    def test_an_oversized_json_body_is_refused_through_the_app(
        self, client: TestClient, headers: dict[str, str]
    ) -> None:
        body = b'{"title": "' + b"x" * (2 * 2**20) + b'"}'
        response = client.post(
            "/api/v1/needs",
            content=body,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert (response.status_code, response.json()) == (
            413,
            {"detail": "上传内容过大：上限 1 MB"},
        )


async def _post_chunked(
    *, total: int, chunk: int, content_type: bytes = b"multipart/form-data; boundary=x"
) -> tuple[int, int]:
    """Drive the middleware as a server would with a body of no stated length; the app reads it
    all, as a form parser does. Returns the status sent and the bytes the client had to give."""
    given = 0
    statuses: list[int] = []

    async def receive() -> Message:
        nonlocal given
        given += chunk
        return {"type": "http.request", "body": b"x" * chunk, "more_body": given < total}

    async def app(_scope: Scope, app_receive: Receive, app_send: Send) -> None:
        while (await app_receive()).get("more_body"):
            pass
        await app_send({"type": "http.response.start", "status": 200, "headers": []})
        await app_send({"type": "http.response.body", "body": b"read it all"})

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-type", content_type)],
    }
    await BodyLimitMiddleware(app)(scope, receive, send)
    return statuses[0], given


def _csv(rows: list[tuple[str, ...]] | list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()
