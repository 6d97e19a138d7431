"""Production plumbing: JSON logs with a request id, Prometheus `/metrics` (for configured
addresses and token holders only), security headers, the upload size ceiling, and database
backup / restore."""

from __future__ import annotations

import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError

from service.core.addresses import address_in, client_address
from service.core.config import Settings
from service.core.tabular import MAX_UPLOAD_BYTES
from service.ops.logs import configure_logging
from service.ops.middleware import OpsMiddleware
from service.ops.prometheus import CONTENT_TYPE, RequestMetrics

# Multipart framing around the largest accepted file.
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


def install_ops(app: FastAPI, settings: Settings) -> None:
    """Wrap `app` in the ops middleware (outermost) and add `GET /metrics`."""
    configure_logging()
    metrics = RequestMetrics()
    app.state.request_metrics = metrics
    app.add_middleware(OpsMiddleware, metrics=metrics, max_body_bytes=MAX_BODY_BYTES)

    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)

    @app.get(
        "/metrics",
        tags=["ops"],
        response_class=Response,
        responses={
            200: {"content": {CONTENT_TYPE: {}}, "description": "Prometheus 文本格式指标"},
            403: {"description": "仅向配置的地址或持有令牌的客户端开放"},
        },
    )
    def prometheus_metrics(request: Request) -> Response:
        if not may_read_metrics(request, settings):
            return JSONResponse({"detail": "无权访问监控指标"}, status_code=403)
        return Response(metrics.render(_index_stats(request)), media_type=CONTENT_TYPE)


def may_read_metrics(request: Request, settings: Settings) -> bool:
    """From an address in `PEITAO_METRICS_ALLOW`, or with `Authorization: Bearer
    <PEITAO_METRICS_TOKEN>` (when a token is set)."""
    sent = request.headers.get("authorization", "")
    if settings.metrics_token and secrets.compare_digest(
        sent.encode(), f"Bearer {settings.metrics_token}".encode()
    ):
        return True
    peer = request.client.host if request.client else ""
    address = client_address(
        peer, request.headers.get("x-forwarded-for", ""), settings.trusted_proxies
    )
    return address_in(address, settings.metrics_allow)


def _index_stats(request: Request) -> dict[str, object] | None:
    index = getattr(request.app.state, "match_index", None)
    if index is None or not hasattr(index, "stats"):
        return None
    try:
        stats: dict[str, object] = index.stats()
    except Exception:  # an unfitted index has no figures yet; the request counts still render
        return None
    return stats


async def _out_of_range(_request: Request, _exc: Exception) -> JSONResponse:
    """An id or number too large for the database column (SQLite raises OverflowError, PostgreSQL
    a DataError): the client's mistake, not a server fault."""
    error = {"type": "value_error", "loc": ["request"], "msg": "请求参数超出允许范围"}
    return JSONResponse({"detail": [error]}, status_code=422)  # FastAPI's validation-error shape
