"""产销对接会 pages through the ASGI app: the bureau's forms, a firm's registration and requests,
the table plan, agendas (screen, print, XLSX), check-in, outcomes and the report."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, select

from service.accounts.tables import User
from service.events.tables import EventMeeting, EventRegistration, MeetingRequest
from service.pairings.tables import Match
from tests.events.event_world import Firms, make_event, make_firms, make_meeting, register

PASSWORD = "correct horse battery"


@pytest.fixture
def firms(session: Session) -> Firms:
    return make_firms(session)


def _csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def sign_in(client: TestClient, user: User) -> str:
    """Sign in as `user` (signing out whoever was in) and return the form token."""
    client.cookies.clear()
    response = client.post(
        "/login",
        data={"username": user.username, "password": PASSWORD, "_csrf": _csrf(client, "/login")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return _csrf(client, "/inbox")


def post(client: TestClient, token: str, path: str, **data: object) -> str:
    """Post a form, follow the redirect, return the page it lands on."""
    response = client.post(path, data={"_csrf": token, **data})
    assert response.status_code == 200, response.text
    return response.text


class TestAccess:
    def test_anonymous_goes_to_login(self, client: TestClient) -> None:
        response = client.get("/events", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/login?next=/events")

    def test_firms_cannot_open_the_bureaus_pages(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        event = make_event(session, status="published")
        sign_in(client, firms.users["owner"])
        for path in ("/events/new", f"/events/{event.id}/plan", f"/events/{event.id}/report"):
            response = client.get(path)
            assert response.status_code == 403
            assert "您的账号无权访问此页面" in response.text

    def test_a_draft_is_not_found_for_firms(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        draft = make_event(session, status="draft")
        sign_in(client, firms.users["supplier"])
        response = client.get(f"/events/{draft.id}")
        assert response.status_code == 404
        assert f"对接会 {draft.id} 不存在" in response.text


class TestBureauForms:
    def test_create_open_and_see_history(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        token = sign_in(client, firms.users["bureau"])
        page = post(
            client,
            token,
            "/events/new",
            name="通城县产销对接会",
            event_date="2026-12-20",
            start_time="14:00",
            place="通城县政府",
            meeting_minutes="30",
            slot_count="3",
            table_count="2",
            registration_deadline="",
            chain_codes="",
        )
        assert "已创建对接会「通城县产销对接会」（草稿）" in page
        assert "2026-12-20 14:00 起 · 通城县政府 · 每场 30 分钟 · 3 个时段 × 2 张洽谈桌" in page
        event_id = int(re.search(r'action="/events/(\d+)/transition"', page).group(1))  # type: ignore[union-attr]
        page = post(client, token, f"/events/{event_id}/transition", to="open")
        assert "对接会已变为「报名中」" in page
        assert "状态记录：草稿 → 报名中" in page

    def test_a_refused_move_is_a_message(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        event = make_event(session, status="scheduling")
        token = sign_in(client, firms.users["bureau"])
        page = post(client, token, f"/events/{event.id}/transition", to="published")
        assert '<div class="flash flash-error">尚未排期，不能发布日程</div>' in page


class TestFirmPages:
    def test_register_request_and_accept(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        event = make_event(session)
        register(session, event, firms.supplier, "supplier")
        token = sign_in(client, firms.users["owner"])
        page = post(
            client,
            token,
            f"/events/{event.id}/register",
            contact_name="李工",
            unavailable_slots="2",
        )
        assert "报名成功" in page
        assert "本企业已报名（链主企业），无法参加第 2 时段。" in page
        assert "推荐洽谈的配套企业" in page
        assert "丙精密冲压有限公司" in page
        page = post(
            client,
            token,
            f"/events/{event.id}/requests",
            owner_id=str(firms.owner.id),
            supplier_id=str(firms.supplier.id),
            need_id=str(firms.need.id),
        )
        assert "已发出洽谈请求，等待对方答复" in page
        request = session.exec(select(MeetingRequest)).one()
        assert f"answer-1-{request.id}" not in page  # the asking side does not answer

        token = sign_in(client, firms.users["supplier"])
        page = client.get(f"/events/{event.id}").text
        assert f'data-testid="answer-1-{request.id}"' in page
        page = post(client, token, f"/events/{event.id}/requests/{request.id}/answer", accept="1")
        assert "已接受洽谈请求" in page
        session.refresh(request)
        assert request.status == "accepted"
        registration = session.exec(
            select(EventRegistration).where(EventRegistration.enterprise_id == firms.owner.id)
        ).one()
        assert (registration.unavailable_slots, registration.contact_name) == ([2], "李工")

    def test_late_registration_is_refused_on_the_page(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        from datetime import date, timedelta

        event = make_event(session, deadline=date.today() - timedelta(days=2))
        token = sign_in(client, firms.users["owner"])
        page = post(client, token, f"/events/{event.id}/register")
        deadline = event.registration_deadline.isoformat()  # type: ignore[union-attr]
        assert f'<div class="flash flash-error">报名已于 {deadline} 截止</div>' in page
        assert session.exec(select(EventRegistration)).all() == []


class TestTheDay:
    def test_plan_agendas_check_in_outcome_and_report(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        event = make_event(session, status="scheduling", slot_count=2, table_count=1)
        register(session, event, firms.owner, "owner")
        register(session, event, firms.supplier, "supplier")
        token = sign_in(client, firms.users["bureau"])
        page = post(client, token, f"/events/{event.id}/schedule")
        assert "已排出 1 场洽谈（与最优值相差 0.00%）" in page
        assert "甲汽车链主有限公司</strong> ↔ <strong>丙精密冲压有限公司" in page
        meeting = session.exec(select(EventMeeting)).one()
        post(client, token, f"/events/{event.id}/transition", to="published")

        for role in ("owner", "supplier"):
            sign_in(client, firms.users[role])
            page = client.get(f"/events/{event.id}/agenda").text
            other = "丙精密冲压有限公司" if role == "owner" else "甲汽车链主有限公司"
            assert f'<td data-testid="agenda-other">{other}</td>' in page
            printable = client.get(f"/events/{event.id}/agenda/print")
            assert printable.status_code == 200
            assert "window.print()" in printable.text
            workbook = load_workbook(BytesIO(client.get(f"/events/{event.id}/agenda.xlsx").content))
            assert workbook.active.cell(row=5, column=5).value == other

        token = sign_in(client, firms.users["bureau"])
        page = post(
            client, token, f"/events/{event.id}/meetings/{meeting.id}/check-in", attendance="held"
        )
        assert "已签到：已洽谈" in page

        token = sign_in(client, firms.users["supplier"])
        page = post(
            client,
            token,
            f"/events/{event.id}/meetings/{meeting.id}/outcome",
            result="interested",
            note="寄送样品目录",
            next=f"/events/{event.id}/agenda",
        )
        assert "已记录洽谈结果：有意向" in page
        assert '<span data-testid="my-outcome">有意向</span>（寄送样品目录）' in page
        match = session.exec(select(Match)).one()
        assert (match.need_id, match.status) == (firms.need.id, "contacted")

        sign_in(client, firms.users["bureau"])
        page = client.get(f"/events/{event.id}/report").text
        assert '安排 <strong data-testid="meetings-scheduled">1</strong> 场' in page
        assert '实际洽谈 <strong data-testid="meetings-held">1</strong> 场' in page
        assert '新建对接 <strong data-testid="pairings-created">1</strong> 个' in page

    def test_an_unregistered_firm_has_no_agenda(
        self, client: TestClient, session: Session, firms: Firms
    ) -> None:
        event = make_event(session, status="published")
        register(session, event, firms.owner, "owner")
        register(session, event, firms.supplier, "supplier")
        make_meeting(session, event, firms.owner, firms.supplier)
        sign_in(client, firms.users["other_owner"])
        response = client.get(
            f"/events/{event.id}/agenda", params={"enterprise_id": firms.owner.id}
        )
        assert response.status_code == 422
        assert "该企业未报名本次对接会" in response.text
