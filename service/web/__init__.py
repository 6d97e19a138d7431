"""The shared page frame (Jinja2, no JS build step): sessions, static files, the page context, HTML
error pages. Each domain's pages live in its own `pages.py`, its templates in its `templates/`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from service.core.config import Settings
from service.web.errors import install_error_pages
from service.web.session import install_sessions

STATIC = Path(__file__).resolve().parent / "static"


def install_web(app: FastAPI, settings: Settings, routers: Iterable[APIRouter]) -> None:
    """Sessions, static files (ECharts included), HTML error pages and the page routers."""
    install_sessions(app, settings)
    install_error_pages(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for router in routers:
        app.include_router(router, include_in_schema=False)
