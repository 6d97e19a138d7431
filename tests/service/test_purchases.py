"""/api/v1/purchases: ledger lines, visible only to their owner and the bureau — every role checked."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_enterprise, make_user

LINE = {
    "item": "石墨电极 Φ450",
    "supplier_name": "河南某炭素有限公司",
    "supplier_region": "410100",
    "amount": "125000.50",
    "period": "2026-03",
}


@pytest.fixture
def owner(session: Session) -> Enterprise:
    return make_enterprise(session, owner=True, supplier=False)


@pytest.fixture
def owner_headers(client: TestClient, session: Session, owner: Enterprise) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))


def test_owner_records_and_reads_its_line(
    client: TestClient, owner: Enterprise, owner_headers: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/purchases", json={**LINE, "owner_id": owner.id}, headers=owner_headers
    )
    assert response.status_code == 201, response.text
    line = response.json()
    assert (line["amount"], line["period"], line["supplier_region"]) == (
        125000.5,
        "2026-03",
        "410100",
    )
    listed = client.get("/api/v1/purchases", headers=owner_headers).json()
    assert [p["id"] for p in listed["items"]] == [line["id"]]


@pytest.mark.parametrize(
    ("role", "list_status", "read_status"),
    [
        ("anonymous", 401, 401),
        ("supplier", 403, 403),
        ("other_owner", 403, 403),
        ("bureau", 200, 200),
    ],
)
def test_who_sees_a_ledger(
    client: TestClient,
    session: Session,
    owner: Enterprise,
    owner_headers: dict[str, str],
    role: str,
    list_status: int,
    read_status: int,
) -> None:
    line_id = client.post(
        "/api/v1/purchases", json={**LINE, "owner_id": owner.id}, headers=owner_headers
    ).json()["id"]
    headers: dict[str, str] = {}
    if role == "supplier":
        headers = auth_headers(
            client, make_user(session, role=UserRole.supplier, enterprise=make_enterprise(session))
        )
    elif role == "other_owner":
        other = make_enterprise(session, owner=True, supplier=False)
        headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=other))
    elif role == "bureau":
        headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    assert (
        client.get("/api/v1/purchases", params={"owner_id": owner.id}, headers=headers).status_code
        == list_status
    )
    assert client.get(f"/api/v1/purchases/{line_id}", headers=headers).status_code == read_status
    expected_delete = 204 if role == "bureau" else read_status
    assert (
        client.delete(f"/api/v1/purchases/{line_id}", headers=headers).status_code
        == expected_delete
    )


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"amount": "-5"}, "amount"),
        ({"period": "2026-13"}, "period"),
        ({"supplier_region": "123456"}, "supplier_region"),
    ],
)
def test_bad_line_is_422(
    client: TestClient,
    owner: Enterprise,
    owner_headers: dict[str, str],
    change: dict[str, str],
    loc: str,
) -> None:
    response = client.post(
        "/api/v1/purchases", json={**LINE, **change, "owner_id": owner.id}, headers=owner_headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", loc]
