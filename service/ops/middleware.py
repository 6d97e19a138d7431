"""One pure ASGI middleware, outermost: request id, access log, metrics, security headers and the
upload size ceiling. (Login throttling is the accounts domain's, in the database.)"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.ops.headers import DOCS_PATHS, security_headers
from service.ops.logs import request_id_var
from service.ops.prometheus import RequestMetrics

access_log = logging.getLogger("peitao.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
REQUEST_ID_HEADER = b"x-request-id"


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def _route_template(scope: Scope) -> str:
    """The matched route's path template (`/api/v1/needs/{need_id}`), the mount for static files."""
    context = scope.get("effective_route_context")  # FastAPI: the path with the router's prefix
    full = getattr(context, "path", None)
    if isinstance(full, str):
        return full
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str):
        return _included_prefix(scope, path) + path
    mount = scope.get("root_path")
    return mount if isinstance(mount, str) and mount else "<unmatched>"


def _included_prefix(scope: Scope, path: str) -> str:
    """FastAPI ≥ 0.16x keeps included routers nested: their prefix is not in `route.path`."""
    included = (scope.get("fastapi") or {}).get("included_router")
    prefix = getattr(getattr(included, "include_context", None), "prefix", "")
    if (
        isinstance(prefix, str)
        and prefix
        and not path.startswith(prefix)
        and scope["path"].startswith(prefix)
    ):
        return prefix
    return ""


class OpsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: RequestMetrics,
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _header(scope, REQUEST_ID_HEADER)
        request_id = sent if _REQUEST_ID.match(sent) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        self.metrics.started()
        status = 500
        extra_headers = [(REQUEST_ID_HEADER, request_id.encode("latin-1")), *self._security(scope)]

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                present = {bytes(k).lower() for k, _ in message.get("headers", ())}
                headers = list(message.get("headers", ()))
                headers += [(k, v) for k, v in extra_headers if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal is not None:
                code, body, headers = refusal
                await _send_json(send_with_headers, code, body, headers)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            seconds = time.perf_counter() - started
            route = _route_template(scope)
            self.metrics.finished(scope["method"], route, status, seconds)
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": _client(scope),
                },
            )
            request_id_var.reset(token)

    def _security(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        pairs = list(security_headers())
        if scope["path"] in DOCS_PATHS:  # Swagger UI / ReDoc need their CDN and inline bootstrap
            pairs = [(k, v) for k, v in pairs if k != b"content-security-policy"]
        return pairs

    def _refusal(
        self, scope: Scope
    ) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]] | None:
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > self.max_body_bytes:
            limit_mb = self.max_body_bytes // (1024 * 1024)
            return 413, {"detail": f"上传内容过大：上限 {limit_mb} MB"}, []
        return None


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
