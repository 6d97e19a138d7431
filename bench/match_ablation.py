"""Ablation of the matching engine on the real judged sets (`tests/data/real/`): one row per system.

    .venv/bin/python bench/match_ablation.py                 # dev parts only (tuning)
    .venv/bin/python bench/match_ablation.py --split heldout # the held-out parts (report only)

Each row switches one part of the engine off (or names a baseline); cells are MRR@10 / recall@10
per set. Tune on dev; read held-out only to report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402
from real_sets import load_real_set, set_names  # noqa: E402

from matching import MatchConfig  # noqa: E402

Run = Callable[[object], dict[str, list[str]]]


def engine_rows() -> dict[str, MatchConfig]:
    """The default engine and, for each part, the engine without it."""
    full = MatchConfig()
    return {
        "engine (default)": full,
        "- BM25 and field weights (TF-IDF cosine, title twice)": replace(full, weighting="tfidf"),
        "- field weights (BM25, description and name count fully)": replace(
            full, weight_description=1.0, weight_supplier_name=1.0
        ),
        "- title component": replace(full, weight_title=0.0),
        "- one-character products": replace(full, one_char_products=False),
        "- code forms": replace(full, code_forms=False),
        "- synonyms": replace(full, use_synonyms=False),
    }


def _bm25_baseline(data: object) -> dict[str, list[str]]:
    """bm25s over character bigrams (Chinese sets) or lower-cased words (English sets)."""
    zh = getattr(data, "language", "zh") == "zh"
    return quality.run_bm25(data, tokenize=quality.char_bigrams if zh else quality.words)  # type: ignore[arg-type]


def systems(only: Sequence[str] | None) -> dict[str, Run]:
    table: dict[str, Run] = {
        "bm25s (char bigrams / English words)": _bm25_baseline,
        "char 1-3-gram TF-IDF": quality.run_char_tfidf,  # type: ignore[dict-item]
    }
    for name, config in engine_rows().items():
        table[name] = lambda data, c=config: quality.run_engine(data, c)  # type: ignore[misc]
    return {k: v for k, v in table.items() if only is None or k in only}


THRESHOLDS = (0.2, 0.35, 0.5)  # the service's opportunities, qualified, strong


def calibration(data: dict[str, object], split: str) -> None:
    """Precision and recall of the default engine's top-10 results at each service threshold:
    precision = share of results scoring >= t that are relevant, recall = share of the relevant
    top-10 results that score >= t."""
    from matching import MatchEngine

    print("| set | " + " | ".join(f">= {t}: precision / recall" for t in THRESHOLDS) + " |")
    print("|" + " --- |" * (1 + len(THRESHOLDS)))
    for name, real in data.items():
        engine = MatchEngine().fit(suppliers=list(real.suppliers))  # type: ignore[attr-defined]
        needs = real.needs_in(split)  # type: ignore[attr-defined]
        results = engine.suppliers_for_batch(needs, top=quality.K)
        pairs = [
            (r.score, real.qrels.get(n.id, {}).get(r.candidate_id, 0) >= 2)  # type: ignore[attr-defined]
            for n in needs
            for r in results[n.id]
        ]
        relevant = sum(1 for _, rel in pairs if rel) or 1
        cells = []
        for t in THRESHOLDS:
            kept = [rel for score, rel in pairs if score >= t]
            precision = sum(kept) / len(kept) if kept else 0.0
            cells.append(f"{precision:.2f} / {sum(kept) / relevant:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "heldout"))
    parser.add_argument("--sets", nargs="*", default=None)
    parser.add_argument("--rows", nargs="*", default=None)
    parser.add_argument("--calibration", action="store_true", help="precision/recall at thresholds")
    args = parser.parse_args(argv)
    names = args.sets or set_names()
    data = {name: load_real_set(name) for name in names}
    if args.calibration:
        calibration(data, args.split)  # type: ignore[arg-type]
        return
    print("| system | " + " | ".join(f"{n} MRR@10 / R@10" for n in names) + " |")
    print("|" + " --- |" * (1 + len(names)))
    for system, run in systems(args.rows).items():
        cells = []
        for name in names:
            ranking = run(data[name])
            m = quality.evaluate(ranking, data[name].qrels, data[name].need_ids(args.split))
            cells.append(f"{m['mrr@10']:.3f} / {m['recall@10']:.3f}")
        print(f"| {system} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
