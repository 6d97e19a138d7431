"""One score per pairing (issue 11, class 7): the owner page, the supplier page, the API and the
notification show the same number, computed once by the engine and stored on the pairing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from service.accounts.tables import User, UserRole
from service.needs.tables import Need
from service.notifications.service import inbox
from service.pairings.index import MatchIndex
from service.pairings.tables import Match
from tests.factories import auth_headers, make_capability, make_enterprise, make_user
from tests.web.test_pages import login

NEED = {"title": "铝合金压力铸造件", "description": "ADC12 铝压铸件 CNC 加工 汽车壳体"}


class Pair:
    """An owner posts a need that fits a local die-caster well (so it is announced)."""

    def __init__(self, client: TestClient, session: Session) -> None:
        self.client, self.session = client, session
        self.owner = make_enterprise(session, name="湖北示例汽车零部件有限公司", owner=True)
        self.supplier = make_enterprise(session, name="咸宁精铸科技有限公司")
        make_capability(
            session,
            supplier=self.supplier,
            title="铝合金压力铸造",
            description="ADC12 铝压铸件 CNC 加工 汽车壳体",
        )
        other = make_enterprise(session, name="宁波某压铸有限公司", region_code="330206")
        make_capability(session, supplier=other, title="铝合金压铸件", description="压铸 壳体")
        self.owner_user = make_user(session, role=UserRole.owner, enterprise=self.owner)
        self.supplier_user = make_user(session, role=UserRole.supplier, enterprise=self.supplier)
        self.owner_h = auth_headers(client, self.owner_user)
        self.supplier_h = auth_headers(client, self.supplier_user)
        self.index.build()
        body = {"owner_id": self.owner.id, **NEED}
        response = client.post("/api/v1/needs", json=body, headers=self.owner_h)
        assert response.status_code == 201, response.text
        self.need_id: int = response.json()["id"]

    @property
    def index(self) -> MatchIndex:
        return self.client.app.state.match_index  # type: ignore[attr-defined,no-any-return]

    def get(self, path: str, headers: dict[str, str]) -> Any:
        response = self.client.get(path, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def owner_item(self) -> dict[str, Any]:
        items = self.get(f"/api/v1/needs/{self.need_id}/matches", self.owner_h)
        (item,) = [i for i in items if i["supplier"]["id"] == self.supplier.id]
        return item  # type: ignore[no-any-return]

    def supplier_item(self) -> dict[str, Any]:
        items = self.get(f"/api/v1/enterprises/{self.supplier.id}/opportunities", self.supplier_h)
        (item,) = [i for i in items if i["need"]["id"] == self.need_id]
        return item  # type: ignore[no-any-return]

    def stored(self) -> Match:
        self.session.expire_all()
        return self.session.exec(
            select(Match).where(
                Match.need_id == self.need_id, Match.supplier_id == self.supplier.id
            )
        ).one()

    def engine_score(self) -> float:
        """The pair scored now by one engine call on the records the index holds."""
        need, supplier = self.index.need(self.need_id), self.index.supplier(self.supplier.id)
        assert need is not None
        assert supplier is not None
        return self.index.engine.score_pair(need, supplier).score


@pytest.fixture
def pair(client: TestClient, session: Session) -> Pair:
    return Pair(client, session)


def page_score(client: TestClient, user: User, path: str, row: str) -> str:
    """The 匹配度 cell of one row of a page (`row`: the row's data attribute)."""
    login(client, user)
    html = client.get(path).text
    found = re.search(rf'<tr {row}[^>]*>.*?data-testid="score">(\d+)</b>', html, re.S)
    assert found is not None, html
    return found.group(1)


def inbox_bodies(session: Session, user: User) -> list[str]:
    assert user.id is not None
    return [n.body for n in inbox(session, user.id)[0]]


def test_one_pair_shows_one_score_on_both_pages_the_api_and_the_notification(
    pair: Pair, client: TestClient, session: Session
) -> None:
    score = pair.stored().score
    assert score == pytest.approx(pair.engine_score(), abs=1e-9)  # one engine call, stored
    points = f"{score * 100:.0f}"
    assert inbox_bodies(session, pair.supplier_user) == [
        f"湖北示例汽车零部件有限公司 发布了配套需求「{NEED['title']}」，与贵企业能力匹配度 {points}。"
    ]
    owner_item, supplier_item = pair.owner_item(), pair.supplier_item()
    assert (owner_item["score"], supplier_item["score"]) == (score, score)
    assert owner_item["components"] == supplier_item["components"] == pair.stored().components
    match = pair.get(f"/api/v1/matches/{owner_item['match_id']}", pair.supplier_h)
    assert match["score"] == score
    owner_page = f"/owner/needs/{pair.need_id}"
    assert (
        page_score(client, pair.owner_user, owner_page, f'data-supplier="{pair.supplier.id}"')
        == points
    )
    opportunities = "/supplier/opportunities"
    assert (
        page_score(client, pair.supplier_user, opportunities, f'data-need="{pair.need_id}"')
        == points
    )


def test_other_firms_joining_do_not_move_a_stored_score(pair: Pair, session: Session) -> None:
    score = pair.owner_item()["score"]
    for n in range(3):
        newcomer = make_enterprise(session, name=f"咸宁第{n}铸造有限公司")
        make_capability(session, supplier=newcomer, title="ADC12 压铸 汽车壳体 铝合金")
    assert pair.engine_score() != score  # the corpus moved the live score ...
    assert pair.owner_item()["score"] == score  # ... not the pair's
    assert pair.supplier_item()["score"] == score


def test_a_changed_side_is_scored_again_everywhere(pair: Pair, session: Session) -> None:
    before = pair.owner_item()["score"]
    make_capability(
        session, supplier=pair.supplier, title="汽车铝合金压铸壳体", description="ADC12"
    )
    after = pair.supplier_item()["score"]  # read first from the supplier's side
    assert after != before
    assert after == pytest.approx(pair.engine_score(), abs=1e-9)
    assert pair.stored().score == after
    assert pair.owner_item()["score"] == after


def test_a_pairing_stored_without_a_key_is_scored_on_its_next_read(
    pair: Pair, session: Session
) -> None:
    """Rows from before migration 0008, or pairings a person started by hand, have no key."""
    match_id = pair.owner_item()["match_id"]
    match = pair.stored()
    match.score, match.score_key = 0.01, ""
    session.add(match)
    session.commit()
    read = pair.get(f"/api/v1/matches/{match_id}", pair.owner_h)
    assert read["score"] == pytest.approx(pair.engine_score(), abs=1e-9)
    assert pair.stored().score == read["score"]


def test_a_pairing_started_by_hand_carries_its_score(client: TestClient, session: Session) -> None:
    owner = make_enterprise(session, owner=True, supplier=False)
    supplier = make_enterprise(session)
    make_capability(session, supplier=supplier, title="精密冲压件", description="汽车冲压 模具")
    need = Need(owner_id=owner.id, title="精密冲压件", description="冷轧钢板 冲压")
    session.add(need)
    session.commit()
    headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=supplier))
    index: MatchIndex = client.app.state.match_index  # type: ignore[attr-defined]
    response = client.post(
        "/api/v1/matches", json={"need_id": need.id, "supplier_id": supplier.id}, headers=headers
    )
    assert response.status_code == 201, response.text
    need_record, supplier_record = index.need(need.id or 0), index.supplier(supplier.id or 0)
    assert need_record is not None
    assert supplier_record is not None
    expected = index.engine.score_pair(need_record, supplier_record).score
    assert response.json()["score"] == pytest.approx(expected, abs=1e-9)
    assert expected > 0


def test_the_owner_is_told_of_a_strong_supplier_with_the_stored_score(
    client: TestClient, session: Session
) -> None:
    owner = make_enterprise(session, name="湖北示例汽车零部件有限公司", owner=True)
    owner_user = make_user(session, role=UserRole.owner, enterprise=owner)
    need = Need(owner_id=owner.id, **NEED)
    session.add(need)
    other = make_enterprise(session, name="宁波某压铸有限公司", region_code="330206")
    make_capability(session, supplier=other, title="铝合金压铸件", description="压铸 壳体")
    supplier = make_enterprise(session, name="咸宁精铸科技有限公司")
    headers = auth_headers(client, make_user(session, role=UserRole.supplier, enterprise=supplier))
    client.app.state.match_index.build()  # type: ignore[attr-defined]
    capability = {
        "supplier_id": supplier.id,
        "title": "铝合金压力铸造",
        "description": "ADC12 铝压铸件 CNC 加工 汽车壳体",
    }
    response = client.post("/api/v1/capabilities", json=capability, headers=headers)
    assert response.status_code == 201, response.text
    session.expire_all()
    stored = session.exec(select(Match).where(Match.supplier_id == supplier.id)).one()
    assert inbox_bodies(session, owner_user) == [
        f"咸宁精铸科技有限公司（匹配度 {stored.score * 100:.0f}）可能满足您的需求「{NEED['title']}」。"
    ]
