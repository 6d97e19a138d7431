"""/api/v1/needs: only chain owners post needs; amounts and current suppliers stay confidential."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_enterprise, make_need, make_user


@pytest.fixture
def owner(session: Session) -> Enterprise:
    return make_enterprise(
        session, name="湖北示例钢铁有限公司", region_code="421221", owner=True, supplier=False
    )


@pytest.fixture
def owner_headers(client: TestClient, session: Session, owner: Enterprise) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))


def need_payload(owner_id: int, **kw: object) -> dict[str, object]:
    body: dict[str, object] = {
        "owner_id": owner_id,
        "chain_code": "xn-metallurgy",
        "title": "铝镁碳砖",
        "description": "转炉用，MgO≥76%，规格 230×114×65",
        "category": "3089",
        "yearly_quantity": 1200,
        "unit": "吨",
        "yearly_amount": "8600000.00",
        "required_certifications": ["ISO 9001:2015"],
        "current_suppliers": [{"name": "河南某耐材有限公司", "region_code": "410100"}],
    }
    body.update(kw)
    return body


class TestCreate:
    def test_owner_posts_a_need(
        self, client: TestClient, owner: Enterprise, owner_headers: dict[str, str]
    ) -> None:
        response = client.post("/api/v1/needs", json=need_payload(owner.id), headers=owner_headers)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["required_certifications"] == ["ISO9001"]
        assert body["yearly_amount"] == 8600000.0
        assert body["current_suppliers"] == [
            {"name": "河南某耐材有限公司", "region_code": "410100"}
        ]
        assert body["owner_name"] == "湖北示例钢铁有限公司"
        assert body["status"] == "open"

    def test_need_of_a_non_owner_is_422(self, client: TestClient, session: Session) -> None:
        supplier = make_enterprise(session, name="只做配套的公司")
        headers = auth_headers(client, make_user(session, role=UserRole.bureau))
        response = client.post("/api/v1/needs", json=need_payload(supplier.id), headers=headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "owner_id"]
        assert (
            response.json()["detail"][0]["msg"] == "只做配套的公司 不是链主企业，不能发布配套需求"
        )

    def test_other_owner_is_403(
        self, client: TestClient, session: Session, owner: Enterprise
    ) -> None:
        other = make_enterprise(session, owner=True, supplier=False)
        headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=other))
        assert (
            client.post("/api/v1/needs", json=need_payload(owner.id), headers=headers).status_code
            == 403
        )

    @pytest.mark.parametrize(
        ("change", "loc"),
        [
            ({"required_certifications": ["ISO 99999"]}, ["body", "required_certifications", "0"]),
            ({"category": "9999"}, ["body", "category"]),
            ({"chain_code": "xx-none"}, ["body", "chain_code"]),
            ({"yearly_amount": "-1"}, ["body", "yearly_amount"]),
            (
                {"current_suppliers": [{"name": "某厂", "region_code": "999999"}]},
                ["body", "current_suppliers", "0", "region_code"],
            ),
            ({"title": ""}, ["body", "title"]),
        ],
    )
    def test_invalid_fields_are_named(
        self,
        client: TestClient,
        owner: Enterprise,
        owner_headers: dict[str, str],
        change: dict[str, object],
        loc: list[str],
    ) -> None:
        response = client.post(
            "/api/v1/needs", json=need_payload(owner.id, **change), headers=owner_headers
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == loc


class TestConfidentiality:
    @pytest.mark.parametrize("role", ["anonymous", "supplier", "other_owner", "owner", "bureau"])
    def test_amount_and_current_suppliers(
        self, client: TestClient, session: Session, owner: Enterprise, role: str
    ) -> None:
        need = make_need(session, owner=owner)
        headers: dict[str, str] = {}
        if role == "supplier":
            headers = auth_headers(
                client,
                make_user(session, role=UserRole.supplier, enterprise=make_enterprise(session)),
            )
        elif role == "other_owner":
            other = make_enterprise(session, owner=True, supplier=False)
            headers = auth_headers(
                client, make_user(session, role=UserRole.owner, enterprise=other)
            )
        elif role == "owner":
            headers = auth_headers(
                client, make_user(session, role=UserRole.owner, enterprise=owner)
            )
        elif role == "bureau":
            headers = auth_headers(client, make_user(session, role=UserRole.bureau))
        visible = role in {"owner", "bureau"}
        for body in (
            client.get(f"/api/v1/needs/{need.id}", headers=headers).json(),
            client.get("/api/v1/needs", headers=headers).json()["items"][0],
        ):
            assert body["confidential_visible"] is visible
            assert body["yearly_amount"] == (1200000.0 if visible else None)
            expected = [{"name": "东莞某五金厂", "region_code": "441900"}] if visible else None
            assert body["current_suppliers"] == expected


class TestUpdateDeleteList:
    def test_owner_closes_its_need(
        self, client: TestClient, session: Session, owner: Enterprise, owner_headers: dict[str, str]
    ) -> None:
        need = make_need(session, owner=owner)
        response = client.patch(
            f"/api/v1/needs/{need.id}", json={"status": "closed"}, headers=owner_headers
        )
        assert response.status_code == 200
        assert response.json()["status"] == "closed"

    def test_supplier_cannot_edit(
        self, client: TestClient, session: Session, owner: Enterprise
    ) -> None:
        need = make_need(session, owner=owner)
        headers = auth_headers(
            client, make_user(session, role=UserRole.supplier, enterprise=make_enterprise(session))
        )
        assert (
            client.patch(
                f"/api/v1/needs/{need.id}", json={"title": "改个名称"}, headers=headers
            ).status_code
            == 403
        )
        assert client.delete(f"/api/v1/needs/{need.id}", headers=headers).status_code == 403

    def test_delete_and_404(
        self, client: TestClient, session: Session, owner: Enterprise, owner_headers: dict[str, str]
    ) -> None:
        need = make_need(session, owner=owner)
        assert client.delete(f"/api/v1/needs/{need.id}", headers=owner_headers).status_code == 204
        assert client.get(f"/api/v1/needs/{need.id}").status_code == 404
        assert (
            client.patch(f"/api/v1/needs/{need.id}", json={}, headers=owner_headers).status_code
            == 404
        )

    def test_filters(self, client: TestClient, session: Session, owner: Enterprise) -> None:
        wuhan = make_enterprise(session, region_code="420111", owner=True, supplier=False)
        make_need(
            session, owner=owner, title="石墨电极", chain_code="xn-metallurgy", category="3091"
        )
        make_need(
            session, owner=owner, title="铝镁碳砖", chain_code="xn-metallurgy", status="closed"
        )
        make_need(session, owner=wuhan, title="PCB 线路板", chain_code="xn-electronics")

        def get(**p: object) -> list[str]:
            return [n["title"] for n in client.get("/api/v1/needs", params=p).json()["items"]]

        assert get(chain="xn-metallurgy") == ["石墨电极", "铝镁碳砖"]
        assert get(status="open") == ["石墨电极", "PCB 线路板"]
        assert get(region="421200") == ["石墨电极", "铝镁碳砖"]
        assert get(owner_id=wuhan.id) == ["PCB 线路板"]
        assert get(category="309") == ["石墨电极"]
        assert get(q="pcb") == ["PCB 线路板"]
        assert client.get("/api/v1/needs", params={"status": "maybe"}).status_code == 422
