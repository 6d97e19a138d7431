"""The whole batch job, side by side: `peitao match` vs the same job with bm25s.

Both read the same CSV files with `service.core.tabular.read_table`, index 100,000 suppliers, rank 1,000
needs (top 10) and write a CSV. bm25s uses its numba backend over character bigrams (plus the
letter/digit words, lower-cased), the usual Chinese baseline; its JIT compile counts, as it would
in a real run. Each job runs in a fresh process; medians of `--runs`.

    .venv/bin/python bench/match_cli_vs_bm25s.py --suppliers 100000 --needs 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEITAO = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r}); from service.cli import main; sys.exit(main())"
)

BM25_JOB = r"""
import csv, re, sys, time
sys.path.insert(0, ROOT)
import numpy as np
import bm25s
from service.core.tabular import read_table

def bigrams(text):
    text = text.lower()
    out = []
    for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+", text):
        if "\u4e00" <= run[0] <= "\u9fff":
            out.extend(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.append(run)
        else:
            out.append(run)
    return out

needs = read_table(NEEDS).rows
sups = read_table(SUPS).rows
ids = [r.get("supplier_id") for r in sups]
corpus = [bigrams(r.get("name") + " " + r.get("capabilities")) for r in sups]
retriever = bm25s.BM25(backend="numba")
retriever.index(corpus, show_progress=False)
queries = [bigrams(r.get("title") + " " + r.get("description")) for r in needs]
vocab = retriever.vocab_dict
queries = [[t for t in q if t in vocab] or [next(iter(vocab))] for q in queries]
docs, scores = retriever.retrieve(queries, k=TOP, show_progress=False, backend_selection="numba", n_threads=1)
with open(OUT, "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["need_id", "rank", "supplier_id", "score"])
    for need, row_docs, row_scores in zip(needs, docs, scores):
        for rank, (d, s) in enumerate(zip(row_docs, row_scores), 1):
            w.writerow([need.get("need_id"), rank, ids[d], f"{s:.4f}"])
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from match_data import write_csv

    work = Path(tempfile.mkdtemp(prefix="peitao-bench-"))
    needs, sups = write_csv(work, args.suppliers, args.needs)
    ours_cmd = [
        sys.executable,
        "-c",
        PEITAO,
        "match",
        "--needs",
        str(needs),
        "--suppliers",
        str(sups),
        "--top",
        str(args.top),
        "--out",
        str(work / "ours.csv"),
        "--quiet",
    ]
    job = (
        f"ROOT={str(ROOT)!r}; NEEDS={str(needs)!r}; SUPS={str(sups)!r}; TOP={args.top}; "
        f"OUT={str(work / 'bm25s.csv')!r}\n" + BM25_JOB
    )
    bm25_cmd = [sys.executable, "-c", job]
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(ours_cmd))
        theirs.append(timed(bm25_cmd))
        print(
            json.dumps({"peitao_s": round(ours[-1], 2), "bm25s_s": round(theirs[-1], 2)}),
            flush=True,
        )
    a, b = statistics.median(ours), statistics.median(theirs)
    print(
        "median",
        json.dumps(
            {
                "peitao_s": round(a, 2),
                "bm25s_s": round(b, 2),
                "ratio_peitao_over_bm25s": round(a / b, 3),
            }
        ),
    )


if __name__ == "__main__":
    main()
