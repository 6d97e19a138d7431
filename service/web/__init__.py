"""Server-rendered pages for chain owners, suppliers and the bureau (Jinja2, no JS build step)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.core.config import Settings
from service.web.errors import install_error_pages
from service.web.session import install_sessions

STATIC = Path(__file__).resolve().parent / "static"


def install_web(app: FastAPI, settings: Settings) -> None:
    """Sessions, static files (ECharts included), HTML error pages and the page routers."""
    from service.web.pages import ROUTERS

    install_sessions(app, settings)
    install_error_pages(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
