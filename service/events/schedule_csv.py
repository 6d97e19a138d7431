"""The files of `peitao schedule-meetings`: PAIRS and UNAVAIL in, SCHEDULE out.

PAIRS:    ``owner_id,supplier_id,weight`` (weight ≥ 0; each pair once)
UNAVAIL:  ``side,party_id,slot`` (side ``owner`` or ``supplier``; slot 1…K)
SCHEDULE: ``owner_id,supplier_id,slot,table``, one row per meeting, UTF-8

Inputs are read by `service.core.tabular` (XLSX, or CSV in UTF-8 with or without BOM, GBK/GB18030).
Every bad row yields one ``row N: reason`` line (the header is row 1); the reasons name the column,
and the two files have no column in common, so each line says which file it is about.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from service.core.tabular import Row, Table, TableError, read_table, require_columns
from service.events.solver import OWNER, SIDES, SUPPLIER, Meeting, MeetingPair, Unavailability

PAIR_COLUMNS = ("owner_id", "supplier_id", "weight")
UNAVAILABLE_COLUMNS = ("side", "party_id", "slot")
SCHEDULE_COLUMNS = ("owner_id", "supplier_id", "slot", "table")


class RowErrors(ValueError):
    """One line per bad row, ready for stderr."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)


def _table(path: Path, columns: Sequence[str]) -> Table:
    try:
        table = read_table(path)
        require_columns(table, columns)
    except TableError as exc:
        raise RowErrors([str(exc)]) from exc
    return table


def _empty_fields(row: Row, columns: Sequence[str]) -> list[str]:
    empty = [c for c in columns if not row.get(c)]
    return [f"{'、'.join(empty)} 为空"] if empty else []


def _weight_problems(text: str) -> list[str]:
    if not text:
        return []  # reported as empty
    try:
        weight = float(text)
    except ValueError:
        return [f"weight 不是数字：{text}"]
    if not math.isfinite(weight):
        return [f"weight 不是有限数：{text}"]
    if weight < 0:
        return [f"weight 不能为负数：{text}"]
    return []


def read_pairs(path: Path) -> list[MeetingPair]:
    """The pairs that may meet; raises `RowErrors` listing every bad row (all its reasons)."""
    table = _table(path, PAIR_COLUMNS)
    errors: list[str] = []
    first_row: dict[tuple[str, str], int] = {}
    pairs: list[MeetingPair] = []
    for row in table.rows:
        reasons = _empty_fields(row, PAIR_COLUMNS) + _weight_problems(row.get("weight"))
        key = (row.get("owner_id"), row.get("supplier_id"))
        if all(key) and key in first_row:
            reasons.append(f"配对 {key[0]}–{key[1]} 与第 {first_row[key]} 行重复")
        first_row.setdefault(key, row.number)
        if reasons:
            errors.append(f"row {row.number}: {'；'.join(reasons)}")
        else:
            pairs.append(MeetingPair(key[0], key[1], float(row.get("weight"))))
    if errors:
        raise RowErrors(errors)
    return pairs


def _slot_problems(text: str, slots: int) -> list[str]:
    if not text:
        return []  # reported as empty
    try:
        slot = int(text)
    except ValueError:
        return [f"slot 不是整数：{text}"]
    if not 1 <= slot <= slots:
        return [f"slot 超出 1–{slots}：{text}"]
    return []


def read_unavailable(path: Path, *, slots: int) -> list[Unavailability]:
    """The slots each party cannot attend; raises `RowErrors` listing every bad row."""
    table = _table(path, UNAVAILABLE_COLUMNS)
    errors: list[str] = []
    entries: list[Unavailability] = []
    for row in table.rows:
        side = row.get("side").lower()
        reasons = _empty_fields(row, UNAVAILABLE_COLUMNS)
        if side and side not in SIDES:
            reasons.append(f"side 必须为 {OWNER} 或 {SUPPLIER}：{row.get('side')}")
        reasons += _slot_problems(row.get("slot"), slots)
        if reasons:
            errors.append(f"row {row.number}: {'；'.join(reasons)}")
        else:
            entries.append(Unavailability(side, row.get("party_id"), int(row.get("slot"))))
    if errors:
        raise RowErrors(errors)
    return entries


def write_schedule(path: Path, meetings: Sequence[Meeting]) -> None:
    """Write SCHEDULE.csv atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".peitao-schedule-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(SCHEDULE_COLUMNS)
            for m in meetings:
                writer.writerow([m.owner_id, m.supplier_id, m.slot, m.table])
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
