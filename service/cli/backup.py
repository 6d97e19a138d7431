"""`peitao backup --out FILE`: a consistent copy of the configured database (online)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup", help="备份数据库（SQLite 在线复制；PostgreSQL 用 pg_dump 自定义格式）"
    )
    parser.add_argument("--out", required=True, type=Path, help="备份文件路径")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service.core.config import get_settings
    from service.ops.backup import BackupError, backup

    try:
        out = backup(get_settings().database_url, args.out)
    except BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return 2
    print(f"已备份到 {out}（{out.stat().st_size} 字节）")
    return 0
