"""The FastAPI application factory. Nothing heavy happens at import."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from service.accounts import api as accounts_api
from service.accounts import pages as accounts_pages
from service.accounts.throttle import LoginThrottle, TooManyAttempts
from service.catalog import api as catalog_api
from service.catalog import pages as catalog_pages
from service.catalog.sync import sync_catalogs
from service.challenges import api as challenges_api
from service.challenges import pages as challenges_pages
from service.core.body_limit import BodyLimitMiddleware
from service.core.config import Settings, get_settings
from service.core.db import make_engine, make_sessionmaker, session_scope
from service.core.errors import PeitaoError, Unauthorized
from service.core.migrate import upgrade
from service.enterprises import api as enterprises_api
from service.enterprises import capabilities_api, review_pages
from service.enterprises import pages as enterprises_pages
from service.events import api as events_api
from service.events import pages as events_pages
from service.figures import api as figures_api
from service.figures import pages as figures_pages
from service.ledger import api as ledger_api
from service.ledger import import_api as ledger_import_api
from service.ledger import pages as ledger_pages
from service.needs import api as needs_api
from service.needs import pages as needs_pages
from service.needs import upload_pages as needs_upload
from service.notifications import pages as notifications_pages
from service.ops import install_ops
from service.pairings import api as pairings_api
from service.pairings import pages as pairings_pages
from service.pairings.index import MatchIndex
from service.web import install_web

log = logging.getLogger("peitao")
API_PREFIX = "/api/v1"
API_ROUTERS = (
    accounts_api.router,
    enterprises_api.router,
    needs_api.router,
    capabilities_api.router,
    ledger_api.router,
    catalog_api.router,
    pairings_api.router,
    ledger_import_api.router,
    figures_api.router,
    events_api.router,
    *challenges_api.ROUTERS,
)
# Order matters where paths overlap: /owner/needs/upload before /owner/needs/{need_id}.
PAGE_ROUTERS = (
    accounts_pages.router,
    needs_upload.router,
    needs_pages.router,
    ledger_pages.router,
    enterprises_pages.router,
    pairings_pages.router,
    figures_pages.router,
    review_pages.router,
    catalog_pages.router,
    notifications_pages.router,
    events_pages.router,
    challenges_pages.router,
)


def prepare_database(settings: Settings) -> None:
    """Migrate the schema and mirror the catalogs: what `make run` and start-up both need."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with session_scope(make_sessionmaker(engine)) as session:
            sync_catalogs(session)
    finally:
        engine.dispose()


def create_app(
    settings: Settings | None = None, *, migrate: bool = True, freeze_startup_heap: bool = False
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            prepare_database(settings)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        app.state.engine = make_engine(settings.database_url)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        # The index reads through an engine of its own: request threads that hold a pooled
        # connection while they wait for the index lock must not starve the thread that has it.
        app.state.index_engine = make_engine(settings.database_url)
        app.state.match_index = MatchIndex(
            sessionmaker=make_sessionmaker(app.state.index_engine),
            home_region=settings.home_region,
            near_regions=settings.resolved_near_regions(),
            qualified_score=settings.qualified_match_score,
            config=settings.match_config,
        ).build()
        if freeze_startup_heap:
            _freeze_startup_heap()
        yield
        app.state.engine.dispose()
        app.state.index_engine.dispose()

    docs = settings.docs_public  # closed by default in production (PEITAO_PUBLIC_DOCS)
    app = FastAPI(
        title="Peitao 配套 — 产业链供需对接平台",
        version="0.1.0",
        lifespan=lifespan,
        description="链主企业发布配套需求，本地配套企业登记能力，平台排序推荐并跟踪对接，经信局查看本地配套率。",
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    app.state.settings = settings
    app.state.login_throttle = LoginThrottle(
        max_failures=settings.login_max_failures,
        window=timedelta(seconds=settings.login_window_seconds),
    )
    _install_error_handlers(app)
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    install_web(app, settings, PAGE_ROUTERS)
    app.add_middleware(BodyLimitMiddleware)  # bodies counted as they arrive, any headers
    install_ops(app, settings)  # outermost: request id, JSON access log, /metrics, headers

    @app.get("/healthz", tags=["ops"])
    def healthz(request: Request) -> JSONResponse:
        try:
            with request.app.state.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})

    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PeitaoError)
    async def domain_error(_request: Request, exc: PeitaoError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        if isinstance(exc, TooManyAttempts):
            headers = exc.headers
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=headers)

    @app.exception_handler(OperationalError)
    async def database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc.__class__.__name__)
        return JSONResponse({"detail": "数据库暂时不可用，请稍后重试"}, status_code=503)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"detail": "服务器内部错误"}, status_code=500)


def create_served_app() -> FastAPI:
    """Factory for `peitao serve`: the parent process has migrated already, workers only serve."""
    return create_app(migrate=False, freeze_startup_heap=True)


def _freeze_startup_heap() -> None:
    """Keep what start-up built (the match index above all: ~500,000 objects for 100,000
    suppliers) out of the garbage collector's full passes: it lives as long as the process. Left
    in, each full pass walked all of it, pausing a worker for ~250 ms every few hundred requests."""
    gc.collect()
    gc.freeze()
