"""The signed-in principal as a typed dependency (`PrincipalDep`): an API token or the page session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer

from service.accounts import service as users_crud
from service.accounts.security import token_session
from service.accounts.tables import User, UserRole
from service.accounts.throttle import LoginGuard
from service.core.addresses import client_address
from service.core.deps import SessionDep, SettingsDep
from service.core.errors import Forbidden, Unauthorized

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user, or nobody (public, read-only access)."""

    user: User | None

    @property
    def role(self) -> str | None:
        return self.user.role if self.user else None

    @property
    def enterprise_id(self) -> int | None:
        return self.user.enterprise_id if self.user else None

    @property
    def is_bureau(self) -> bool:
        return self.role == UserRole.bureau

    def acts_for(self, enterprise_id: int | None) -> bool:
        """Bureau staff act for every firm; firm staff only for their own."""
        return self.is_bureau or (enterprise_id is not None and self.enterprise_id == enterprise_id)

    def require_user(self) -> User:
        if self.user is None:
            raise Unauthorized("请先登录")
        return self.user

    def require_bureau(self) -> None:
        self.require_user()
        if not self.is_bureau:
            raise Forbidden("仅经信局用户可执行此操作")

    def require_acts_for(self, enterprise_id: int | None) -> None:
        self.require_user()
        if not self.acts_for(enterprise_id):
            raise Forbidden("只能操作本企业的数据")


async def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    presented: tuple[int, int] | None = None  # (user id, session version)
    if token:
        presented = token_session(token, settings.secret_key)
        if presented is None:
            raise Unauthorized("登录凭据无效或已过期")
    else:
        presented = getattr(request.state, "session_user", None)
    if presented is None:
        return Principal(user=None)
    user_id, version = presented
    # Async, so that the usual case (a user read moments ago) costs no hop to a worker thread.
    user = users_crud.recent_user(session, user_id) or await run_in_threadpool(
        users_crud.active_user, session, user_id
    )
    if user is not None and users_crud.is_current(user, version):
        return Principal(user=user)
    if token:
        raise Unauthorized("登录凭据无效或已过期")
    return Principal(user=None)  # the cookie of a session that ended: signed out


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_login_guard(request: Request, settings: SettingsDep) -> LoginGuard:  # no I/O
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    return LoginGuard(
        throttle=request.app.state.login_throttle,
        sessions=request.app.state.sessionmaker,
        address=client_address(peer, forwarded, settings.trusted_proxies),
    )


LoginGuardDep = Annotated[LoginGuard, Depends(get_login_guard)]
