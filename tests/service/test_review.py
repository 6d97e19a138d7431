"""Review means review: a firm under review (pending or rejected) signs in and edits its draft,
but its needs, capabilities and profile are seen only by itself and the bureau, and nobody pairs
with it; an approved firm's identity changes wait for the bureau (old values stay public);
government-designation tags are the bureau's alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.enterprises.tables import Enterprise
from service.needs.tables import Need
from tests.factories import auth_headers, make_capability, make_enterprise, make_need, make_user

NEED_TEXT = {"title": "铝合金压铸件", "description": "ADC12 压铸 壳体 CNC 精加工"}
CAPABILITY_TEXT = {"title": "铝合金压力铸造", "description": "ADC12 铝压铸件 CNC 加工 壳体"}


@dataclass
class World:
    """An approved owner and supplier, a pending owner and a pending supplier with the same
    texts (so the engine would pair all four), and a signed-in user for each, and the bureau."""

    approved_owner: Enterprise
    approved_supplier: Enterprise
    pending_owner: Enterprise
    pending_supplier: Enterprise
    approved_need: Need
    pending_need: Need
    pending_capability_id: int
    headers: dict[str, dict[str, str]]


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    approved_owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    pending_owner = make_enterprise(
        session, name="乙待审链主有限公司", owner=True, supplier=False, status="pending"
    )
    approved_supplier = make_enterprise(session, name="丙配套有限公司")
    pending_supplier = make_enterprise(session, name="丁待审配套有限公司", status="pending")
    approved_need = make_need(session, owner=approved_owner, **NEED_TEXT)
    pending_need = make_need(session, owner=pending_owner, **NEED_TEXT)
    make_capability(session, supplier=approved_supplier, **CAPABILITY_TEXT)
    pending_capability = make_capability(session, supplier=pending_supplier, **CAPABILITY_TEXT)
    client.app.state.match_index.build()  # type: ignore[attr-defined]

    def signed_in(role: UserRole, firm: Enterprise | None) -> dict[str, str]:
        return auth_headers(client, make_user(session, role=role, enterprise=firm))

    headers = {
        "anonymous": {},
        "bureau": signed_in(UserRole.bureau, None),
        "approved_owner": signed_in(UserRole.owner, approved_owner),
        "approved_supplier": signed_in(UserRole.supplier, approved_supplier),
        "pending_owner": signed_in(UserRole.owner, pending_owner),
        "pending_supplier": signed_in(UserRole.supplier, pending_supplier),
    }
    assert pending_capability.id is not None
    return World(
        approved_owner,
        approved_supplier,
        pending_owner,
        pending_supplier,
        approved_need,
        pending_need,
        pending_capability.id,
        headers,
    )


def _statuses(client: TestClient, world: World, path: str) -> dict[str, int]:
    return {who: client.get(path, headers=h).status_code for who, h in world.headers.items()}


SEEN_BY_ITSELF_AND_THE_BUREAU = {
    "anonymous": 404,
    "bureau": 200,
    "approved_owner": 404,
    "approved_supplier": 404,
}


class TestUnreviewedFirmsAreHidden:
    def test_pending_need_is_read_only_by_its_owner_and_the_bureau(
        self, client: TestClient, world: World
    ) -> None:
        got = _statuses(client, world, f"/api/v1/needs/{world.pending_need.id}")
        assert got == {
            **SEEN_BY_ITSELF_AND_THE_BUREAU,
            "pending_owner": 200,
            "pending_supplier": 404,
        }

    def test_pending_capability_is_read_only_by_its_firm_and_the_bureau(
        self, client: TestClient, world: World
    ) -> None:
        got = _statuses(client, world, f"/api/v1/capabilities/{world.pending_capability_id}")
        assert got == {
            **SEEN_BY_ITSELF_AND_THE_BUREAU,
            "pending_owner": 404,
            "pending_supplier": 200,
        }

    def test_pending_profile_is_read_only_by_its_firm_and_the_bureau(
        self, client: TestClient, world: World
    ) -> None:
        got = _statuses(client, world, f"/api/v1/enterprises/{world.pending_supplier.id}")
        assert got == {
            **SEEN_BY_ITSELF_AND_THE_BUREAU,
            "pending_owner": 404,
            "pending_supplier": 200,
        }

    def test_lists_leave_them_out_for_others(self, client: TestClient, world: World) -> None:
        def owners(who: str) -> list[int]:
            body = client.get("/api/v1/needs", headers=world.headers[who]).json()
            return sorted(n["owner_id"] for n in body["items"])

        def suppliers(who: str) -> list[int]:
            body = client.get("/api/v1/capabilities", headers=world.headers[who]).json()
            return sorted(c["supplier_id"] for c in body["items"])

        both_owners = sorted([world.approved_owner.id, world.pending_owner.id])  # type: ignore[type-var]
        both_suppliers = sorted([world.approved_supplier.id, world.pending_supplier.id])  # type: ignore[type-var]
        assert owners("anonymous") == [world.approved_owner.id]
        assert owners("approved_supplier") == [world.approved_owner.id]
        assert owners("pending_owner") == both_owners
        assert owners("bureau") == both_owners
        assert suppliers("anonymous") == [world.approved_supplier.id]
        assert suppliers("approved_owner") == [world.approved_supplier.id]
        assert suppliers("pending_supplier") == both_suppliers
        assert suppliers("bureau") == both_suppliers
        total = client.get("/api/v1/needs").json()["total"]
        assert total == 1


class TestNobodyPairsWithThem:
    def test_ranked_candidates_leave_out_the_pending_supplier(
        self, client: TestClient, world: World
    ) -> None:
        ranked = client.get(
            f"/api/v1/needs/{world.approved_need.id}/matches",
            headers=world.headers["approved_owner"],
        ).json()
        assert [r["supplier"]["id"] for r in ranked] == [world.approved_supplier.id]

    def test_opportunities_leave_out_the_pending_owners_need(
        self, client: TestClient, world: World
    ) -> None:
        ranked = client.get(
            f"/api/v1/enterprises/{world.approved_supplier.id}/opportunities",
            headers=world.headers["approved_supplier"],
        ).json()
        assert [r["need"]["id"] for r in ranked] == [world.approved_need.id]

    def test_a_pairing_with_a_pending_firm_is_refused_both_ways(
        self, client: TestClient, world: World
    ) -> None:
        with_pending_supplier = client.post(
            "/api/v1/matches",
            headers=world.headers["approved_owner"],
            json={"need_id": world.approved_need.id, "supplier_id": world.pending_supplier.id},
        )
        with_pending_owner = client.post(
            "/api/v1/matches",
            headers=world.headers["approved_supplier"],
            json={"need_id": world.pending_need.id, "supplier_id": world.approved_supplier.id},
        )
        assert with_pending_supplier.status_code == 422
        assert with_pending_supplier.json()["detail"][0]["msg"] == (
            f"企业 {world.pending_supplier.id} 不是已审核的配套企业"
        )
        assert with_pending_owner.status_code == 422
        assert with_pending_owner.json()["detail"][0]["msg"] == (
            f"需求 {world.pending_need.id} 的发布企业尚未通过审核，不能对接"
        )


class TestDraftsAreEditedFreely:
    def test_pending_firm_changes_its_name_at_once_and_stays_pending(
        self, client: TestClient, world: World
    ) -> None:
        response = client.patch(
            f"/api/v1/enterprises/{world.pending_supplier.id}",
            headers=world.headers["pending_supplier"],
            json={"name": "丁待审精密配套有限公司", "address": "咸安区长江路 1 号"},
        )
        body = response.json()
        assert response.status_code == 200
        assert (body["name"], body["address"], body["status"]) == (
            "丁待审精密配套有限公司",
            "咸安区长江路 1 号",
            "pending",
        )
        assert body["pending_change"] is None

    def test_editing_a_rejected_draft_submits_it_again(
        self, client: TestClient, session: Session, world: World
    ) -> None:
        world.pending_supplier.status = "rejected"
        session.add(world.pending_supplier)
        session.commit()
        response = client.patch(
            f"/api/v1/enterprises/{world.pending_supplier.id}",
            headers=world.headers["pending_supplier"],
            json={"description": "补充了资质说明"},
        )
        assert response.json()["status"] == "pending"


class TestIdentityChangesWaitForTheBureau:
    NEW = {"name": "丙精密配套有限公司", "region_code": "421221", "chain_codes": ["xn-equipment"]}

    def _propose(self, client: TestClient, world: World) -> dict[str, object]:
        response = client.patch(
            f"/api/v1/enterprises/{world.approved_supplier.id}",
            headers=world.headers["approved_supplier"],
            json={**self.NEW, "address": "嘉鱼县"},
        )
        assert response.status_code == 200
        body: dict[str, object] = response.json()
        return body

    def test_the_old_values_stay_public_and_the_rest_applies(
        self, client: TestClient, world: World
    ) -> None:
        body = self._propose(client, world)
        public = client.get(f"/api/v1/enterprises/{world.approved_supplier.id}").json()

        assert (body["name"], body["region_code"], body["chain_codes"]) == (
            "丙配套有限公司",
            "421202",
            [],
        )
        assert body["address"] == "嘉鱼县"  # not a reviewed field
        assert body["status"] == "approved"
        assert body["pending_change"] == self.NEW
        assert (public["name"], public["region_code"]) == ("丙配套有限公司", "421202")
        assert public["pending_change"] is None  # the proposal is the firm's and the bureau's

    def test_bureau_approval_applies_the_change(self, client: TestClient, world: World) -> None:
        self._propose(client, world)
        bureau = world.headers["bureau"]
        changes = client.get(
            f"/api/v1/enterprises/{world.approved_supplier.id}/changes", headers=bureau
        ).json()
        assert [(c["status"], c["changes"]) for c in changes] == [("pending", self.NEW)]

        decided = client.post(
            f"/api/v1/enterprises/{world.approved_supplier.id}/changes/{changes[0]['id']}/approve",
            headers=bureau,
        )

        assert (decided.status_code, decided.json()["status"]) == (200, "approved")
        public = client.get(f"/api/v1/enterprises/{world.approved_supplier.id}").json()
        assert (public["name"], public["region_code"], public["chain_codes"]) == (
            "丙精密配套有限公司",
            "421221",
            ["xn-equipment"],
        )

    def test_bureau_rejection_keeps_the_record(self, client: TestClient, world: World) -> None:
        self._propose(client, world)
        bureau = world.headers["bureau"]
        path = f"/api/v1/enterprises/{world.approved_supplier.id}/changes"
        change_id = client.get(path, headers=bureau).json()[0]["id"]

        rejected = client.post(f"{path}/{change_id}/reject", headers=bureau)
        again = client.post(f"{path}/{change_id}/approve", headers=bureau)

        assert rejected.json()["status"] == "rejected"
        assert (again.status_code, again.json()) == (409, {"detail": "该变更申请已处理"})
        assert client.get(f"/api/v1/enterprises/{world.approved_supplier.id}").json()["name"] == (
            "丙配套有限公司"
        )

    def test_only_the_bureau_decides(self, client: TestClient, world: World) -> None:
        self._propose(client, world)
        path = f"/api/v1/enterprises/{world.approved_supplier.id}/changes"
        change_id = client.get(path, headers=world.headers["bureau"]).json()[0]["id"]
        response = client.post(
            f"{path}/{change_id}/approve", headers=world.headers["approved_supplier"]
        )
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "仅经信局用户可执行此操作"},
        )

    def test_the_bureau_changes_identity_at_once(self, client: TestClient, world: World) -> None:
        response = client.patch(
            f"/api/v1/enterprises/{world.approved_supplier.id}",
            headers=world.headers["bureau"],
            json={"name": "丙精密配套有限公司"},
        )
        assert (response.json()["name"], response.json()["pending_change"]) == (
            "丙精密配套有限公司",
            None,
        )

    def test_a_proposal_meets_the_register_checks_now(
        self, client: TestClient, world: World
    ) -> None:
        response = client.patch(
            f"/api/v1/enterprises/{world.approved_supplier.id}",
            headers=world.headers["approved_supplier"],
            json={"name": "甲链主有限公司"},
        )
        assert (response.status_code, response.json()["detail"]) == (
            409,
            "已存在名称相近的企业：甲链主有限公司",
        )


class TestDesignationTags:
    def test_a_firm_cannot_give_itself_a_designation(
        self, client: TestClient, world: World
    ) -> None:
        response = client.patch(
            f"/api/v1/enterprises/{world.approved_supplier.id}",
            headers=world.headers["approved_supplier"],
            json={"tags": ["单项冠军", "专精特新"]},
        )
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "「专精特新、单项冠军」是政府认定称号，由经信局设置", "field": "tags"},
        )

    def test_the_bureau_sets_them_and_the_firm_may_resend_them_unchanged(
        self, client: TestClient, world: World
    ) -> None:
        path = f"/api/v1/enterprises/{world.approved_supplier.id}"
        set_by_bureau = client.patch(
            path, headers=world.headers["bureau"], json={"tags": ["专精特新"]}
        )
        resent = client.patch(
            path,
            headers=world.headers["approved_supplier"],
            json={"tags": ["专精特新"], "address": "咸安区"},
        )
        assert set_by_bureau.json()["tags"] == ["专精特新"]
        assert (resent.status_code, resent.json()["tags"]) == (200, ["专精特新"])


class TestContacts:
    def test_anonymous_readers_get_no_contacts(
        self, client: TestClient, session: Session, world: World
    ) -> None:
        world.approved_supplier.contact_name, world.approved_supplier.contact_phone = (
            "王工",
            "13800000000",
        )
        session.add(world.approved_supplier)
        session.commit()
        path = f"/api/v1/enterprises/{world.approved_supplier.id}"

        anonymous_list = client.get("/api/v1/enterprises").json()["items"]
        anonymous_one = client.get(path).json()
        signed_in = client.get(path, headers=world.headers["approved_owner"]).json()

        assert {(e["contact_name"], e["contact_phone"]) for e in anonymous_list} == {(None, None)}
        assert (anonymous_one["contact_name"], anonymous_one["contact_phone"]) == (None, None)
        assert (signed_in["contact_name"], signed_in["contact_phone"]) == ("王工", "13800000000")


def _page_sign_in(
    client: TestClient, session: Session, role: UserRole, firm: Enterprise | None
) -> str:
    """Signs a new user in through /login; returns the session's CSRF token."""
    user = make_user(session, role=role, enterprise=firm)
    form = {"username": user.username, "password": "correct horse battery", "_csrf": _csrf(client)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return _csrf(client, "/inbox")


def _csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


class TestPages:
    def test_bureau_approves_a_proposal_on_the_review_page(
        self, client: TestClient, session: Session, world: World
    ) -> None:
        client.patch(
            f"/api/v1/enterprises/{world.approved_supplier.id}",
            headers=world.headers["approved_supplier"],
            json={"name": "丙精密配套有限公司"},
        )
        csrf = _page_sign_in(client, session, UserRole.bureau, None)
        page = client.get("/bureau/reviews").text
        found = re.search(r'action="/bureau/reviews/changes/(\d+)/approve"', page)
        assert found is not None
        assert "企业名称：丙配套有限公司 → <b>丙精密配套有限公司</b>" in page

        done = client.post(
            f"/bureau/reviews/changes/{found.group(1)}/approve",
            data={"_csrf": csrf},
            follow_redirects=False,
        )

        assert (done.status_code, done.headers["location"]) == (303, "/bureau/reviews")
        session.refresh(world.approved_supplier)
        assert world.approved_supplier.name == "丙精密配套有限公司"
        assert "没有待审核的信息变更" in client.get("/bureau/reviews").text

    def test_supplier_profile_shows_tags_but_does_not_set_them(
        self, client: TestClient, session: Session, world: World
    ) -> None:
        csrf = _page_sign_in(client, session, UserRole.supplier, world.approved_supplier)
        page = client.get("/supplier").text
        saved = client.post(
            "/supplier/profile",
            data={"_csrf": csrf, "description": "压铸", "tags": "专精特新"},
            follow_redirects=False,
        )
        assert 'name="tags"' not in page
        assert "企业称号：—（政府认定称号由经信局设置）" in page
        assert saved.status_code == 303
        session.refresh(world.approved_supplier)
        assert (world.approved_supplier.description, world.approved_supplier.tags) == ("压铸", [])
