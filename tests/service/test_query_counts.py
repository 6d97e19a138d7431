"""List pages cost a fixed number of queries, however many rows they show (no N+1)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.app import create_app
from service.core.db import make_sessionmaker
from service.pairings.tables import Match
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


def test_list_totals_are_cached_but_see_this_process_writes_at_once(
    client: TestClient, session: Session, bureau: dict[str, str]
) -> None:
    owner = make_enterprise(session, owner=True, supplier=False)
    supplier = make_enterprise(session)
    needs = [make_need(session, owner=owner, title=f"冲压件{i}") for i in range(3)]
    session.add(Match(need_id=needs[0].id, supplier_id=supplier.id))
    session.commit()

    def total(path: str, **params: str) -> int:
        response = client.get(path, params=params, headers=bureau)
        assert response.status_code == 200
        return int(response.json()["total"])

    assert total("/api/v1/needs") == 3
    assert total("/api/v1/matches", status="shortlisted") == 0
    with counted(client) as statements:
        assert total("/api/v1/needs") == 3
    assert not any("count(" in s.lower() for s in statements), "second total from the cache"

    # A write to another table (a match moved: bulk UPDATE + an event row) keeps the need total
    # cached, and forgets the match totals.
    match = client.get("/api/v1/matches", headers=bureau).json()["items"][0]
    moved = client.post(
        f"/api/v1/matches/{match['id']}/transition",
        json={"to": "shortlisted", "version": match["version"]},
        headers=bureau,
    )
    assert moved.status_code == 200
    with counted(client) as statements:
        assert total("/api/v1/needs") == 3
    assert not any("count(" in s.lower() for s in statements)
    assert total("/api/v1/matches", status="shortlisted") == 1

    # A need added through the API (an ORM flush) is counted at once.
    created = client.post(
        "/api/v1/needs",
        json={"owner_id": owner.id, "title": "铝合金压铸件", "chain_code": needs[0].chain_code},
        headers=bureau,
    )
    assert created.status_code == 201, created.text
    assert total("/api/v1/needs") == 4


def test_two_databases_in_one_process_never_share_a_cached_total(
    client: TestClient,
    session: Session,
    bureau: dict[str, str],
    tmp_path: Path,
    sqlite_template: Path,
) -> None:
    """Caches of database reads (list totals, signed-in users) are kept per engine."""
    owner = make_enterprise(session, owner=True, supplier=False)
    for i in range(3):
        make_need(session, owner=owner, title=f"冲压件{i}")
    session.commit()
    assert client.get("/api/v1/needs", headers=bureau).json()["total"] == 3

    other_db = tmp_path / "other.db"
    shutil.copy(sqlite_template, other_db)
    settings = client.app.state.settings.model_copy(  # type: ignore[attr-defined]
        update={"database_url": f"sqlite:///{other_db}"}
    )
    with TestClient(create_app(settings, migrate=False)) as other:
        with make_sessionmaker(other.app.state.engine)() as other_session:  # type: ignore[attr-defined]
            headers = auth_headers(other, make_user(other_session, role=UserRole.bureau))
        assert other.get("/api/v1/needs", headers=headers).json()["total"] == 0
