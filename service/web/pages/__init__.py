"""Page routers, one module per kind of user (plus the pairing moves both sides share)."""

from __future__ import annotations

from fastapi import APIRouter

from service.web.pages import bureau, common, inbox, owner, public, supplier, upload

ROUTERS: tuple[APIRouter, ...] = (
    public.router,
    upload.router,
    owner.router,
    supplier.router,
    bureau.router,
    inbox.router,
    common.router,
)
