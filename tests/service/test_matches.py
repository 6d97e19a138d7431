"""Ranked matches both ways, the pipeline, declines remembered, and index consistency across processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.app import create_app
from service.core.config import Settings
from service.enterprises.tables import Enterprise, EnterpriseTag
from service.needs.tables import Need
from tests.factories import auth_headers, make_capability, make_enterprise, make_need, make_user


class World:
    """A chain owner with one need, three suppliers, and a user for each party."""

    def __init__(self, client: TestClient, session: Session) -> None:
        self.client = client
        self.owner = make_enterprise(
            session, name="湖北示例汽车零部件有限公司", owner=True, supplier=False
        )
        self.need: Need = make_need(
            session,
            owner=self.owner,
            title="铝合金压铸件",
            description="ADC12 压铸 壳体 去毛刺 CNC 精加工",
            category="3670",
            required_certifications=["IATF16949"],
        )
        self.local = make_enterprise(session, name="咸宁精铸科技有限公司", region_code="421202")
        make_capability(
            session,
            supplier=self.local,
            title="铝合金压力铸造",
            category="3391",
            description="ADC12 铝压铸件 CNC 加工 汽车壳体",
            certifications=[{"code": "IATF16949", "expires_on": "2099-12-31"}],
        )
        self.far = make_enterprise(session, name="宁波某压铸有限公司", region_code="330206")
        make_capability(
            session,
            supplier=self.far,
            title="铝合金压铸件",
            category="3391",
            description="ADC12 压铸 汽车零部件 壳体",
            certifications=[{"code": "IATF16949", "expires_on": "2020-01-01"}],
        )
        self.noise = make_enterprise(session, name="通山县茶叶有限公司", region_code="421224")
        make_capability(session, supplier=self.noise, title="绿茶 红茶 加工", category="1530")
        self.owner_h = auth_headers(
            client, make_user(session, role=UserRole.owner, enterprise=self.owner)
        )
        self.local_h = auth_headers(
            client, make_user(session, role=UserRole.supplier, enterprise=self.local)
        )
        self.far_h = auth_headers(
            client, make_user(session, role=UserRole.supplier, enterprise=self.far)
        )
        self.bureau_h = auth_headers(client, make_user(session, role=UserRole.bureau))

    def matches(self, headers: dict[str, str] | None = None) -> list[dict[str, object]]:
        response = self.client.get(
            f"/api/v1/needs/{self.need.id}/matches", headers=headers or self.owner_h
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def move(self, match_id: int, to: str, headers: dict[str, str], **kw: object) -> TestClient:
        return self.client.post(
            f"/api/v1/matches/{match_id}/transition", json={"to": to, **kw}, headers=headers
        )


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    world = World(client, session)
    client.app.state.match_index.build()  # type: ignore[attr-defined]
    return world


def by_supplier(ranked: list[dict[str, object]]) -> dict[int, dict[str, object]]:
    return {r["supplier"]["id"]: r for r in ranked}  # type: ignore[index]


class TestNeedMatches:
    def test_local_certified_supplier_first_with_reasons(self, world: World) -> None:
        ranked = world.matches()
        assert ranked[0]["supplier"]["id"] == world.local.id  # type: ignore[index]
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        assert all(0 <= r["score"] <= 1 for r in ranked)  # type: ignore[operator]
        top = ranked[0]
        assert top["supplier"]["certifications"] == ["IATF16949"]  # type: ignore[index]
        assert any("压铸" in t for t in top["matched_terms"])  # type: ignore[union-attr]
        assert top["status"] == "suggested"
        assert abs(sum(top["components"].values()) - top["score"]) < 1e-5  # type: ignore[union-attr]

    def test_each_supplier_is_shown_with_its_name_region_and_tags(
        self, world: World, session: Session
    ) -> None:
        session.add(EnterpriseTag(enterprise_id=world.local.id, tag="专精特新"))
        session.add(EnterpriseTag(enterprise_id=world.local.id, tag="小巨人"))
        session.commit()
        shown = {
            r["supplier"]["id"]: {k: r["supplier"][k] for k in ("name", "region_name", "tags")}  # type: ignore[index]
            for r in world.matches()
        }
        assert shown[world.local.id] == {
            "name": "咸宁精铸科技有限公司",
            "region_name": "湖北省咸宁市咸安区",
            "tags": ["专精特新", "小巨人"],
        }
        assert shown[world.far.id] == {
            "name": "宁波某压铸有限公司",
            "region_name": "浙江省宁波市北仑区",
            "tags": [],
        }

    def test_expired_certificate_does_not_count(self, world: World) -> None:
        far = by_supplier(world.matches())[world.far.id]
        assert far["supplier"]["certifications"] == []  # type: ignore[index]
        assert any("IATF" in reason for reason in far["reasons"])  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("who", "code"), [("anonymous", 401), ("supplier", 403), ("other_owner", 403)]
    )
    def test_only_owner_and_bureau(
        self, world: World, session: Session, who: str, code: int
    ) -> None:
        headers: dict[str, str] = {}
        if who == "supplier":
            headers = world.local_h
        elif who == "other_owner":
            other = make_enterprise(session, owner=True, supplier=False)
            headers = auth_headers(
                world.client, make_user(session, role=UserRole.owner, enterprise=other)
            )
        response = world.client.get(f"/api/v1/needs/{world.need.id}/matches", headers=headers)
        assert response.status_code == code
        assert (
            world.client.get(
                f"/api/v1/needs/{world.need.id}/matches", headers=world.bureau_h
            ).status_code
            == 200
        )

    def test_missing_need_is_404(self, world: World) -> None:
        assert (
            world.client.get("/api/v1/needs/99999/matches", headers=world.bureau_h).status_code
            == 404
        )

    def test_new_capability_is_visible_to_the_next_query(self, world: World) -> None:
        newcomer = world.client.post(
            "/api/v1/enterprises",
            headers=world.bureau_h,
            json={"name": "嘉鱼县新锐压铸有限公司", "region_code": "421221", "roles": ["supplier"]},
        ).json()
        world.client.post(
            "/api/v1/capabilities",
            headers=world.bureau_h,
            json={
                "supplier_id": newcomer["id"],
                "title": "铝合金压铸件 ADC12",
                "description": "汽车壳体 压铸 CNC",
            },
        )
        assert newcomer["id"] in by_supplier(world.matches())


class TestOpportunities:
    def test_supplier_sees_the_need(self, world: World) -> None:
        response = world.client.get(
            f"/api/v1/enterprises/{world.local.id}/opportunities", headers=world.local_h
        )
        assert response.status_code == 200
        first = response.json()[0]
        assert first["need"]["id"] == world.need.id
        assert first["need"]["owner_name"] == "湖北示例汽车零部件有限公司"
        assert "yearly_amount" not in first["need"]

    def test_other_supplier_is_403(self, world: World) -> None:
        response = world.client.get(
            f"/api/v1/enterprises/{world.local.id}/opportunities", headers=world.far_h
        )
        assert response.status_code == 403


class TestPipeline:
    def test_owner_and_supplier_walk_to_a_contract(self, world: World) -> None:
        match_id = world.matches()[0]["match_id"]
        assert world.move(match_id, "shortlisted", world.owner_h).json()["status"] == "shortlisted"
        assert world.move(match_id, "interested", world.local_h).json()["status"] == "interested"
        assert world.move(match_id, "contacted", world.local_h).status_code == 200
        assert world.move(match_id, "sampling", world.owner_h).status_code == 200
        done = world.move(match_id, "contracted", world.owner_h).json()
        assert done["status"] == "contracted"
        assert [(e["from_status"], e["to_status"], e["actor_role"]) for e in done["events"]] == [
            ("suggested", "shortlisted", "owner"),
            ("shortlisted", "interested", "supplier"),
            ("interested", "contacted", "supplier"),
            ("contacted", "sampling", "owner"),
            ("sampling", "contracted", "owner"),
        ]

    def test_rules(self, world: World) -> None:
        match_id = world.matches()[0]["match_id"]
        skip = world.move(match_id, "contracted", world.owner_h)
        assert skip.status_code == 422
        assert skip.json()["detail"][0]["msg"] == "不能从「系统推荐」变为「已签约」"
        assert world.move(match_id, "shortlisted", world.local_h).status_code == 403
        assert world.move(match_id, "interested", world.far_h).status_code == 404  # not its pairing
        assert world.move(match_id, "declined", world.owner_h).status_code == 422  # reason required
        assert world.move(match_id, "flying", world.owner_h).status_code == 422

    def test_stale_version_is_409(self, world: World) -> None:
        match_id = world.matches()[0]["match_id"]
        assert world.move(match_id, "shortlisted", world.owner_h, version=1).status_code == 200
        late = world.move(match_id, "declined", world.local_h, version=1, reason="产能已满")
        assert late.status_code == 409
        assert late.json()["current_status"] == "shortlisted"

    def test_declined_pair_is_not_suggested_again_until_capabilities_change(
        self, world: World, session: Session
    ) -> None:
        match_id = world.matches()[0]["match_id"]
        declined = world.move(match_id, "declined", world.owner_h, reason="价格偏高")
        assert (declined.status_code, declined.json()["declined_reason"]) == (200, "价格偏高")
        assert world.local.id not in by_supplier(world.matches())
        cap = world.client.get(
            "/api/v1/capabilities", params={"supplier_id": world.local.id}
        ).json()["items"][0]
        world.client.patch(
            f"/api/v1/capabilities/{cap['id']}",
            headers=world.local_h,
            json={"description": "ADC12 铝压铸件 CNC 加工 汽车壳体 新增真空压铸线"},
        )
        again = by_supplier(world.matches())[world.local.id]
        assert again["status"] == "suggested"

    def test_supplier_starts_a_pairing_by_hand(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/matches",
            json={"need_id": world.need.id, "supplier_id": world.far.id},
            headers=world.far_h,
        )
        assert response.status_code == 201
        listed = world.client.get("/api/v1/matches", headers=world.far_h).json()
        assert [m["supplier_id"] for m in listed["items"]] == [world.far.id]
        assert world.client.get("/api/v1/matches", headers=world.local_h).json()["total"] == 0


@pytest.fixture
def second_process(settings: Settings, client: TestClient) -> Iterator[TestClient]:
    """Another service process on the same database, with its own in-memory index."""
    with TestClient(create_app(settings, migrate=False)) as other:
        yield other


def test_write_in_one_process_is_seen_by_another(world: World, second_process: TestClient) -> None:
    created = second_process.post(
        "/api/v1/enterprises",
        headers=world.bureau_h,
        json={"name": "赤壁市另一家压铸有限公司", "region_code": "421281", "roles": ["supplier"]},
    ).json()
    second_process.post(
        "/api/v1/capabilities",
        headers=world.bureau_h,
        json={
            "supplier_id": created["id"],
            "title": "ADC12 铝合金压铸件",
            "description": "汽车壳体 压力铸造",
        },
    )
    assert created["id"] in by_supplier(world.matches())  # asked of the first process
    deleted = second_process.delete(f"/api/v1/enterprises/{created['id']}", headers=world.bureau_h)
    assert deleted.status_code == 204
    assert created["id"] not in by_supplier(world.matches())


def test_owner_only_enterprise_is_never_a_candidate(world: World, session: Session) -> None:
    owner_ids = {world.owner.id}
    assert not owner_ids & set(by_supplier(world.matches()))


def test_the_index_answers_for_one_supplier_and_one_need(world: World) -> None:
    index = world.client.app.state.match_index  # type: ignore[attr-defined]
    local, far = index.supplier(world.local.id), index.supplier(world.far.id)
    assert (local.name, local.region, local.certifications) == (
        "咸宁精铸科技有限公司",
        "421202",
        ("IATF16949",),
    )
    assert far.certifications == ()  # its certificate expired
    assert index.supplier(world.owner.id) is None  # an owner only: never a candidate
    need = index.need(world.need.id)
    assert (need.title, need.certifications) == ("铝合金压铸件", ("IATF16949",))
    assert index.need(999999) is None


class TestAnnouncements:
    def inbox_titles(self, session: Session, enterprise: Enterprise) -> list[str]:
        from sqlmodel import select

        from service.accounts.tables import User
        from service.notifications.service import inbox

        session.expire_all()
        user = session.exec(select(User).where(User.enterprise_id == enterprise.id)).one()
        assert user.id is not None
        return [n.title for n in inbox(session, user.id)[0]]

    def test_new_need_is_announced_to_a_fitting_supplier_once(
        self, world: World, session: Session
    ) -> None:
        body = {
            "owner_id": world.owner.id,
            "title": "铝合金压力铸造件",
            "description": "ADC12 铝压铸件 CNC 加工 汽车壳体",
        }
        assert (
            world.client.post("/api/v1/needs", json=body, headers=world.owner_h).status_code == 201
        )
        assert self.inbox_titles(session, world.local) == ["新需求适合贵企业：铝合金压力铸造件"]

    def test_status_change_tells_the_other_side(self, world: World, session: Session) -> None:
        match_id = world.matches()[0]["match_id"]
        world.move(match_id, "shortlisted", world.owner_h)
        titles = self.inbox_titles(session, world.local)
        assert titles == ["对接状态更新：铝合金压铸件 — 咸宁精铸科技有限公司"]
        assert self.inbox_titles(session, world.owner) == []  # the owner moved it
