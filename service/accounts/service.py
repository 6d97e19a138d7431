"""User accounts."""

from __future__ import annotations

from sqlmodel import Session, select

from service.accounts.security import hash_password, verify_password
from service.accounts.tables import User, UserRole
from service.core.errors import Conflict, Invalid
from service.core.recent import RecentReads
from service.enterprises.tables import Enterprise


def create(
    session: Session, *, username: str, password: str, role: UserRole, enterprise_id: int | None
) -> User:
    if len(password) < 8:
        raise Invalid("密码至少 8 位", field="password")
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
