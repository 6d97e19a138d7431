"""The in-app inbox and each user's notification choices."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from service.core.errors import PeitaoError
from service.notifications import service as notifications
from service.notifications.tables import KIND_LABELS
from service.web import forms
from service.web.context import WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/inbox")


@router.get("", response_class=HTMLResponse)
def inbox(web: WebDep, offset: int = 0) -> Response:
    user = web.require()
    assert user.id is not None
    rows, total = notifications.inbox(web.session, user.id, limit=50, offset=max(offset, 0))
    pref = notifications.preferences(web.session, user.id)
    return web.render(
        "inbox.html",
        rows=rows,
        total=total,
        offset=offset,
        pref=pref,
        kinds=KIND_LABELS,
        error=None,
    )


@router.post("/read")
def mark_read(web: WebDep, form: FormDep) -> Response:
    user = web.require()
    assert user.id is not None
    raw = forms.text(form, "id")
    notifications.mark_read(web.session, user.id, int(raw) if raw.isdigit() else None)
    link = forms.text(form, "link")
    return web.redirect(link if link.startswith("/") and not link.startswith("//") else "/inbox")


@router.post("/preferences")
def save_preferences(web: WebDep, form: FormDep) -> Response:
    user = web.require()
    assert user.id is not None
    try:
        notifications.set_preferences(
            web.session,
            user.id,
            kinds=[k for k in form.getlist("kinds") if isinstance(k, str)],
            email_enabled=forms.text(form, "email_enabled") == "on",
            email=forms.text(form, "email"),
        )
    except PeitaoError as exc:
        message, _ = forms.domain_error(web.session, exc)
        web.flash(message, "error")
        return web.redirect("/inbox")
    return web.redirect("/inbox", "通知设置已保存")
