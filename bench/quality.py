"""Ranking quality on real, externally judged sets and on the synthetic regression set.

Run ``python bench/quality.py`` for markdown tables, ``--json`` for JSON. For each real set under
``tests/data/real/`` (see ``bench/real_sets.py``) it prints the engine, run as ``peitao match`` runs
it, beside two baselines: bm25s BM25 (character bigrams for Chinese, words for English) and
scikit-learn character 1-3-gram TF-IDF; held-out part first, then dev. Then precision and recall
of the engine's score at the service's thresholds on the real dev parts, and last the synthetic
``tests/data/devset/`` as a regression row (with ``--ablation``, the engine's ablation on it).
Metrics (defined in ``tests/data/devset/README.md``): recall@1, recall@10, MRR@10 and nDCG@10.
Relevant means grade >= 2; nDCG uses the gain 2**grade - 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the repo's packages importable
    sys.path.insert(0, str(ROOT))

from bench.real_sets import RealSet, load_real_set, set_names  # noqa: E402
from matching import (  # noqa: E402
    Locality,
    MatchConfig,
    MatchEngine,
    MatchResult,
    NeedRecord,
    SupplierRecord,
)
from service.core.config import Settings  # noqa: E402

DEVSET_DIR = ROOT / "tests" / "data" / "devset"
SPLITS = ("dev", "heldout")
RELEVANT = 2  # grade at or above which a supplier counts as relevant for recall and MRR
K = 10
HOME_REGION = "421200"  # 咸宁市: the owners in the set are there
NEAR_REGIONS = ("420100", "420200", "420700", "421100")  # 武汉城市圈: 武汉, 黄石, 鄂州, 黄冈
METRICS = ("recall@1", "recall@10", "mrr@10", "ndcg@10")
REAL_METRICS = ("mrr@10", "recall@10", "ndcg@10")
# The service's score thresholds (its Settings): a supplier's opportunities, a qualified
# candidate, a strong match.
_SERVICE = Settings()
THRESHOLDS = {
    "opportunities": _SERVICE.opportunity_min_score,
    "qualified": _SERVICE.qualified_match_score,
    "strong": _SERVICE.strong_match_score,
}
THRESHOLD_DEPTH = 50  # results per need read for the threshold figures
ENGINE = "engine (peitao match)"

Ranking = dict[str, list[str]]  # need_id -> supplier ids, best first


# ------------------------------------------------------------------------------ metrics (pure)


def recall_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Share of the relevant (grade >= 2) suppliers found in the top k, capped at k.

    The denominator is min(number relevant, k), so a perfect ranking scores 1 at every k.
    Returns 0.0 when nothing is relevant.

    >>> recall_at_k(["a", "x", "b"], {"a": 3, "b": 2, "c": 2, "x": 1}, 2)
    0.5
    """
    relevant = {doc for doc, grade in grades.items() if grade >= RELEVANT}
    if not relevant:
        return 0.0
    found = sum(1 for doc in ranked[:k] if doc in relevant)
    return found / min(len(relevant), k)


def reciprocal_rank(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """1 / rank of the first relevant (grade >= 2) supplier within the top k, else 0.

    >>> reciprocal_rank(["x", "y", "a"], {"a": 2, "x": 1}, 10)
    0.3333333333333333
    """
    for rank, doc in enumerate(ranked[:k], start=1):
        if grades.get(doc, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain: sum of gain_i / log2(i + 1), ranks from 1."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """nDCG@k with graded gain 2**grade - 1; the ideal ranking sorts every judged supplier.

    >>> round(ndcg_at_k(["b", "a"], {"a": 3, "b": 1}, 10), 4)
    0.7098
    """
    ideal = dcg([2.0**g - 1 for g in sorted(grades.values(), reverse=True)[:k]])
    if ideal == 0:
        return 0.0
    return dcg([2.0 ** grades.get(doc, 0) - 1 for doc in ranked[:k]]) / ideal


def evaluate(
    ranking: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    need_ids: Sequence[str],
) -> dict[str, float]:
    """Mean of each metric over `need_ids` (a need missing from `ranking` scores 0)."""
    rows = []
    for need_id in need_ids:
        ranked, grades = ranking.get(need_id, []), qrels.get(need_id, {})
        rows.append(
            (
                recall_at_k(ranked, grades, 1),
                recall_at_k(ranked, grades, K),
                reciprocal_rank(ranked, grades, K),
                ndcg_at_k(ranked, grades, K),
            )
        )
    means = np.mean(np.array(rows), axis=0) if rows else np.zeros(len(METRICS))
    return {name: float(value) for name, value in zip(METRICS, means, strict=True)}


# ------------------------------------------------------------------------------ the data set


@dataclass(frozen=True, slots=True)
class DevSet:
    needs: tuple[NeedRecord, ...]
    suppliers: tuple[SupplierRecord, ...]
    qrels: Mapping[str, Mapping[str, int]]
    split: Mapping[str, str]  # need_id -> "dev" | "heldout"

    def need_ids(self, split: str) -> list[str]:
        return [n.id for n in self.needs if self.split[n.id] == split]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code for code in value.split(";") if code)


def load_devset(directory: Path = DEVSET_DIR) -> DevSet:
    """Read needs.csv, suppliers.csv and qrels.csv from `directory`."""
    needs, split = [], {}
    for row in _rows(directory / "needs.csv"):
        needs.append(
            NeedRecord(
                id=row["need_id"],
                title=row["title"],
                description=row["description"],
                category=row["category"],
                region=row["region"],
                certifications=_codes(row["certifications"]),
            )
        )
        split[row["need_id"]] = row["split"]
    suppliers = tuple(
        SupplierRecord(
            id=row["supplier_id"],
            name=row["name"],
            text=row["capabilities"],
            category=row["category"],
            region=row["region"],
            certifications=_codes(row["certifications"]),
        )
        for row in _rows(directory / "suppliers.csv")
    )
    qrels: dict[str, dict[str, int]] = {}
    for row in _rows(directory / "qrels.csv"):
        qrels.setdefault(row["need_id"], {})[row["supplier_id"]] = int(row["grade"])
    return DevSet(tuple(needs), suppliers, qrels, split)


# ------------------------------------------------------------------------------ systems


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def need_text(need: NeedRecord) -> str:
    return f"{need.title} {need.description}"


def supplier_text(supplier: SupplierRecord) -> str:
    return f"{supplier.name} {supplier.text}"


def char_bigrams(text: str) -> list[str]:
    """Character bigrams of each whitespace-separated chunk (a one-character chunk stays whole)."""
    tokens: list[str] = []
    for chunk in _fold(text).split():
        tokens += [chunk] if len(chunk) == 1 else [chunk[i : i + 2] for i in range(len(chunk) - 1)]
    return tokens


def _top_ids(scores: np.ndarray, ids: Sequence[str], top: int) -> list[str]:
    order = np.argsort(-scores, kind="stable")[:top]
    return [ids[i] for i in order]


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits), the BM25 baseline's unit for English.

    >>> words("Aluminium; unwrought, (not alloyed)")
    ['aluminium', 'unwrought', 'not', 'alloyed']
    """
    return re.findall(r"\w+", _fold(text))


def run_bm25(
    devset: DevSet, top: int = K, tokenize: Callable[[str], list[str]] = char_bigrams
) -> Ranking:
    """Baseline (a): bm25s (Lucene BM25, k1=1.5, b=0.75) over character bigrams (or `tokenize`)."""
    import bm25s

    ids = [s.id for s in devset.suppliers]
    retriever = bm25s.BM25()
    retriever.index([tokenize(supplier_text(s)) for s in devset.suppliers], show_progress=False)
    vocab = retriever.vocab_dict
    ranking: Ranking = {}
    for need in devset.needs:
        tokens = [t for t in tokenize(need_text(need)) if t in vocab]
        scores = retriever.get_scores(tokens) if tokens else np.zeros(len(ids))
        ranking[need.id] = _top_ids(np.asarray(scores), ids, top)
    return ranking


def run_char_tfidf(devset: DevSet, top: int = K) -> Ranking:
    """Baseline (b): scikit-learn TfidfVectorizer(analyzer="char", ngram_range=(1, 3)) + cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = [s.id for s in devset.suppliers]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    matrix = vectorizer.fit_transform([supplier_text(s) for s in devset.suppliers])
    queries = vectorizer.transform([need_text(n) for n in devset.needs])
    scores = (queries @ matrix.T).toarray()  # rows are L2-normalised: the product is the cosine
    return {n.id: _top_ids(scores[i], ids, top) for i, n in enumerate(devset.needs)}


def run_engine(devset: DevSet, config: MatchConfig, top: int = K) -> Ranking:
    """Our engine, need -> suppliers, for every need in one batch."""
    engine = MatchEngine(config=config, locality=Locality(HOME_REGION, NEAR_REGIONS))
    engine.fit(suppliers=list(devset.suppliers), needs=list(devset.needs))
    results = engine.suppliers_for_batch(list(devset.needs), top=top)
    return {need_id: [r.candidate_id for r in rows] for need_id, rows in results.items()}


BASELINES = ("bm25s char bigrams", "char 1-3-gram TF-IDF")
FULL_ENGINE = "engine: + structured (full default)"


def ablation_configs() -> dict[str, MatchConfig]:
    """TF-IDF alone; + synonyms; + title re-rank (synonym-aware); + structured (the full default)."""
    full = MatchConfig()
    fuzzy = replace(full, weight_category=0.0, weight_certification=0.0, weight_locality=0.0)
    synonyms = replace(fuzzy, weight_title=0.0)
    return {
        "engine: TF-IDF alone": replace(synonyms, use_synonyms=False),
        "engine: + synonyms": synonyms,
        "engine: + title re-rank": fuzzy,
        "engine: + structured (full default)": full,
    }


def systems() -> dict[str, Callable[[DevSet], Ranking]]:
    table: dict[str, Callable[[DevSet], Ranking]] = {
        "bm25s char bigrams": run_bm25,
        "char 1-3-gram TF-IDF": run_char_tfidf,
    }
    for name, config in ablation_configs().items():
        table[name] = partial(_run_with, config)
    return table


def _run_with(config: MatchConfig, devset: DevSet) -> Ranking:
    return run_engine(devset, config)


def measure(
    devset: DevSet, names: Sequence[str] | None = None
) -> dict[str, dict[str, dict[str, float]]]:
    """{system: {split: {metric: value}}}, plus each system's wall time under "seconds"."""
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name, run in systems().items():
        if names is not None and name not in names:
            continue
        started = time.perf_counter()
        ranking = run(devset)
        elapsed = time.perf_counter() - started
        report[name] = {
            split: evaluate(ranking, devset.qrels, devset.need_ids(split)) for split in SPLITS
        }
        report[name]["time"] = {"seconds": elapsed}
    return report


def markdown(report: Mapping[str, Mapping[str, Mapping[str, float]]], devset: DevSet) -> str:
    counts = {split: len(devset.need_ids(split)) for split in SPLITS}
    header = "| system | " + " | ".join(f"{s} {m}" for s in SPLITS for m in METRICS) + " | s |"
    lines = [
        f"needs: dev {counts['dev']}, heldout {counts['heldout']}; suppliers {len(devset.suppliers)}",
        "",
        header,
        "|" + " --- |" * (2 + len(SPLITS) * len(METRICS)),
    ]
    for name, row in report.items():
        cells = [f"{row[s][m]:.3f}" for s in SPLITS for m in METRICS]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {row['time']['seconds']:.1f} |")
    return "\n".join(lines)


# ------------------------------------------------------------------------------ the real sets


def match_like_cli(data: RealSet, top: int) -> dict[str, list[MatchResult]]:
    """The engine exactly as `peitao match` runs it (service/cli/match.py): default config, no home
    region, fitted on the suppliers alone, every need in one batch."""
    engine = MatchEngine(locality=Locality("", ()))
    engine.fit(suppliers=list(data.suppliers))
    return engine.suppliers_for_batch(list(data.needs), top=top)


def run_cli_engine(data: RealSet, top: int = K) -> Ranking:
    results = match_like_cli(data, top)
    return {need_id: [r.candidate_id for r in rows] for need_id, rows in results.items()}


def real_systems(language: str) -> dict[str, Callable[[RealSet], Ranking]]:
    bm25 = (
        ("bm25s char bigrams", partial(run_bm25, tokenize=char_bigrams))
        if language == "zh"
        else ("bm25s words", partial(run_bm25, tokenize=words))
    )
    return {ENGINE: run_cli_engine, bm25[0]: bm25[1], "char 1-3-gram TF-IDF": run_char_tfidf}


def measure_real(
    data: RealSet, log: Callable[[str], None] = print, engine_only: bool = False
) -> dict[str, dict[str, dict[str, float]]]:
    """{system: {split: {metric: value}}, plus "time": {"seconds": s}} for one real set."""
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name, run in real_systems(data.language).items():
        if engine_only and name != ENGINE:
            continue
        started = time.perf_counter()
        ranking = run(data)
        elapsed = time.perf_counter() - started
        report[name] = {
            split: evaluate(ranking, data.qrels, data.need_ids(split)) for split in SPLITS
        }
        report[name]["time"] = {"seconds": elapsed}
        log(f"  {data.name}: {name} {elapsed:.1f} s")
    return report


def threshold_stats(
    results: Mapping[str, Sequence[MatchResult]],
    qrels: Mapping[str, Mapping[str, int]],
    need_ids: Sequence[str],
    threshold: float,
) -> dict[str, float]:
    """Pooled over `need_ids`: results scoring >= threshold per need, the share of them that is
    relevant (precision; 0 when none) and the share of the relevant suppliers among them (recall;
    each need's relevant count capped at THRESHOLD_DEPTH, the most its results could hold).

    >>> r = lambda c, s: MatchResult("n", c, 1, s, {}, (), ())
    >>> threshold_stats({"n": [r("a", 0.6), r("x", 0.4), r("b", 0.1)]}, {"n": {"a": 2, "b": 2}}, ["n"], 0.35)
    {'per_need': 2.0, 'precision': 0.5, 'recall': 0.5}
    """
    above = relevant_above = relevant_total = 0
    for need_id in need_ids:
        grades = qrels.get(need_id, {})
        relevant = sum(1 for grade in grades.values() if grade >= RELEVANT)
        relevant_total += min(relevant, THRESHOLD_DEPTH)
        for result in results.get(need_id, []):
            if result.score >= threshold:
                above += 1
                relevant_above += grades.get(result.candidate_id, 0) >= RELEVANT
    return {
        "per_need": above / len(need_ids) if need_ids else 0.0,
        "precision": relevant_above / above if above else 0.0,
        "recall": relevant_above / relevant_total if relevant_total else 0.0,
    }


def measure_thresholds(data: RealSet, split: str = "dev") -> dict[str, dict[str, float]]:
    """Precision and recall of the engine's score at each service threshold, on one split."""
    subset = RealSet(
        data.name,
        data.language,
        tuple(data.needs_in(split)),
        data.suppliers,
        data.qrels,
        data.split,
    )
    results = match_like_cli(subset, THRESHOLD_DEPTH)
    ids = subset.need_ids(split)
    return {
        f"{label} {value}": threshold_stats(results, data.qrels, ids, value)
        for label, value in THRESHOLDS.items()
    }


def _cells(row: Mapping[str, Mapping[str, float]], split: str) -> list[str]:
    return [f"{row[split][metric]:.3f}" for metric in REAL_METRICS]


def best_baseline(
    report: Mapping[str, Mapping[str, Mapping[str, float]]], split: str
) -> str | None:
    baselines = [name for name in report if name != ENGINE]
    return max(baselines, key=lambda name: report[name][split]["mrr@10"], default=None)


def markdown_real(reports: Mapping[str, Mapping[str, Any]], sets: Mapping[str, RealSet]) -> str:
    lines = [
        "| set (needs held-out/dev, suppliers) | system | held-out MRR@10 | held-out recall@10 "
        "| held-out nDCG@10 | dev MRR@10 | dev recall@10 | dev nDCG@10 | s |",
        "|" + " --- |" * 9,
    ]
    for name, entry in reports.items():
        data, report = sets[name], entry["systems"]
        label = (
            f"{name} ({len(data.need_ids('heldout'))}/{len(data.need_ids('dev'))}, "
            f"{len(data.suppliers):,})"
        )
        for system, row in report.items():
            cells = _cells(row, "heldout") + _cells(row, "dev")
            seconds = row["time"]["seconds"]
            lines.append(f"| {label} | {system} | " + " | ".join(cells) + f" | {seconds:.1f} |")
    comparisons = [line for line in map(_comparison, reports.items()) if line]
    if comparisons:
        lines += ["", "Engine against the best baseline (by held-out MRR@10):", "", *comparisons]
    return "\n".join(lines)


def _comparison(item: tuple[str, Mapping[str, Any]]) -> str:
    name, entry = item
    report = entry["systems"]
    rival = best_baseline(report, "heldout")
    if rival is None:
        return ""
    ours, theirs = report[ENGINE]["heldout"], report[rival]["heldout"]
    gain = ours["mrr@10"] / theirs["mrr@10"] - 1 if theirs["mrr@10"] else float("inf")
    return (
        f"- {name}: MRR@10 {ours['mrr@10']:.3f} vs {theirs['mrr@10']:.3f} ({rival}), "
        f"{gain:+.1%}; recall@10 {ours['recall@10']:.3f} vs {theirs['recall@10']:.3f}"
    )


def markdown_thresholds(reports: Mapping[str, Mapping[str, Any]]) -> str:
    lines = [
        f"| set (dev part, top {THRESHOLD_DEPTH} per need) | threshold | results >= t per need "
        "| precision | recall |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, entry in reports.items():
        for label, row in entry["thresholds"].items():
            lines.append(
                f"| {name} | {label} | {row['per_need']:.1f} | {row['precision']:.3f} "
                f"| {row['recall']:.3f} |"
            )
    return "\n".join(lines)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_real_sets(
    names: Sequence[str], engine_only: bool = False
) -> tuple[dict[str, dict[str, Any]], dict[str, RealSet]]:
    reports: dict[str, dict[str, Any]] = {}
    sets: dict[str, RealSet] = {}
    for name in names:
        data = sets[name] = load_real_set(name)
        _log(
            f"[quality] {name}: {len(data.needs)} needs "
            f"(dev {len(data.need_ids('dev'))}), {len(data.suppliers)} suppliers"
        )
        reports[name] = {
            "systems": measure_real(data, _log, engine_only),
            "thresholds": measure_thresholds(data),
        }
    return reports, sets


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--sets", default="", help="comma-separated real set names (default: all)")
    parser.add_argument("--no-devset", action="store_true", help="skip the synthetic devset")
    parser.add_argument(
        "--engine-only", action="store_true", help="skip the baselines (they do not change)"
    )
    parser.add_argument(
        "--ablation", action="store_true", help="the engine's ablation rows on the synthetic set"
    )
    parser.add_argument(
        "--devset", type=Path, default=DEVSET_DIR, help="folder with the synthetic set's CSVs"
    )
    args = parser.parse_args(argv)
    names = [n for n in args.sets.split(",") if n] or set_names()
    reports, sets = run_real_sets(names, args.engine_only)
    synthetic: dict[str, dict[str, dict[str, float]]] = {}
    devset = None
    if not args.no_devset:
        _log("[quality] synthetic devset")
        devset = load_devset(args.devset)
        keep = None if args.ablation else (*BASELINES, FULL_ENGINE)
        synthetic = measure(devset, keep)
    if args.json:
        print(json.dumps({"real": reports, "synthetic": synthetic}, ensure_ascii=False, indent=2))
        return
    print("## Real sets: engine against the baselines\n")
    print(markdown_real(reports, sets))
    print("\n## Engine score thresholds on the real dev parts\n")
    print(markdown_thresholds(reports))
    if devset is not None:
        print("\n## Synthetic devset (regression only)\n")
        print(markdown(synthetic, devset))


if __name__ == "__main__":
    main()
