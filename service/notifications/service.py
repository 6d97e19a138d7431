"""Who gets told what: inbox rows now, e-mail after the transaction commits.

Other modules call `notify` directly, or one of the three hooks (`on_strong_candidate`,
`on_need_fits`, `on_status_changed`) that word the message for them. Like every service here
these take `session` first and `flush()`, never `commit()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import event, func, update
from sqlmodel import Session, col, select

from service.accounts.tables import User
from service.core.errors import Invalid
from service.core.scores import score_points
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise
from service.needs.tables import Need
from service.notifications.mailer import Mail, MailSettings, send_mail
from service.notifications.tables import Notification, NotificationKind, NotificationPreference
from service.pairings.tables import MATCH_STATUS_LABELS, Match

OUTBOX_KEY = "peitao_outbox"
ALL_KINDS: tuple[str, ...] = tuple(k.value for k in NotificationKind)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def preferences(session: Session, user_id: int) -> NotificationPreference:
    """The user's choices; a user who never chose gets every kind in the inbox and no e-mail."""
    return session.get(NotificationPreference, user_id) or _default_preferences(user_id)


def _default_preferences(user_id: int) -> NotificationPreference:
    return NotificationPreference(user_id=user_id, kinds=list(ALL_KINDS))


def set_preferences(
    session: Session, user_id: int, *, kinds: Iterable[str], email_enabled: bool, email: str
) -> NotificationPreference:
    chosen = sorted(set(kinds))
    unknown = [k for k in chosen if k not in ALL_KINDS]
    if unknown:
        raise Invalid(f"未知的通知类型：{'、'.join(unknown)}", field="kinds")
    email = email.strip()
    if email and not EMAIL_PATTERN.match(email):
        raise Invalid("电子邮箱格式不正确", field="email")
    if email_enabled and not email:
        raise Invalid("开启邮件通知需要填写电子邮箱", field="email")
    pref = session.get(NotificationPreference, user_id) or NotificationPreference(user_id=user_id)
    pref.kinds = chosen
    pref.email_enabled = email_enabled
    pref.email = email
    session.add(pref)
    session.flush()
    return pref


def _recipients(
    session: Session, *, user_ids: Sequence[int] | None, enterprise_id: int | None
) -> list[tuple[User, NotificationPreference]]:
    """Active users chosen, each with their preferences (one query for both)."""
    statement = (
        select(User, NotificationPreference)
        .outerjoin(NotificationPreference, col(NotificationPreference.user_id) == User.id)
        .where(col(User.is_active))
    )
    if user_ids is not None:
        statement = statement.where(col(User.id).in_(list(user_ids)))
    elif enterprise_id is not None:
        statement = statement.where(User.enterprise_id == enterprise_id)
    else:
        raise ValueError("notify needs user_ids or enterprise_id")
    chosen = []
    for user, pref in session.exec(statement.order_by(col(User.id))).all():
        assert user.id is not None
        chosen.append((user, pref or _default_preferences(user.id)))
    return chosen


def notify(
    session: Session,
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    user_ids: Sequence[int] | None = None,
    enterprise_id: int | None = None,
    exclude_user_id: int | None = None,
) -> list[Notification]:
    """Put a notification in the inbox of every chosen user who wants this kind; queue e-mail."""
    if kind not in ALL_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    created: list[Notification] = []
    for user, pref in _recipients(session, user_ids=user_ids, enterprise_id=enterprise_id):
        assert user.id is not None
        if user.id == exclude_user_id or kind not in pref.kinds:
            continue
        item = Notification(
            user_id=user.id, kind=kind, title=title[:200], body=body[:2000], link=link[:300]
        )
        session.add(item)
        created.append(item)
        if pref.email_enabled and pref.email:
            _queue_mail(
                session,
                Mail(
                    to=pref.email,
                    subject=f"【产业链供需对接平台】{title}",
                    body=_mail_body(body, link),
                ),
            )
    session.flush()
    return created


def _mail_body(body: str, link: str) -> str:
    return f"{body}\n\n查看详情：{link}\n" if link else f"{body}\n"


def _queue_mail(session: Session, mail: Mail) -> None:
    outbox: list[Mail] | None = session.info.get(OUTBOX_KEY)
    if outbox is None:
        outbox = session.info[OUTBOX_KEY] = []
        event.listen(session, "after_commit", _send_outbox)
        event.listen(session, "after_rollback", _drop_outbox)
    outbox.append(mail)


def _send_outbox(session: Session) -> None:
    mails: list[Mail] = session.info.get(OUTBOX_KEY) or []
    if mails:
        session.info[OUTBOX_KEY] = []
        send_mail(MailSettings(), mails)


def _drop_outbox(session: Session) -> None:
    if session.info.get(OUTBOX_KEY):
        session.info[OUTBOX_KEY] = []


# -- the inbox ---------------------------------------------------------------------------------


def inbox(
    session: Session, user_id: int, *, limit: int = 50, offset: int = 0, unread_only: bool = False
) -> tuple[list[Notification], int]:
    statement = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        statement = statement.where(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(
        statement.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total)


def unread_count(session: Session, user_id: int) -> int:
    statement = select(func.count()).where(
        Notification.user_id == user_id, col(Notification.read_at).is_(None)
    )
    return int(session.exec(statement).one())


def mark_read(session: Session, user_id: int, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of this user read; return how many."""
    statement = (
        update(Notification)
        .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
    )
    if notification_id is not None:
        statement = statement.where(col(Notification.id) == notification_id)
    result = session.exec(statement)
    session.flush()
    return int(result.rowcount or 0)


# -- hooks the matching code calls ----------------------------------------------------------------


def on_strong_candidate(
    session: Session, *, need: Need, supplier: Enterprise, score: float
) -> list[Notification]:
    """A new strong local candidate appeared for an owner's need: tell the owner's users."""
    return notify(
        session,
        kind=NotificationKind.strong_candidate,
        enterprise_id=need.owner_id,
        title=f"需求「{need.title}」有新的优质本地候选",
        body=f"{supplier.name}（匹配度 {score_points(score)}）可能满足您的需求「{need.title}」。",
        link=f"/owner/needs/{need.id}",
    )


def on_need_fits(
    session: Session, *, need: Need, supplier_id: int, score: float
) -> list[Notification]:
    """A new (or reopened) need fits a supplier: tell the supplier's users."""
    owner = session.get(Enterprise, need.owner_id)
    owner_name = owner.name if owner else "链主企业"
    return notify(
        session,
        kind=NotificationKind.need_fits,
        enterprise_id=supplier_id,
        title=f"新需求适合贵企业：{need.title}",
        body=f"{owner_name} 发布了配套需求「{need.title}」，与贵企业能力匹配度 {score_points(score)}。",
        link="/supplier/opportunities",
    )


def on_status_changed(
    session: Session, *, match: Match, from_status: str, to_status: str, actor_user_id: int | None
) -> list[Notification]:
    """A pairing moved in the pipeline: tell both sides, except the user who moved it."""
    need = session.get(Need, match.need_id)
    supplier = session.get(Enterprise, match.supplier_id)
    if need is None or supplier is None:
        return []
    old, new = (
        MATCH_STATUS_LABELS.get(from_status, from_status),
        MATCH_STATUS_LABELS.get(to_status, to_status),
    )
    title = f"对接状态更新：{need.title} — {supplier.name}"
    body = f"需求「{need.title}」与 {supplier.name} 的对接状态由「{old}」变为「{new}」。"
    kind = NotificationKind.status_changed
    owner_side = notify(
        session,
        kind=kind,
        enterprise_id=need.owner_id,
        exclude_user_id=actor_user_id,
        title=title,
        body=body,
        link=f"/owner/needs/{need.id}",
    )
    supplier_side = notify(
        session,
        kind=kind,
        enterprise_id=match.supplier_id,
        exclude_user_id=actor_user_id,
        title=title,
        body=body,
        link="/supplier/pairings",
    )
    return owner_side + supplier_side
