"""`peitao create-user`: an account for bureau staff or a firm's staff."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("create-user", help="创建用户账号")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--role", required=True, choices=["bureau", "owner", "supplier", "institute"]
    )
    parser.add_argument(
        "--enterprise", type=int, default=None, help="企业 ID（owner / supplier 必填）"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service.accounts import service as users
    from service.accounts.tables import UserRole
    from service.cli._db import cli_session
    from service.core.errors import PeitaoError

    try:
        with cli_session() as session:
            user = users.create(
                session,
                username=args.username,
                password=args.password,
                role=UserRole(args.role),
                enterprise_id=args.enterprise,
            )
            user_id = user.id
    except PeitaoError as exc:
        print(f"peitao create-user: {exc.message}", file=sys.stderr)
        return 2
    print(f"已创建用户 {args.username}（id={user_id}，角色 {args.role}）")
    return 0
