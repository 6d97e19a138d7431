"""Speed and quality of the meeting-schedule solver (issue 17) on a synthetic event.

    .venv/bin/python bench/schedule_bench.py            # 40 × 600 × 3,000 pairs × 12 slots × 30 tables
    .venv/bin/python bench/schedule_bench.py --owners 100 --suppliers 100 --pairs 2000 \\
        --slots 10 --tables 100 --unavailable-share 0.3 --time-limit 20 --runs 1

Two scenarios on the same pairs: no unavailable slots, and each (party, slot) unavailable with
probability ``--unavailable-share`` (default 10 %). Each run solves in-process and prints one JSON
line: solve seconds, meetings, total weight, the bound (flow optimum, LP or MILP dual bound), the
gap to it and the method; then the median of the runs. ``--cli`` also times one end-to-end
`peitao schedule-meetings` per scenario in a fresh process (start-up, reading, solving, writing).

Weights imitate the service: a ranked strength in [0.3, 1.0] (4 decimals), plus 1 for the fifth of
pairs whose meeting request was accepted. Pairs are distinct, owners drawn with a skew (some chain
leaders are asked for far more than others), suppliers uniformly.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.events.solver import (  # noqa: E402
    MeetingPair,
    Unavailability,
    schedule_violations,
    solve_schedule,
)


def make_pairs(seed: int, owners: int, suppliers: int, count: int) -> list[MeetingPair]:
    rng = random.Random(seed)
    owner_weights = [1.0 / (1 + i) ** 0.5 for i in range(owners)]
    keys: set[tuple[int, int]] = set()
    while len(keys) < count:
        owner = rng.choices(range(owners), weights=owner_weights)[0]
        keys.add((owner, rng.randrange(suppliers)))
    pairs = []
    for owner, supplier in sorted(keys):
        weight = round(rng.uniform(0.3, 1.0), 4) + (1.0 if rng.random() < 0.2 else 0.0)
        pairs.append(MeetingPair(f"O{owner:03d}", f"S{supplier:04d}", weight))
    return pairs


def make_unavailable(
    seed: int, owners: int, suppliers: int, slots: int, share: float
) -> list[Unavailability]:
    rng = random.Random(seed + 1)
    parties = [("owner", f"O{o:03d}") for o in range(owners)]
    parties += [("supplier", f"S{s:04d}") for s in range(suppliers)]
    return [
        Unavailability(side, party, slot)
        for side, party in parties
        for slot in range(1, slots + 1)
        if rng.random() < share
    ]


def run_once(
    pairs: list[MeetingPair], unavailable: list[Unavailability], args: argparse.Namespace
) -> dict[str, object]:
    started = time.perf_counter()
    schedule = solve_schedule(
        pairs,
        slots=args.slots,
        tables=args.tables,
        unavailable=unavailable,
        time_limit=args.time_limit,
    )
    seconds = time.perf_counter() - started
    problems = schedule_violations(
        schedule.meetings,
        pairs=pairs,
        slots=args.slots,
        tables=args.tables,
        unavailable=unavailable,
    )
    return {
        "solve_s": round(seconds, 3),
        "meetings": len(schedule.meetings),
        "total_weight": round(schedule.total_weight, 4),
        "bound": round(schedule.bound, 4),
        "gap_pct": round(100 * schedule.gap, 4),
        "method": schedule.method,
        "proven_optimal": schedule.proven_optimal,
        "violations": len(problems),
    }


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def time_cli(
    pairs: list[MeetingPair], unavailable: list[Unavailability], args: argparse.Namespace
) -> float:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write_csv(
            base / "pairs.csv",
            ["owner_id", "supplier_id", "weight"],
            [[p.owner_id, p.supplier_id, p.weight] for p in pairs],
        )
        entry = "import sys; from service.cli import main; sys.exit(main(sys.argv[1:]))"
        command = [sys.executable, "-c", entry, "schedule-meetings"]
        command += ["--pairs", str(base / "pairs.csv"), "--slots", str(args.slots)]
        command += ["--tables", str(args.tables), "--out", str(base / "schedule.csv"), "--quiet"]
        command += ["--time-limit", str(args.time_limit)]
        if unavailable:
            write_csv(
                base / "unavail.csv",
                ["side", "party_id", "slot"],
                [[u.side, u.party_id, u.slot] for u in unavailable],
            )
            command += ["--unavailable", str(base / "unavail.csv")]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=40)
    parser.add_argument("--suppliers", type=int, default=600)
    parser.add_argument("--pairs", type=int, default=3000)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--unavailable-share", type=float, default=0.10)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--cli", action="store_true", help="also time the command end to end")
    args = parser.parse_args()

    pairs = make_pairs(args.seed, args.owners, args.suppliers, args.pairs)
    scenarios = {
        "no_unavailable": [],
        f"unavailable_{args.unavailable_share:.0%}": make_unavailable(
            args.seed, args.owners, args.suppliers, args.slots, args.unavailable_share
        ),
    }
    print(
        f"# {args.owners} owners × {args.suppliers} suppliers × {len(pairs)} pairs × "
        f"{args.slots} slots × {args.tables} tables; load {os.getloadavg()[0]:.2f}"
    )
    for name, unavailable in scenarios.items():
        runs = [run_once(pairs, unavailable, args) for _ in range(args.runs)]
        for run in runs:
            print(json.dumps({"scenario": name, **run}, ensure_ascii=False))
        summary: dict[str, object] = {
            "scenario": name,
            "unavailable_entries": len(unavailable),
            "median_solve_s": round(statistics.median(float(str(r["solve_s"])) for r in runs), 3),
            "median_gap_pct": statistics.median(float(str(r["gap_pct"])) for r in runs),
        }
        if args.cli:
            summary["cli_end_to_end_s"] = round(time_cli(pairs, unavailable, args), 2)
        print(json.dumps({"median": summary}, ensure_ascii=False))
    print(f"# load at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
