"""Schedule the one-to-one meetings of a matchmaking event (产销对接会).

Pure code: plain dataclasses in and out, numpy/scipy inside, no database and no web framework.

The problem: pairs (owner, supplier, weight ≥ 0), ``slots`` time slots, ``tables`` tables, the
slots each party cannot attend, and meetings the bureau pinned by hand. Choose meetings and give
each a slot and a table, maximising total weight, such that a party meets at most once per slot and
never in a slot it cannot attend, a table hosts at most one meeting per slot, and a pair meets at
most once.

Two methods, chosen by the instance:

* **flow** (no unavailable slots, no pins): the meetings of any schedule form a subgraph with every
  degree ≤ ``slots`` and at most ``slots × tables`` edges, and every such subgraph is a schedule,
  because a bipartite graph of maximum degree Δ ≤ K has a K-edge-colouring that can be balanced
  so each colour holds ≤ ceil(E / K) ≤ T edges. The best subgraph is a network-flow LP (totally
  unimodular, so HiGHS returns an integral optimum); the colouring is done by alternating-path
  recolouring and then balanced. The result is optimal.
* **time-indexed model** (otherwise): binaries x[pair, slot] over the slots both parties can
  attend, each pair once, each party once per slot, ≤ free tables per slot. In turn, each step
  only while the schedule is more than 0.01 % below the bound and time is left:
  1. the LP relaxation (HiGHS dual simplex for a few seconds, then interior point); its value is
     the bound, and on most events its solution is integral and so optimal (method ``lp``);
  2. rounding: the LP's near-1 variables, then greedy filling by weight;
  3. one slot at a time re-solved exactly as a matching (a flow), until no slot improves;
  4. two slots at a time re-solved as a small MILP, the others fixed (``lp+lns``);
  5. the whole MILP (``scipy.optimize.milp``) in the time left; kept if heavier (``milp``), and
     its dual bound tightens the reported bound.
  Method ``greedy``: the time ran out before the LP; the bound is then the heaviest pairs that fit.

Pinned meetings keep their slot (and table, when given); the rest is solved around them.
Zero-weight pairs are added afterwards wherever they still fit, so they never displace weight.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

from service.events.bipartite import colour_balanced, heaviest_bounded_subgraph

OWNER = "owner"
SUPPLIER = "supplier"
SIDES = (OWNER, SUPPLIER)
NEIGHBOURHOOD_SECONDS = 2.0  # time limit of one two-slot sub-MILP
MIP_RELATIVE_GAP = 1e-4  # a schedule this close to its bound counts as optimal (HiGHS's default)


@dataclass(frozen=True, slots=True)
class MeetingPair:
    """A pair that may meet, with the value of their meeting."""

    owner_id: str
    supplier_id: str
    weight: float


@dataclass(frozen=True, slots=True)
class Unavailability:
    """A slot (1-based) that one party cannot attend."""

    side: str  # OWNER or SUPPLIER
    party_id: str
    slot: int


@dataclass(frozen=True, slots=True)
class Pin:
    """A meeting fixed by hand in a slot, and optionally at a table."""

    owner_id: str
    supplier_id: str
    slot: int
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    owner_id: str
    supplier_id: str
    slot: int  # 1..slots
    table: int  # 1..tables
    weight: float


@dataclass(frozen=True, slots=True)
class Schedule:
    meetings: tuple[Meeting, ...]  # ordered by slot, then table
    total_weight: float
    bound: float  # no schedule can weigh more
    method: str  # "flow", "lp", "lp+lns", "milp" or "greedy" (see the module docstring)
    proven_optimal: bool  # within MIP_RELATIVE_GAP of the bound
    seconds: float

    @property
    def gap(self) -> float:
        """Relative distance to the bound: 0 for a proven optimum."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.total_weight) / self.bound)


class ScheduleError(ValueError):
    """The instance cannot be scheduled as given (bad sizes, duplicate pairs, clashing pins)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class _Instance:
    """The free part of the problem, in integer indices; pins already taken out."""

    slots: int
    owner_of: np.ndarray  # pair -> owner index
    supplier_of: np.ndarray  # pair -> supplier index
    weight: np.ndarray
    owner_blocked: np.ndarray  # bool (owners, slots): unavailable or pinned
    supplier_blocked: np.ndarray  # bool (suppliers, slots)
    capacity: np.ndarray  # free tables per slot

    @property
    def uniform(self) -> bool:
        """No blocked slot and the same number of tables in every slot: the flow case."""
        return bool(
            not self.owner_blocked.any()
            and not self.supplier_blocked.any()
            and (self.capacity == self.capacity[0]).all()
        )

    def allowed(self) -> np.ndarray:
        """bool (pairs, slots): both parties can meet in the slot."""
        allowed: np.ndarray = (
            ~self.owner_blocked[self.owner_of] & ~self.supplier_blocked[self.supplier_of]
        )
        return allowed


class _Board:
    """Occupancy during construction; every placement goes through `can`, so the result is valid."""

    def __init__(self, instance: _Instance) -> None:
        self.instance = instance
        self.owner_busy = instance.owner_blocked.copy()
        self.supplier_busy = instance.supplier_blocked.copy()
        self.free_tables = instance.capacity.copy()
        self.slot_of: dict[int, int] = {}

    def can(self, pair: int, slot: int) -> bool:
        inst = self.instance
        return bool(
            pair not in self.slot_of
            and self.free_tables[slot] > 0
            and not self.owner_busy[inst.owner_of[pair], slot]
            and not self.supplier_busy[inst.supplier_of[pair], slot]
        )

    def place(self, pair: int, slot: int) -> None:
        inst = self.instance
        self.owner_busy[inst.owner_of[pair], slot] = True
        self.supplier_busy[inst.supplier_of[pair], slot] = True
        self.free_tables[slot] -= 1
        self.slot_of[pair] = slot

    def remove(self, pair: int) -> None:
        inst = self.instance
        slot = self.slot_of.pop(pair)
        self.owner_busy[inst.owner_of[pair], slot] = False
        self.supplier_busy[inst.supplier_of[pair], slot] = False
        self.free_tables[slot] += 1

    def place_all(self, assignments: Iterable[tuple[int, int]]) -> None:
        for pair, slot in assignments:
            if self.can(pair, slot):
                self.place(pair, slot)

    def fill(self, pairs: Iterable[int]) -> None:
        """Greedy: each pair, in the given order, into the first slot where it still fits."""
        for pair in pairs:
            for slot in range(self.instance.slots):
                if self.can(pair, slot):
                    self.place(pair, slot)
                    break

    def weight(self) -> float:
        return float(sum(self.instance.weight[p] for p in self.slot_of))


# ---------------------------------------------------------------------------------------------
# Public entry point


def solve_schedule(
    pairs: Sequence[MeetingPair],
    *,
    slots: int,
    tables: int,
    unavailable: Sequence[Unavailability] = (),
    pins: Sequence[Pin] = (),
    time_limit: float = 60.0,
    progress: Callable[[float], None] | None = None,
    progress_every: float = 5.0,
) -> Schedule:
    """Choose meetings and give each a slot and a table, maximising total weight.

    ``progress(elapsed_seconds)`` is called every ``progress_every`` seconds while a solve runs
    (from another thread). Raises `ScheduleError` when the input is inconsistent.

    >>> s = solve_schedule([MeetingPair("o1", "s1", 2.0), MeetingPair("o1", "s2", 1.0)],
    ...                    slots=1, tables=5)
    >>> [(m.owner_id, m.supplier_id, m.slot, m.table) for m in s.meetings], s.gap
    ([('o1', 's1', 1, 1)], 0.0)
    """
    started = time.perf_counter()
    _check(pairs, slots=slots, tables=tables, unavailable=unavailable, pins=pins)
    owners = sorted({p.owner_id for p in pairs})
    suppliers = sorted({p.supplier_id for p in pairs})
    pinned = _pinned_indices(pairs, pins)
    instance = _instance(pairs, owners, suppliers, slots, tables, unavailable, pins, pinned)
    free = [i for i in range(len(pairs)) if i not in pinned]
    with _ticker(progress, progress_every, started):
        board, bound, method, proven = _solve_free(instance, free, time_limit, started)
    by_weight = sorted(free, key=lambda i: -pairs[i].weight)
    board.fill(by_weight)  # zero-weight pairs, and anything a timed-out solve left out
    pinned_weight = sum(pairs[i].weight for i in pinned)
    meetings = _number_tables(pairs, board.slot_of, pins, tables)
    total = pinned_weight + board.weight()
    violations = schedule_violations(
        meetings, pairs=pairs, slots=slots, tables=tables, unavailable=unavailable
    )
    if violations:  # cannot happen: every placement was checked; refuse to return a bad schedule
        raise RuntimeError("排期自检失败：" + "；".join(violations[:5]))
    return Schedule(
        meetings=meetings,
        total_weight=total,
        bound=max(total, pinned_weight + bound),
        method=method,
        proven_optimal=proven,
        seconds=time.perf_counter() - started,
    )


def schedule_violations(
    meetings: Sequence[Meeting],
    *,
    pairs: Sequence[MeetingPair],
    slots: int,
    tables: int,
    unavailable: Sequence[Unavailability] = (),
) -> list[str]:
    """Every broken rule in a schedule, as readable lines (empty when the schedule is valid)."""
    known = {(p.owner_id, p.supplier_id) for p in pairs}
    blocked = {(u.side, u.party_id, u.slot) for u in unavailable}
    seen: set[tuple[str, ...]] = set()
    problems = []
    for m in meetings:
        label = f"{m.owner_id}–{m.supplier_id}"
        keys = {
            ("pair", m.owner_id, m.supplier_id): f"{label} 重复安排",
            ("owner", m.owner_id, str(m.slot)): f"采购方 {m.owner_id} 在第 {m.slot} 场重复",
            (
                "supplier",
                m.supplier_id,
                str(m.slot),
            ): f"供应商 {m.supplier_id} 在第 {m.slot} 场重复",
            ("table", str(m.slot), str(m.table)): f"第 {m.slot} 场 {m.table} 号桌重复",
        }
        problems += [message for key, message in keys.items() if key in seen]
        seen.update(keys)
        if (m.owner_id, m.supplier_id) not in known:
            problems.append(f"{label} 不在配对清单中")
        if not (1 <= m.slot <= slots and 1 <= m.table <= tables):
            problems.append(f"{label} 的场次或桌号越界")
        for side, party in ((OWNER, m.owner_id), (SUPPLIER, m.supplier_id)):
            if (side, party, m.slot) in blocked:
                problems.append(f"{label} 排在 {party} 不能参加的第 {m.slot} 场")
    return problems


# ---------------------------------------------------------------------------------------------
# Input checks and indexing


def _check(
    pairs: Sequence[MeetingPair],
    *,
    slots: int,
    tables: int,
    unavailable: Sequence[Unavailability],
    pins: Sequence[Pin],
) -> None:
    problems = []
    if slots < 1:
        problems.append("场次数必须为正整数")
    if tables < 1:
        problems.append("桌数必须为正整数")
    seen: set[tuple[str, str]] = set()
    for p in pairs:
        key = (p.owner_id, p.supplier_id)
        if key in seen:
            problems.append(f"配对 {p.owner_id}–{p.supplier_id} 重复")
        seen.add(key)
        if not (math.isfinite(p.weight) and p.weight >= 0):
            problems.append(f"配对 {p.owner_id}–{p.supplier_id} 的权重必须为非负数")
    for u in unavailable:
        if u.side not in SIDES:
            problems.append(f"不可参加的一方必须为 owner 或 supplier，而不是“{u.side}”")
        if not 1 <= u.slot <= slots:
            problems.append(f"{u.party_id} 不可参加的场次 {u.slot} 超出 1–{slots}")
    if not problems:
        problems += _pin_problems(
            pairs, slots=slots, tables=tables, unavailable=unavailable, pins=pins
        )
    if problems:
        raise ScheduleError(problems)


def _pin_problems(
    pairs: Sequence[MeetingPair],
    *,
    slots: int,
    tables: int,
    unavailable: Sequence[Unavailability],
    pins: Sequence[Pin],
) -> list[str]:
    known = {(p.owner_id, p.supplier_id) for p in pairs}
    blocked = {(u.side, u.party_id, u.slot) for u in unavailable}
    taken: set[tuple[str, ...]] = set()
    per_slot = [0] * (slots + 1)
    problems = []
    for pin in pins:
        label = f"固定会谈 {pin.owner_id}–{pin.supplier_id}"
        if (pin.owner_id, pin.supplier_id) not in known:
            problems.append(f"{label} 不在配对清单中")
        if not 1 <= pin.slot <= slots:
            problems.append(f"{label} 的场次 {pin.slot} 超出 1–{slots}")
            continue
        if pin.table is not None and not 1 <= pin.table <= tables:
            problems.append(f"{label} 的桌号 {pin.table} 超出 1–{tables}")
        per_slot[pin.slot] += 1
        if per_slot[pin.slot] == tables + 1:
            problems.append(f"第 {pin.slot} 场固定的会谈多于 {tables} 张桌")
        keys = [("pair", pin.owner_id, pin.supplier_id)]
        keys += [(OWNER, pin.owner_id, str(pin.slot)), (SUPPLIER, pin.supplier_id, str(pin.slot))]
        if pin.table is not None:
            keys.append(("table", str(pin.slot), str(pin.table)))
        if any(key in taken for key in keys):
            problems.append(f"{label} 与其他固定会谈冲突")
        taken.update(keys)
        for side, party in ((OWNER, pin.owner_id), (SUPPLIER, pin.supplier_id)):
            if (side, party, pin.slot) in blocked:
                problems.append(f"{label} 排在 {party} 不能参加的第 {pin.slot} 场")
    return problems


def _pinned_indices(pairs: Sequence[MeetingPair], pins: Sequence[Pin]) -> dict[int, Pin]:
    index = {(p.owner_id, p.supplier_id): i for i, p in enumerate(pairs)}
    return {index[(pin.owner_id, pin.supplier_id)]: pin for pin in pins}


def _instance(
    pairs: Sequence[MeetingPair],
    owners: Sequence[str],
    suppliers: Sequence[str],
    slots: int,
    tables: int,
    unavailable: Sequence[Unavailability],
    pins: Sequence[Pin],
    pinned: dict[int, Pin],
) -> _Instance:
    owner_index = {o: i for i, o in enumerate(owners)}
    supplier_index = {s: i for i, s in enumerate(suppliers)}
    owner_blocked = np.zeros((len(owners), slots), dtype=bool)
    supplier_blocked = np.zeros((len(suppliers), slots), dtype=bool)
    for u in unavailable:
        index, blocked = (
            (owner_index, owner_blocked) if u.side == OWNER else (supplier_index, supplier_blocked)
        )
        if u.party_id in index:  # a party without pairs changes nothing
            blocked[index[u.party_id], u.slot - 1] = True
    capacity = np.full(slots, tables, dtype=np.int64)
    for pin in pins:
        owner_blocked[owner_index[pin.owner_id], pin.slot - 1] = True
        supplier_blocked[supplier_index[pin.supplier_id], pin.slot - 1] = True
        capacity[pin.slot - 1] -= 1
    weight = np.array([p.weight for p in pairs], dtype=float)
    weight[list(pinned)] = 0.0  # pinned pairs are outside the free problem
    return _Instance(
        slots=slots,
        owner_of=np.array([owner_index[p.owner_id] for p in pairs], dtype=np.int64),
        supplier_of=np.array([supplier_index[p.supplier_id] for p in pairs], dtype=np.int64),
        weight=weight,
        owner_blocked=owner_blocked,
        supplier_blocked=supplier_blocked,
        capacity=capacity,
    )


@contextmanager
def _ticker(
    progress: Callable[[float], None] | None, every: float, started: float
) -> Iterator[None]:
    """Call ``progress(elapsed)`` every ``every`` seconds until the block ends (HiGHS drops the GIL)."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(every):
            progress(time.perf_counter() - started)

    thread = threading.Thread(target=tick, name="schedule-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# ---------------------------------------------------------------------------------------------
# Solving the free part


def _solve_free(
    instance: _Instance, free: Sequence[int], time_limit: float, started: float
) -> tuple[_Board, float, str, bool]:
    """Place the free pairs; return the board, an upper bound on their weight, method, proven."""
    board = _Board(instance)
    candidates = [i for i in free if instance.weight[i] > 0]
    if not candidates:
        return board, 0.0, "flow" if instance.uniform else "milp", True
    if instance.uniform:
        return _solve_flow(instance, candidates, board)
    return _solve_milp(instance, candidates, board, time_limit, started)


def _solve_flow(
    instance: _Instance, candidates: Sequence[int], board: _Board
) -> tuple[_Board, float, str, bool]:
    slots, tables = instance.slots, int(instance.capacity[0])
    chosen, bound = heaviest_bounded_subgraph(
        instance.owner_of[candidates],
        instance.supplier_of[candidates],
        instance.weight[candidates],
        degree=slots,
        total=slots * tables,
    )
    picked = [candidates[j] for j in chosen]
    edges = [(int(instance.owner_of[i]), int(instance.supplier_of[i])) for i in picked]
    colours = colour_balanced(edges, slots)
    board.place_all(zip(picked, colours, strict=True))
    if len(board.slot_of) != len(picked):  # cannot happen: a proper colouring always fits
        raise RuntimeError("边着色结果不合法")
    return board, bound, "flow", True


def _solve_milp(
    instance: _Instance,
    candidates: Sequence[int],
    board: _Board,
    time_limit: float,
    started: float,
) -> tuple[_Board, float, str, bool]:
    """LP bound, LP rounding, slot-by-slot re-optimisation, then the MILP in the time left."""
    deadline = started + time_limit
    by_weight = sorted(candidates, key=lambda i: -instance.weight[i])
    model = _SlotModel.build(instance, candidates)
    if model is None:
        return board, 0.0, "milp", True
    relaxed = _relaxation(model, deadline, simplex_seconds=max(1.0, 0.05 * time_limit))
    if relaxed.status != 0:  # out of time before the relaxation: greedy, with a crude bound
        board.fill(by_weight)
        _improve_by_slot(board, candidates, deadline)
        return board, _crude_bound(instance, by_weight), "greedy", False
    bound = -float(relaxed.fun)
    x = relaxed.x
    board.place_all(model.assignments(x))
    board.fill(by_weight)
    if not _close_enough(board.weight(), bound):
        _improve_by_slot(board, candidates, deadline)
    if _close_enough(board.weight(), bound):
        return board, bound, "lp", True
    # two-slot search until it stops improving, then the whole MILP in the time left
    method = (
        "lp+lns" if _improve_by_slot_pairs(board, candidates, by_weight, deadline, bound) else "lp"
    )
    remaining = deadline - time.perf_counter()
    if _close_enough(board.weight(), bound) or remaining <= 0.5:
        return board, bound, method, _close_enough(board.weight(), bound)
    result = model.solve_milp(remaining, relative_gap=MIP_RELATIVE_GAP)
    if result.mip_dual_bound is not None and math.isfinite(result.mip_dual_bound):
        bound = min(bound, -float(result.mip_dual_bound))
    if result.x is not None and -float(result.fun) > board.weight():
        board = _Board(instance)
        board.place_all(model.assignments(result.x))
        board.fill(by_weight)
        method = "milp"
    return board, bound, method, _close_enough(board.weight(), bound)


def _relaxation(model: _SlotModel, deadline: float, *, simplex_seconds: float) -> Any:
    """The LP relaxation: dual simplex for a short while (a vertex, integral on most events),
    then the interior-point method, which does not stall on degenerate instances as simplex can.
    """
    for method, seconds in (("highs-ds", simplex_seconds), ("highs-ipm", math.inf)):
        relaxed = linprog(
            model.cost,
            A_ub=model.matrix,
            b_ub=model.limits,
            bounds=(0, 1),
            method=method,
            options={"time_limit": max(min(seconds, deadline - time.perf_counter()), 0.1)},
        )
        if relaxed.status == 0:
            break
    return relaxed


def _close_enough(value: float, bound: float) -> bool:
    return bound - value <= MIP_RELATIVE_GAP * max(abs(bound), 1e-9)


def _improve_by_slot(board: _Board, candidates: Sequence[int], deadline: float) -> None:
    """Re-solve one slot at a time exactly (a flow), keeping the others, until nothing improves.

    The meetings of slot k are replaced by the heaviest matching among the pairs not scheduled in
    another slot whose parties can both attend k, with at most the free tables of k.
    """
    instance = board.instance
    allowed = instance.allowed()
    improved = True
    while improved:
        improved = False
        for slot in range(instance.slots):
            if time.perf_counter() >= deadline:
                return
            current = [p for p, s in board.slot_of.items() if s == slot]
            eligible = [
                p for p in candidates if allowed[p, slot] and board.slot_of.get(p, slot) == slot
            ]
            if not eligible:
                continue
            chosen, value = heaviest_bounded_subgraph(
                instance.owner_of[eligible],
                instance.supplier_of[eligible],
                instance.weight[eligible],
                degree=1,
                total=int(instance.capacity[slot]),
            )
            if value > float(instance.weight[current].sum()) + 1e-9:
                for pair in current:
                    board.remove(pair)
                board.place_all((eligible[j], slot) for j in chosen)
                improved = True


def _improve_by_slot_pairs(
    board: _Board,
    candidates: Sequence[int],
    by_weight: Sequence[int],
    deadline: float,
    bound: float,
) -> bool:
    """Large-neighbourhood search: re-solve two slots at a time as a small MILP, the rest fixed.

    Rounds over all slot pairs repeat while a round improves and time is left; after each round
    free places are filled and single slots re-solved. True when the schedule got heavier.
    """
    start_weight = board.weight()
    improved = True
    while improved and not _close_enough(board.weight(), bound):
        improved = False
        for pair_of_slots in itertools.combinations(range(board.instance.slots), 2):
            if time.perf_counter() >= deadline:
                break
            improved |= _resolve_slots(board, candidates, pair_of_slots, deadline)
        board.fill(by_weight)
        _improve_by_slot(board, candidates, deadline)
    return board.weight() > start_weight + 1e-9


def _resolve_slots(
    board: _Board, candidates: Sequence[int], chosen_slots: tuple[int, ...], deadline: float
) -> bool:
    """Replace the meetings of ``chosen_slots`` by the MILP optimum over them; True if better."""
    instance = board.instance
    eligible = [p for p in candidates if board.slot_of.get(p, chosen_slots[0]) in chosen_slots]
    others = [k for k in range(instance.slots) if k not in chosen_slots]
    owner_blocked = instance.owner_blocked.copy()
    supplier_blocked = instance.supplier_blocked.copy()
    owner_blocked[:, others] = True
    supplier_blocked[:, others] = True
    sub = replace(instance, owner_blocked=owner_blocked, supplier_blocked=supplier_blocked)
    model = _SlotModel.build(sub, eligible)
    if model is None:
        return False
    current = [p for p, slot in board.slot_of.items() if slot in chosen_slots]
    result = model.solve_milp(min(NEIGHBOURHOOD_SECONDS, max(deadline - time.perf_counter(), 0.05)))
    if result.x is None or -float(result.fun) <= float(instance.weight[current].sum()) + 1e-9:
        return False
    for pair in current:
        board.remove(pair)
    board.place_all(model.assignments(result.x))
    return True


@dataclass(frozen=True, slots=True)
class _SlotModel:
    """x[pair, slot] over the slots both parties can attend, as LP/MILP arrays (minimise cost)."""

    pair_of: np.ndarray
    slot_of: np.ndarray
    cost: np.ndarray
    matrix: csr_matrix
    limits: np.ndarray

    @classmethod
    def build(cls, instance: _Instance, candidates: Sequence[int]) -> _SlotModel | None:
        rows_pair, slot_of = np.nonzero(instance.allowed()[candidates])
        if len(rows_pair) == 0:
            return None
        pair_of = np.asarray(candidates)[rows_pair]
        matrix, limits = _slot_rows(instance, rows_pair, pair_of, slot_of, len(candidates))
        return cls(pair_of, slot_of, -instance.weight[pair_of], matrix, limits)

    def solve_milp(self, seconds: float, *, relative_gap: float = MIP_RELATIVE_GAP) -> Any:
        return milp(
            self.cost,
            constraints=LinearConstraint(self.matrix, -np.inf, self.limits),
            integrality=np.ones(len(self.cost)),
            bounds=Bounds(0, 1),
            options={"time_limit": seconds, "mip_rel_gap": relative_gap},
        )

    def assignments(self, x: np.ndarray) -> Iterator[tuple[int, int]]:
        """(pair, slot) for the variables above 1/2: most certain first, then heaviest."""
        for j in np.lexsort((self.cost, -x)):
            if x[j] <= 0.5:
                return
            yield int(self.pair_of[j]), int(self.slot_of[j])


def _crude_bound(instance: _Instance, by_weight: Sequence[int]) -> float:
    """The heaviest pairs that fit in the free tables: no schedule weighs more."""
    room = int(instance.capacity.sum())
    return float(instance.weight[list(by_weight[:room])].sum())


def _slot_rows(
    instance: _Instance,
    rows_pair: np.ndarray,
    pair_of: np.ndarray,
    slot_of: np.ndarray,
    pair_count: int,
) -> tuple[csr_matrix, np.ndarray]:
    """Constraint rows: each pair once; each owner, supplier once per slot; tables per slot."""
    slots = instance.slots
    owners = instance.owner_blocked.shape[0]
    suppliers = instance.supplier_blocked.shape[0]
    owner_base = pair_count
    supplier_base = owner_base + owners * slots
    slot_base = supplier_base + suppliers * slots
    rows = np.concatenate(
        [
            rows_pair,
            owner_base + instance.owner_of[pair_of] * slots + slot_of,
            supplier_base + instance.supplier_of[pair_of] * slots + slot_of,
            slot_base + slot_of,
        ]
    )
    n = len(pair_of)
    columns = np.tile(np.arange(n), 4)
    matrix = csr_matrix((np.ones(4 * n), (rows, columns)), shape=(slot_base + slots, n))
    limits = np.ones(slot_base + slots)
    limits[slot_base:] = instance.capacity
    return matrix, limits


# ---------------------------------------------------------------------------------------------
# Tables


def _number_tables(
    pairs: Sequence[MeetingPair],
    slot_of: dict[int, int],
    pins: Sequence[Pin],
    tables: int,
) -> tuple[Meeting, ...]:
    """Pinned tables stay; the other meetings of a slot take the lowest free tables in id order."""
    weights = {(p.owner_id, p.supplier_id): p.weight for p in pairs}
    meetings = []
    used: dict[int, set[int]] = {}
    for pin in pins:
        if pin.table is not None:
            used.setdefault(pin.slot, set()).add(pin.table)
            weight = weights[(pin.owner_id, pin.supplier_id)]
            meetings.append(Meeting(pin.owner_id, pin.supplier_id, pin.slot, pin.table, weight))
    pending = [(pin.slot, pin.owner_id, pin.supplier_id) for pin in pins if pin.table is None]
    pending += [(slot + 1, pairs[i].owner_id, pairs[i].supplier_id) for i, slot in slot_of.items()]
    for slot, owner_id, supplier_id in sorted(pending):
        taken = used.setdefault(slot, set())
        table = next(t for t in range(1, tables + 1) if t not in taken)
        taken.add(table)
        meetings.append(
            Meeting(owner_id, supplier_id, slot, table, weights[(owner_id, supplier_id)])
        )
    return tuple(sorted(meetings, key=lambda m: (m.slot, m.table)))
