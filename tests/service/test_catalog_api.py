"""Read-only catalog endpoints, health, docs and tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from tests.factories import make_user


def test_chains_of_the_deployment(client: TestClient) -> None:
    body = client.get("/api/v1/chains").json()
    assert body["total"] == 9
    codes = [c["code"] for c in body["items"]]
    assert "xn-metallurgy" in codes
    metallurgy = client.get("/api/v1/chains/xn-metallurgy").json()
    assert metallurgy["name"] == "低碳冶金产业集群"
    assert {"金盛兰", "顺乐"} <= set(metallurgy["owners"])
    assert metallurgy["segments"]
    assert client.get("/api/v1/chains", params={"chain_set": "all"}).json()["total"] == 30
    assert client.get("/api/v1/chains/nope").status_code == 404


def test_regions_tree(client: TestClient) -> None:
    xianning = client.get("/api/v1/regions", params={"parent": "421200"}).json()
    assert [r["name"] for r in xianning["items"]] == [
        "咸安区",
        "嘉鱼县",
        "通城县",
        "崇阳县",
        "通山县",
        "赤壁市",
    ]
    hubei = client.get("/api/v1/regions", params={"parent": "420000", "limit": 50}).json()
    assert hubei["total"] == 17
    tree = client.get("/api/v1/regions/421200/tree", params={"depth": 1}).json()
    assert tree["code"] == "421200"
    assert len(tree["children"]) == 6
    assert client.get("/api/v1/regions/999999").status_code == 404
    assert client.get("/api/v1/regions/421202").json()["full_name"] == "湖北省咸宁市咸安区"


def test_industries_and_certifications(client: TestClient) -> None:
    sections = client.get("/api/v1/industries").json()
    assert sections["total"] == 20
    c36 = client.get("/api/v1/industries/36").json()
    assert c36["name"] == "汽车制造业"
    assert client.get("/api/v1/industries/0000").status_code == 404
    certs = {c["code"] for c in client.get("/api/v1/certifications").json()["items"]}
    assert {"ISO9001", "IATF16949", "ISO14001", "ISO45001", "ISO13485", "AS9100", "CCC"} <= certs


def test_health_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "up"}
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/v1/enterprises",
        "/api/v1/needs",
        "/api/v1/capabilities",
        "/api/v1/purchases",
        "/api/v1/chains",
        "/api/v1/regions",
        "/api/v1/auth/token",
    ):
        assert path in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_token_flow(client: TestClient, session: Session) -> None:
    user = make_user(session, role=UserRole.bureau, username="jxj")
    bad = client.post("/api/v1/auth/token", data={"username": "jxj", "password": "wrong password"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"
    token = client.post(
        "/api/v1/auth/token", data={"username": "jxj", "password": "correct horse battery"}
    )
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
    )
    assert me.json() == {"id": user.id, "username": "jxj", "role": "bureau", "enterprise_id": None}
    forged = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401


def test_a_deactivated_user_is_refused_at_once(client: TestClient, session: Session) -> None:
    """Users are cached briefly per process; a change written here must not wait for that."""
    from tests.factories import auth_headers

    user = make_user(session, role=UserRole.bureau, username="leaver")
    headers = auth_headers(client, user)
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    user.is_active = False
    session.add(user)
    session.commit()
    refused = client.get("/api/v1/auth/me", headers=headers)
    assert (refused.status_code, refused.json()) == (401, {"detail": "登录凭据无效或已过期"})


def test_bureau_sets_a_chain_target_that_outlives_catalog_updates(
    client: TestClient, session: Session
) -> None:
    from service.catalog.sync import CATALOG_VERSION_KEY, sync_catalogs
    from service.catalog.tables import Meta
    from tests.factories import auth_headers

    headers = auth_headers(client, make_user(session, role=UserRole.bureau))
    response = client.patch(
        "/api/v1/chains/xn-metallurgy", json={"target_rate": 0.45}, headers=headers
    )
    assert (response.status_code, response.json()["target_rate"]) == (200, 0.45)
    assert (
        client.patch(
            "/api/v1/chains/xn-metallurgy", json={"target_rate": 1.5}, headers=headers
        ).status_code
        == 422
    )
    session.delete(session.get(Meta, CATALOG_VERSION_KEY))  # as if the catalog changed
    session.flush()
    assert sync_catalogs(session) is True
    session.commit()
    assert client.get("/api/v1/chains/xn-metallurgy").json()["target_rate"] == 0.45


def test_unknown_chain_set_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/chains", params={"chain_set": "mars"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "chain_set"]


def test_times_carry_their_utc_offset(client: TestClient, session: Session) -> None:
    make_user(session, role=UserRole.bureau)
    from tests.factories import make_enterprise

    firm = make_enterprise(session)
    created = client.get(f"/api/v1/enterprises/{firm.id}").json()["created_at"]
    assert created.endswith(("+00:00", "Z"))
