"""One login throttle for the whole deployment: failed sign-ins are rows in the database, counted
per account and per client address, so every worker and every replica sees the same counts.

Either count reaching the limit within the window refuses the next attempt (the right password
too) until the oldest counted failure leaves the window. A successful sign-in clears only its own
account's count: signing into another account, or into one's own, never wipes an address's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from service.accounts.tables import LoginFailure, User
from service.core.db import session_scope
from service.core.errors import PeitaoError
from service.core.tables import utcnow

ACCOUNT_KEY_CHARS = 150  # a username is at most 64; longer input is cut, never stored whole


def account_key(username: str) -> str:
    return f"account:{username.strip()[:ACCOUNT_KEY_CHARS]}"


def address_key(address: str) -> str:
    return f"address:{address}"


@dataclass(frozen=True)
class LoginThrottle:
    max_failures: int = 10
    window: timedelta = timedelta(minutes=5)
    clock: Callable[[], datetime] = field(default=utcnow)

    def retry_after(self, session: Session, keys: tuple[str, ...]) -> int:
        """Seconds to wait before these keys may try again; 0 when they may try now."""
        now = self.clock()
        return max((self._wait(session, key, now) for key in keys), default=0)

    def _wait(self, session: Session, key: str, now: datetime) -> int:
        latest = session.exec(
            select(LoginFailure.failed_at)
            .where(LoginFailure.key == key, col(LoginFailure.failed_at) > now - self.window)
            .order_by(col(LoginFailure.failed_at).desc())
            .limit(self.max_failures)
        ).all()
        if len(latest) < self.max_failures:
            return 0
        # The attempt is allowed again once the oldest of the last `max_failures` has aged out.
        frees_at = _aware(latest[-1]) + self.window
        return max(1, int((frees_at - now).total_seconds() + 0.999))

    def failed(self, session: Session, keys: tuple[str, ...]) -> None:
        now = self.clock()
        session.execute(
            delete(LoginFailure).where(col(LoginFailure.failed_at) <= now - self.window)
        )
        session.add_all(LoginFailure(key=key, failed_at=now) for key in keys)
        session.flush()

    def succeeded(self, session: Session, account: str) -> None:
        session.execute(delete(LoginFailure).where(col(LoginFailure.key) == account))

    def count(self, session: Session, key: str) -> int:
        """Failures of `key` within the window (for tests and operators)."""
        since = self.clock() - self.window
        statement = select(func.count()).where(
            LoginFailure.key == key, col(LoginFailure.failed_at) > since
        )
        return int(session.exec(statement).one())


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; every stored one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class TooManyAttempts(PeitaoError):
    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"登录失败次数过多，请 {retry_after} 秒后再试")
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class LoginGuard:
    """The throttle around one sign-in from one client address. Its counts are written in short
    transactions of their own: the request's unit of work rolls back on a failed sign-in, and the
    failure must stay counted."""

    throttle: LoginThrottle
    sessions: sessionmaker[Session]
    address: str

    def sign_in(self, username: str, authenticate: Callable[[], User | None]) -> User | None:
        """The user `authenticate` finds, or None (a failure, counted); `TooManyAttempts` while
        the account or the address is over its limit, without checking the password at all."""
        account, keys = account_key(username), (account_key(username), address_key(self.address))
        with session_scope(self.sessions) as session:
            wait = self.throttle.retry_after(session, keys)
        if wait:
            raise TooManyAttempts(wait)
        user = authenticate()
        with session_scope(self.sessions) as session:
            if user is None:
                self.throttle.failed(session, keys)
            else:
                self.throttle.succeeded(session, account)
        return user
