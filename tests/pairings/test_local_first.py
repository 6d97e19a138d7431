"""Local first (issue 11, class 8): home-region candidates are their own ranking; near-area and
outside firms come apart, for reference; a supplier sees which needs are in its own city."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from tests.factories import auth_headers, make_capability, make_enterprise, make_need, make_user
from tests.web.test_pages import login

DIE_CASTING = "铝合金压铸件 ADC12 汽车壳体"


class Firms:
    """An owner in 咸安区 (home region 咸宁市) and die-casters at home, near and far; the firms
    elsewhere describe the need more closely, so they lead an unscoped ranking."""

    def __init__(self, client: TestClient, session: Session) -> None:
        self.client = client
        self.owner = make_enterprise(session, name="湖北示例汽车零部件有限公司", owner=True)
        self.need = make_need(
            session, owner=self.owner, title="铝合金压铸件", description="ADC12 汽车壳体"
        )
        self.firms = {}
        for name, region, text in (
            ("宁波某压铸有限公司", "330206", DIE_CASTING),
            ("武汉某压铸有限公司", "420106", "铝合金压铸件 汽车壳体"),
            ("咸宁精铸科技有限公司", "421202", "铝合金压铸件 ADC12"),
            ("嘉鱼压铸有限公司", "421221", "压铸件 模具"),
        ):
            firm = make_enterprise(session, name=name, region_code=region)
            make_capability(session, supplier=firm, title=text)
            self.firms[name] = firm
        tea = make_enterprise(session, name="通山县茶叶有限公司", region_code="421224")
        make_capability(session, supplier=tea, title="绿茶 红茶")
        self.owner_user = make_user(session, role=UserRole.owner, enterprise=self.owner)
        self.owner_h = auth_headers(client, self.owner_user)
        client.app.state.match_index.build()  # type: ignore[attr-defined]

    def matches(self, query: str = "") -> Any:
        response = self.client.get(
            f"/api/v1/needs/{self.need.id}/matches{query}", headers=self.owner_h
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def firms(client: TestClient, session: Session) -> Firms:
    return Firms(client, session)


def shown(items: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(i["rank"], i["supplier"]["name"], i["locality"]) for i in items]


def test_scope_local_ranks_only_home_region_suppliers(firms: Firms) -> None:
    assert shown(firms.matches("?scope=local")) == [
        (1, "咸宁精铸科技有限公司", "local"),
        (2, "嘉鱼压铸有限公司", "local"),
    ]


def test_scope_near_adds_the_near_area(firms: Firms) -> None:
    assert shown(firms.matches("?scope=near")) == [
        (1, "武汉某压铸有限公司", "near"),
        (2, "咸宁精铸科技有限公司", "local"),
        (3, "嘉鱼压铸有限公司", "local"),
    ]


def test_all_is_the_default_and_says_where_each_firm_is(firms: Firms) -> None:
    everything = firms.matches()
    assert sorted((name, where) for _, name, where in shown(everything)) == [
        ("咸宁精铸科技有限公司", "local"),
        ("嘉鱼压铸有限公司", "local"),
        ("宁波某压铸有限公司", "outside"),
        ("武汉某压铸有限公司", "near"),
    ]
    assert [i["rank"] for i in everything] == [1, 2, 3, 4]
    scores = [i["score"] for i in everything]
    assert scores == sorted(scores, reverse=True)
    assert firms.matches("?scope=all") == everything


def test_a_scoped_list_shows_the_same_score_as_the_full_one(firms: Firms) -> None:
    full = {i["supplier"]["name"]: i["score"] for i in firms.matches()}
    local = {i["supplier"]["name"]: i["score"] for i in firms.matches("?scope=local")}
    assert local == {name: full[name] for name in ("咸宁精铸科技有限公司", "嘉鱼压铸有限公司")}


def test_unknown_scope_is_422(firms: Firms) -> None:
    response = firms.client.get(
        f"/api/v1/needs/{firms.need.id}/matches?scope=county", headers=firms.owner_h
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"], error["input"]) == (["query", "scope"], "county")


def rows(html: str, testid: str) -> list[tuple[str, str, str]]:
    """(rank, firm, place pill) of each row in the table with this data-testid."""
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S)
    assert table is not None, html
    return re.findall(
        r"<tr data-supplier=\"\d+\" data-locality=\"\w+\">\s*<td>(\d+)</td>\s*<td><b>([^<]+)</b>"
        r".*?<span class=\"pill[^\"]*\">([^<]+)</span>",
        table.group(1),
        re.S,
    )


def test_owner_page_lists_local_candidates_first_and_the_rest_apart(
    firms: Firms, client: TestClient
) -> None:
    login(client, firms.owner_user)
    html = client.get(f"/owner/needs/{firms.need.id}").text
    assert rows(html, "candidates") == [
        ("1", "咸宁精铸科技有限公司", "本地"),
        ("2", "嘉鱼压铸有限公司", "本地"),
    ]
    pills = {"near": "周边", "outside": "外地"}
    apart = [(n, pills[w]) for _, n, w in shown(firms.matches()) if w != "local"]
    assert rows(html, "elsewhere") == [(str(k), n, p) for k, (n, p) in enumerate(apart, 1)]
    assert sorted(p for _, p in apart) == ["周边", "外地"]
    assert html.index('data-testid="candidates"') < html.index("供参考：周边及外地企业")
    assert html.index("供参考：周边及外地企业") < html.index('data-testid="elsewhere"')
    assert (
        '<p class="muted" data-testid="local-note">此处只列湖北省咸宁市本地企业，按匹配度单独排序；'
        "周边及外地企业列在下方，仅供参考。</p>"
    ) in html


def test_supplier_opportunities_say_which_needs_are_in_its_city(
    client: TestClient, session: Session
) -> None:
    supplier = make_enterprise(session, name="咸宁精铸科技有限公司", region_code="421202")
    make_capability(session, supplier=supplier, title=DIE_CASTING)
    needs = {}
    for owner_name, region in (
        ("嘉鱼汽车零部件有限公司", "421221"),
        ("武汉汽车有限公司", "420106"),
    ):
        owner = make_enterprise(session, name=owner_name, region_code=region, owner=True)
        needs[owner_name] = make_need(session, owner=owner, title="铝合金压铸件")
    user = make_user(session, role=UserRole.supplier, enterprise=supplier)
    client.app.state.match_index.build()  # type: ignore[attr-defined]
    response = client.get(
        f"/api/v1/enterprises/{supplier.id}/opportunities", headers=auth_headers(client, user)
    )
    assert response.status_code == 200, response.text
    assert sorted(
        (i["need"]["owner_name"], i["locality"], i["same_city"]) for i in response.json()
    ) == [("嘉鱼汽车零部件有限公司", "local", True), ("武汉汽车有限公司", "near", False)]
    login(client, user)
    html = client.get("/supplier/opportunities").text
    marked = re.findall(r'<tr data-need="(\d+)" data-same-city="(\w+)">', html)
    assert sorted(marked) == sorted(
        [
            (str(needs["嘉鱼汽车零部件有限公司"].id), "yes"),
            (str(needs["武汉汽车有限公司"].id), "no"),
        ]
    )
    assert html.count('data-testid="same-city">同城</span>') == 1
    assert "标「同城」的需求方与贵企业同在湖北省咸宁市" in html
