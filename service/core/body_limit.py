"""Request bodies counted as they arrive, whatever the headers say.

A ``Content-Length`` over the cap is refused before the body is read; a body sent without one
(``Transfer-Encoding: chunked``) or with a false one is refused as soon as the bytes received pass
the cap, so a 600 MB chunked upload costs the cap, not 600 MB. The cap depends on what the body
is: a file upload (multipart) may hold a spreadsheet, a page form a preview of one, anything else
(JSON above all) is small.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.tabular import MAX_UPLOAD_BYTES

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class BodyCaps:
    multipart: int = MAX_UPLOAD_BYTES + MB  # the largest file and its multipart framing
    form: int = 16 * MB  # url-encoded page forms (the needs upload's preview rows come back)
    other: int = 1 * MB  # JSON and everything else

    def for_content_type(self, content_type: str) -> int:
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "multipart/form-data":
            return self.multipart
        if kind == "application/x-www-form-urlencoded":
            return self.form
        return self.other


class BodyTooLarge(Exception):
    """Raised into the application's ``receive`` when the body passes its cap."""


def too_large_body(cap: int) -> dict[str, str]:
    return {"detail": f"上传内容过大：上限 {cap // MB} MB"}


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, caps: BodyCaps | None = None) -> None:
        self.app = app
        self.caps = caps or BodyCaps()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.caps.for_content_type(_header(scope, b"content-type"))
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > cap:
            await _send_413(send, cap)
            return
        body = _CountedBody(receive, cap)
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if body.refused:
                return  # the application's answer to a body cut short is replaced by ours
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(BodyTooLarge):  # raised into the app by our own receive
            await self.app(scope, body.receive, guarded_send)
        if body.refused and not started:
            await _send_413(send, cap)


class _CountedBody:
    def __init__(self, receive: Receive, cap: int) -> None:
        self._receive = receive
        self._cap = cap
        self.received = 0
        self.refused = False

    async def receive(self) -> Message:
        if self.refused:
            raise BodyTooLarge
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._cap:
                self.refused = True
                raise BodyTooLarge
        return message


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


async def _send_413(send: Send, cap: int) -> None:
    payload = json.dumps(too_large_body(cap), ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
