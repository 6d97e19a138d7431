"""List pages cost a fixed number of queries, however many rows they show (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from service.models import Match, UserRole
from tests.factories import auth_headers, make_capability, make_enterprise, make_need, make_user


@contextmanager
def counted(client: TestClient) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    engine = client.app.state.engine  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def bureau(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.bureau))


def test_lists_do_not_query_per_row(
    client: TestClient, session: Session, bureau: dict[str, str]
) -> None:
    for i in range(12):
        owner = make_enterprise(session, owner=True, supplier=False)
        supplier = make_enterprise(session)
        need = make_need(session, owner=owner, title=f"冲压件{i}")
        make_capability(session, supplier=supplier, title=f"冲压加工{i}")
        session.add(Match(need_id=need.id, supplier_id=supplier.id))
    session.commit()
    for path in ("/api/v1/needs", "/api/v1/capabilities", "/api/v1/enterprises", "/api/v1/matches"):
        with counted(client) as statements:
            response = client.get(path, params={"limit": 50}, headers=bureau)
        assert response.status_code == 200
        assert len(response.json()["items"]) >= 12
        assert len(statements) <= 6, (path, statements)
