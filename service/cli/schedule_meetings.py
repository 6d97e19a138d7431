"""`peitao schedule-meetings`: the meeting schedule of a matchmaking event, no database.

    peitao schedule-meetings --pairs PAIRS.csv --slots K --tables T
                             [--unavailable UNAVAIL.csv] [--time-limit S] --out SCHEDULE.csv

Files as in `service.events.schedule_csv`. Exit codes: 0 schedule written; 2 bad input or usage
(every bad row printed as ``row N: reason`` on stderr, nothing written). A progress line goes to
stderr every few seconds of a long solve; after ``--time-limit`` seconds the best schedule found
is written. A one-line summary (meetings, total weight, bound, gap) ends on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

PROGRESS_EVERY_SECONDS = 5.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule-meetings",
        help="产销对接会排期：为配对安排场次和桌号（无需数据库）",
        description="为产销对接会的一对一会谈安排场次和桌号，使总权重最大。",
    )
    parser.add_argument("--pairs", required=True, type=Path, help="配对清单 CSV/XLSX")
    parser.add_argument("--slots", required=True, type=int, help="场次数 K")
    parser.add_argument("--tables", required=True, type=int, help="桌数 T")
    parser.add_argument("--unavailable", type=Path, help="不可参加的场次 CSV/XLSX")
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="求解时间上限（秒，默认 60）"
    )
    parser.add_argument("--out", required=True, type=Path, help="输出排期 CSV（UTF-8）")
    parser.add_argument("--quiet", action="store_true", help="不在标准错误输出进度和摘要")
    parser.set_defaults(func=run)


def _usage_problems(args: argparse.Namespace) -> list[str]:
    problems = []
    if args.slots < 1:
        problems.append("error: --slots 必须为正整数")
    if args.tables < 1:
        problems.append("error: --tables 必须为正整数")
    if not args.time_limit > 0:
        problems.append("error: --time-limit 必须为正数")
    return problems


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    problems = _usage_problems(args)
    if problems:
        return _fail(problems)
    from service.events.schedule_csv import (
        RowErrors,
        read_pairs,
        read_unavailable,
        write_schedule,
    )
    from service.events.solver import ScheduleError, solve_schedule

    lines: list[str] = []
    pairs, unavailable = [], []
    try:
        pairs = read_pairs(args.pairs)
    except RowErrors as exc:
        lines += exc.lines
    if args.unavailable is not None:
        try:
            unavailable = read_unavailable(args.unavailable, slots=args.slots)
        except RowErrors as exc:
            lines += exc.lines
    if lines:
        return _fail(lines)

    def report_progress(elapsed: float) -> None:
        print(f"排期求解中：已用 {elapsed:.0f} 秒，上限 {args.time_limit:g} 秒", file=sys.stderr)

    try:
        schedule = solve_schedule(
            pairs,
            slots=args.slots,
            tables=args.tables,
            unavailable=unavailable,
            time_limit=args.time_limit,
            progress=None if args.quiet else report_progress,
            progress_every=PROGRESS_EVERY_SECONDS,
        )
    except ScheduleError as exc:
        return _fail([f"error: {problem}" for problem in exc.problems])
    write_schedule(args.out, schedule.meetings)
    if not args.quiet:
        print(
            f"已安排 {len(schedule.meetings)} 场会谈，总权重 {schedule.total_weight:.4f}，"
            f"上界 {schedule.bound:.4f}（差距 {schedule.gap:.2%}，方法 {schedule.method}），"
            f"用时 {schedule.seconds:.1f} 秒",
            file=sys.stderr,
        )
    return 0
