"""A readable terminal table of the report, aligned for CJK double-width characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from service.ledger.export import CENT, DASH, Section, report_heading, report_sections
from service.ledger.metrics import LedgerReport

_RIGHT_ALIGNED = frozenset({"money", "rate", "int"})


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: wide and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_cell(value: object, kind: str) -> str:
    if value is None:
        return DASH
    if kind == "money" and isinstance(value, Decimal):
        return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,}"
    if kind == "rate" and isinstance(value, float):
        return f"{value * 100:.2f}%"
    if kind == "bool":
        return "是" if value else "否"
    return str(value)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def render_section(section: Section) -> list[str]:
    cells = [
        [format_cell(v, k) for v, k in zip(row, section.kinds, strict=True)] for row in section.rows
    ]
    widths = [
        max([display_width(h), *(display_width(r[i]) for r in cells)])
        for i, h in enumerate(section.headers)
    ]
    right = [k in _RIGHT_ALIGNED for k in section.kinds]

    def line(values: Sequence[str]) -> str:
        return "  ".join(_pad(v, w, r) for v, w, r in zip(values, widths, right, strict=True))

    out = [f"【{section.title}】", line(section.headers).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += [line(r).rstrip() for r in cells] or ["（无）"]
    return out


def render_table(report: LedgerReport) -> str:
    """The whole report as text: the heading, then one aligned table per breakdown."""
    lines = report_heading(report)
    for section in report_sections(report):
        lines.append("")
        lines += render_section(section)
    return "\n".join(lines) + "\n"
