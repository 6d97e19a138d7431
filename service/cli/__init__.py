"""The `peitao` command line: one module per command, each exposing `register(subparsers)`.

A command module adds its sub-parser and sets `func` (taking the parsed args, returning the exit
code). Commands import their heavy dependencies inside `func`, so `peitao --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "serve",
    "demo",
    "stats",
    "create_user",
    "match",
    "ledger_report",
    "schedule_meetings",
    "import_ledger",
    "backup",
    "restore",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="peitao", description="Peitao 配套 — 产业链供需对接平台")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"service.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
