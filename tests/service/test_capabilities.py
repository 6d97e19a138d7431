"""/api/v1/capabilities: suppliers register what they make, with certificates that expire."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from tests.factories import auth_headers, make_capability, make_enterprise, make_user


def test_supplier_registers_a_capability(client: TestClient, session: Session) -> None:
    firm = make_enterprise(session, name="咸宁精密数控有限公司")
    headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=firm))
    body = {
        "supplier_id": firm.id,
        "title": "CNC 精密加工 6061-T6 铝件",
        "description": "三轴/五轴加工中心 20 台，公差 ±0.01mm",
        "category": "3484",
        "capacity": "月产 5 万件",
        "min_order": "100 件",
        "lead_time_days": 15,
        "certifications": [{"code": "IATF 16949", "expires_on": "2027-06-30"}, {"code": "ISO9001"}],
    }
    response = client.post("/api/v1/capabilities", json=body, headers=headers)
    assert response.status_code == 201, response.text
    out = response.json()
    assert out["certifications"] == [
        {"code": "IATF16949", "expires_on": "2027-06-30"},
        {"code": "ISO9001", "expires_on": None},
    ]
    assert out["supplier_name"] == "咸宁精密数控有限公司"
    assert out["supplier_region_code"] == "421202"


def test_unknown_certification_is_422(client: TestClient, session: Session) -> None:
    firm = make_enterprise(session)
    headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=firm))
    body = {"supplier_id": firm.id, "title": "冲压件", "certifications": [{"code": "ISO 12345678"}]}
    response = client.post("/api/v1/capabilities", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "certifications", "0"]


def test_capability_for_an_owner_only_firm_is_422(client: TestClient, session: Session) -> None:
    owner = make_enterprise(session, owner=True, supplier=False)
    headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    response = client.post(
        "/api/v1/capabilities", json={"supplier_id": owner.id, "title": "冲压"}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "supplier_id"]


def test_only_the_supplier_edits_and_deletes(client: TestClient, session: Session) -> None:
    firm, other = make_enterprise(session), make_enterprise(session)
    cap = make_capability(session, supplier=firm)
    other_headers = auth_headers(
        client, make_user(session, role=UserRole.supplier, enterprise=other)
    )
    own_headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=firm))
    assert (
        client.patch(
            f"/api/v1/capabilities/{cap.id}", json={"title": "改个名称"}, headers=other_headers
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/capabilities/{cap.id}").status_code == 401
    response = client.patch(
        f"/api/v1/capabilities/{cap.id}", json={"capacity": "月产 8 万件"}, headers=own_headers
    )
    assert (response.status_code, response.json()["capacity"]) == (200, "月产 8 万件")
    assert client.delete(f"/api/v1/capabilities/{cap.id}", headers=own_headers).status_code == 204
    assert client.get(f"/api/v1/capabilities/{cap.id}").status_code == 404


def test_list_filters(client: TestClient, session: Session) -> None:
    local = make_enterprise(session, region_code="421281")
    far = make_enterprise(session, region_code="441900")
    make_capability(session, supplier=local, title="注塑件加工", category="2929")
    make_capability(session, supplier=far, title="压铸件", category="3391")

    def titles(**p: object) -> list[str]:
        return [c["title"] for c in client.get("/api/v1/capabilities", params=p).json()["items"]]

    assert titles(region="421200") == ["注塑件加工"]
    assert titles(supplier_id=far.id) == ["压铸件"]
    assert titles(category="339") == ["压铸件"]
    assert titles(q="注塑") == ["注塑件加工"]
    assert client.get("/api/v1/capabilities", params={"offset": -1}).status_code == 422
