"""`peitao stats`: one JSON object of record counts, for a sanity check after a load."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("stats", help="输出记录数统计（JSON）")
    parser.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    from service.cli._db import cli_session
    from service.stats import record_counts

    with cli_session() as session:
        counts = record_counts(session)
    json.dump(counts, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
