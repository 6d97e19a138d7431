"""Precision and recall of the engine's score at a range of thresholds, on each real set's dev part.

The service's thresholds (`Settings`: opportunities, qualified, strong) are chosen from this table:
a threshold means what its word says only at the score where the judged data says so.

    python bench/threshold_sweep.py [--sets a,b] [--from 0.1 --to 0.5 --step 0.025] [--split dev]

Results are pooled over each set's needs, the engine's top 50 per need, as `bench/quality.py`
counts them (`threshold_stats`). The real sets carry no regions, categories or certificates, so a
score here has the text and title components only; in the service a home-region supplier scores
up to (1 / (1 - weight_locality)) ** score_exponent times more (about 1.07 with the defaults).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.quality import THRESHOLD_DEPTH, match_like_cli, threshold_stats  # noqa: E402
from bench.real_sets import RealSet, load_real_set, set_names  # noqa: E402
from service.core.config import Settings  # noqa: E402


def thresholds(start: float, stop: float, step: float) -> list[float]:
    """
    >>> thresholds(0.2, 0.3, 0.05)
    [0.2, 0.25, 0.3]
    """
    count = round((stop - start) / step)
    return [round(start + i * step, 4) for i in range(count + 1)]


def sweep(name: str, values: Sequence[float], split: str) -> list[tuple[float, dict[str, float]]]:
    data = load_real_set(name)
    part = RealSet(
        data.name,
        data.language,
        tuple(data.needs_in(split)),
        data.suppliers,
        data.qrels,
        data.split,
    )
    results = match_like_cli(part, THRESHOLD_DEPTH)
    ids = part.need_ids(split)
    return [(t, threshold_stats(results, data.qrels, ids, t)) for t in values]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="", help="comma-separated real set names (default: all)")
    parser.add_argument("--split", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--from", dest="start", type=float, default=0.1)
    parser.add_argument("--to", dest="stop", type=float, default=0.5)
    parser.add_argument("--step", type=float, default=0.025)
    args = parser.parse_args(argv)
    settings = Settings()
    service = {
        settings.opportunity_min_score: "opportunities",
        settings.qualified_match_score: "qualified",
        settings.strong_match_score: "strong",
    }
    values = thresholds(args.start, args.stop, args.step)
    print(
        f"| set ({args.split} part, top {THRESHOLD_DEPTH} per need) | threshold | results >= t "
        "per need | precision | recall |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name in [n for n in args.sets.split(",") if n] or set_names():
        for t, stats in sweep(name, values, args.split):
            label = f" ({service[t]})" if t in service else ""
            print(
                f"| {name} | {t:.3f}{label} | {stats['per_need']:.1f} | "
                f"{stats['precision']:.3f} | {stats['recall']:.3f} |"
            )


if __name__ == "__main__":
    main()
