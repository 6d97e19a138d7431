"""A small world built over HTTP against a real server: a bureau user, an owner with a need and a
local supplier with a fitting capability."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tests.ops.servers import peitao

BUREAU, PASSWORD = "ops-bureau", "ops-bureau-password-1"


def bureau_headers(base: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": BUREAU, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def create_bureau_user(database_url: str) -> None:
    peitao(
        database_url,
        "create-user",
        "--username",
        BUREAU,
        "--password",
        PASSWORD,
        "--role",
        "bureau",
    )


@dataclass(frozen=True)
class World:
    headers: dict[str, str]
    owner_id: int
    need_id: int


def post(
    base: str, path: str, headers: dict[str, str], body: dict[str, object]
) -> dict[str, object]:
    response = httpx.post(f"{base}/api/v1{path}", json=body, headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    data: dict[str, object] = response.json()
    return data


def build_world(base: str) -> World:
    headers = bureau_headers(base)
    owner = post(
        base,
        "/enterprises",
        headers,
        {"name": "湖北示例汽车零部件有限公司", "region_code": "421202", "roles": ["owner"]},
    )
    need = post(
        base,
        "/needs",
        headers,
        {
            "owner_id": owner["id"],
            "title": "铝合金压铸件",
            "description": "ADC12 压铸 壳体 去毛刺 CNC 精加工",
        },
    )
    return World(headers=headers, owner_id=int(str(owner["id"])), need_id=int(str(need["id"])))


def add_supplier(base: str, headers: dict[str, str], name: str) -> int:
    firm = post(
        base,
        "/enterprises",
        headers,
        {"name": name, "region_code": "421281", "roles": ["supplier"]},
    )
    post(
        base,
        "/capabilities",
        headers,
        {
            "supplier_id": firm["id"],
            "title": "ADC12 铝合金压铸件",
            "description": "汽车壳体 压力铸造 CNC 精加工",
        },
    )
    return int(str(firm["id"]))


def candidate_ids(base: str, world: World) -> set[int]:
    response = httpx.get(
        f"{base}/api/v1/needs/{world.need_id}/matches", headers=world.headers, timeout=30
    )
    assert response.status_code == 200, response.text
    return {int(r["supplier"]["id"]) for r in response.json()}
