"""揭榜: applications with proposal PDFs (bytes checked, size capped, served as attachments to the
owner, the applicant and the bureau only), full text on request, and matching both ways."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.accounts.tables import UserRole
from service.challenges.storage import MAX_PDF_BYTES
from service.challenges.tables import ChallengeStatus
from service.enterprises.tables import Enterprise
from tests.challenges.world import PDF, make_challenge, make_institute
from tests.factories import auth_headers, make_enterprise, make_user

FORM = {
    "approach": "激光摆动焊接加随焊冷却",
    "team": "教授 1 名",
    "budget_wan": "90",
    "timeline": "12 个月",
}


@dataclass
class Actors:
    owner: Enterprise
    institute: Enterprise
    other_institute: Enterprise
    headers: dict[str, dict[str, str]]


@pytest.fixture
def actors(client: TestClient, session: Session) -> Actors:
    owner = make_enterprise(session, name="甲链主有限公司", owner=True, supplier=False)
    other_owner = make_enterprise(session, name="乙链主有限公司", owner=True, supplier=False)
    institute = make_institute(session, name="示例理工大学")
    other = make_institute(session, name="示例科技学院", fields=("中药提取", "发酵工艺"))
    supplier = make_enterprise(session, name="丙配套有限公司")
    users = {
        "bureau": make_user(session, role=UserRole.bureau),
        "owner": make_user(session, role=UserRole.owner, enterprise=owner),
        "other_owner": make_user(session, role=UserRole.owner, enterprise=other_owner),
        "institute": make_user(session, role=UserRole.institute, enterprise=institute),
        "other_institute": make_user(session, role=UserRole.institute, enterprise=other),
        "supplier": make_user(session, role=UserRole.supplier, enterprise=supplier),
    }
    headers = {name: auth_headers(client, user) for name, user in users.items()}
    headers["anonymous"] = {}
    return Actors(owner, institute, other, headers)


def _apply(client: TestClient, headers: dict[str, str], challenge_id: int, pdf: bytes | None = PDF):  # noqa: ANN202 - a test helper
    files = {"file": ("方案.pdf", pdf, "application/pdf")} if pdf is not None else None
    return client.post(
        f"/api/v1/challenges/{challenge_id}/applications", headers=headers, data=FORM, files=files
    )


class TestUpload:
    def test_an_institute_applies_with_a_pdf_stored_outside_the_package(
        self, client: TestClient, session: Session, actors: Actors, tmp_path: Path
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        answer = _apply(client, actors.headers["institute"], challenge.id)
        assert answer.status_code == 201
        body = answer.json()
        assert (body["has_file"], body["file_size"], body["budget_wan"]) == (
            True,
            len(PDF),
            "90.00",
        )
        stored = list((tmp_path / "challenge-files").glob("*.pdf"))
        assert [p.read_bytes() for p in stored] == [PDF]
        assert "方案" not in stored[0].name

    def test_a_pdf_that_is_not_a_pdf_is_refused_422(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        answer = _apply(client, actors.headers["institute"], challenge.id, b"MZ\x90\x00 not a pdf")
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["msg"] == "附件必须是 PDF 文件"

    def test_a_pdf_over_10_mb_is_refused_413(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        big = PDF + b"0" * (MAX_PDF_BYTES - len(PDF) + 1)
        answer = _apply(client, actors.headers["institute"], challenge.id, big)
        assert (answer.status_code, answer.json()) == (413, {"detail": "附件不能超过 10 MB"})

    def test_exactly_10_mb_is_accepted(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        exact = PDF + b"0" * (MAX_PDF_BYTES - len(PDF))
        assert _apply(client, actors.headers["institute"], challenge.id, exact).status_code == 201

    def test_applying_twice_or_to_a_closed_challenge_is_409(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        assert _apply(client, actors.headers["institute"], challenge.id, None).status_code == 201
        again = _apply(client, actors.headers["institute"], challenge.id, None)
        assert (again.status_code, again.json()) == (409, {"detail": "本机构已揭榜该榜单"})
        closed = make_challenge(session, owner=actors.owner, status=ChallengeStatus.closed)
        late = _apply(client, actors.headers["institute"], closed.id, None)
        assert (late.status_code, late.json()) == (
            409,
            {"detail": "榜单状态为「揭榜截止」，不接受揭榜"},
        )

    @pytest.mark.parametrize(
        ("who", "code"),
        [("owner", 403), ("supplier", 403), ("bureau", 403), ("anonymous", 401)],
    )
    def test_only_institutes_apply(
        self, client: TestClient, session: Session, actors: Actors, who: str, code: int
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        assert _apply(client, actors.headers[who], challenge.id).status_code == code


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("owner", 200),
        ("institute", 200),
        ("bureau", 200),
        ("other_institute", 404),
        ("other_owner", 404),
        ("supplier", 404),
        ("anonymous", 401),
    ],
)
def test_the_pdf_is_an_attachment_for_owner_applicant_and_bureau_only(
    client: TestClient, session: Session, actors: Actors, who: str, code: int
) -> None:
    challenge = make_challenge(session, owner=actors.owner)
    application = _apply(client, actors.headers["institute"], challenge.id).json()
    url = f"/api/v1/challenges/{challenge.id}/applications/{application['id']}/file"
    answer = client.get(url, headers=actors.headers[who])
    assert answer.status_code == code
    if code == 200:
        assert answer.content == PDF
        assert answer.headers["content-disposition"].startswith("attachment;")
        assert answer.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("owner", 2),
        ("bureau", 2),
        ("institute", 1),
        ("other_institute", 1),
        ("other_owner", 403),
        ("supplier", 403),
        ("anonymous", 401),
    ],
)
def test_applications_list_is_confidential(
    client: TestClient, session: Session, actors: Actors, who: str, seen: int
) -> None:
    challenge = make_challenge(session, owner=actors.owner)
    _apply(client, actors.headers["institute"], challenge.id)
    _apply(client, actors.headers["other_institute"], challenge.id, None)
    answer = client.get(
        f"/api/v1/challenges/{challenge.id}/applications", headers=actors.headers[who]
    )
    if seen in (401, 403):
        assert answer.status_code == seen
    else:
        assert len(answer.json()) == seen
        if who.endswith("institute"):
            firm = actors.institute if who == "institute" else actors.other_institute
            assert [a["institute_id"] for a in answer.json()] == [firm.id]


class TestFullTextOnRequest:
    @pytest.mark.parametrize(
        ("who", "full"),
        [
            ("owner", True),
            ("bureau", True),
            ("institute", False),
            ("supplier", False),
            ("other_owner", False),
        ],
    )
    def test_an_on_request_challenge_shows_the_summary_only(
        self, client: TestClient, session: Session, actors: Actors, who: str, full: bool
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, disclosure="on_request")
        body = client.get(f"/api/v1/challenges/{challenge.id}", headers=actors.headers[who]).json()
        assert (body["full_text"], body["summary"]) == (full, "征集高强钢薄板激光焊接变形控制方案")
        assert (body["problem"] is not None) == full
        assert (body["indicators"] is not None) == full

    def test_suppliers_see_public_parts_of_a_public_challenge(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, disclosure="public")
        url = f"/api/v1/challenges/{challenge.id}"
        assert client.get(url, headers=actors.headers["supplier"]).json()["problem"] is None
        assert client.get(url, headers=actors.headers["institute"]).json()["problem"] == (
            "现有工艺焊后变形超过 1.5 mm（机密细节）"
        )

    def test_the_owner_grants_the_full_text_to_the_institute_that_asked(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, disclosure="on_request")
        base = f"/api/v1/challenges/{challenge.id}"
        asked = client.post(f"{base}/access-requests", headers=actors.headers["institute"])
        assert (asked.status_code, asked.json()["granted"]) == (201, False)
        grant = f"{base}/access-requests/{actors.institute.id}/grant"
        assert client.post(grant, headers=actors.headers["other_owner"]).status_code == 403
        assert client.post(grant, headers=actors.headers["institute"]).status_code == 403
        assert client.post(grant, headers=actors.headers["owner"]).json()["granted"] is True
        mine = client.get(base, headers=actors.headers["institute"]).json()
        other = client.get(base, headers=actors.headers["other_institute"]).json()
        assert (mine["full_text"], other["full_text"]) == (True, False)

    def test_only_institutes_ask(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner, disclosure="on_request")
        url = f"/api/v1/challenges/{challenge.id}/access-requests"
        assert client.post(url, headers=actors.headers["supplier"]).status_code == 403

    def test_a_draft_is_missing_to_everyone_but_owner_and_bureau(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        draft = make_challenge(session, owner=actors.owner, status=ChallengeStatus.draft)
        url = f"/api/v1/challenges/{draft.id}"
        codes = {w: client.get(url, headers=actors.headers[w]).status_code for w in actors.headers}
        assert codes == {
            "bureau": 200,
            "owner": 200,
            "other_owner": 404,
            "institute": 404,
            "other_institute": 404,
            "supplier": 404,
            "anonymous": 401,
        }


class TestMatchingBothWays:
    def test_candidates_rank_the_fitting_institute_first_with_reasons(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        challenge = make_challenge(session, owner=actors.owner)
        answer = client.get(
            f"/api/v1/challenges/{challenge.id}/candidates", headers=actors.headers["owner"]
        )
        ranked = answer.json()
        assert ranked[0]["institute_id"] == actors.institute.id
        assert ranked[0]["reasons"]
        assert 0 < ranked[0]["score"] <= 1
        institute_view = client.get(
            f"/api/v1/challenges/{challenge.id}/candidates", headers=actors.headers["institute"]
        )
        assert institute_view.status_code == 403

    def test_an_institute_finds_the_challenge_among_its_ranked_challenges(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        fitting = make_challenge(session, owner=actors.owner)
        make_challenge(session, owner=actors.owner, title="茶饮料灌装线节能改造")
        url = f"/api/v1/institutes/{actors.institute.id}/challenges"
        ranked = client.get(url, headers=actors.headers["institute"]).json()
        assert ranked[0]["challenge_id"] == fitting.id
        assert client.get(url, headers=actors.headers["other_institute"]).status_code == 403
        assert client.get(url, headers=actors.headers["bureau"]).status_code == 200

    def test_a_withheld_problem_never_feeds_an_institutes_ranking(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        """The on_request problem text says 机密细节; the institute may not read it, so no reason
        the ranking gives it may quote it."""
        make_challenge(session, owner=actors.owner, disclosure="on_request")
        url = f"/api/v1/institutes/{actors.institute.id}/challenges"
        ranked = client.get(url, headers=actors.headers["institute"]).json()
        assert all("机密" not in reason for r in ranked for reason in r["reasons"])
