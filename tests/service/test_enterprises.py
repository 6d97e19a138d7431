"""/api/v1/enterprises: create, read, update, delete, list with filters; validation and duplicates."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.enterprises.tables import Enterprise
from tests.factories import auth_headers, make_enterprise, make_user

HUAWEI = "914403001922038216"  # 华为技术有限公司, a published code


@pytest.fixture
def bureau(client: TestClient, session: Session) -> dict[str, str]:
    return auth_headers(client, make_user(session, role=UserRole.bureau))


def payload(**kw: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "咸宁市精工机械有限公司",
        "credit_code": HUAWEI,
        "region_code": "421202",
        "roles": ["supplier"],
        "tags": ["专精特新"],
        "chain_codes": ["xn-equipment"],
        "industry_code": "3484",
        "description": "CNC精密加工、钣金冲压",
    }
    body.update(kw)
    return body


class TestCreate:
    def test_created_with_region_name_roles_and_tags(
        self, client: TestClient, bureau: dict[str, str]
    ) -> None:
        response = client.post("/api/v1/enterprises", json=payload(), headers=bureau)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["name"] == "咸宁市精工机械有限公司"
        assert body["region_name"] == "湖北省咸宁市咸安区"
        assert body["roles"] == ["supplier"]
        assert body["tags"] == ["专精特新"]
        assert body["chain_codes"] == ["xn-equipment"]
        assert body["status"] == "approved"

    def test_anonymous_is_401(self, client: TestClient) -> None:
        response = client.post("/api/v1/enterprises", json=payload())
        assert response.status_code == 401
        assert response.json() == {"detail": "请先登录"}

    def test_supplier_user_is_403(self, client: TestClient, session: Session) -> None:
        firm = make_enterprise(session)
        headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=firm))
        response = client.post("/api/v1/enterprises", json=payload(), headers=headers)
        assert response.status_code == 403

    def test_bad_check_character_names_the_field(
        self, client: TestClient, bureau: dict[str, str]
    ) -> None:
        response = client.post(
            "/api/v1/enterprises", json=payload(credit_code="914403001922038217"), headers=bureau
        )
        assert response.status_code == 422
        assert response.json()["detail"] == [
            {
                "loc": ["body", "credit_code"],
                "msg": "统一社会信用代码校验位不正确",
                "type": "value_error",
            }
        ]

    def test_unknown_region(self, client: TestClient, bureau: dict[str, str]) -> None:
        response = client.post(
            "/api/v1/enterprises", json=payload(region_code="421299"), headers=bureau
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "region_code"]

    def test_unknown_chain(self, client: TestClient, bureau: dict[str, str]) -> None:
        response = client.post(
            "/api/v1/enterprises", json=payload(chain_codes=["nope"]), headers=bureau
        )
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "chain_codes", "0"]

    def test_missing_roles_is_422(self, client: TestClient, bureau: dict[str, str]) -> None:
        response = client.post("/api/v1/enterprises", json=payload(roles=[]), headers=bureau)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "roles"]

    def test_same_credit_code_is_409_with_existing(
        self, client: TestClient, bureau: dict[str, str], session: Session
    ) -> None:
        existing = make_enterprise(
            session, name="华为技术有限公司", credit_code=HUAWEI, region_code="440307"
        )
        response = client.post("/api/v1/enterprises", json=payload(), headers=bureau)
        assert response.status_code == 409
        body = response.json()
        assert body["field"] == "credit_code"
        assert body["existing"]["id"] == existing.id

    def test_near_identical_name_is_409(
        self, client: TestClient, bureau: dict[str, str], session: Session
    ) -> None:
        existing = make_enterprise(session, name="湖北三环汽车方向机有限公司", region_code="421202")
        response = client.post(
            "/api/v1/enterprises",
            json=payload(name="湖北 三环汽车方向机 有限公司", credit_code=None),
            headers=bureau,
        )
        assert response.status_code == 409
        assert response.json()["detail"] == "已存在名称相近的企业：湖北三环汽车方向机有限公司"
        assert response.json()["existing"]["id"] == existing.id

    def test_different_name_is_not_a_duplicate(
        self, client: TestClient, bureau: dict[str, str], session: Session
    ) -> None:
        make_enterprise(session, name="湖北三环汽车方向机有限公司")
        response = client.post(
            "/api/v1/enterprises",
            json=payload(name="咸宁三环精密铸造有限公司", credit_code=None),
            headers=bureau,
        )
        assert response.status_code == 201


class TestReadUpdateDelete:
    def test_read_and_404(self, client: TestClient, session: Session) -> None:
        firm = make_enterprise(session, name="通山县石材加工有限公司", region_code="421224")
        assert (
            client.get(f"/api/v1/enterprises/{firm.id}").json()["region_name"]
            == "湖北省咸宁市通山县"
        )
        missing = client.get("/api/v1/enterprises/999999")
        assert missing.status_code == 404
        assert missing.json() == {"detail": "企业 999999 不存在"}

    def test_pending_firm_is_hidden_from_public(self, client: TestClient, session: Session) -> None:
        firm = make_enterprise(session, status="pending")
        assert client.get(f"/api/v1/enterprises/{firm.id}").status_code == 404

    def test_firm_updates_itself_but_not_its_status(
        self, client: TestClient, session: Session
    ) -> None:
        firm = make_enterprise(session, status="pending")
        headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=firm))
        response = client.patch(
            f"/api/v1/enterprises/{firm.id}",
            json={"contact_phone": "0715-8000000", "status": "approved"},
            headers=headers,
        )
        assert response.status_code == 200
        assert response.json()["contact_phone"] == "0715-8000000"
        assert response.json()["status"] == "pending"

    def test_other_firm_cannot_update(self, client: TestClient, session: Session) -> None:
        firm, other = make_enterprise(session), make_enterprise(session)
        headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=other))
        response = client.patch(
            f"/api/v1/enterprises/{firm.id}", json={"address": "x"}, headers=headers
        )
        assert response.status_code == 403

    def test_update_to_bad_region_is_422(
        self, client: TestClient, bureau: dict[str, str], session: Session
    ) -> None:
        firm = make_enterprise(session)
        response = client.patch(
            f"/api/v1/enterprises/{firm.id}", json={"region_code": "000000"}, headers=bureau
        )
        assert response.status_code == 422

    def test_bureau_deletes(
        self, client: TestClient, bureau: dict[str, str], session: Session
    ) -> None:
        firm_id = make_enterprise(session).id
        assert client.delete(f"/api/v1/enterprises/{firm_id}", headers=bureau).status_code == 204
        session.expire_all()
        assert session.get(Enterprise, firm_id) is None
        assert client.delete(f"/api/v1/enterprises/{firm_id}", headers=bureau).status_code == 404


class TestList:
    def test_filters_and_pagination(self, client: TestClient, session: Session) -> None:
        make_enterprise(session, name="嘉鱼县甲钢铁配套有限公司", region_code="421221")
        make_enterprise(session, name="赤壁市乙配套有限公司", region_code="421281")
        make_enterprise(
            session, name="武汉丙链主有限公司", region_code="420111", owner=True, supplier=False
        )
        make_enterprise(session, name="待审核企业有限公司", status="pending")

        body = client.get("/api/v1/enterprises", params={"limit": 2}).json()
        assert (body["total"], body["limit"], body["offset"], len(body["items"])) == (3, 2, 0, 2)

        city = client.get("/api/v1/enterprises", params={"region": "421200"}).json()
        assert {e["name"] for e in city["items"]} == {
            "嘉鱼县甲钢铁配套有限公司",
            "赤壁市乙配套有限公司",
        }
        owners = client.get("/api/v1/enterprises", params={"role": "owner"}).json()
        assert [e["name"] for e in owners["items"]] == ["武汉丙链主有限公司"]
        text = client.get("/api/v1/enterprises", params={"q": "钢铁"}).json()
        assert [e["name"] for e in text["items"]] == ["嘉鱼县甲钢铁配套有限公司"]

    def test_each_row_shows_its_own_tags_and_chains_sorted(
        self, client: TestClient, bureau: dict[str, str]
    ) -> None:
        tagged = payload(
            tags=["小巨人", "专精特新"], chain_codes=["xn-equipment", "xn-electronics"]
        )
        assert client.post("/api/v1/enterprises", json=tagged, headers=bureau).status_code == 201
        bare = payload(name="通山县无标签机械厂", credit_code=None, tags=[], chain_codes=[])
        assert client.post("/api/v1/enterprises", json=bare, headers=bureau).status_code == 201
        items = client.get("/api/v1/enterprises").json()["items"]
        shown = {e["name"]: (e["tags"], e["chain_codes"]) for e in items}
        assert shown == {
            "咸宁市精工机械有限公司": (["专精特新", "小巨人"], ["xn-electronics", "xn-equipment"]),
            "通山县无标签机械厂": ([], []),
        }

    def test_bad_filter_is_422(self, client: TestClient) -> None:
        assert client.get("/api/v1/enterprises", params={"limit": 0}).status_code == 422
        assert client.get("/api/v1/enterprises", params={"role": "king"}).status_code == 422
