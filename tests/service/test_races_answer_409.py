"""Races answer 409 (or the re-import answer), never 500: 20 real threads at once create one firm
name, register one username, import one file; a page form with an unknown status is a 422."""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from catalogs.credit_code import make_credit_code
from service.accounts.tables import User, UserRole
from service.core.text import name_key
from service.enterprises.tables import Enterprise
from service.ledger.tables import LedgerImport, Purchase
from service.pairings.tables import Match
from tests.factories import auth_headers, make_enterprise, make_need, make_user

PARALLEL = 20
FIRM = "咸宁市竞速精密机械有限公司"
# Firm names far apart (rapidfuzz ratio well under the duplicate threshold), one per registration.
WORDS = [
    "星辰电子",
    "海洋化工",
    "松柏木业",
    "金石建材",
    "青山纺织",
    "白云食品",
    "红旗机械",
    "长江物流",
    "黄鹤印刷",
    "东湖光电",
    "西塞五金",
    "南岭陶瓷",
    "北斗通信",
    "丰收农业",
    "天顺塑料",
    "地恒玻璃",
    "龙腾汽配",
    "凤鸣医药",
    "麒麟新材",
    "银河软件",
]


def _at_once(calls: list[Any]) -> list[httpx.Response]:
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(lambda call: call(), calls))


def _count(session: Session, statement: Any) -> int:
    session.expire_all()
    return int(session.exec(statement).one())


def test_one_firm_name_created_20_times_at_once_is_one_firm_and_19_conflicts(
    client: TestClient, session: Session
) -> None:
    headers = auth_headers(client, make_user(session, role=UserRole.bureau))

    def create(serial: int) -> Any:
        body = {
            "name": FIRM,
            "region_code": "421202",
            "roles": ["supplier"],
            "credit_code": make_credit_code(region_code="421202", serial=900 + serial),
        }
        return lambda: client.post("/api/v1/enterprises", json=body, headers=headers)

    responses = _at_once([create(i) for i in range(PARALLEL)])
    assert Counter(r.status_code for r in responses) == {201: 1, 409: PARALLEL - 1}
    created = next(r.json() for r in responses if r.status_code == 201)
    for conflict in (r.json() for r in responses if r.status_code == 409):
        assert conflict["detail"] == f"已存在名称相近的企业：{FIRM}"
        assert conflict["existing"]["id"] == created["id"]
    same = select(func.count()).where(Enterprise.name_key == name_key(FIRM))
    assert _count(session, same) == 1


def test_one_username_registered_20_times_at_once_is_one_account_and_19_conflicts(
    client: TestClient, session: Session
) -> None:
    page = client.get("/register").text
    token = re.search(r'name="_csrf" value="([^"]+)"', page)
    assert token is not None

    def register(word: str) -> Any:
        form = {
            "_csrf": token.group(1),
            "name": f"{word}有限公司",
            "role": "supplier",
            "region_code": "421202",
            "username": "racer",
            "password": "long-enough-pw",
        }
        return lambda: client.post("/register", data=form, follow_redirects=False)

    responses = _at_once([register(word) for word in WORDS])
    assert Counter(r.status_code for r in responses) == {303: 1, 409: PARALLEL - 1}
    assert all("用户名 racer 已存在" in r.text for r in responses if r.status_code == 409)
    assert _count(session, select(func.count()).where(User.username == "racer")) == 1
    firms = select(func.count()).where(Enterprise.name.in_([f"{w}有限公司" for w in WORDS]))  # type: ignore[attr-defined]
    assert _count(session, firms) == 1  # the losers' firms were rolled back with them


def test_one_file_imported_20_times_at_once_is_stored_once(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    headers = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=owner))
    ledger = (
        "item,supplier,supplier_region,amount,period\n"
        + "".join(f"零件{i},乙公司,421202,{100 + i},2025-03\n" for i in range(200))
    ).encode()

    def upload() -> httpx.Response:
        return client.post(
            "/api/v1/purchases/import",
            params={"owner_id": owner.id},
            files={"file": ("l.csv", ledger, "text/csv")},
            headers=headers,
        )

    responses = _at_once([upload] * PARALLEL)
    assert Counter(r.status_code for r in responses) == {201: 1, 200: PARALLEL - 1}
    bodies = [r.json() for r in responses]
    stored_id = next(b["import_id"] for b in bodies if not b["duplicate"])
    assert {(b["import_id"], b["rows"]) for b in bodies} == {(stored_id, 200)}
    assert _count(session, select(func.count()).select_from(LedgerImport)) == 1
    assert _count(session, select(func.count()).select_from(Purchase)) == 200


def test_a_pairing_move_to_an_unknown_status_is_a_422_with_a_message(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    supplier = make_enterprise(session, name="乙配套有限公司")
    match = Match(need_id=make_need(session, owner=owner).id, supplier_id=supplier.id)
    session.add(match)
    session.commit()
    user = make_user(session, role=UserRole.owner, enterprise=owner)
    login = client.get("/login").text
    token = re.search(r'name="_csrf" value="([^"]+)"', login)
    assert token is not None
    signed_in = client.post(
        "/login",
        data={"username": user.username, "password": "correct horse battery", "_csrf": token[1]},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    inbox = re.search(r'name="_csrf" value="([^"]+)"', client.get("/inbox").text)
    assert inbox is not None
    response = client.post(
        f"/pairings/{match.id}/move",
        data={"_csrf": inbox[1], "to": "teleported", "version": "1"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "未知的对接状态：teleported" in response.text
