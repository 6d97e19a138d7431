"""Security headers for every response, with a Content-Security-Policy that admits the app's own
scripts and styles (ECharts is served from /static) and the pages' few inline event handlers."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1]  # every domain keeps its pages' templates/
_HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""")


def inline_handlers(templates: Path = TEMPLATES) -> list[str]:
    """The `onsubmit="…"`-style attribute values the page templates carry (sorted, unique)."""
    found: set[str] = set()
    for path in sorted(templates.rglob("templates/**/*.html")) if templates.is_dir() else ():
        for match in _HANDLER.finditer(path.read_text(encoding="utf-8")):
            found.add(
                html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
            )
    return sorted(found)


def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(handlers: Iterable[str] = ()) -> str:
    hashes = [_sha256(h) for h in handlers]
    script = ["'self'", *(["'unsafe-hashes'", *hashes] if hashes else [])]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(script),
            "style-src 'self' 'unsafe-inline'",  # ECharts sets inline styles on its tooltip
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


@cache
def security_headers() -> tuple[tuple[bytes, bytes], ...]:
    """Raw ASGI header pairs added to every response that does not set them itself."""
    pairs = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
        "cross-origin-opener-policy": "same-origin",
        "content-security-policy": content_security_policy(inline_handlers()),
    }
    return tuple((k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs.items())


# /docs and /redoc load Swagger UI / ReDoc from a CDN with inline bootstrapping scripts.
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
