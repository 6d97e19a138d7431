"""`peitao match`: rank suppliers for a file of needs, no database.

    peitao match --needs NEEDS.csv --suppliers SUPPLIERS.csv --top 10 --out MATCHES.csv
                 [--home-region 421200] [--near 420100,...] [--no-reasons]

Inputs: CSV (UTF-8 with or without BOM, GBK/GB18030) or XLSX.
  needs:     need_id,title,description        [category,region,certifications]
  suppliers: supplier_id,name,capabilities    [category,region,certifications]
Output (UTF-8): need_id,rank,supplier_id,score,reasons. A malformed file prints `row N: reason`
lines to stderr, exits 2 and writes nothing (the output is written to a temporary file and renamed).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

NEED_COLUMNS = ("need_id", "title", "description")
SUPPLIER_COLUMNS = ("supplier_id", "name", "capabilities")
_CERT_SPLIT = re.compile(r"[;,，；、\s]+")
T = TypeVar("T")


class InputError(Exception):
    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "match", help="批量匹配：为需求清单中的每条需求推荐供应商（无需数据库）"
    )
    parser.add_argument("--needs", required=True, type=Path, help="需求清单 CSV/XLSX")
    parser.add_argument("--suppliers", required=True, type=Path, help="供应商清单 CSV/XLSX")
    parser.add_argument("--top", type=int, default=10, help="每条需求推荐的供应商数（默认 10）")
    parser.add_argument("--out", required=True, type=Path, help="输出 CSV（UTF-8）")
    parser.add_argument("--home-region", default="", help="本地区划代码（GB/T 2260），如 421200")
    parser.add_argument("--near", default="", help="近地区划代码，逗号分隔")
    parser.add_argument("--no-reasons", action="store_true", help="不输出 reasons 列")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    parser.set_defaults(func=run)


def split_certifications(text: str) -> tuple[str, ...]:
    from matching.labels import canonical_certification

    parts = [p for p in _CERT_SPLIT.split(text) if p]
    # "IATF 16949" is one certification written with a space: join a name with its number
    merged: list[str] = []
    for part in parts:
        if merged and part[:1].isdigit() and not merged[-1][-1:].isdigit():
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return tuple(dict.fromkeys(canonical_certification(p) for p in merged))


def _load(path: Path, id_column: str, required: Sequence[str], build: Callable[..., T]) -> list[T]:
    from service.core.tabular import TableError, read_table, require_columns

    try:
        table = read_table(path)
        require_columns(table, required)
    except TableError as exc:
        message = str(exc)
        raise InputError([message if message.startswith("row ") else f"row 1: {message}"]) from exc
    errors: list[str] = []
    seen: dict[str, int] = {}
    records: list[T] = []
    for row in table.rows:
        row_id = row.get(id_column)
        if not row_id:
            errors.append(f"row {row.number}: {id_column} 为空")
            continue
        if row_id in seen:
            errors.append(f"row {row.number}: {id_column} “{row_id}”与第 {seen[row_id]} 行重复")
            continue
        seen[row_id] = row.number
        missing = [c for c in required[1:2] if not row.get(c)]
        if missing:
            errors.append(f"row {row.number}: {', '.join(missing)} 为空")
            continue
        records.append(build(row))
    if errors:
        raise InputError([f"{path.name}: {line}" for line in errors])
    return records


def _need(row: Any) -> Any:
    from matching import NeedRecord

    return NeedRecord(
        id=row.get("need_id"),
        title=row.get("title"),
        description=row.get("description"),
        category=row.get("category"),
        region=row.get("region"),
        certifications=split_certifications(row.get("certifications")),
    )


def _supplier(row: Any) -> Any:
    from matching import SupplierRecord

    return SupplierRecord(
        id=row.get("supplier_id"),
        name=row.get("name"),
        text=row.get("capabilities"),
        category=row.get("category"),
        region=row.get("region"),
        certifications=split_certifications(row.get("certifications")),
    )


def run(args: argparse.Namespace) -> int:
    if args.top < 1:
        print("error: --top 必须为正整数", file=sys.stderr)
        return 2
    try:
        needs = _load(args.needs, "need_id", NEED_COLUMNS, _need)
        suppliers = _load(args.suppliers, "supplier_id", SUPPLIER_COLUMNS, _supplier)
    except InputError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 2
    from tqdm import tqdm

    from matching import Locality, MatchEngine

    near = tuple(c.strip() for c in args.near.split(",") if c.strip())
    engine = MatchEngine(locality=Locality(args.home_region.strip(), near))
    disable = args.quiet or None  # None: tqdm hides itself when stderr is not a terminal
    with tqdm(total=1, desc="建立索引", unit="次", file=sys.stderr, disable=disable) as bar:
        engine.fit(suppliers=suppliers)
        bar.update(1)
    with tqdm(
        total=len(needs), desc="匹配需求", unit="条", file=sys.stderr, disable=disable
    ) as bar:
        results = engine.suppliers_for_batch(needs, top=args.top, progress=bar.update)
    _write(args.out, needs, results, reasons=not args.no_reasons)
    return 0


def _write(path: Path, needs: Sequence[Any], results: dict[str, Any], *, reasons: bool) -> None:
    from service.ledger.workbook import csv_safe  # ids and reasons come from the input files

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".peitao-match-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            header = ["need_id", "rank", "supplier_id", "score"] + (["reasons"] if reasons else [])
            writer.writerow(header)
            for need in needs:
                for r in results[need.id]:
                    row = [csv_safe(r.query_id), r.rank, csv_safe(r.candidate_id)]
                    row.append(f"{r.score:.4f}")
                    if reasons:
                        row.append(csv_safe("；".join(r.reasons)))
                    writer.writerow(row)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
