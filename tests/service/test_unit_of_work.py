"""Each API request is one unit of work: committed before its answer, rolled back on any error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from service.accounts.tables import UserRole
from service.core import deps
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_user

FIRM = {"name": "咸宁市提交测试机械有限公司", "region_code": "421202", "roles": ["supplier"]}


@pytest.fixture
def bureau(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.bureau))


def stored(session: Session) -> list[str]:
    session.expire_all()
    return list(session.exec(select(Enterprise.name).where(Enterprise.name == FIRM["name"])))


def test_a_failed_commit_is_answered_with_an_error_and_stores_nothing(
    app: object, bureau: dict[str, str], session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_commit(self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(Session, "commit", failing_commit)
    with TestClient(app, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        response = client.post("/api/v1/enterprises", json=FIRM, headers=bureau)
    monkeypatch.undo()
    assert response.status_code == 503
    assert stored(session) == []


def test_the_endpoint_commits_in_its_own_thread_and_an_error_rolls_back(
    client: TestClient, bureau: dict[str, str], session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One hop to a worker thread per request: a successful request needs no second hop to end
    its session; a refused one is rolled back by the dependency."""
    ended_by_dependency: list[bool] = []
    end = deps._end

    async def recording_end(session: Session, *, commit: bool) -> None:
        ended_by_dependency.append(commit)
        await end(session, commit=commit)

    monkeypatch.setattr(deps, "_end", recording_end)
    created = client.post("/api/v1/enterprises", json=FIRM, headers=bureau)
    assert created.status_code == 201, created.text
    assert (ended_by_dependency, stored(session)) == ([], [FIRM["name"]])

    again = client.post("/api/v1/enterprises", json=FIRM, headers=bureau)
    assert again.status_code == 409, again.text
    assert (ended_by_dependency, stored(session)) == ([False], [FIRM["name"]])
