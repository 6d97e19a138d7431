"""The meeting-schedule solver: exact answers on small cases, bounds, pins, time limits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.events.bipartite import colour_balanced, heaviest_bounded_subgraph
from service.events.solver import (
    Meeting,
    MeetingPair,
    Pin,
    Schedule,
    ScheduleError,
    Unavailability,
    schedule_violations,
    solve_schedule,
)
from tests.events.instances import (
    Instance,
    brute_force_optimum,
    feasibility_problems,
    lp_bound,
    random_instance,
    weight_of,
)

SMALL = [
    MeetingPair("o1", "s1", 5.0),
    MeetingPair("o1", "s2", 4.0),
    MeetingPair("o1", "s3", 3.0),
    MeetingPair("o2", "s1", 2.0),
    MeetingPair("o2", "s2", 1.0),
]


def rows_of(schedule: Schedule) -> list[tuple[str, str, int, int]]:
    return [(m.owner_id, m.supplier_id, m.slot, m.table) for m in schedule.meetings]


def solve(instance: Instance, **options: object) -> Schedule:
    return solve_schedule(
        instance.pairs,
        slots=instance.slots,
        tables=instance.tables,
        unavailable=instance.unavailable,
        **options,  # type: ignore[arg-type]
    )


class TestSmallCases:
    def test_one_table_two_slots_takes_the_two_heaviest_meetings_of_one_owner(self) -> None:
        schedule = solve_schedule(SMALL, slots=2, tables=1)
        assert sorted(rows_of(schedule)) == [("o1", "s1", 1, 1), ("o1", "s2", 2, 1)] or sorted(
            rows_of(schedule)
        ) == [("o1", "s1", 2, 1), ("o1", "s2", 1, 1)]
        assert schedule.total_weight == 9.0
        assert schedule.bound == 9.0
        assert schedule.method == "flow"
        assert schedule.proven_optimal

    def test_an_unavailable_slot_moves_the_weight_to_the_other_owner(self) -> None:
        schedule = solve_schedule(
            SMALL, slots=2, tables=1, unavailable=[Unavailability("owner", "o1", 1)]
        )
        assert rows_of(schedule) == [("o2", "s1", 1, 1), ("o1", "s1", 2, 1)]
        assert schedule.total_weight == 7.0
        assert schedule.gap == pytest.approx(0.0, abs=1e-9)

    def test_each_party_meets_once_per_slot_so_the_heaviest_pair_gives_way(self) -> None:
        pairs = [
            MeetingPair("o1", "s1", 5.0),
            MeetingPair("o1", "s2", 4.0),
            MeetingPair("o2", "s1", 4.0),
        ]
        schedule = solve_schedule(pairs, slots=1, tables=5)
        assert rows_of(schedule) == [("o1", "s2", 1, 1), ("o2", "s1", 1, 2)]
        assert schedule.total_weight == 8.0

    def test_zero_weight_pairs_fill_free_tables(self) -> None:
        pairs = [MeetingPair("o1", "s1", 0.0), MeetingPair("o2", "s2", 0.0)]
        schedule = solve_schedule(pairs, slots=1, tables=2)
        assert rows_of(schedule) == [("o1", "s1", 1, 1), ("o2", "s2", 1, 2)]
        assert schedule.total_weight == 0.0

    def test_no_pairs_gives_an_empty_schedule(self) -> None:
        schedule = solve_schedule([], slots=3, tables=2)
        assert schedule.meetings == ()
        assert schedule.total_weight == 0.0

    def test_unavailability_of_a_party_without_pairs_changes_nothing(self) -> None:
        schedule = solve_schedule(
            SMALL, slots=2, tables=1, unavailable=[Unavailability("supplier", "s9", 1)]
        )
        assert schedule.method == "flow"
        assert schedule.total_weight == 9.0


def test_the_self_check_names_every_broken_rule() -> None:
    meetings = [
        Meeting("o1", "s1", 1, 1, 5.0),
        Meeting("o1", "s2", 1, 1, 4.0),  # o1 twice in slot 1, table 1 twice
        Meeting("o2", "s1", 2, 3, 2.0),  # table 3 > 2 tables
        Meeting("o2", "s1", 3, 1, 2.0),  # the pair again, slot 3 > 2 slots
        Meeting("o9", "s2", 2, 1, 1.0),  # not a pair; s2 cannot attend slot 2
    ]
    problems = schedule_violations(
        meetings,
        pairs=SMALL,
        slots=2,
        tables=2,
        unavailable=[Unavailability("supplier", "s2", 2)],
    )
    assert problems == [
        "采购方 o1 在第 1 场重复",
        "第 1 场 1 号桌重复",
        "o2–s1 的场次或桌号越界",
        "o2–s1 重复安排",
        "o2–s1 的场次或桌号越界",
        "o9–s2 不在配对清单中",
        "o9–s2 排在 s2 不能参加的第 2 场",
    ]


class TestBadInstances:
    @pytest.mark.parametrize(
        ("pairs", "slots", "tables", "problems"),
        [
            (SMALL, 0, 1, ("场次数必须为正整数",)),
            (SMALL, 1, 0, ("桌数必须为正整数",)),
            (SMALL + [MeetingPair("o1", "s1", 1.0)], 1, 1, ("配对 o1–s1 重复",)),
            ([MeetingPair("o1", "s1", -1.0)], 1, 1, ("配对 o1–s1 的权重必须为非负数",)),
            ([MeetingPair("o1", "s1", float("nan"))], 1, 1, ("配对 o1–s1 的权重必须为非负数",)),
        ],
    )
    def test_rejected_with_every_problem(
        self, pairs: list[MeetingPair], slots: int, tables: int, problems: tuple[str, ...]
    ) -> None:
        with pytest.raises(ScheduleError) as caught:
            solve_schedule(pairs, slots=slots, tables=tables)
        assert caught.value.problems == problems

    def test_bad_unavailability(self) -> None:
        with pytest.raises(ScheduleError) as caught:
            solve_schedule(
                SMALL,
                slots=2,
                tables=1,
                unavailable=[Unavailability("both", "o1", 1), Unavailability("owner", "o1", 3)],
            )
        assert caught.value.problems == (
            "不可参加的一方必须为 owner 或 supplier，而不是“both”",
            "o1 不可参加的场次 3 超出 1–2",
        )


class TestPins:
    def test_a_pinned_meeting_keeps_its_slot_and_the_rest_is_solved_around_it(self) -> None:
        schedule = solve_schedule(SMALL, slots=2, tables=1, pins=[Pin("o1", "s3", 1)])
        assert rows_of(schedule) == [("o1", "s3", 1, 1), ("o1", "s1", 2, 1)]
        assert schedule.total_weight == 8.0
        assert schedule.bound == pytest.approx(8.0)

    def test_a_pinned_table_is_kept_and_the_others_take_the_lowest_free_tables(self) -> None:
        schedule = solve_schedule(SMALL, slots=1, tables=3, pins=[Pin("o2", "s2", 1, table=1)])
        assert rows_of(schedule) == [("o2", "s2", 1, 1), ("o1", "s1", 1, 2)]
        assert schedule.total_weight == 6.0

    def test_pins_and_unavailability_together(self) -> None:
        schedule = solve_schedule(
            SMALL,
            slots=3,
            tables=2,
            unavailable=[Unavailability("supplier", "s1", 2), Unavailability("owner", "o2", 3)],
            pins=[Pin("o1", "s2", 3, table=2)],
        )
        assert (
            feasibility_problems(
                rows_of(schedule),
                Instance(
                    SMALL,
                    3,
                    2,
                    [Unavailability("supplier", "s1", 2), Unavailability("owner", "o2", 3)],
                ),
            )
            == []
        )
        assert ("o1", "s2", 3, 2) in rows_of(schedule)
        # s1 can only meet in slot 1 (slot 2 unavailable, o1 pinned in 3): o1 takes it (5 > 2);
        # then o1–s3 (3) in slot 2 and o2–s2 (1) in slot 1 or 2, with the pinned o1–s2 (4)
        assert schedule.total_weight == 13.0

    @pytest.mark.parametrize(
        ("pins", "tables", "problems"),
        [
            ([Pin("o9", "s1", 1)], 1, ("固定会谈 o9–s1 不在配对清单中",)),
            ([Pin("o1", "s1", 3)], 1, ("固定会谈 o1–s1 的场次 3 超出 1–2",)),
            ([Pin("o1", "s1", 1, table=2)], 1, ("固定会谈 o1–s1 的桌号 2 超出 1–1",)),
            ([Pin("o1", "s1", 2)], 1, ("固定会谈 o1–s1 排在 o1 不能参加的第 2 场",)),
            (
                [Pin("o1", "s1", 1), Pin("o1", "s2", 1)],
                2,
                ("固定会谈 o1–s2 与其他固定会谈冲突",),
            ),
            (
                [Pin("o1", "s1", 1, table=1), Pin("o2", "s2", 1, table=1)],
                2,
                ("固定会谈 o2–s2 与其他固定会谈冲突",),
            ),
            (
                [Pin("o1", "s1", 1), Pin("o1", "s1", 1)],
                1,
                ("第 1 场固定的会谈多于 1 张桌", "固定会谈 o1–s1 与其他固定会谈冲突"),
            ),
            ([Pin("o1", "s3", 1), Pin("o2", "s1", 1)], 1, ("第 1 场固定的会谈多于 1 张桌",)),
        ],
    )
    def test_clashing_pins_are_refused(
        self, pins: list[Pin], tables: int, problems: tuple[str, ...]
    ) -> None:
        with pytest.raises(ScheduleError) as caught:
            solve_schedule(
                SMALL,
                slots=2,
                tables=tables,
                unavailable=[Unavailability("owner", "o1", 2)],
                pins=pins,
            )
        assert caught.value.problems == problems


class TestOptimality:
    @pytest.mark.parametrize("seed", range(6))
    def test_without_unavailability_the_flow_reaches_the_lp_bound(self, seed: int) -> None:
        instance = random_instance(seed, owners=6, suppliers=14, pairs=40, slots=4, tables=3)
        schedule = solve(instance)
        rows = rows_of(schedule)
        assert feasibility_problems(rows, instance) == []
        bound = lp_bound(instance)
        assert weight_of(rows, instance) == pytest.approx(schedule.total_weight)
        assert schedule.total_weight >= 0.995 * bound
        assert schedule.total_weight <= bound + 1e-9
        assert schedule.method == "flow"

    @pytest.mark.parametrize("seed", range(6))
    def test_with_unavailability_every_rule_holds_within_the_reported_gap(self, seed: int) -> None:
        instance = random_instance(
            seed, owners=6, suppliers=10, pairs=35, slots=4, tables=3, unavailable_share=0.25
        )
        schedule = solve(instance)
        rows = rows_of(schedule)
        assert feasibility_problems(rows, instance) == []
        bound = lp_bound(instance)
        assert schedule.bound <= bound + 1e-6
        assert schedule.total_weight >= (1 - schedule.gap) * schedule.bound - 1e-9
        assert schedule.gap <= 1e-4
        assert schedule.total_weight <= bound + 1e-9

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        seed=st.integers(0, 10**6),
        pairs=st.integers(1, 6),
        slots=st.integers(1, 2),
        tables=st.integers(1, 2),
        share=st.sampled_from([0.0, 0.3]),
        integer_weights=st.booleans(),
    )
    def test_tiny_instances_match_brute_force(
        self,
        seed: int,
        pairs: int,
        slots: int,
        tables: int,
        share: float,
        integer_weights: bool,
    ) -> None:
        instance = random_instance(
            seed,
            owners=3,
            suppliers=3,
            pairs=pairs,
            slots=slots,
            tables=tables,
            unavailable_share=share,
            integer_weights=integer_weights,
        )
        schedule = solve(instance)
        assert feasibility_problems(rows_of(schedule), instance) == []
        assert schedule.total_weight == pytest.approx(brute_force_optimum(instance), abs=1e-9)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        seed=st.integers(0, 10**6),
        pairs=st.integers(1, 6),
        slots=st.integers(1, 3),
        tables=st.integers(1, 2),
        pin_choice=st.integers(0, 10**6),
    )
    def test_one_pin_matches_brute_force_with_that_meeting_fixed(
        self, seed: int, pairs: int, slots: int, tables: int, pin_choice: int
    ) -> None:
        instance = random_instance(
            seed,
            owners=3,
            suppliers=3,
            pairs=pairs,
            slots=slots,
            tables=tables,
            unavailable_share=0.2,
        )
        index = pin_choice % pairs
        pinned = instance.pairs[index]
        pin = Pin(pinned.owner_id, pinned.supplier_id, 1 + pin_choice % slots, table=tables)
        blocked = {(u.side, u.party_id, u.slot) for u in instance.unavailable}
        if ("owner", pin.owner_id, pin.slot) in blocked or (
            "supplier",
            pin.supplier_id,
            pin.slot,
        ) in blocked:
            with pytest.raises(ScheduleError):
                solve(instance, pins=[pin])
            return
        schedule = solve(instance, pins=[pin])
        rows = rows_of(schedule)
        assert (pin.owner_id, pin.supplier_id, pin.slot, tables) in rows
        assert feasibility_problems(rows, instance) == []
        expected = brute_force_optimum(instance, fixed={index: pin.slot})
        assert schedule.total_weight == pytest.approx(expected, abs=1e-9)

    def test_a_tiny_time_limit_still_returns_a_valid_schedule(self) -> None:
        instance = random_instance(
            7, owners=30, suppliers=30, pairs=300, slots=8, tables=30, unavailable_share=0.4
        )
        schedule = solve(instance, time_limit=0.01)
        assert feasibility_problems(rows_of(schedule), instance) == []
        assert schedule.total_weight > 0
        assert schedule.total_weight <= schedule.bound
        assert schedule.seconds < 5

    def test_progress_is_reported_during_a_solve(self) -> None:
        instance = random_instance(
            3, owners=20, suppliers=20, pairs=150, slots=6, tables=20, unavailable_share=0.3
        )
        ticks: list[float] = []
        solve(instance, progress=ticks.append, progress_every=0.01, time_limit=0.5)
        assert ticks
        assert ticks == sorted(ticks)


class TestBipartiteTools:
    @settings(max_examples=80, deadline=None)
    @given(
        colours=st.integers(1, 5),
        edges=st.sets(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=30),
    )
    def test_colouring_is_proper_and_balanced(
        self, colours: int, edges: set[tuple[int, int]]
    ) -> None:
        kept: list[tuple[int, int]] = []
        for owner, supplier in sorted(edges):  # keep degrees within the colours
            if (
                sum(o == owner for o, _ in kept) < colours
                and sum(s == supplier for _, s in kept) < colours
            ):
                kept.append((owner, supplier))
        result = colour_balanced(kept, colours)
        assert len(result) == len(kept)
        assert all(0 <= c < colours for c in result)
        owner_colours = [(o, c) for (o, _), c in zip(kept, result, strict=True)]
        supplier_colours = [(s, c) for (_, s), c in zip(kept, result, strict=True)]
        assert len(set(owner_colours)) == len(kept)
        assert len(set(supplier_colours)) == len(kept)
        sizes = [result.count(c) for c in range(colours)]
        assert max(sizes) - min(sizes) <= 1

    def test_heaviest_bounded_subgraph_respects_degree_and_total(self) -> None:
        import numpy as np

        owner_of = np.array([0, 0, 0, 1, 1])
        supplier_of = np.array([0, 1, 2, 0, 1])
        weight = np.array([5.0, 4.0, 3.0, 2.0, 1.5])
        assert heaviest_bounded_subgraph(owner_of, supplier_of, weight, degree=2, total=2) == (
            [0, 1],
            9.0,
        )
        assert heaviest_bounded_subgraph(owner_of, supplier_of, weight, degree=1, total=5) == (
            [0, 4],
            6.5,
        )


def test_a_fractional_flow_answer_falls_back_to_the_exact_milp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import types

    import numpy as np

    def half_everywhere(cost: np.ndarray, **_: object) -> types.SimpleNamespace:
        return types.SimpleNamespace(status=0, x=np.full(len(cost), 0.5), message="")

    monkeypatch.setattr("service.events.bipartite.linprog", half_everywhere)
    owner_of = np.array([0, 0, 1])
    supplier_of = np.array([0, 1, 0])
    weight = np.array([3.0, 2.0, 2.0])
    assert heaviest_bounded_subgraph(owner_of, supplier_of, weight, degree=1, total=3) == (
        [1, 2],
        4.0,
    )


def test_solver_modules_import_no_web_or_database_code() -> None:
    root = Path(__file__).resolve().parents[2] / "service" / "events"
    forbidden = {"fastapi", "sqlmodel", "sqlalchemy", "starlette"}
    for name in ("solver.py", "bipartite.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.split(".")[0] in forbidden], name


def test_the_docstring_example_runs() -> None:
    import doctest

    import service.events.solver as solver_module

    assert doctest.testmod(solver_module).failed == 0


@pytest.mark.slow
@pytest.mark.parametrize("share", [0.0, 0.1])
def test_issue_size_event_is_feasible_and_optimal(share: float) -> None:
    instance = random_instance(
        17, owners=40, suppliers=600, pairs=3000, slots=12, tables=30, unavailable_share=share
    )
    schedule = solve(instance, time_limit=60)
    assert feasibility_problems(rows_of(schedule), instance) == []
    assert len(schedule.meetings) == 360
    assert schedule.gap <= 1e-4
