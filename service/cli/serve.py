"""`peitao serve`: migrate once, then serve with uvicorn (several workers if asked)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="启动 Web 服务（默认 http://127.0.0.1:8000）")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="工作进程数")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import prepare_database
    from service.core.config import get_settings

    settings = get_settings()
    prepare_database(settings)
    uvicorn.run(
        "service.app:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        # X-Forwarded-For / -Proto only from PEITAO_TRUSTED_PROXIES (uvicorn's own default
        # believed any local peer, so a client on the host could choose its address).
        forwarded_allow_ips=list(settings.trusted_proxies),
    )
    return 0
