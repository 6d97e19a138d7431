"""Page sessions: a signed, HTTP-only, SameSite=Lax cookie (Starlette's SessionMiddleware, itsdangerous),
the signed-in user handed to `service.accounts.deps.get_principal`, and a per-session CSRF token.
The cookie alone cannot be revoked, so it names the user's session version: logout moves the
version on, and every cookie (and token) of the old version is refused."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from starlette.datastructures import FormData
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from service.core.config import Settings
from service.core.errors import Forbidden

COOKIE_NAME = "peitao_session"
SESSION_MAX_AGE = 8 * 3600
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SessionUserMiddleware:
    """Put the cookie's user id and session version into `request.state.session_user`.

    For unsafe API calls authenticated only by the cookie, the CSRF token must come in the
    `X-CSRF-Token` header; without it the call is anonymous (bearer tokens are unaffected)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            session: dict[str, Any] = scope.get("session") or {}
            uid, version = session.get("uid"), session.get("sv", 0)
            if (
                isinstance(uid, int)
                and isinstance(version, int)
                and _cookie_allowed(scope, session)
            ):
                scope.setdefault("state", {})["session_user"] = (uid, version)
        await self.app(scope, receive, send)


def _cookie_allowed(scope: Scope, session: dict[str, Any]) -> bool:
    if scope["method"] in SAFE_METHODS or not scope["path"].startswith("/api/"):
        return True
    sent = dict(scope["headers"]).get(CSRF_HEADER.encode(), b"").decode()
    expected = session.get("csrf", "")
    return bool(expected) and secrets.compare_digest(sent, expected)


def install_sessions(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(SessionUserMiddleware)  # inner: runs after the cookie is decoded
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=COOKIE_NAME,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.environment == "production",
    )


def csrf_token(request: Request) -> str:
    token: str | None = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def sign_in(request: Request, user_id: int, session_version: int) -> None:
    """A fresh session (no fixation) holding the user, the user's session version (the session
    ends when it moves on) and a new CSRF token."""
    request.session.clear()
    request.session["uid"] = user_id
    request.session["sv"] = session_version
    request.session["csrf"] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    request.session.clear()


async def csrf_form(request: Request) -> FormData:
    """The posted form, once its CSRF field matches the session's token."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf", "")
    if not isinstance(sent, str) or not expected or not secrets.compare_digest(sent, expected):
        raise Forbidden("页面已过期或请求来源无效，请刷新页面后重试")
    return form


FormDep = Annotated[FormData, Depends(csrf_form)]
