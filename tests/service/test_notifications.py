"""Notifications: inbox rows, per-user preferences, the three hooks, e-mail through a local SMTP sink."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from service.accounts.tables import UserRole
from service.core.errors import Invalid
from service.notifications import service as notifications
from service.notifications.tables import Notification
from service.pairings.tables import Match
from tests.factories import make_enterprise, make_need, make_user


class _Sink:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Sink]:
    sink = _Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("PEITAO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PEITAO_SMTP_PORT", str(port))
    monkeypatch.setenv("PEITAO_SMTP_FROM", "noreply@peitao.test")
    try:
        yield sink
    finally:
        controller.stop()


def _subject(raw: bytes) -> str:
    return str(make_header(decode_header(message_from_bytes(raw)["Subject"])))


class TestNotify:
    def test_every_user_of_the_firm_gets_one_inbox_row(self, session: Session) -> None:
        firm = make_enterprise(session, owner=True)
        a = make_user(session, role=UserRole.owner, enterprise=firm)
        b = make_user(session, role=UserRole.owner, enterprise=firm)
        items = notifications.notify(
            session, kind="need_fits", title="标题", body="正文", enterprise_id=firm.id
        )
        session.commit()
        assert sorted(n.user_id for n in items) == sorted([a.id, b.id])
        assert notifications.unread_count(session, a.id or 0) == 1

    def test_a_user_who_turned_a_kind_off_gets_nothing(self, session: Session) -> None:
        firm = make_enterprise(session, owner=True)
        user = make_user(session, role=UserRole.owner, enterprise=firm)
        assert user.id is not None
        notifications.set_preferences(
            session, user.id, kinds=["need_fits"], email_enabled=False, email=""
        )
        assert (
            notifications.notify(session, kind="status_changed", title="x", user_ids=[user.id])
            == []
        )
        assert (
            len(notifications.notify(session, kind="need_fits", title="x", user_ids=[user.id])) == 1
        )

    def test_unknown_kind_is_a_programming_error(self, session: Session) -> None:
        with pytest.raises(ValueError, match="unknown notification kind"):
            notifications.notify(session, kind="spam", title="x", user_ids=[1])


class TestPreferences:
    def test_default_is_every_kind_without_email(self, session: Session) -> None:
        pref = notifications.preferences(session, 12345)
        assert pref.kinds == ["strong_candidate", "need_fits", "status_changed", "event_schedule"]
        assert pref.email_enabled is False

    @pytest.mark.parametrize(
        ("kinds", "enabled", "email", "field"),
        [
            (["spam"], False, "", "kinds"),
            ([], True, "", "email"),
            ([], False, "not-an-address", "email"),
        ],
    )
    def test_invalid_choices_are_refused(
        self, session: Session, kinds: list[str], enabled: bool, email: str, field: str
    ) -> None:
        user = make_user(session, role=UserRole.bureau)
        with pytest.raises(Invalid) as info:
            notifications.set_preferences(
                session, user.id or 0, kinds=kinds, email_enabled=enabled, email=email
            )
        assert info.value.field == field


class TestInbox:
    def test_newest_first_and_mark_read(self, session: Session) -> None:
        user = make_user(session, role=UserRole.bureau)
        uid = user.id or 0
        for i in range(3):
            notifications.notify(session, kind="need_fits", title=f"第{i}条", user_ids=[uid])
        session.commit()
        rows, total = notifications.inbox(session, uid, limit=2)
        assert total == 3
        assert [r.title for r in rows] == ["第2条", "第1条"]
        assert notifications.mark_read(session, uid, rows[0].id) == 1
        assert notifications.unread_count(session, uid) == 2
        assert notifications.mark_read(session, uid) == 2
        assert notifications.unread_count(session, uid) == 0

    def test_a_user_cannot_mark_someone_elses_notification(self, session: Session) -> None:
        me = make_user(session, role=UserRole.bureau)
        other = make_user(session, role=UserRole.bureau)
        (item,) = notifications.notify(
            session, kind="need_fits", title="x", user_ids=[other.id or 0]
        )
        session.commit()
        assert notifications.mark_read(session, me.id or 0, item.id) == 0
        assert notifications.unread_count(session, other.id or 0) == 1


class TestHooks:
    def test_status_change_tells_both_sides_but_not_the_actor(self, session: Session) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        supplier = make_enterprise(session)
        owner_user = make_user(session, role=UserRole.owner, enterprise=owner)
        supplier_user = make_user(session, role=UserRole.supplier, enterprise=supplier)
        need = make_need(session, owner=owner, title="铝合金压铸件")
        match = Match(need_id=need.id or 0, supplier_id=supplier.id or 0, score=0.8)
        session.add(match)
        session.commit()
        items = notifications.on_status_changed(
            session,
            match=match,
            from_status="suggested",
            to_status="shortlisted",
            actor_user_id=owner_user.id,
        )
        assert [n.user_id for n in items] == [supplier_user.id]
        assert items[0].body.endswith("由「系统推荐」变为「链主入围」。")
        assert items[0].link == "/supplier/pairings"

    def test_strong_candidate_and_need_fits_links(self, session: Session) -> None:
        owner = make_enterprise(session, owner=True, supplier=False)
        supplier = make_enterprise(session)
        make_user(session, role=UserRole.owner, enterprise=owner)
        make_user(session, role=UserRole.supplier, enterprise=supplier)
        need = make_need(session, owner=owner, title="精密冲压件")
        (a,) = notifications.on_strong_candidate(session, need=need, supplier=supplier, score=0.83)
        (b,) = notifications.on_need_fits(
            session, need=need, supplier_id=supplier.id or 0, score=0.7
        )
        assert (a.kind, a.link) == ("strong_candidate", f"/owner/needs/{need.id}")
        assert a.body == f"{supplier.name}（匹配度 83）可能满足您的需求「精密冲压件」。"
        assert (b.kind, b.link) == ("need_fits", "/supplier/opportunities")


class TestEmail:
    def test_mail_goes_out_after_commit_only_to_users_who_asked(
        self, session: Session, smtp_sink: _Sink
    ) -> None:
        firm = make_enterprise(session)
        wants = make_user(session, role=UserRole.supplier, enterprise=firm)
        make_user(session, role=UserRole.supplier, enterprise=firm)
        notifications.set_preferences(
            session,
            wants.id or 0,
            kinds=["need_fits"],
            email_enabled=True,
            email="buyer@example.cn",
        )
        session.commit()
        notifications.notify(
            session, kind="need_fits", title="新需求", body="正文", link="/x", enterprise_id=firm.id
        )
        assert smtp_sink.messages == []  # nothing before the commit
        session.commit()
        assert len(smtp_sink.messages) == 1
        rcpt, raw = smtp_sink.messages[0]
        assert rcpt == ["buyer@example.cn"]
        assert _subject(raw) == "【产业链供需对接平台】新需求"
        assert len(session.exec(select(Notification)).all()) == 2

    def test_rollback_sends_nothing(self, session: Session, smtp_sink: _Sink) -> None:
        user = make_user(session, role=UserRole.bureau)
        notifications.set_preferences(
            session, user.id or 0, kinds=["need_fits"], email_enabled=True, email="a@b.cn"
        )
        session.commit()
        notifications.notify(session, kind="need_fits", title="x", user_ids=[user.id or 0])
        session.rollback()
        session.commit()
        assert smtp_sink.messages == []
