"""`peitao import-ledger FILE --owner ID`: store a chain owner's purchase ledger in the database.

Prints one JSON object ``{import_id, rows, linked, unlinked, duplicate}`` (as the API answers) and
exits 0; on a bad file prints every ``row N: reason`` to stderr, stores nothing and exits 2. The
file's ``owner`` column is optional and ignored: every row belongs to ``--owner``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-ledger",
        help="导入链主企业的采购台账（CSV/XLSX）",
        description="导入采购台账：有任何错误行则整份拒绝（逐行列出），同一文件重复导入不重复计数。",
    )
    parser.add_argument("file", help="采购台账文件（CSV 或 XLSX）")
    parser.add_argument("--owner", type=int, required=True, help="台账所属链主企业ID")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    parser.set_defaults(func=run)


def _progress(quiet: bool) -> Any:
    from tqdm import tqdm

    def steps(items: Sequence[Any], label: str) -> Iterable[Any]:
        bar: Iterable[Any] = tqdm(
            items, desc=label, unit="行", disable=quiet, file=sys.stderr, leave=False
        )
        return bar

    return steps


def run(args: argparse.Namespace) -> int:
    from service.cli._db import cli_session
    from service.core.config import get_settings
    from service.core.errors import PeitaoError
    from service.ledger.importing import LedgerRefused, import_ledger

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"无法打开文件 {path}：{exc.strerror}", file=sys.stderr)
        return 2
    try:
        with cli_session() as session:
            result = import_ledger(
                session,
                owner_id=args.owner,
                data=data,
                filename=path.name,
                link_threshold=get_settings().ledger_link_threshold,
                progress=_progress(args.quiet),
            )
    except LedgerRefused as exc:
        print(exc.message, file=sys.stderr)
        for error in exc.errors:
            print(error, file=sys.stderr)
        return 2
    except PeitaoError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    json.dump(result.as_json(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
