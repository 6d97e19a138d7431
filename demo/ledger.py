"""Current suppliers of each need and two years of monthly purchase-ledger lines."""

from __future__ import annotations

import random
import unicodedata

from demo.places import DEMO_CITY, is_local
from demo.records import DemoNeed, DemoPurchase

# Ledger window: 2024-12 … 2026-11, two twelve-month years.
PERIODS: tuple[str, ...] = tuple(
    f"{2024 + (m + 11) // 12}-{(m + 11) % 12 + 1:02d}" for m in range(24)
)

# Month-of-year purchase weights (index 0 = January) per chain; others use the default.
_DEFAULT = (0.9, 0.65, 1.0, 1.0, 1.0, 1.05, 1.0, 0.95, 1.05, 1.05, 1.05, 1.15)
_SEASON: dict[str, tuple[float, ...]] = {
    "xn-food": (0.7, 0.6, 0.9, 1.1, 1.35, 1.5, 1.6, 1.5, 1.1, 0.9, 0.75, 0.8),
    "xn-clean-energy": (1.25, 0.95, 0.9, 0.8, 0.9, 1.05, 1.3, 1.3, 1.0, 0.8, 0.9, 1.2),
    "xn-biomed": (1.15, 0.75, 1.0, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.05, 1.15, 1.25),
}


Pool = dict[str, list[tuple[str, str]]]  # zone -> [(supplier name, region code)]


def plan_local_mains(amounts: list[float], has_local: list[bool], target: float) -> set[int]:
    """Indexes of needs whose main supplier is local, so the owner's local share nears `target`.

    Greedy over needs by descending amount: a need goes local while the main supplier's part
    (about two thirds of the amount) still fits under the target share of the owner's total.
    """
    budget = target * sum(amounts)
    chosen: set[int] = set()
    spent = 0.0
    for index in sorted(range(len(amounts)), key=lambda i: -amounts[i]):
        part = amounts[index] * 0.65
        if has_local[index] and spent + part <= budget:
            chosen.add(index)
            spent += part
    return chosen


def choose_current(
    rng: random.Random, pool: Pool, *, main_local: bool, local_bias: float
) -> tuple[tuple[str, str], ...]:
    """Pick 1–3 current suppliers: the main one local when planned, the others mostly not."""
    count = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
    chosen: list[tuple[str, str]] = []
    for slot in range(count):
        roll = rng.random()
        if slot == 0:
            zone = "local" if main_local else ("metro" if roll < 0.35 else "far")
        else:
            zone = "local" if roll < local_bias / 2 else ("metro" if roll < 0.45 else "far")
        for fallback in (zone, "far", "metro", "local"):
            if fallback == "local" and not main_local and slot == 0:
                continue
            options = [s for s in pool[fallback] if s not in chosen]
            if options:
                chosen.append(rng.choice(options))
                break
    return tuple(chosen)


def _shares(rng: random.Random, count: int) -> list[float]:
    if count == 1:
        return [1.0]
    first = rng.uniform(0.5, 0.75)
    if count == 2:
        return [first, 1 - first]
    second = (1 - first) * rng.uniform(0.55, 0.75)
    return [first, second, 1 - first - second]


def _months(rng: random.Random, buys_per_year: int) -> list[int]:
    """Month offsets (0–11 within a ledger year) on which the item is bought."""
    if buys_per_year >= 12:
        return list(range(12))
    step = 12 / buys_per_year
    start = rng.randrange(int(step))
    return [int(start + i * step) for i in range(buys_per_year)]


def _messy(rng: random.Random, text: str) -> str:
    """Now and then write an item the way a clerk might: full-width or spaced differently."""
    roll = rng.random()
    if roll < 0.03:
        return "".join(
            chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" and ch.isalnum() else ch for ch in text
        )
    if roll < 0.06:
        return text.replace(" ", "") if " " in text else text + " "
    if roll < 0.08:
        return unicodedata.normalize("NFKC", text)
    return text


def purchases_for(rng: random.Random, need: DemoNeed, buys_per_year: int) -> list[DemoPurchase]:
    season = _SEASON.get(need.chain_code, _DEFAULT)
    lines: list[DemoPurchase] = []
    shares = _shares(rng, len(need.current_suppliers))
    months = _months(rng, buys_per_year)
    for year, growth in enumerate((rng.uniform(0.85, 0.98), rng.uniform(0.97, 1.05))):
        weights = [season[(m + 11) % 12] * rng.uniform(0.85, 1.15) for m in months]
        total = sum(weights)
        for (name, region), share in zip(need.current_suppliers, shares, strict=True):
            for month, weight in zip(months, weights, strict=True):
                amount = round(need.yearly_amount * share * growth * weight / total, 2)
                lines.append(
                    DemoPurchase(
                        owner_key=need.owner_key,
                        item=_messy(rng, need.title),
                        category=need.category,
                        supplier_name=name,
                        supplier_region=region,
                        amount=amount,
                        period=PERIODS[year * 12 + month],
                        chain_code=need.chain_code,
                    )
                )
    return lines


def local_share(
    purchases: list[DemoPurchase] | tuple[DemoPurchase, ...], home_region: str = DEMO_CITY
) -> float:
    """Amount bought within `home_region` ÷ total amount (used by tests and for tuning)."""
    total = sum(p.amount for p in purchases)
    local = sum(p.amount for p in purchases if is_local(p.supplier_region, home_region))
    return local / total if total else 0.0
