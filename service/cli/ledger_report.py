"""`peitao ledger-report`: the bureau's figures from a purchase-ledger file, no database needed.

Exit codes: 0 report written; 2 bad input or usage (every bad row printed as ``row N: reason``
to stderr, and no report written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ("json", "table", "xlsx")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ledger-report",
        help="从采购台账计算本地配套率、近地配套率和唯一来源清单",
        description="从采购台账（CSV/XLSX）计算本地配套率、近地配套率、分项统计和唯一来源清单。",
    )
    parser.add_argument("--ledger", required=True, help="采购台账文件（CSV 或 XLSX）")
    parser.add_argument("--home-region", required=True, help="本地区域代码，如 421200")
    parser.add_argument("--near", default="", help="近地区域代码，逗号分隔，如 420100,421100")
    parser.add_argument("--format", choices=FORMATS, default="json", help="输出格式")
    parser.add_argument("--out", help="输出文件（xlsx 必填；否则默认输出到标准输出）")
    parser.add_argument("--from", dest="period_from", help="期间起点（含），如 2025-01")
    parser.add_argument("--to", dest="period_to", help="期间终点（含），如 2025-Q4")
    parser.set_defaults(func=run)


class UsageError(ValueError):
    pass


def _region_codes(text: str, regions: Any) -> list[str]:
    from service.ledger.regions import normalize_code

    codes = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        code = normalize_code(part)
        current = regions.current(code)
        if current is None:
            raise UsageError(f"未知的地区代码：{code}")
        codes.append(current)
    return codes


def _window(args: argparse.Namespace) -> tuple[Any, Any]:
    from service.ledger.periods import parse_period

    bounds = [None if t is None else parse_period(t) for t in (args.period_from, args.period_to)]
    if bounds[0] is not None and bounds[1] is not None and bounds[0].start > bounds[1].end:
        raise UsageError("期间起点晚于终点")
    return bounds[0], bounds[1]


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return 2


def _emit(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from service.core.tabular import TableError, read_table, require_columns
    from service.ledger import compute_report, parse_ledger, report_to_json
    from service.ledger.lines import REQUIRED_COLUMNS, canonical_columns
    from service.ledger.regions import load_region_lookup

    if args.format == "xlsx" and not args.out:
        return _fail(["xlsx 格式必须用 --out 指定输出文件"])
    regions = load_region_lookup()
    try:
        home = _region_codes(args.home_region, regions)
        if len(home) != 1:
            raise UsageError("--home-region 须为一个地区代码")
        near = _region_codes(args.near, regions)
        period_from, period_to = _window(args)
    except ValueError as exc:
        return _fail([f"参数错误：{exc}"])
    try:
        table = canonical_columns(read_table(args.ledger))
        require_columns(table, REQUIRED_COLUMNS)
    except TableError as exc:
        return _fail([str(exc)])
    lines, errors = parse_ledger(table, regions=regions)
    if errors:
        return _fail([str(e) for e in errors])
    report = compute_report(
        lines,
        home_region=home[0],
        near_regions=near,
        period_from=period_from,
        period_to=period_to,
        region_name=regions.name,
        has_chain="chain" in table.columns,
        has_category="category" in table.columns,
    )
    if args.format == "xlsx":
        from service.ledger.workbook import write_workbook

        write_workbook(report, args.out)
    elif args.format == "table":
        from service.ledger.table import render_table

        _emit(render_table(report), args.out)
    else:
        text = json.dumps(report_to_json(report), ensure_ascii=False, indent=2)
        _emit(text + "\n", args.out)
    return 0
