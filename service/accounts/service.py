"""User accounts."""

from __future__ import annotations

from sqlmodel import Session, select

from service.accounts.security import hash_password, verify_password
from service.accounts.tables import User, UserRole
from service.core.errors import Conflict, Invalid, NotFound
from service.core.locks import USERNAMES, hold
from service.core.recent import RecentReads
from service.enterprises.tables import Enterprise

MIN_PASSWORD_LENGTH = 8


def _check_password(password: str, *, field: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"密码至少 {MIN_PASSWORD_LENGTH} 位", field=field)


def create(
    session: Session, *, username: str, password: str, role: UserRole, enterprise_id: int | None
) -> User:
    _check_password(password, field="password")
    hold(session, USERNAMES)  # concurrent registrations of one name: one wins, the rest get 409
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"用户名 {username} 已存在", field="username")
    if role == UserRole.bureau:
        enterprise_id = None
    else:
        enterprise = session.get(Enterprise, enterprise_id) if enterprise_id is not None else None
        if enterprise is None:
            raise Invalid("企业用户必须关联一个已登记的企业", field="enterprise")
        if role == UserRole.owner and not enterprise.is_owner:
            raise Invalid(f"{enterprise.name} 不是链主企业", field="enterprise")
        if role == UserRole.supplier and not enterprise.is_supplier:
            raise Invalid(f"{enterprise.name} 不是配套企业", field="enterprise")
        if role == UserRole.institute and not enterprise.is_institute:
            raise Invalid(f"{enterprise.name} 不是链创机构", field="enterprise")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        enterprise_id=enterprise_id,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.is_active or not verify_password(password, user.password_hash):
        return None
    return user


def end_sessions(session: Session, user_id: int) -> User:
    """End every page session and API token of this user at once (they carry the old version).
    Other workers see it within the few seconds `recent_user` keeps a row."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"用户 {user_id} 不存在")
    user.session_version += 1
    session.add(user)
    session.flush()
    _users.forget(session, user_id)
    return user


def change_password(session: Session, user_id: int, *, current: str, new: str) -> User:
    """A new password, once the current one is given; every session and token ends."""
    user = session.get(User, user_id)
    if user is None or not verify_password(current, user.password_hash):
        raise Invalid("当前密码不正确", field="current_password")
    _check_password(new, field="new_password")
    user.password_hash = hash_password(new)
    return end_sessions(session, user_id)


def set_active(session: Session, user_id: int, *, active: bool) -> User:
    """Deactivate (every session and token ends, sign-in is refused) or reactivate an account."""
    user = end_sessions(session, user_id)
    user.is_active = active
    session.flush()
    return user


def is_current(user: User, session_version: int) -> bool:
    """Whether a session or token issued under `session_version` is still this user's."""
    return user.is_active and user.session_version == session_version


# Every signed-in request names its user: rows are recent reads (see service.core.recent), so a
# change made by another process (a deactivation, say) can take up to 5 s to be seen here.
_users = RecentReads(ttl_seconds=5.0)


def recent_user(session: Session, user_id: int) -> User | None:
    """The active user with this id if it was read in the last few seconds (no database access)."""
    user: User | None = _users.get(session, user_id)
    return user


def active_user(session: Session, user_id: int) -> User | None:
    """The active user with this id, or None, read from the database and kept for `recent_user`.
    The row returned is detached and shared between requests: read it, never change it."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        _users.forget(session, user_id)
        return None
    session.expunge(user)
    _users.put(session, user_id, user, tables=[User.__table__.name])  # type: ignore[attr-defined]
    return user
