"""/api/v1/events: the event's life, registration, requests, the schedule, agendas, the day, the
report. Exact status codes and bodies; every test runs on SQLite and on PostgreSQL when set."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select

from service.events.tables import EventMeeting, EventStatusChange
from service.notifications.tables import Notification
from service.pairings.tables import Match, MatchEvent
from tests.events.event_world import (
    Firms,
    make_event,
    make_firms,
    make_meeting,
    make_request,
    register,
)
from tests.factories import auth_headers

API = "/api/v1/events"
NEW_EVENT = {
    "name": "咸宁市汽车零部件产销对接会",
    "chain_codes": [],
    "event_date": "2026-12-18",
    "start_time": "09:00",
    "place": "咸宁市会展中心",
    "slot_count": 4,
    "table_count": 2,
    "registration_deadline": "2099-12-10",
}


@pytest.fixture
def firms(session: Session) -> Firms:
    return make_firms(session)


@pytest.fixture
def headers(client: TestClient, firms: Firms) -> dict[str, dict[str, str]]:
    return {role: auth_headers(client, user) for role, user in firms.users.items()}


def _without_times(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in {"created_at", "updated_at", "history"}}


class TestCreateAndRead:
    def test_bureau_creates_a_draft_with_default_meeting_length(
        self, client: TestClient, headers: dict[str, dict[str, str]]
    ) -> None:
        response = client.post(API, json=NEW_EVENT, headers=headers["bureau"])
        assert response.status_code == 201
        body = response.json()
        assert _without_times(body) == {
            "id": body["id"],
            "name": "咸宁市汽车零部件产销对接会",
            "chain_codes": [],
            "event_date": "2026-12-18",
            "start_time": "09:00",
            "place": "咸宁市会展中心",
            "meeting_minutes": 20,
            "slot_count": 4,
            "table_count": 2,
            "registration_deadline": "2099-12-10",
            "status": "draft",
            "status_label": "草稿",
            "published_at": None,
        }
        assert body["history"] == []

    def test_firms_may_not_create(
        self, client: TestClient, headers: dict[str, dict[str, str]]
    ) -> None:
        response = client.post(API, json=NEW_EVENT, headers=headers["owner"])
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "仅经信局用户可执行此操作"},
        )

    def test_anonymous_is_401(self, client: TestClient) -> None:
        response = client.get(API)
        assert (response.status_code, response.json()) == (401, {"detail": "请先登录"})

    def test_unknown_chain_is_422(
        self, client: TestClient, headers: dict[str, dict[str, str]]
    ) -> None:
        payload = {**NEW_EVENT, "chain_codes": ["no-such-chain"]}
        response = client.post(API, json=payload, headers=headers["bureau"])
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "chain_codes", "0"]

    def test_drafts_are_hidden_from_firms(
        self, client: TestClient, session: Session, headers: dict[str, dict[str, str]]
    ) -> None:
        draft = make_event(session, status="draft", name="筹备中的对接会")
        shown = make_event(session, status="open")
        listed = client.get(API, headers=headers["supplier"]).json()
        assert (listed["total"], [e["id"] for e in listed["items"]]) == (1, [shown.id])
        assert (listed["limit"], listed["offset"]) == (50, 0)
        assert client.get(API, headers=headers["bureau"]).json()["total"] == 2
        response = client.get(f"{API}/{draft.id}", headers=headers["supplier"])
        assert (response.status_code, response.json()) == (
            404,
            {"detail": f"对接会 {draft.id} 不存在"},
        )

    def test_update_by_the_bureau(
        self, client: TestClient, session: Session, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session, status="open")
        response = client.patch(
            f"{API}/{event.id}",
            json={"table_count": 5, "place": "温泉宾馆"},
            headers=headers["bureau"],
        )
        assert response.status_code == 200
        assert (response.json()["table_count"], response.json()["place"]) == (5, "温泉宾馆")
        refused = client.patch(
            f"{API}/{event.id}", json={"table_count": 5}, headers=headers["owner"]
        )
        assert refused.status_code == 403


class TestStatus:
    def test_moves_are_recorded_with_who_and_when(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session, status="draft")
        for to in ("open", "scheduling"):
            response = client.post(
                f"{API}/{event.id}/transition", json={"to": to}, headers=headers["bureau"]
            )
            assert response.status_code == 200
        body = response.json()
        assert body["status"] == "scheduling"
        assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [
            ("draft", "open"),
            ("open", "scheduling"),
        ]
        assert {h["actor_user_id"] for h in body["history"]} == {firms.users["bureau"].id}
        assert session.exec(select(EventStatusChange)).all()[0].at is not None

    def test_a_refused_move_is_409_in_chinese(
        self, client: TestClient, session: Session, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session, status="draft")
        response = client.post(
            f"{API}/{event.id}/transition", json={"to": "held"}, headers=headers["bureau"]
        )
        assert (response.status_code, response.json()) == (
            409,
            {"detail": "对接会不能从「草稿」变为「已举办」", "field": "to"},
        )

    def test_no_publishing_without_a_schedule(
        self, client: TestClient, session: Session, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session, status="scheduling")
        response = client.post(
            f"{API}/{event.id}/transition", json={"to": "published"}, headers=headers["bureau"]
        )
        assert (response.status_code, response.json()) == (
            409,
            {"detail": "尚未排期，不能发布日程", "field": "to"},
        )


class TestRegistration:
    def test_an_owner_registers_itself_with_slots_it_cannot_attend(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session)
        response = client.post(
            f"{API}/{event.id}/registrations",
            json={"enterprise_id": firms.owner.id, "unavailable_slots": [4, 1, 4]},
            headers=headers["owner"],
        )
        assert response.status_code == 201
        body = response.json()
        del body["created_at"]
        assert body == {
            "id": body["id"],
            "event_id": event.id,
            "enterprise_id": firms.owner.id,
            "enterprise_name": "甲汽车链主有限公司",
            "side": "owner",
            "unavailable_slots": [1, 4],
            "contact_name": "",
        }

    def test_only_its_own_firm(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session)
        response = client.post(
            f"{API}/{event.id}/registrations",
            json={"enterprise_id": firms.other_owner.id},
            headers=headers["owner"],
        )
        assert (response.status_code, response.json()) == (403, {"detail": "只能操作本企业的数据"})

    def test_the_bureau_registers_any_approved_firm(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session, status="scheduling")
        response = client.post(
            f"{API}/{event.id}/registrations",
            json={"enterprise_id": firms.supplier.id, "contact_name": "王经理"},
            headers=headers["bureau"],
        )
        assert response.status_code == 201
        assert (response.json()["side"], response.json()["contact_name"]) == ("supplier", "王经理")

    def test_refusals(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        late = make_event(session, deadline=date.today() - timedelta(days=1))
        url = f"{API}/{late.id}/registrations"
        response = client.post(
            url, json={"enterprise_id": firms.owner.id}, headers=headers["owner"]
        )
        deadline = late.registration_deadline.isoformat()  # type: ignore[union-attr]
        assert (response.status_code, response.json()) == (
            409,
            {"detail": f"报名已于 {deadline} 截止"},
        )

        closed = make_event(session, status="scheduling")
        response = client.post(
            f"{API}/{closed.id}/registrations",
            json={"enterprise_id": firms.owner.id},
            headers=headers["owner"],
        )
        assert (response.status_code, response.json()) == (
            409,
            {"detail": "对接会排期中，不能报名"},
        )

        event = make_event(session)
        url = f"{API}/{event.id}/registrations"
        bad_slot = client.post(
            url,
            json={"enterprise_id": firms.owner.id, "unavailable_slots": [5]},
            headers=headers["owner"],
        )
        assert bad_slot.status_code == 422
        assert bad_slot.json()["detail"][0]["msg"] == "时段须在 1 到 4 之间"
        wrong_side = client.post(
            url,
            json={"enterprise_id": firms.owner.id, "side": "supplier"},
            headers=headers["owner"],
        )
        assert wrong_side.status_code == 422
        assert (
            wrong_side.json()["detail"][0]["msg"]
            == "甲汽车链主有限公司 不是配套企业，不能以该身份报名"
        )
        first = client.post(url, json={"enterprise_id": firms.owner.id}, headers=headers["owner"])
        again = client.post(url, json={"enterprise_id": firms.owner.id}, headers=headers["owner"])
        assert first.status_code == 201
        assert (again.status_code, again.json()) == (
            409,
            {"detail": "甲汽车链主有限公司 已报名本次对接会"},
        )

    def test_firms_see_only_their_own_registration(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = make_event(session)
        register(session, event, firms.owner, "owner")
        register(session, event, firms.supplier, "supplier")
        mine = client.get(f"{API}/{event.id}/registrations", headers=headers["supplier"]).json()
        assert [r["enterprise_id"] for r in mine["items"]] == [firms.supplier.id]
        every = client.get(f"{API}/{event.id}/registrations", headers=headers["bureau"]).json()
        assert every["total"] == 2


def _registered(session: Session, firms: Firms, **kw: Any) -> Any:
    event = make_event(session, **kw)
    register(session, event, firms.owner, "owner")
    register(session, event, firms.other_owner, "owner")
    register(session, event, firms.supplier, "supplier")
    register(session, event, firms.other_supplier, "supplier")
    return event


class TestRequests:
    def test_owner_asks_supplier_accepts(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        asked = client.post(
            f"{API}/{event.id}/requests",
            json={
                "owner_id": firms.owner.id,
                "supplier_id": firms.supplier.id,
                "need_id": firms.need.id,
                "note": "想了解冲压能力",
            },
            headers=headers["owner"],
        )
        assert asked.status_code == 201
        body = asked.json()
        assert {k: body[k] for k in ("requested_by", "status", "status_label", "need_title")} == {
            "requested_by": "owner",
            "status": "pending",
            "status_label": "待答复",
            "need_title": "精密冲压件",
        }
        url = f"{API}/{event.id}/requests/{body['id']}/answer"
        own = client.post(url, json={"accept": True}, headers=headers["owner"])
        assert (own.status_code, own.json()) == (403, {"detail": "只能由被邀请方答复洽谈请求"})
        stranger = client.post(url, json={"accept": True}, headers=headers["other_supplier"])
        assert (stranger.status_code, stranger.json()) == (
            404,
            {"detail": f"洽谈请求 {body['id']} 不存在"},
        )
        accepted = client.post(url, json={"accept": True}, headers=headers["supplier"])
        assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
        twice = client.post(url, json={"accept": False}, headers=headers["supplier"])
        assert (twice.status_code, twice.json()) == (409, {"detail": "该请求已被接受，不能再答复"})

    def test_refusals(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        url = f"{API}/{event.id}/requests"
        pair = {"owner_id": firms.owner.id, "supplier_id": firms.supplier.id}
        other = client.post(url, json=pair, headers=headers["other_owner"])
        assert (other.status_code, other.json()) == (
            403,
            {"detail": "只能以本企业名义提出洽谈请求"},
        )
        unregistered = client.post(
            url, json={**pair, "supplier_id": firms.far_supplier.id}, headers=headers["owner"]
        )
        assert unregistered.status_code == 422
        assert unregistered.json()["detail"][0] == {
            "loc": ["body", "supplier_id"],
            "msg": f"企业 {firms.far_supplier.id} 未以配套企业身份报名本次对接会",
            "type": "value_error",
        }
        foreign_need = client.post(
            url, json={**pair, "need_id": firms.other_need.id}, headers=headers["owner"]
        )
        assert foreign_need.status_code == 422
        assert client.post(url, json=pair, headers=headers["supplier"]).status_code == 201
        again = client.post(url, json=pair, headers=headers["owner"])
        assert (again.status_code, again.json()) == (
            409,
            {"detail": "双方已有洽谈请求，无需重复提出"},
        )

    def test_bureau_adds_and_removes_pairs(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        pair = {"owner_id": firms.other_owner.id, "supplier_id": firms.supplier.id}
        added = client.post(f"{API}/{event.id}/requests", json=pair, headers=headers["bureau"])
        assert (added.status_code, added.json()["status"], added.json()["requested_by"]) == (
            201,
            "accepted",
            "bureau",
        )
        url = f"{API}/{event.id}/requests/{added.json()['id']}"
        assert client.delete(url, headers=headers["owner"]).status_code == 403
        assert client.delete(url, headers=headers["bureau"]).status_code == 204
        listed = client.get(f"{API}/{event.id}/requests", headers=headers["bureau"]).json()
        assert [r["status"] for r in listed["items"]] == ["removed"]

    def test_firms_see_only_their_requests(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        mine = make_request(session, event, firms.owner, firms.supplier)
        make_request(session, event, firms.other_owner, firms.other_supplier)
        listed = client.get(f"{API}/{event.id}/requests", headers=headers["supplier"]).json()
        assert (listed["total"], [r["id"] for r in listed["items"]]) == (1, [mine.id])
        assert (
            client.get(f"{API}/{event.id}/requests", headers=headers["bureau"]).json()["total"] == 2
        )


class TestCandidates:
    def test_owner_sees_registered_suppliers_ranked(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        make_request(session, event, firms.owner, firms.supplier, need=firms.need)
        response = client.get(f"{API}/{event.id}/candidates", headers=headers["owner"])
        assert response.status_code == 200
        items = response.json()["items"]
        assert items[0]["supplier_id"] == firms.supplier.id
        assert (items[0]["need_title"], items[0]["request_status"]) == ("精密冲压件", "pending")
        assert firms.far_supplier.id not in {i["supplier_id"] for i in items}  # not registered
        assert all(i["owner_id"] == firms.owner.id for i in items)

    def test_supplier_sees_registered_owners_needs(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        response = client.get(f"{API}/{event.id}/candidates", headers=headers["other_supplier"])
        items = response.json()["items"]
        assert (items[0]["owner_id"], items[0]["need_title"]) == (
            firms.other_owner.id,
            "铝合金压铸件",
        )

    def test_others_candidates_are_404_and_unregistered_409(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms)
        url = f"{API}/{event.id}/candidates"
        other = client.get(
            url, params={"enterprise_id": firms.owner.id}, headers=headers["other_owner"]
        )
        assert (other.status_code, other.json()) == (
            404,
            {"detail": f"企业 {firms.owner.id} 的日程不存在"},
        )
        late = client.get(
            url, params={"enterprise_id": firms.far_supplier.id}, headers=headers["bureau"]
        )
        assert (late.status_code, late.json()) == (409, {"detail": "该企业尚未报名本次对接会"})


def _schedule(client: TestClient, event_id: int, headers: dict[str, str]) -> Any:
    return client.post(f"{API}/{event_id}/schedule", headers=headers)


class TestSchedule:
    def test_accepted_requests_first_and_every_constraint_holds(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="scheduling", slot_count=2, table_count=2)
        register(session, event, firms.far_supplier, "supplier", unavailable=(1,))
        # Accepted, though the matcher sees no fit; the owner cannot come in slot 1.
        make_request(session, event, firms.owner, firms.far_supplier, status="accepted")
        make_request(session, event, firms.other_owner, firms.supplier, status="declined")
        response = _schedule(client, event.id, headers["bureau"])
        assert response.status_code == 200
        body = response.json()
        assert (body["total"], body["offset"], body["method"]) == (
            len(body["items"]),
            0,
            body["method"],
        )
        pairs = {(m["owner_id"], m["supplier_id"]): m for m in body["items"]}
        accepted = pairs[(firms.owner.id, firms.far_supplier.id)]
        assert (accepted["slot"], accepted["starts_at"], accepted["ends_at"]) == (
            2,
            "09:20",
            "09:40",
        )
        assert (firms.other_owner.id, firms.supplier.id) not in pairs  # declined: never
        assert (firms.owner.id, firms.supplier.id) in pairs  # ranked fit, slot 1
        seen = set()
        for m in body["items"]:
            for key in (
                (m["owner_id"], m["slot"]),
                (m["supplier_id"], m["slot"]),
                ("t", m["table"], m["slot"]),
            ):
                assert key not in seen
                seen.add(key)
            assert 1 <= m["table"] <= 2
        assert body["gap"] <= 0.005
        stored = session.exec(select(EventMeeting).where(EventMeeting.event_id == event.id)).all()
        assert len(stored) == body["total"]

    def test_only_while_scheduling_and_only_the_bureau(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="open")
        assert _schedule(client, event.id, headers["owner"]).status_code == 403
        refused = _schedule(client, event.id, headers["bureau"])
        assert (refused.status_code, refused.json()) == (
            409,
            {"detail": "对接会报名中，只有排期中才能调整日程"},
        )

    def test_a_pinned_meeting_stays_where_the_bureau_put_it(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="scheduling", slot_count=3, table_count=2)
        make_request(session, event, firms.owner, firms.supplier, status="accepted")
        first = _schedule(client, event.id, headers["bureau"]).json()
        meeting = next(m for m in first["items"] if m["supplier_id"] == firms.supplier.id)
        url = f"{API}/{event.id}/meetings/{meeting['id']}"
        moved = client.patch(url, json={"slot": 3, "table": 2}, headers=headers["bureau"])
        assert moved.status_code == 200
        assert {k: moved.json()[k] for k in ("slot", "table", "pinned", "starts_at")} == {
            "slot": 3,
            "table": 2,
            "pinned": True,
            "starts_at": "09:40",
        }
        again = _schedule(client, event.id, headers["bureau"]).json()
        kept = next(
            m
            for m in again["items"]
            if (m["owner_id"], m["supplier_id"]) == (firms.owner.id, firms.supplier.id)
        )
        assert (kept["slot"], kept["table"], kept["pinned"]) == (3, 2, True)

    def test_moves_that_break_a_rule_are_409(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="scheduling", slot_count=3, table_count=2)
        event_regs = {firms.other_supplier.id: (2,)}
        for firm_id, slots in event_regs.items():
            from service.events.service import registration_of

            reg = registration_of(session, event.id, firm_id)
            assert reg is not None
            reg.unavailable_slots = list(slots)
            session.add(reg)
        session.commit()
        a = make_meeting(session, event, firms.owner, firms.supplier, slot=1, table=1)
        make_meeting(session, event, firms.other_owner, firms.supplier, slot=2, table=1)
        b = make_meeting(session, event, firms.owner, firms.other_supplier, slot=3, table=2)
        c = make_meeting(session, event, firms.other_owner, firms.other_supplier, slot=3, table=1)
        url = f"{API}/{event.id}/meetings"
        busy = client.patch(f"{url}/{a.id}", json={"slot": 2}, headers=headers["bureau"])
        assert (busy.status_code, busy.json()) == (
            409,
            {"detail": "丙精密冲压有限公司 在第 2 时段已有洽谈", "field": "slot"},
        )
        away = client.patch(f"{url}/{b.id}", json={"slot": 2}, headers=headers["bureau"])
        assert (away.status_code, away.json()) == (
            409,
            {"detail": "丁铸造有限公司 第 2 时段无法参会", "field": "slot"},
        )
        table = client.patch(
            f"{url}/{c.id}", json={"slot": 1, "table": 1}, headers=headers["bureau"]
        )
        assert (table.status_code, table.json()) == (
            409,
            {"detail": "第 1 时段 1 号桌已被占用", "field": "table"},
        )
        free = client.patch(f"{url}/{c.id}", json={"slot": 1}, headers=headers["bureau"])
        assert (free.status_code, free.json()["table"]) == (200, 2)


def _published(session: Session, firms: Firms) -> Any:
    event = _registered(session, firms, status="published")
    meeting = make_meeting(
        session, event, firms.owner, firms.supplier, slot=2, table=1, need=firms.need
    )
    return event, meeting


class TestAgenda:
    def test_both_sides_see_the_same_meeting(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, meeting = _published(session, firms)
        owner = client.get(f"{API}/{event.id}/agenda", headers=headers["owner"]).json()
        supplier = client.get(f"{API}/{event.id}/agenda", headers=headers["supplier"]).json()
        assert (owner["total"], owner["side"], owner["enterprise_name"]) == (
            1,
            "owner",
            "甲汽车链主有限公司",
        )
        item = owner["items"][0]
        assert {
            k: item[k]
            for k in ("meeting_id", "slot", "starts_at", "ends_at", "table", "other_name")
        } == {
            "meeting_id": meeting.id,
            "slot": 2,
            "starts_at": "09:20",
            "ends_at": "09:40",
            "table": 1,
            "other_name": "丙精密冲压有限公司",
        }
        assert item["other_products"] == ["精密冲压件加工"]
        assert item["why"] == ["需求：精密冲压件"]
        assert supplier["items"][0]["meeting_id"] == meeting.id
        assert supplier["items"][0]["other_products"] == ["精密冲压件"]
        none = client.get(f"{API}/{event.id}/agenda", headers=headers["other_owner"]).json()
        assert none["items"] == []

    def test_before_publishing_firms_wait(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="scheduling")
        response = client.get(f"{API}/{event.id}/agenda", headers=headers["owner"])
        assert (response.status_code, response.json()) == (409, {"detail": "日程尚未发布"})
        bureau = client.get(
            f"{API}/{event.id}/agenda",
            params={"enterprise_id": firms.owner.id},
            headers=headers["bureau"],
        )
        assert bureau.status_code == 200

    def test_another_firms_agenda_is_404(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, _ = _published(session, firms)
        response = client.get(
            f"{API}/{event.id}/agenda",
            params={"enterprise_id": firms.owner.id},
            headers=headers["other_owner"],
        )
        assert (response.status_code, response.json()) == (
            404,
            {"detail": f"企业 {firms.owner.id} 的日程不存在"},
        )
        meetings = client.get(
            f"{API}/{event.id}/meetings", headers=headers["other_supplier"]
        ).json()
        assert meetings["items"] == []

    def test_xlsx_writes_formula_like_text_as_text(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, _ = _published(session, firms)
        firms.supplier.name = '=HYPERLINK("http://x")冲压'
        session.add(firms.supplier)
        session.commit()
        response = client.get(f"{API}/{event.id}/agenda.xlsx", headers=headers["owner"])
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).active
        assert [c.value for c in sheet[4]] == [
            "时段",
            "开始",
            "结束",
            "桌号",
            "洽谈企业",
            "对方产品/需求",
            "洽谈事由",
            "签到",
        ]
        name = sheet.cell(row=5, column=5)
        assert (name.value, name.data_type) == ('=HYPERLINK("http://x")冲压', "s")
        assert [sheet.cell(row=5, column=c).value for c in (1, 2, 4)] == [2, "09:20", 1]

    def test_publishing_notifies_every_participant(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event = _registered(session, firms, status="scheduling")
        make_meeting(session, event, firms.owner, firms.supplier, slot=2, table=1)
        response = client.post(
            f"{API}/{event.id}/transition", json={"to": "published"}, headers=headers["bureau"]
        )
        assert response.status_code == 200
        notes = session.exec(select(Notification).order_by(Notification.user_id)).all()
        got = {n.user_id: (n.kind, n.title, n.body, n.link) for n in notes}
        title = "产销对接会「咸宁市汽车零部件产销对接会」日程已发布"
        assert got[firms.users["owner"].id] == (
            "event_schedule",
            title,
            "2026-12-18 咸宁市会展中心：贵企业共有 1 场一对一洽谈，首场 09:20 在 1 号桌。",
            f"/events/{event.id}/agenda",
        )
        assert got[firms.users["other_owner"].id][2] == (
            "2026-12-18 咸宁市会展中心：本次未能为贵企业安排与配套企业的一对一洽谈，欢迎到场交流。"
        )
        assert firms.users["bureau"].id not in got


class TestOnTheDay:
    def test_check_in_and_outcomes_create_a_pairing_the_report_counts(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, meeting = _published(session, firms)
        url = f"{API}/{event.id}/meetings/{meeting.id}"
        early = client.post(
            f"{url}/outcome", json={"result": "interested"}, headers=headers["owner"]
        )
        assert (early.status_code, early.json()) == (
            409,
            {"detail": "该洽谈尚未签到为已洽谈，不能填写结果"},
        )
        assert (
            client.post(
                f"{url}/check-in", json={"attendance": "held"}, headers=headers["owner"]
            ).status_code
            == 403
        )
        checked = client.post(
            f"{url}/check-in", json={"attendance": "held"}, headers=headers["bureau"]
        )
        assert (checked.status_code, checked.json()["attendance"]) == (200, "held")

        owner_says = client.post(
            f"{url}/outcome",
            json={"result": "interested", "note": "下月看厂"},
            headers=headers["owner"],
        )
        assert owner_says.status_code == 200
        match_id = owner_says.json()["match_id"]
        match = session.get(Match, match_id)
        assert match is not None
        assert (match.need_id, match.supplier_id, match.status) == (
            firms.need.id,
            firms.supplier.id,
            "contacted",
        )
        moves = session.exec(
            select(MatchEvent).where(MatchEvent.match_id == match_id).order_by(MatchEvent.id)
        ).all()
        assert [(m.from_status, m.to_status, m.actor_role) for m in moves] == [
            ("suggested", "shortlisted", "owner"),
            ("shortlisted", "contacted", "owner"),
        ]
        assert (
            moves[0].reason
            == "产销对接会「咸宁市汽车零部件产销对接会」链主企业洽谈结果：有意向（下月看厂）"
        )

        supplier_says = client.post(
            f"{url}/outcome", json={"result": "sample"}, headers=headers["supplier"]
        )
        assert [o["result_label"] for o in supplier_says.json()["outcomes"]] == ["有意向", "送样"]
        session.expire_all()
        assert session.get(Match, match_id).status == "sampling"  # type: ignore[union-attr]

        stranger = client.post(
            f"{url}/outcome", json={"result": "none"}, headers=headers["other_owner"]
        )
        assert (stranger.status_code, stranger.json()) == (
            404,
            {"detail": f"洽谈 {meeting.id} 不存在"},
        )
        bureau_without_side = client.post(
            f"{url}/outcome", json={"result": "none"}, headers=headers["bureau"]
        )
        assert bureau_without_side.status_code == 422

        report = client.get(f"{API}/{event.id}/report", headers=headers["bureau"])
        assert report.status_code == 200
        assert report.json() == {
            "event_id": event.id,
            "status": "published",
            "registrations": {"owner": 2, "supplier": 2, "total": 4},
            "requests": {"pending": 0, "accepted": 0, "declined": 0, "removed": 0, "total": 0},
            "meetings": {"scheduled": 1, "held": 1, "no_show": 0, "pending": 0},
            "outcomes": {"interested": 1, "sample": 1, "none": 0},
            "pairings_created": 1,
            "pairings_moved": 0,
            "pairings_by_status": {"sampling": 1},
            "contracts": 0,
            "contract_amount": 0.0,
        }
        assert client.get(f"{API}/{event.id}/report", headers=headers["owner"]).status_code == 403

    def test_contracts_after_the_meeting_are_counted_with_their_amount(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, meeting = _published(session, firms)
        # A pairing contracted before the event, linked to a second meeting: not from the event.
        earlier = Match(need_id=firms.other_need.id, supplier_id=firms.other_supplier.id)
        session.add(earlier)
        session.commit()
        other = make_meeting(
            session, event, firms.other_owner, firms.other_supplier, slot=1, need=firms.other_need
        )
        for step in ("shortlisted", "contacted", "contracted"):
            moved = client.post(
                f"/api/v1/matches/{earlier.id}/transition",
                json={"to": step},
                headers=headers["bureau"],
            )
            assert moved.status_code == 200
        for held in (meeting, other):
            url = f"{API}/{event.id}/meetings/{held.id}"
            client.post(f"{url}/check-in", json={"attendance": "held"}, headers=headers["bureau"])
            said = client.post(
                f"{url}/outcome",
                json={"result": "interested", "side": "owner"},
                headers=headers["bureau"],
            )
            assert said.status_code == 200
        match_id = client.get(f"{API}/{event.id}/meetings", headers=headers["bureau"]).json()
        match_id = next(m["match_id"] for m in match_id["items"] if m["id"] == meeting.id)
        signed = client.post(
            f"/api/v1/matches/{match_id}/transition",
            json={"to": "contracted"},
            headers=headers["owner"],
        )
        assert signed.status_code == 200
        report = client.get(f"{API}/{event.id}/report", headers=headers["bureau"]).json()
        assert {
            k: report[k]
            for k in ("contracts", "contract_amount", "pairings_created", "pairings_moved")
        } == {
            "contracts": 1,
            "contract_amount": 1200000.0,
            "pairings_created": 1,
            "pairings_moved": 1,
        }
        assert report["pairings_by_status"] == {"contracted": 2}

    def test_no_show_and_no_interest(
        self, client: TestClient, session: Session, firms: Firms, headers: dict[str, dict[str, str]]
    ) -> None:
        event, meeting = _published(session, firms)
        url = f"{API}/{event.id}/meetings/{meeting.id}"
        client.post(f"{url}/check-in", json={"attendance": "held"}, headers=headers["bureau"])
        said = client.post(
            f"{url}/outcome", json={"result": "none", "side": "supplier"}, headers=headers["bureau"]
        )
        assert said.status_code == 200
        assert session.get(Match, said.json()["match_id"]).status == "declined"  # type: ignore[union-attr]
        late = client.post(
            f"{url}/check-in", json={"attendance": "no_show"}, headers=headers["bureau"]
        )
        assert (late.status_code, late.json()) == (
            409,
            {"detail": "该洽谈已有结果，不能标记为未到场"},
        )


class TestDemo:
    def test_one_held_event_with_outcomes_and_one_open(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        from service.events.demo import seed_events
        from service.events.report import event_report
        from service.events.tables import MatchmakingEvent
        from service.pairings import pipeline

        index = client.app.state.match_index  # type: ignore[attr-defined]
        pipeline.store_suggestions(session, index, per_need=5)
        assert seed_events(session, index, today=date(2026, 12, 2)) == {"events": 2, "meetings": 2}
        session.commit()
        held, upcoming = session.exec(select(MatchmakingEvent).order_by(MatchmakingEvent.id)).all()
        assert (held.status, held.event_date) == ("held", date(2026, 11, 25))
        assert (upcoming.status, upcoming.registration_deadline) == ("open", date(2026, 12, 22))
        report = event_report(session, held)
        assert report.registrations == {"owner": 2, "supplier": 2, "total": 4}
        assert report.meetings == {"scheduled": 2, "held": 2, "no_show": 0, "pending": 0}
        # Owners: 有意向 then 送样; the first meeting's supplier: 有意向.
        assert report.outcomes == {"interested": 2, "sample": 1, "none": 0}
        assert (report.pairings_created, report.pairings_by_status) == (
            2,
            {"contacted": 1, "sampling": 1},
        )
        assert seed_events(session, index) == {}  # idempotent
