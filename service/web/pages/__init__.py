"""Page routers, one module per kind of user."""

from __future__ import annotations

from fastapi import APIRouter

from service.web.pages import bureau, inbox, owner, public, supplier

ROUTERS: tuple[APIRouter, ...] = (
    public.router,
    owner.router,
    supplier.router,
    bureau.router,
    inbox.router,
)
