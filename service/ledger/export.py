"""Render a ``LedgerReport``: JSON-ready dict, an aligned terminal table, an XLSX workbook.

Amounts are rendered with at most 2 decimals (half-up, from exact Decimals); rates are fractions
in [0, 1], ``None``/"—" for an empty scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from service.ledger.metrics import Group, LedgerReport, RegionGroup, SingleSource, Tally

CENT = Decimal("0.01")
DASH = "—"
EMPTY_LABEL = "（未填）"


def money(amount: Decimal) -> int | float:
    """A JSON number with at most 2 decimals: ``Decimal('1234.505')`` → ``1234.51``."""
    cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(cents) if cents == cents.to_integral_value() else float(cents)


def _tally_json(tally: Tally, with_near: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "local_amount": money(tally.local_amount),
        "total_amount": money(tally.total_amount),
        "rate": tally.rate,
    }
    if with_near:
        data |= {"near_amount": money(tally.near_amount), "near_rate": tally.near_rate}
    data |= {
        "items": tally.items,
        "local_items": tally.local_items,
        "item_rate": tally.item_rate,
    }
    if with_near:
        data |= {"near_items": tally.near_items, "near_item_rate": tally.near_item_rate}
    data["lines"] = tally.lines
    return data


def _groups_json(groups: Sequence[Group], field: str, with_near: bool) -> list[dict[str, Any]]:
    return [{field: g.label} | _tally_json(g.tally, with_near) for g in groups]


def _region_json(region: RegionGroup, with_near: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "supplier_region": region.code,
        "name": region.name,
        "total_amount": money(region.total_amount),
        "lines": region.lines,
        "suppliers": region.suppliers,
        "local": region.local,
    }
    if with_near:
        data["near"] = region.near
    return data


def _single_json(item: SingleSource, with_near: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "owner": item.owner,
        "item": item.item,
        "supplier": item.supplier,
        "supplier_region": item.supplier_region,
        "amount": money(item.amount),
        "local": item.local,
    }
    if with_near:
        data["near"] = item.near
    data["lines"] = item.lines
    return data


def report_to_json(report: LedgerReport) -> dict[str, Any]:
    """The contract's JSON object (``ensure_ascii=False`` when dumped)."""
    near = bool(report.near_regions)
    data: dict[str, Any] = {
        "home_region": report.home_region,
        "home_region_name": report.home_region_name,
        "near_regions": list(report.near_regions),
        "period_from": None if report.period_from is None else str(report.period_from),
        "period_to": None if report.period_to is None else str(report.period_to),
        "overall": _tally_json(report.overall, near),
        "by_owner": _groups_json(report.by_owner, "owner", near),
        "by_period": _groups_json(report.by_period, "period", near),
        "by_quarter": _groups_json(report.by_quarter, "period", near),
        "by_year": _groups_json(report.by_year, "period", near),
    }
    if report.by_chain is not None:
        data["by_chain"] = _groups_json(report.by_chain, "chain", near)
    if report.by_category is not None:
        data["by_category"] = _groups_json(report.by_category, "category", near)
    data["by_supplier_region"] = [_region_json(r, near) for r in report.by_supplier_region]
    data["single_source"] = [_single_json(s, near) for s in report.single_source]
    return data


# --- shared tabular view (terminal table and XLSX) -------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """One breakdown as a grid: a title (also the XLSX sheet name), headers and typed cells."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    kinds: tuple[str, ...]  # per column: "text", "money", "rate", "int", "bool"


def _tally_columns(with_near: bool) -> list[tuple[str, str, Callable[[Tally], object]]]:
    columns: list[tuple[str, str, Callable[[Tally], object]]] = [
        ("本地采购额(元)", "money", lambda t: t.local_amount),
        ("采购总额(元)", "money", lambda t: t.total_amount),
        ("本地配套率", "rate", lambda t: t.rate),
    ]
    if with_near:
        columns += [
            ("近地采购额(元)", "money", lambda t: t.near_amount),
            ("近地配套率", "rate", lambda t: t.near_rate),
        ]
    columns += [
        ("品种数", "int", lambda t: t.items),
        ("本地配套品种数", "int", lambda t: t.local_items),
        ("品种本地配套率", "rate", lambda t: t.item_rate),
        ("台账行数", "int", lambda t: t.lines),
    ]
    return columns


def _group_section(title: str, label: str, groups: Sequence[Group], with_near: bool) -> Section:
    columns = _tally_columns(with_near)
    rows = tuple(
        (g.label if g.label is not None else EMPTY_LABEL, *(get(g.tally) for _, _, get in columns))
        for g in groups
    )
    return Section(
        title,
        (label, *(h for h, _, _ in columns)),
        rows,
        ("text", *(k for _, k, _ in columns)),
    )


def report_heading(report: LedgerReport) -> list[str]:
    """The scope of the report in words: home region, near area, window."""
    home = report.home_region + (f" {report.home_region_name}" if report.home_region_name else "")
    window = [str(p) if p is not None else "" for p in (report.period_from, report.period_to)]
    lines = [f"本地区域：{home}", f"近地区域：{'、'.join(report.near_regions) or DASH}"]
    if any(window):
        lines.append(f"期间范围：{window[0] or '不限'} 至 {window[1] or '不限'}")
    return lines


def report_sections(report: LedgerReport) -> list[Section]:
    """Every breakdown of the report as a titled grid, in a fixed order."""
    near = bool(report.near_regions)
    sections = [
        _group_section("总体", "范围", [Group("合计", report.overall)], near),
        _group_section("按企业", "采购企业", report.by_owner, near),
        _group_section("按期间", "期间", report.by_period, near),
        _group_section("按季度", "季度", report.by_quarter, near),
        _group_section("按年度", "年度", report.by_year, near),
    ]
    if report.by_chain is not None:
        sections.append(_group_section("按产业链", "产业链", report.by_chain, near))
    if report.by_category is not None:
        sections.append(_group_section("按品类", "品类", report.by_category, near))
    sections.append(_trim_near(_region_section(report), near))
    sections.append(_trim_near(_single_section(report), near))
    return sections


def _region_section(report: LedgerReport) -> Section:
    return Section(
        "按供应商地区",
        ("地区代码", "地区名称", "采购额(元)", "台账行数", "供应商数", "本地", "近地"),
        tuple(
            (r.code, r.name or "", r.total_amount, r.lines, r.suppliers, r.local, r.near)
            for r in report.by_supplier_region
        ),
        ("text", "text", "money", "int", "int", "bool", "bool"),
    )


def _single_section(report: LedgerReport) -> Section:
    return Section(
        "唯一来源",
        ("采购企业", "采购品", "供应商", "供应商地区", "金额(元)", "台账行数", "本地", "近地"),
        tuple(
            (s.owner, s.item, s.supplier, s.supplier_region, s.amount, s.lines, s.local, s.near)
            for s in report.single_source
        ),
        ("text", "text", "text", "text", "money", "int", "bool", "bool"),
    )


def _trim_near(section: Section, with_near: bool) -> Section:
    """Drop the trailing 近地 column when no near area was given."""
    if with_near:
        return section
    return Section(
        section.title,
        section.headers[:-1],
        tuple(row[:-1] for row in section.rows),
        section.kinds[:-1],
    )
