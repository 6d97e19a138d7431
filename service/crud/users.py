"""User accounts."""

from __future__ import annotations

import time
from itertools import chain
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event
from sqlmodel import Session, select

from service.core.db import engine_of
from service.core.errors import Conflict, Invalid
from service.core.security import hash_password, verify_password
from service.models import Enterprise, User, UserRole


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


# Every signed-in request names its user, and reading that row is a query per request. Rows are
# kept for a few seconds: a user written in this process is forgotten at its flush, so only a
# change made by another process (a deactivation, say) can take up to USER_TTL to be seen.
USER_TTL_SECONDS = 5.0
_recent: WeakKeyDictionary[Engine, dict[int, tuple[float, User]]] = WeakKeyDictionary()


@event.listens_for(Session, "after_flush")
def _forget_written_users(session: Session, _context: Any) -> None:
    recent = _recent.get(engine_of(session))
    if recent and any(
        isinstance(o, User) for o in chain(session.new, session.dirty, session.deleted)
    ):
        recent.clear()


def recent_user(session: Session, user_id: int) -> User | None:
    """The active user with this id if it was read in the last few seconds (no database access)."""
    cached = _recent.get(engine_of(session), {}).get(user_id)
    if cached is not None and time.monotonic() - cached[0] < USER_TTL_SECONDS:
        return cached[1]
    return None


def active_user(session: Session, user_id: int) -> User | None:
    """The active user with this id, or None. The row returned is detached and shared between
    requests: read it, never change it."""
    if (recent := recent_user(session, user_id)) is not None:
        return recent
    recent_users = _recent.setdefault(engine_of(session), {})
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        recent_users.pop(user_id, None)
        return None
    session.expunge(user)
    recent_users[user_id] = (time.monotonic(), user)
    return user
