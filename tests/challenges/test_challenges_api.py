"""Challenges through /api/v1: creating, reading, the status machine and its history, awarding,
milestones, acceptance, key links and the gap → challenge step."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from service.accounts.tables import UserRole
from service.challenges.tables import Challenge, ChallengeEvent, ChallengeStatus
from service.enterprises.tables import Enterprise
from tests.challenges.world import challenge_body, make_application, make_challenge, make_institute
from tests.factories import auth_headers, make_enterprise, make_need, make_user

S = ChallengeStatus


@dataclass
class Actors:
    owner: Enterprise
    institute: Enterprise
    headers: dict[str, dict[str, str]]


@pytest.fixture
def actors(client: TestClient, session: Session) -> Actors:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    institute = make_institute(session, name="示例理工大学")
    supplier = make_enterprise(session, name="丙配套有限公司")
    users = {
        "bureau": make_user(session, role=UserRole.bureau),
        "owner": make_user(session, role=UserRole.owner, enterprise=owner),
        "institute": make_user(session, role=UserRole.institute, enterprise=institute),
        "supplier": make_user(session, role=UserRole.supplier, enterprise=supplier),
    }
    headers = {name: auth_headers(client, user) for name, user in users.items()}
    return Actors(owner, institute, headers)


def _move(client: TestClient, headers: dict[str, str], challenge_id: int, **body: object) -> int:
    url = f"/api/v1/challenges/{challenge_id}/transition"
    return client.post(url, headers=headers, json=body).status_code


class TestCreateAndUpdate:
    def test_owner_creates_a_draft_read_back_with_full_text(
        self, client: TestClient, actors: Actors
    ) -> None:
        h = actors.headers["owner"]
        created = client.post("/api/v1/challenges", headers=h, json=challenge_body(actors.owner.id))
        assert created.status_code == 201
        body = created.json()
        assert (body["status"], body["owner_name"], body["full_text"]) == (
            "draft",
            "甲链主有限公司",
            True,
        )
        assert body["indicators"] == [{"name": "焊后变形", "target": "≤0.5", "unit": "mm"}]
        assert body["budget_wan"] == "120.00"

    def test_an_unknown_chain_is_refused_422(self, client: TestClient, actors: Actors) -> None:
        body = challenge_body(actors.owner.id, chain_code="no-such-chain")
        answer = client.post("/api/v1/challenges", headers=actors.headers["owner"], json=body)
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["msg"] == "未知产业链：no-such-chain"

    def test_only_the_bureau_posts_without_an_owner(
        self, client: TestClient, actors: Actors
    ) -> None:
        body = challenge_body(None)
        assert (
            client.post(
                "/api/v1/challenges", headers=actors.headers["owner"], json=body
            ).status_code
            == 403
        )
        answer = client.post("/api/v1/challenges", headers=actors.headers["bureau"], json=body)
        assert (answer.status_code, answer.json()["owner_name"]) == (201, "经信局")

    def test_update_while_draft_then_409_once_submitted(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        h = actors.headers["owner"]
        draft = make_challenge(session, owner=actors.owner, status=S.draft)
        url = f"/api/v1/challenges/{draft.id}"
        assert (
            client.patch(url, headers=h, json={"budget_wan": "150"}).json()["budget_wan"]
            == "150.00"
        )
        assert _move(client, h, draft.id, to="submitted") == 200
        refused = client.patch(url, headers=h, json={"budget_wan": "10"})
        assert refused.status_code == 409
        assert refused.json() == {"detail": "榜单状态为「待审核」，只有草稿可以修改"}

    def test_list_has_the_list_shape_and_hides_others_drafts(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        make_challenge(session, owner=actors.owner, status=S.draft, title="草稿榜单")
        published = make_challenge(session, owner=actors.owner, title="已张榜榜单")
        seen = client.get("/api/v1/challenges", headers=actors.headers["institute"]).json()
        assert (seen["total"], seen["limit"], seen["offset"]) == (1, 50, 0)
        assert [c["id"] for c in seen["items"]] == [published.id]
        assert (
            client.get("/api/v1/challenges", headers=actors.headers["owner"]).json()["total"] == 2
        )


# (from, to, who, expected status code)
MOVES = [
    (S.draft, S.submitted, "owner", 200),
    (S.draft, S.published, "owner", 409),
    (S.draft, S.published, "bureau", 409),
    (S.submitted, S.published, "bureau", 200),
    (S.submitted, S.published, "owner", 403),
    (S.submitted, S.draft, "bureau", 200),
    (S.published, S.closed, "owner", 200),
    (S.published, S.closed, "institute", 403),
    (S.published, S.awarded, "owner", 409),
    (S.closed, S.published, "owner", 409),
    (S.awarded, S.in_progress, "owner", 200),
    (S.in_progress, S.failed, "bureau", 200),
    (S.in_progress, S.closed, "owner", 409),
    (S.accepted, S.in_progress, "owner", 409),
    (S.failed, S.accepted, "bureau", 409),
    (S.withdrawn, S.draft, "owner", 409),
    (S.published, S.withdrawn, "owner", 200),
    (S.submitted, S.withdrawn, "supplier", 404),
]


@pytest.mark.parametrize(("start", "to", "who", "code"), MOVES)
def test_status_moves(
    client: TestClient, session: Session, actors: Actors, start: S, to: S, who: str, code: int
) -> None:
    challenge = make_challenge(session, owner=actors.owner, status=start)
    assert (
        _move(client, actors.headers[who], challenge.id, to=to, reason="说明", result="成果")
        == code
    )
    session.expire_all()
    expected = to if code == 200 else start
    assert session.get(Challenge, challenge.id).status == expected


def test_a_refused_move_says_why_in_chinese(
    client: TestClient, session: Session, actors: Actors
) -> None:
    challenge = make_challenge(session, owner=actors.owner, status=S.closed)
    answer = client.post(
        f"/api/v1/challenges/{challenge.id}/transition",
        headers=actors.headers["owner"],
        json={"to": "accepted"},
    )
    assert answer.status_code == 409
    assert answer.json() == {"detail": "榜单状态为「揭榜截止」，不能改为「已验收」"}


def test_withdrawing_needs_a_reason(client: TestClient, session: Session, actors: Actors) -> None:
    challenge = make_challenge(session, owner=actors.owner, status=S.published)
    assert _move(client, actors.headers["owner"], challenge.id, to="withdrawn") == 422


def test_every_move_is_recorded_with_who_and_why(
    client: TestClient, session: Session, actors: Actors
) -> None:
    challenge = make_challenge(session, owner=actors.owner, status=S.draft)
    assert (
        _move(client, actors.headers["owner"], challenge.id, to="submitted", reason="请审核") == 200
    )
    assert (
        _move(client, actors.headers["bureau"], challenge.id, to="published", reason="同意张榜")
        == 200
    )
    history = client.get(
        f"/api/v1/challenges/{challenge.id}/history", headers=actors.headers["owner"]
    ).json()
    assert [(e["from_status"], e["to_status"], e["reason"]) for e in history] == [
        ("draft", "submitted", "请审核"),
        ("submitted", "published", "同意张榜"),
    ]
    assert len({e["user_id"] for e in history}) == 2


class TestAwardMilestonesAcceptance:
    def test_several_applications_win_the_rest_do_not(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, status=S.closed)
        first = make_application(session, challenge=challenge, institute=actors.institute)
        second = make_application(session, challenge=challenge, institute=make_institute(session))
        third = make_application(session, challenge=challenge, institute=make_institute(session))
        h = actors.headers["owner"]
        assert (
            _move(client, h, challenge.id, to="awarded", application_ids=[first.id, second.id])
            == 200
        )
        rows = client.get(f"/api/v1/challenges/{challenge.id}/applications", headers=h).json()
        assert {r["id"]: r["status"] for r in rows} == {
            first.id: "awarded",
            second.id: "awarded",
            third.id: "not_awarded",
        }

    def test_award_needs_applications_of_this_challenge(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, status=S.closed)
        other = make_challenge(session, owner=actors.owner, status=S.closed)
        foreign = make_application(session, challenge=other, institute=actors.institute)
        h = actors.headers["owner"]
        assert _move(client, h, challenge.id, to="awarded", application_ids=[]) == 422
        assert _move(client, h, challenge.id, to="awarded", application_ids=[foreign.id]) == 422

    def test_milestone_then_acceptance_with_result(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, status=S.closed)
        winner = make_application(session, challenge=challenge, institute=actors.institute)
        h = actors.headers["owner"]
        assert _move(client, h, challenge.id, to="awarded", application_ids=[winner.id]) == 200
        assert _move(client, h, challenge.id, to="in_progress") == 200
        milestone = {
            "application_id": winner.id,
            "due_on": "2027-03-31",
            "deliverable": "工艺试验报告",
            "payment_wan": "40",
        }
        url = f"/api/v1/challenges/{challenge.id}/milestones"
        assert client.post(url, headers=h, json=milestone).status_code == 201
        seen = client.get(url, headers=actors.headers["institute"]).json()
        assert [(m["deliverable"], m["payment_wan"]) for m in seen] == [("工艺试验报告", "40.00")]
        assert _move(client, h, challenge.id, to="accepted") == 422  # no result
        assert (
            _move(client, h, challenge.id, to="accepted", result="变形 0.4 mm", reason="专家组验收")
            == 200
        )
        read = client.get(f"/api/v1/challenges/{challenge.id}", headers=h).json()
        assert (read["status"], read["result"]) == ("accepted", "变形 0.4 mm")

    def test_milestones_only_while_awarded_or_in_progress(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, status=S.published)
        application = make_application(session, challenge=challenge, institute=actors.institute)
        body = {
            "application_id": application.id,
            "due_on": "2027-01-01",
            "deliverable": "x",
            "payment_wan": "1",
        }
        answer = client.post(
            f"/api/v1/challenges/{challenge.id}/milestones",
            headers=actors.headers["owner"],
            json=body,
        )
        assert answer.json() == {"detail": "只有已挂帅或攻关中的榜单可以登记里程碑"}
        assert answer.status_code == 409


class TestKeyLinksAndGaps:
    def test_bureau_lists_key_links_and_links_challenges(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        url = "/api/v1/chains/xn-equipment/key-links"
        body = {"year": 2026, "title": "线控转向执行器", "segment": "汽车零部件（线控转向等）"}
        assert client.post(url, headers=actors.headers["owner"], json=body).status_code == 403
        link = client.post(url, headers=actors.headers["bureau"], json=body).json()
        challenge = make_challenge(session, owner=actors.owner)
        assign = client.put(
            f"/api/v1/challenges/{challenge.id}/key-link",
            headers=actors.headers["bureau"],
            json={"key_link_id": link["id"]},
        )
        assert assign.json()["key_link_id"] == link["id"]
        listed = client.get(url, params={"year": 2026}, headers=actors.headers["supplier"]).json()
        assert [(k["title"], k["challenge_ids"]) for k in listed] == [
            ("线控转向执行器", [challenge.id])
        ]
        assert client.get(url, params={"year": 2025}, headers=actors.headers["owner"]).json() == []

    def test_a_key_link_of_another_chain_is_refused(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        link = client.post(
            "/api/v1/chains/xn-food/key-links",
            headers=actors.headers["bureau"],
            json={"year": 2026, "title": "茶多酚提纯"},
        ).json()
        challenge = make_challenge(session, owner=actors.owner)
        answer = client.put(
            f"/api/v1/challenges/{challenge.id}/key-link",
            headers=actors.headers["bureau"],
            json={"key_link_id": link["id"]},
        )
        assert answer.status_code == 422

    def test_a_gap_need_becomes_a_draft_challenge_keeping_the_link(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        need = make_need(
            session, owner=actors.owner, title="线控转向电机", chain_code="xn-equipment"
        )
        url = f"/api/v1/challenges/from-need/{need.id}"
        assert client.post(url, headers=actors.headers["institute"]).status_code == 404
        made = client.post(url, headers=actors.headers["owner"]).json()
        assert (made["status"], made["need_id"], made["title"]) == (
            "draft",
            need.id,
            "线控转向电机技术攻关",
        )
        assert made["chain_code"] == "xn-equipment"


def test_moves_are_stored_as_events(client: TestClient, session: Session, actors: Actors) -> None:
    challenge = make_challenge(session, owner=actors.owner, status=S.submitted)
    _move(client, actors.headers["bureau"], challenge.id, to="published")
    events = session.exec(
        select(ChallengeEvent).where(ChallengeEvent.challenge_id == challenge.id)
    ).all()
    assert [(e.from_status, e.to_status) for e in events] == [("submitted", "published")]
