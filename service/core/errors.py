"""Domain errors carry their HTTP status; the API renders them as JSON."""

from __future__ import annotations

from typing import Any


class PeitaoError(Exception):
    status_code = 400

    def __init__(
        self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": self.message}
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body


class NotFound(PeitaoError):
    status_code = 404


class Conflict(PeitaoError):
    status_code = 409


class Forbidden(PeitaoError):
    status_code = 403


class Unauthorized(PeitaoError):
    status_code = 401


class Invalid(PeitaoError):
    """A value that passes the schema but breaks a domain rule (unknown region, bad credit code)."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None, source: str = "body", **kw: Any):
        super().__init__(message, field=field, **kw)
        self.source = source  # "body" or "query", as FastAPI's own errors name it

    def body(self) -> dict[str, Any]:
        # Same shape as FastAPI's own validation errors, so clients parse one format.
        loc = [self.source, *(self.field.split(".") if self.field else [])]
        return {"detail": [{"loc": loc, "msg": self.message, "type": "value_error"}], **self.extra}
