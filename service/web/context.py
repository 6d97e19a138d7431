"""What every page handler needs: the database session, who is asking, and how to answer in HTML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from catalogs.regions import load_regions
from service.accounts.deps import Principal, PrincipalDep
from service.accounts.tables import User
from service.core.config import Settings
from service.core.deps import SessionDep, SettingsDep
from service.core.errors import Forbidden, Unauthorized
from service.notifications import service as notifications
from service.web import labels
from service.web.session import CSRF_FIELD, csrf_token

FRAME_TEMPLATES = Path(__file__).resolve().parent / "templates"
# The frame's templates (base, macros, error page), then each domain's `templates/` folder; a
# template's name is its path inside its folder ("owner/need.html"), whichever domain holds it.
TEMPLATE_DIRS = (FRAME_TEMPLATES, *sorted(FRAME_TEMPLATES.parent.parent.glob("*/templates")))


@cache
def templates() -> Jinja2Templates:
    engine = Jinja2Templates(directory=list(dict.fromkeys(TEMPLATE_DIRS)))
    engine.env.globals.update(
        ROLE_LABELS=labels.ROLE_LABELS,
        NEED_STATUS_LABELS=labels.NEED_STATUS_LABELS,
        STATUS_LABELS=labels.STATUS_LABELS,
        ENTERPRISE_STATUS_LABELS=labels.ENTERPRISE_STATUS_LABELS,
        CSRF_FIELD=CSRF_FIELD,
    )
    engine.env.filters.update(money=labels.money, percent=labels.percent)
    return engine


@cache
def platform_name(home_region: str) -> str:
    region = load_regions().get(home_region)
    return f"{region.name if region else ''}产业链供需对接平台"


def base_context(
    request: Request, settings: Settings, user: User | None, unread: int = 0
) -> dict[str, Any]:
    return {
        "request": request,
        "user": user,
        "unread": unread,
        "platform": platform_name(settings.home_region),
        "csrf": csrf_token(request),
        "flashes": request.session.pop("flash", []),
    }


@dataclass(frozen=True)
class Web:
    request: Request
    session: Session
    principal: Principal
    settings: Settings

    def require(self, *roles: str) -> User:
        """The signed-in user, who must have one of `roles` (any role when none is given)."""
        user = self.principal.user
        if user is None:
            raise Unauthorized("请先登录")
        if roles and user.role not in roles:
            raise Forbidden("您的账号无权访问此页面")
        return user

    def require_enterprise(self, role: str) -> tuple[User, int]:
        user = self.require(role)
        if user.enterprise_id is None:
            raise Forbidden("账号未关联企业，请联系经信局")
        return user, user.enterprise_id

    def render(self, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        user = self.principal.user
        unread = notifications.unread_count(self.session, user.id) if user and user.id else 0
        ctx = base_context(self.request, self.settings, user, unread) | context
        return templates().TemplateResponse(self.request, name, ctx, status_code=status_code)

    def flash(self, message: str, kind: str = "ok") -> None:
        self.request.session.setdefault("flash", []).append({"kind": kind, "text": message})

    def redirect(self, url: str, message: str | None = None) -> RedirectResponse:
        if message:
            self.flash(message)
        return RedirectResponse(url, status_code=303)


def get_web(
    request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> Web:
    return Web(request=request, session=session, principal=principal, settings=settings)


WebDep = Annotated[Web, Depends(get_web)]
