"""Ranking quality on the labelled development set: baselines, our engine, and its ablation.

Run ``python bench/quality.py`` for a markdown table or ``python bench/quality.py --json`` for JSON.
Metrics (defined in ``tests/data/devset/README.md``), per split (dev, heldout): recall@1, recall@10,
MRR@10 and nDCG@10. Relevant means grade >= 2; nDCG uses the gain 2**grade - 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the repo's packages importable
    sys.path.insert(0, str(ROOT))

from matching import Locality, MatchConfig, MatchEngine, NeedRecord, SupplierRecord  # noqa: E402

DEVSET_DIR = ROOT / "tests" / "data" / "devset"
SPLITS = ("dev", "heldout")
RELEVANT = 2  # grade at or above which a supplier counts as relevant for recall and MRR
K = 10
HOME_REGION = "421200"  # 咸宁市: the owners in the set are there
NEAR_REGIONS = ("420100", "420200", "420700", "421100")  # 武汉城市圈: 武汉, 黄石, 鄂州, 黄冈
METRICS = ("recall@1", "recall@10", "mrr@10", "ndcg@10")

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


def run_bm25(devset: DevSet, top: int = K) -> Ranking:
    """Baseline (a): bm25s (Lucene BM25, k1=1.5, b=0.75) over character bigrams."""
    import bm25s

    ids = [s.id for s in devset.suppliers]
    retriever = bm25s.BM25()
    retriever.index([char_bigrams(supplier_text(s)) for s in devset.suppliers], show_progress=False)
    vocab = retriever.vocab_dict
    ranking: Ranking = {}
    for need in devset.needs:
        tokens = [t for t in char_bigrams(need_text(need)) if t in vocab]
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


def ablation_configs() -> dict[str, MatchConfig]:
    """TF-IDF alone; + synonyms; + title re-rank (synonym-aware); + structured (the full default)."""
    full = MatchConfig()
    fuzzy = replace(full, weight_category=0.0, weight_certification=0.0, weight_locality=0.0)
    synonyms = replace(fuzzy, weight_fuzzy=0.0)
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument(
        "--devset", type=Path, default=DEVSET_DIR, help="folder with the three CSVs"
    )
    args = parser.parse_args(argv)
    devset = load_devset(args.devset)
    report = measure(devset)
    print(
        json.dumps(report, ensure_ascii=False, indent=2) if args.json else markdown(report, devset)
    )


if __name__ == "__main__":
    main()
