"""The bureau's figures from ledger lines: supporting rates, breakdowns, single-source items.

Definitions (the same for every scope — overall, an owner, a period, a chain, a category):

- local amount: amount bought from suppliers whose region lies within the home region
  (GB/T 2260 prefix hierarchy); near amount: the same within the home region or any near code.
- rate = local amount ÷ total amount; near_rate = near amount ÷ total; ``None`` when total is 0.
- items: distinct (owner, item) pairs in the scope, compared by ``item_key``; an item is
  *sourced locally* (``local_items``) when at least one of its lines in the scope comes from a
  supplier within the home region (``near_items`` likewise for the near area);
  item_rate = local_items ÷ items, ``None`` when there are no items.
- single-source item: an (owner, item) pair with exactly one distinct supplier (by ``item_key``)
  in the window; it reports the first-seen spellings and region, and the item's total amount.

A window (``period_from``/``period_to``) keeps the lines whose whole period lies inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from catalogs.regions import is_within, is_within_any
from service.core.text import item_key
from service.ledger.lines import LedgerLine
from service.ledger.periods import Period

ZERO = Decimal(0)


def ratio(part: Decimal | int, whole: Decimal | int) -> float | None:
    """``part / whole`` as a float computed exactly, or None for an empty scope."""
    if not whole:
        return None
    return float(Decimal(part) / Decimal(whole))


@dataclass(frozen=True, slots=True)
class Tally:
    total_amount: Decimal = ZERO
    local_amount: Decimal = ZERO
    near_amount: Decimal = ZERO
    lines: int = 0
    items: int = 0
    local_items: int = 0
    near_items: int = 0

    @property
    def rate(self) -> float | None:
        return ratio(self.local_amount, self.total_amount)

    @property
    def near_rate(self) -> float | None:
        return ratio(self.near_amount, self.total_amount)

    @property
    def item_rate(self) -> float | None:
        return ratio(self.local_items, self.items)

    @property
    def near_item_rate(self) -> float | None:
        return ratio(self.near_items, self.items)


@dataclass(frozen=True, slots=True)
class Group:
    """One row of a breakdown: its label (``None`` for an empty optional cell) and its tally."""

    label: str | None
    tally: Tally


@dataclass(frozen=True, slots=True)
class RegionGroup:
    code: str
    name: str | None
    total_amount: Decimal
    lines: int
    suppliers: int
    local: bool
    near: bool


@dataclass(frozen=True, slots=True)
class SingleSource:
    owner: str
    item: str
    supplier: str
    supplier_region: str
    amount: Decimal
    lines: int
    local: bool
    near: bool


@dataclass(frozen=True, slots=True)
class LedgerReport:
    home_region: str
    near_regions: tuple[str, ...]
    period_from: Period | None
    period_to: Period | None
    overall: Tally
    by_owner: tuple[Group, ...]
    by_period: tuple[Group, ...]
    by_quarter: tuple[Group, ...]
    by_year: tuple[Group, ...]
    by_supplier_region: tuple[RegionGroup, ...]
    single_source: tuple[SingleSource, ...]
    by_chain: tuple[Group, ...] | None = None  # None: the ledger has no chain column
    by_category: tuple[Group, ...] | None = None
    home_region_name: str | None = None


@dataclass(slots=True)
class _Classified:
    line: LedgerLine
    owner_key: str
    key: tuple[str, str]  # (owner, item) comparison key
    supplier_key: str
    local: bool
    near: bool
    quarter: Period
    year: Period
    chain_key: str | None
    category_key: str | None


@dataclass(slots=True)
class _Accumulator:
    total: Decimal = ZERO
    local: Decimal = ZERO
    near: Decimal = ZERO
    lines: int = 0
    items: set[tuple[str, str]] = field(default_factory=set)
    local_items: set[tuple[str, str]] = field(default_factory=set)
    near_items: set[tuple[str, str]] = field(default_factory=set)

    def add(self, entry: _Classified) -> None:
        amount = entry.line.amount
        self.total += amount
        self.lines += 1
        self.items.add(entry.key)
        if entry.local:
            self.local += amount
            self.local_items.add(entry.key)
        if entry.near:
            self.near += amount
            self.near_items.add(entry.key)

    def freeze(self) -> Tally:
        return Tally(
            total_amount=self.total,
            local_amount=self.local,
            near_amount=self.near,
            lines=self.lines,
            items=len(self.items),
            local_items=len(self.local_items),
            near_items=len(self.near_items),
        )


def _tally(entries: Iterable[_Classified]) -> Tally:
    acc = _Accumulator()
    for entry in entries:
        acc.add(entry)
    return acc.freeze()


def _group(
    entries: Sequence[_Classified],
    key: Callable[[_Classified], Hashable],
    label: Callable[[_Classified], str | None],
    sort_key: Callable[[Any, str | None], tuple[object, ...]],
) -> tuple[Group, ...]:
    """Tally entries per key; a group's label is taken from its first entry."""
    accumulators: dict[Hashable, _Accumulator] = {}
    labels: dict[Hashable, str | None] = {}
    for entry in entries:
        k = key(entry)
        acc = accumulators.get(k)
        if acc is None:
            acc = accumulators[k] = _Accumulator()
            labels[k] = label(entry)
        acc.add(entry)
    ordered = sorted(accumulators, key=lambda k: sort_key(k, labels[k]))
    return tuple(Group(labels[k], accumulators[k].freeze()) for k in ordered)


def _by_label(key: Any, label: str | None) -> tuple[object, ...]:
    """Empty labels last, then by label, then by key (two spellings of one name stay apart)."""
    return (label is None, label or "", key or "")


def _by_period(key: Any, _label: str | None) -> tuple[object, ...]:
    period: Period = key
    return period.sort_key


def _optional_group(
    entries: Sequence[_Classified], attribute: str, present: bool
) -> tuple[Group, ...] | None:
    if not present:
        return None
    key_attribute = f"{attribute}_key"

    def label(entry: _Classified) -> str | None:
        text: str | None = getattr(entry.line, attribute)
        return text or None

    return _group(entries, lambda e: getattr(e, key_attribute), label, _by_label)


def _by_supplier_region(
    entries: Sequence[_Classified], region_name: Callable[[str], str | None]
) -> tuple[RegionGroup, ...]:
    totals: dict[str, Decimal] = {}
    lines: dict[str, int] = {}
    suppliers: dict[str, set[str]] = {}
    flags: dict[str, tuple[bool, bool]] = {}
    for entry in entries:
        code = entry.line.supplier_region
        totals[code] = totals.get(code, ZERO) + entry.line.amount
        lines[code] = lines.get(code, 0) + 1
        suppliers.setdefault(code, set()).add(entry.supplier_key)
        flags[code] = (entry.local, entry.near)
    ordered = sorted(totals, key=lambda c: (-totals[c], c))
    return tuple(
        RegionGroup(c, region_name(c), totals[c], lines[c], len(suppliers[c]), *flags[c])
        for c in ordered
    )


def _single_source(entries: Sequence[_Classified]) -> tuple[SingleSource, ...]:
    first: dict[tuple[str, str], _Classified] = {}
    suppliers: dict[tuple[str, str], set[str]] = {}
    amounts: dict[tuple[str, str], Decimal] = {}
    counts: dict[tuple[str, str], int] = {}
    for entry in entries:
        key = entry.key
        if key not in first:
            first[key] = entry
            suppliers[key] = set()
            amounts[key] = ZERO
            counts[key] = 0
        suppliers[key].add(entry.supplier_key)
        amounts[key] += entry.line.amount
        counts[key] += 1
    found = []
    for key, entry in first.items():
        if len(suppliers[key]) != 1:
            continue
        line = entry.line
        found.append(
            SingleSource(
                owner=line.owner,
                item=line.item,
                supplier=line.supplier,
                supplier_region=line.supplier_region,
                amount=amounts[key],
                lines=counts[key],
                local=entry.local,
                near=entry.near,
            )
        )
    found.sort(key=lambda s: (-s.amount, s.owner, s.item, s.supplier))
    return tuple(found)


class _Keys(dict[str, str]):
    """``item_key`` memoised for one computation (ledgers repeat the same names a lot)."""

    def __missing__(self, text: str) -> str:
        value = self[text] = item_key(text)
        return value


def _classify(
    lines: Iterable[LedgerLine], home_region: str, near_area: tuple[str, ...]
) -> list[_Classified]:
    keys = _Keys()
    regions: dict[str, tuple[bool, bool]] = {}
    periods: dict[Period, tuple[Period, Period]] = {}
    entries = []
    for line in lines:
        code = line.supplier_region
        if code not in regions:
            regions[code] = (is_within(code, home_region), is_within_any(code, near_area))
        if line.period not in periods:
            periods[line.period] = (line.period.to_quarter(), line.period.to_year())
        owner_key = keys[line.owner]
        entries.append(
            _Classified(
                line,
                owner_key,
                (owner_key, keys[line.item]),
                keys[line.supplier],
                *regions[code],
                *periods[line.period],
                keys[line.chain or ""] or None,
                keys[line.category or ""] or None,
            )
        )
    return entries


def _period_label(entry: _Classified) -> str:
    return str(entry.line.period)


def _in_window(line: LedgerLine, period_from: Period | None, period_to: Period | None) -> bool:
    return line.period.in_window(period_from, period_to)


def compute_report(
    lines: Iterable[LedgerLine],
    *,
    home_region: str,
    near_regions: Sequence[str] = (),
    period_from: Period | None = None,
    period_to: Period | None = None,
    region_name: Callable[[str], str | None] | None = None,
    has_chain: bool | None = None,
    has_category: bool | None = None,
) -> LedgerReport:
    """Compute every figure of the ledger report from parsed lines.

    ``has_chain``/``has_category`` say whether the ledger had those columns; by default they are
    inferred from the lines (a line's ``chain`` is None when the column was absent).
    """
    all_lines = list(lines)
    near = tuple(dict.fromkeys(near_regions))
    window = [line for line in all_lines if _in_window(line, period_from, period_to)]
    entries = _classify(window, home_region, (home_region, *near))
    names = region_name or (lambda _code: None)
    if has_chain is None:
        has_chain = any(line.chain is not None for line in all_lines)
    if has_category is None:
        has_category = any(line.category is not None for line in all_lines)
    return LedgerReport(
        home_region=home_region,
        home_region_name=names(home_region),
        near_regions=near,
        period_from=period_from,
        period_to=period_to,
        overall=_tally(entries),
        by_owner=_group(entries, lambda e: e.owner_key, lambda e: e.line.owner, _by_label),
        by_period=_group(entries, lambda e: e.line.period, _period_label, _by_period),
        by_quarter=_group(entries, lambda e: e.quarter, lambda e: str(e.quarter), _by_period),
        by_year=_group(entries, lambda e: e.year, lambda e: str(e.year), _by_period),
        by_supplier_region=_by_supplier_region(entries, names),
        single_source=_single_source(entries),
        by_chain=_optional_group(entries, "chain", has_chain),
        by_category=_optional_group(entries, "category", has_category),
    )
