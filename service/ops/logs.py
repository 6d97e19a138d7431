"""Structured logs: one JSON object per line on stderr, carrying the request id, with secrets scrubbed."""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

request_id_var: ContextVar[str] = ContextVar("peitao_request_id", default="")

# Standard LogRecord attributes; anything else on a record came from `extra=` and is emitted.
_RESERVED = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_SECRET_WORDS = "password|passwd|secret|token|access_token|authorization|api_key|csrf"
_SECRET_PAIR = re.compile(rf"(?i)\b((?:{_SECRET_WORDS})\w*)(['\"]?\s*[=:]\s*['\"]?)([^\s&,;\"']+)")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+):[^@\s]+@")
REDACTED = "***"


def redact(text: str) -> str:
    """Mask passwords, tokens, bearer credentials and passwords inside database URLs."""
    text = _URL_PASSWORD.sub(rf"\1:{REDACTED}@", text)
    text = _BEARER.sub(rf"\1 {REDACTED}", text)
    return _SECRET_PAIR.sub(rf"\1\2{REDACTED}", text)


_SECRET_KEY = re.compile(rf"(?i).*({_SECRET_WORDS}).*")


@lru_cache(maxsize=256)  # a handful of field names, on every log line
def _is_secret_key(key: str) -> bool:
    return _SECRET_KEY.fullmatch(key) is not None


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", "request_id", ...extra}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key in _RESERVED or key.startswith("_"):
                continue
            entry[key] = REDACTED if _is_secret_key(key) else _plain(value)
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


HANDLER_NAME = "peitao-json"


def configure_logging(level: int = logging.INFO) -> None:
    """JSON on stderr for the `peitao` and `uvicorn.error` loggers (idempotent).

    uvicorn's own access log is silenced: `peitao.access` replaces it, with the request id and
    without the query string's secrets."""
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    for name in ("peitao", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(h.get_name() == HANDLER_NAME for h in logger.handlers):
            for old in [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]:
                logger.removeHandler(old)
            logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
    logging.getLogger("uvicorn.error").propagate = False
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
