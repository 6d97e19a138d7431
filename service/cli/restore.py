"""`peitao restore FILE [--force]`: put a backup back; a non-empty database needs --force."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("restore", help="从备份文件恢复数据库")
    parser.add_argument("file", type=Path, help="peitao backup 生成的备份文件")
    parser.add_argument("--force", action="store_true", help="目标数据库已有数据时仍然覆盖")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from service.core.config import get_settings
    from service.ops.backup import BackupError, restore

    try:
        restore(get_settings().database_url, args.file, force=args.force)
    except BackupError as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return 2
    print(f"已从 {args.file} 恢复；请重启服务以重建匹配索引")
    return 0
