"""Instances and independent checks for the meeting-schedule tests.

Nothing here calls the solver's own helpers: feasibility is checked row by row from the rules,
the upper bound is the LP relaxation of a dense time-indexed model built here, and tiny instances
are solved by enumerating every assignment.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from service.events.solver import MeetingPair, Unavailability


@dataclass(frozen=True)
class Instance:
    pairs: list[MeetingPair]
    slots: int
    tables: int
    unavailable: list[Unavailability]


def random_instance(
    seed: int,
    *,
    owners: int,
    suppliers: int,
    pairs: int,
    slots: int,
    tables: int,
    unavailable_share: float = 0.0,
    integer_weights: bool = False,
) -> Instance:
    rng = random.Random(seed)
    keys = [(f"o{o}", f"s{s}") for o in range(owners) for s in range(suppliers)]
    chosen = sorted(rng.sample(keys, pairs))

    def weight() -> float:
        return float(rng.randint(0, 3)) if integer_weights else rng.random()

    unavailable = [
        Unavailability(side, f"{side[0]}{i}", slot)
        for side, count in (("owner", owners), ("supplier", suppliers))
        for i in range(count)
        for slot in range(1, slots + 1)
        if rng.random() < unavailable_share
    ]
    return Instance([MeetingPair(o, s, weight()) for o, s in chosen], slots, tables, unavailable)


def feasibility_problems(rows: Sequence[Sequence[object]], instance: Instance) -> list[str]:
    """Check each output row ``(owner_id, supplier_id, slot, table)`` against every rule."""
    known = {(p.owner_id, p.supplier_id) for p in instance.pairs}
    blocked = {(u.side, u.party_id, u.slot) for u in instance.unavailable}
    owner_slots: set[tuple[str, int]] = set()
    supplier_slots: set[tuple[str, int]] = set()
    table_slots: set[tuple[int, int]] = set()
    met: set[tuple[str, str]] = set()
    problems = []
    for number, (owner, supplier, slot_value, table_value) in enumerate(rows, start=2):
        slot, table = int(str(slot_value)), int(str(table_value))
        owner, supplier = str(owner), str(supplier)
        checks = {
            "unknown pair": (owner, supplier) not in known,
            "pair twice": (owner, supplier) in met,
            "owner twice in slot": (owner, slot) in owner_slots,
            "supplier twice in slot": (supplier, slot) in supplier_slots,
            "table twice in slot": (slot, table) in table_slots,
            "slot out of range": not 1 <= slot <= instance.slots,
            "table out of range": not 1 <= table <= instance.tables,
            "owner unavailable": ("owner", owner, slot) in blocked,
            "supplier unavailable": ("supplier", supplier, slot) in blocked,
        }
        problems += [f"row {number}: {name}" for name, broken in checks.items() if broken]
        met.add((owner, supplier))
        owner_slots.add((owner, slot))
        supplier_slots.add((supplier, slot))
        table_slots.add((slot, table))
    return problems


def weight_of(rows: Sequence[Sequence[object]], instance: Instance) -> float:
    weights = {(p.owner_id, p.supplier_id): p.weight for p in instance.pairs}
    return sum(weights[(str(r[0]), str(r[1]))] for r in rows)


def lp_bound(instance: Instance) -> float:
    """LP relaxation of x[pair, slot] (dense): no schedule weighs more."""
    slots = instance.slots
    blocked = {(u.side, u.party_id, u.slot) for u in instance.unavailable}
    columns = [
        (i, k)
        for i, p in enumerate(instance.pairs)
        for k in range(1, slots + 1)
        if ("owner", p.owner_id, k) not in blocked and ("supplier", p.supplier_id, k) not in blocked
    ]
    row_keys: dict[tuple[object, ...], int] = {}
    entries = []
    for j, (i, k) in enumerate(columns):
        p = instance.pairs[i]
        for key in (("pair", i), ("o", p.owner_id, k), ("s", p.supplier_id, k), ("slot", k)):
            entries.append((row_keys.setdefault(key, len(row_keys)), j))
    matrix = np.zeros((len(row_keys), len(columns)))
    for r, j in entries:
        matrix[r, j] = 1.0
    limits = np.array([instance.tables if key[0] == "slot" else 1 for key in row_keys], float)
    cost = -np.array([instance.pairs[i].weight for i, _ in columns])
    result = linprog(cost, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs")
    assert result.status == 0
    return -float(result.fun)


def brute_force_optimum(instance: Instance, fixed: dict[int, int] | None = None) -> float:
    """Try every slot (or none) for every pair; tables fit when a slot holds ≤ T meetings.

    ``fixed`` maps a pair's position to the only slot it may take (a pinned meeting).
    """
    blocked = {(u.side, u.party_id, u.slot) for u in instance.unavailable}
    best = 0.0
    fixed = fixed or {}
    every_choice = list(range(instance.slots + 1))  # 0: not scheduled
    choices = [[fixed[i]] if i in fixed else every_choice for i in range(len(instance.pairs))]
    for assignment in itertools.product(*choices):
        seen: set[tuple[str, str, int]] = set()
        per_slot = [0] * (instance.slots + 1)
        total, valid = 0.0, True
        for p, slot in zip(instance.pairs, assignment, strict=True):
            if slot == 0:
                continue
            keys = [("owner", p.owner_id, slot), ("supplier", p.supplier_id, slot)]
            if any(key in seen or key in blocked for key in keys):
                valid = False
                break
            seen.update(keys)
            per_slot[slot] += 1
            total += p.weight
        if valid and max(per_slot) <= instance.tables:
            best = max(best, total)
    return best
