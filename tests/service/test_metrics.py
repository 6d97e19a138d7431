"""/api/v1/metrics: hand-computed figures on a small imported ledger, equal to `peitao ledger-report`.

Home 421200 咸宁市; near area the catalog default (武汉 420100 among it). Owner 甲 (嘉鱼县 421221,
chain xy-auto, target 40 %) and owner 乙 (赤壁市 421281, no local purchases). 赤壁 421281 is local,
临湘 430682 just across the boundary is not.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from matching import MatchResult
from service.accounts.tables import UserRole
from service.cli import main
from service.enterprises.tables import Enterprise, EnterpriseChain
from service.ledger import item_key
from service.pairings.tables import Match
from tests.factories import auth_headers, make_enterprise, make_need, make_user

A_NAME, B_NAME = "甲链主有限公司", "乙链主有限公司"
LEDGER_A = (
    "owner,item,supplier,supplier_region,amount,period,category\n"
    f"{A_NAME},ＰＣＢ 板,武汉电子有限公司,420102,2000,2025-01,3982\n"
    f"{A_NAME},pcb板,武汉电子有限公司,420100,500,2025-02,3982\n"
    f"{A_NAME},轴承,赤壁轴承有限公司,421281,1000,2025-Q1,3451\n"
    f"{A_NAME},轴 承,临湘轴承有限公司,430682,3000,2025-04,3451\n"
    f"{A_NAME},电机,东莞电机有限公司,441900,1500000,2025-Q2,3812\n"
    f"{A_NAME},包装箱,咸安包装有限公司,421202,800,2025-06,2231\n"
)
LEDGER_B = (
    "owner,item,supplier,supplier_region,amount,period\n"
    f"{B_NAME},钢材,临湘钢铁有限公司,430682,4000,2025-03\n"
    f"{B_NAME},钢材,武汉钢铁有限公司,420100,6000,2025-05\n"
)
ROUTES = ("rates", "single-source", "gaps", "projected", "funnel")


class FakeIndex:
    """Local candidates exist only for PCB (the registered 咸安电路有限公司)."""

    def __init__(self, supplier_id: int) -> None:
        self.supplier_id = supplier_id

    def local_candidates(self, *, title: str, top: int = 3, **_: Any) -> list[MatchResult]:
        if "pcb" not in item_key(title):
            return []
        result = MatchResult(
            "q", str(self.supplier_id), 1, 0.91, {"title": 0.91}, ("pcb",), ("同名产品",)
        )
        return [result][:top]


@dataclass
class World:
    a: Enterprise
    b: Enterprise
    local_pcb: Enterprise
    bureau: dict[str, str]
    owner_a: dict[str, str]


def upload(client: TestClient, owner: Enterprise, text: str, headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/purchases/import",
        params={"owner_id": owner.id},
        files={"file": ("ledger.csv", text.encode("gbk"), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    a = make_enterprise(session, name=A_NAME, owner=True, supplier=False, region_code="421221")
    b = make_enterprise(session, name=B_NAME, owner=True, supplier=False, region_code="421281")
    assert a.id is not None
    session.add(EnterpriseChain(enterprise_id=a.id, chain_code="xy-auto"))
    session.commit()
    local_pcb = make_enterprise(session, name="咸安电路有限公司", region_code="421202")
    far_motor = make_enterprise(session, name="深圳电机有限公司", region_code="440300")
    local_steel = make_enterprise(session, name="咸宁钢材有限公司", region_code="421202")
    bureau = auth_headers(client, make_user(session, role=UserRole.bureau))
    owner_a = auth_headers(client, make_user(session, role=UserRole.owner, enterprise=a))
    upload(client, a, LEDGER_A, bureau)
    upload(client, b, LEDGER_B, bureau)
    motor_current = [{"name": "东莞电机有限公司", "region_code": "441900"}]
    pcb = make_need(
        session,
        owner=a,
        title="PCB板",
        amount="30000",
        category="3982",
        chain_code="xn-electronics",
        current_suppliers=[],
    )
    motor = make_need(
        session,
        owner=a,
        title="电机",
        amount="3000000",
        category="3812",
        chain_code="xn-electronics",
        current_suppliers=motor_current,
    )
    steel = make_need(
        session,
        owner=b,
        title="钢材",
        amount="500000",
        category="3130",
        chain_code="xn-metallurgy",
        current_suppliers=[],
    )
    make_need(session, owner=b, title="铝型材", amount="99", category="3252", status="closed")
    for need, supplier, status in (
        (pcb, local_pcb, "shortlisted"),
        (pcb, far_motor, "suggested"),
        (motor, far_motor, "contracted"),
        (steel, local_steel, "contracted"),
    ):
        assert need.id is not None
        assert supplier.id is not None
        session.add(Match(need_id=need.id, supplier_id=supplier.id, status=status, score=0.8))
    session.commit()
    assert local_pcb.id is not None
    client.app.state.match_index = FakeIndex(local_pcb.id)  # type: ignore[attr-defined]
    return World(a, b, local_pcb, bureau, owner_a)


def get(client: TestClient, route: str, headers: dict[str, str], **params: Any) -> Any:
    response = client.get(f"/api/v1/metrics/{route}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


WINDOW = {"period_from": "2025-01", "period_to": "2025-06"}


def test_rates_whole_city(client: TestClient, world: World) -> None:
    data = get(client, "rates", world.bureau, **WINDOW)
    overall = data["overall"]
    assert (overall["local_amount"], overall["near_amount"], overall["total_amount"]) == (
        1800,
        10300,
        1517300,
    )
    assert overall["rate"] == pytest.approx(1800 / 1517300)
    assert overall["near_rate"] == pytest.approx(10300 / 1517300)
    # items: 甲 PCB板 (ＰＣＢ 板 = pcb板), 轴承 (= 轴 承), 电机, 包装箱; 乙 钢材
    assert (overall["items"], overall["local_items"], overall["near_items"]) == (5, 2, 4)
    assert overall["item_rate"] == pytest.approx(2 / 5)
    assert [(q["period"], q["local_amount"], q["total_amount"]) for q in data["trend"]] == [
        ("2025-Q1", 1000, 7500),
        ("2025-Q2", 800, 1509800),
    ]
    assert [(o["owner"], o["rate"]) for o in data["by_owner"]] == [
        (B_NAME, 0.0),  # sorted by name: 乙 (U+4E59) before 甲 (U+7532)
        (A_NAME, pytest.approx(1800 / 1507300)),
    ]
    assert data["target_rate"] is None
    assert data["scope"] == {**WINDOW, "chain": None, "county": None, "owner_id": None}


def test_rates_scopes(client: TestClient, world: World) -> None:
    b_only = get(client, "rates", world.bureau, owner_id=world.b.id)["overall"]
    assert (b_only["rate"], b_only["near_rate"], b_only["item_rate"]) == (0.0, 0.6, 0.0)
    assert get(client, "rates", world.bureau, county="421281")["overall"] == b_only
    a_county = get(client, "rates", world.bureau, county="421221")["overall"]
    assert a_county["total_amount"] == 1507300
    chain = get(client, "rates", world.bureau, chain="xy-auto")
    assert chain["overall"]["total_amount"] == 1507300  # 甲's lines: no chain column, 甲 in xy-auto
    assert chain["target_rate"] == 0.4
    empty = get(client, "rates", world.bureau, period_from="2024", period_to="2024")
    assert empty["overall"]["rate"] is None
    assert empty["overall"]["total_amount"] == 0
    assert empty["trend"] == []
    first_quarter = get(client, "rates", world.bureau, period_from="2025-Q1", period_to="2025-Q1")
    assert first_quarter["overall"]["total_amount"] == 7500


def test_rates_equal_ledger_report(
    client: TestClient, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(LEDGER_A, encoding="utf-8")
    near = ",".join(c for c in client.app.state.settings.resolved_near_regions() if c != "421200")  # type: ignore[attr-defined]
    argv = ["ledger-report", "--ledger", str(path), "--home-region", "421200", "--near", near]
    assert main([*argv, "--from", "2025-01", "--to", "2025-Q2"]) == 0
    expected = json.loads(capsys.readouterr().out)
    served = get(
        client,
        "rates",
        world.bureau,
        owner_id=world.a.id,
        period_from="2025-01",
        period_to="2025-Q2",
    )
    assert [g.pop("owner_id") for g in served["by_owner"]] == [world.a.id]  # the service adds ids
    assert {k: served[k] for k in expected} == expected


def test_drill_down_and_xlsx(client: TestClient, world: World) -> None:
    page = get(client, "rates", world.bureau, owner_id=world.b.id, detail="lines", limit=1)
    assert page["total"] == 2
    assert [(r["supplier_name"], r["local"], r["near"], r["amount"]) for r in page["items"]] == [
        ("临湘钢铁有限公司", False, False, 4000)
    ]
    response = client.get("/api/v1/metrics/rates", params={"format": "xlsx"}, headers=world.bureau)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="rates.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert "明细" in workbook.sheetnames
    assert workbook["明细"].max_row == 9  # header + 8 lines


def test_single_source(client: TestClient, world: World) -> None:
    data = get(client, "single-source", world.bureau, **WINDOW)
    assert data["window_months"] == 6
    rows = [
        (
            i["owner"],
            i["item"],
            i["supplier"],
            i["yearly_amount"],
            i["has_local_alternative"],
            i["risk_level"],
        )
        for i in data["items"]
    ]
    assert rows == [
        (A_NAME, "电机", "东莞电机有限公司", 3000000, False, "high"),
        (A_NAME, "ＰＣＢ 板", "武汉电子有限公司", 5000, True, "medium"),
        (A_NAME, "包装箱", "咸安包装有限公司", 1600, False, "low"),
    ]
    assert data["items"][1]["candidates"] == [
        {
            "supplier_id": world.local_pcb.id,
            "name": "咸安电路有限公司",
            "score": 0.91,
            "reasons": ["同名产品"],
        }
    ]
    assert data["counts"] == {"high": 1, "medium": 1, "low": 1}
    assert "100 万元" in data["risk_rule"]
    lines = get(client, "single-source", world.bureau, detail="lines", **WINDOW)
    assert lines["total"] == 4  # 电机, two PCB lines, 包装箱


def test_gaps(client: TestClient, world: World) -> None:
    data = get(client, "gaps", world.bureau, **WINDOW)
    assert (data["open_needs"], data["gap_needs"], data["total_yearly_amount"]) == (3, 2, 3500000)
    groups = [
        (
            c["category"],
            c["category_name"],
            c["needs"],
            c["total_yearly_amount"],
            [(s["name"], s["region"], s["ledger_amount"]) for s in c["out_of_region_suppliers"]],
        )
        for c in data["categories"]
    ]
    assert groups == [
        ("381", "电机制造", 1, 3000000, [("东莞电机有限公司", "441900", 1500000)]),
        (
            "313",
            "钢压延加工",
            1,
            500000,
            [("武汉钢铁有限公司", "420100", 6000), ("临湘钢铁有限公司", "430682", 4000)],
        ),
    ]
    needs = get(client, "gaps", world.bureau, detail="lines")
    assert [n["title"] for n in needs["items"]] == ["电机", "钢材"]


def test_projected(client: TestClient, world: World) -> None:
    data = get(client, "projected", world.bureau, **WINDOW)
    assert data["current"]["local_amount"] == 1800
    # shortlisted PCB→咸安电路 moves 2000 + 500; contracted 钢材→咸宁钢材 moves 4000 + 6000;
    # the contracted 电机 match is with a non-local supplier and moves nothing
    assert data["projected"]["local_amount"] == 1800 + 2500 + 10000
    assert data["projected"]["rate"] == pytest.approx(14300 / 1517300)
    assert (data["lines_moved"], data["amount_moved"], data["matches_used"]) == (4, 12500, 2)
    assert data["projected"]["local_items"] == 4
    only_a = get(client, "projected", world.bureau, owner_id=world.a.id)
    assert only_a["projected"]["local_amount"] == 4300


def test_funnel(client: TestClient, world: World) -> None:
    data = get(client, "funnel", world.bureau)
    chains = {c["chain"]: c for c in data["chains"]}
    electronics, metallurgy = chains["xn-electronics"], chains["xn-metallurgy"]
    assert {k: v for k, v in electronics["counts"].items() if v} == {
        "suggested": 1,
        "shortlisted": 1,
        "contracted": 1,
    }
    assert electronics["contracted_local_amount"] == 0
    assert metallurgy["counts"]["contracted"] == 1
    assert metallurgy["contracted_local_amount"] == 500000
    assert data["total"]["matches"] == 4
    assert data["total"]["contracted_local_amount"] == 500000
    assert (
        get(client, "funnel", world.bureau, period_from="2000", period_to="2000")["total"][
            "matches"
        ]
        == 0
    )


@pytest.mark.parametrize("route", ROUTES)
def test_access_per_role(client: TestClient, session: Session, world: World, route: str) -> None:
    url = f"/api/v1/metrics/{route}"
    assert client.get(url).status_code == 401
    supplier = make_user(session, role=UserRole.supplier, enterprise=world.local_pcb)
    assert client.get(url, headers=auth_headers(client, supplier)).status_code == 403
    assert (
        client.get(url, params={"owner_id": world.b.id}, headers=world.owner_a).status_code == 403
    )
    own = client.get(url, headers=world.owner_a)
    assert own.status_code == 200
    assert own.json()["scope"]["owner_id"] == world.a.id  # forced to the owner's own figures
    assert client.get(url, params={"owner_id": 9999}, headers=world.bureau).status_code == 404
    assert client.get(url, params={"chain": "nope"}, headers=world.bureau).status_code == 404
    assert client.get(url, params={"county": "999999"}, headers=world.bureau).status_code == 422
    assert client.get(url, headers=world.bureau).status_code == 200


def test_owner_sees_only_its_figures(client: TestClient, world: World) -> None:
    data = get(client, "rates", world.owner_a)
    assert [o["owner"] for o in data["by_owner"]] == [A_NAME]
    assert data["overall"]["total_amount"] == 1507300
    assert Decimal(str(data["overall"]["local_amount"])) == Decimal(1800)
