"""Domain errors on pages: a sign-in redirect for 401, an HTML page for the rest; the API keeps JSON."""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.core.errors import PeitaoError, Unauthorized
from service.web.context import base_context, templates

API_PREFIXES = ("/api/", "/docs", "/openapi.json", "/healthz", "/static/")


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


def error_page(request: Request, status_code: int, message: str) -> Response:
    settings = request.app.state.settings
    context = base_context(request, settings, None) | {
        "status_code": status_code,
        "message": message,
    }
    return templates().TemplateResponse(request, "error.html", context, status_code=status_code)


async def _call(handler: Any, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    response: Response = await result if inspect.isawaitable(result) else result
    return response


def install_error_pages(app: FastAPI) -> None:
    api_domain_handler = app.exception_handlers.get(PeitaoError)
    api_http_handler = app.exception_handlers.get(StarletteHTTPException)

    async def domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PeitaoError)
        if not is_page(request) and api_domain_handler is not None:
            return await _call(api_domain_handler, request, exc)
        if isinstance(exc, Unauthorized) and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return error_page(request, exc.status_code, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not is_page(request) and api_http_handler is not None:
            return await _call(api_http_handler, request, exc)
        message = "页面不存在" if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, message)

    app.add_exception_handler(PeitaoError, domain_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
