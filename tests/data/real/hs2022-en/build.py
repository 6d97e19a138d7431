"""Build the HS 2022 set: 4-digit heading needs -> 6-digit subheading "suppliers" (English).

    python tests/data/real/hs2022-en/build.py [--reference DIR]

Reads `hs2022.csv` (WCO Harmonized System 2022, UN Comtrade short descriptions) from
`/work/shared/reference/` or `../shared/reference/` beside the clone, and rewrites needs.csv,
suppliers.csv and qrels.csv in this folder byte for byte (fixed seed). See README.md.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2022
DEV_SHARE = 0.5
MIN_SUBHEADINGS = 2  # a heading with one subheading repeats its own text: no ranking to do


def reference_dir(explicit: Path | None) -> Path:
    candidates = [explicit] if explicit else []
    candidates += [Path("/work/shared/reference"), HERE.parents[4] / "shared" / "reference"]
    for candidate in candidates:
        if candidate and (candidate / "hs2022.csv").exists():
            return candidate
    raise SystemExit("hs2022.csv not found: pass --reference DIR")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build(rows: Sequence[dict[str, str]], seed: int = SEED) -> dict[str, list[list[str]]]:
    rng = random.Random(seed)
    chapters = {r["code"]: r["description_en"] for r in rows if r["digits"] == "2"}
    headings = {r["code"]: r["description_en"] for r in rows if r["digits"] == "4"}
    subheadings = sorted((r["code"], r["description_en"]) for r in rows if r["digits"] == "6")
    rng.shuffle(subheadings)  # supplier ids carry no hint of their code
    supplier_of = {code: f"S{n:05d}" for n, (code, _) in enumerate(subheadings, start=1)}
    children: dict[str, list[str]] = {}
    for code, _ in subheadings:
        children.setdefault(code[:4], []).append(code)
    queries = sorted(h for h in headings if len(children.get(h, [])) >= MIN_SUBHEADINGS)
    order = list(queries)
    rng.shuffle(order)
    dev = set(order[: round(len(order) * DEV_SHARE)])
    needs = [
        [f"H{h}", headings[h], chapters[h[:2]], "dev" if h in dev else "heldout"] for h in queries
    ]
    suppliers = sorted(
        [supplier_of[code], f"Supplier {supplier_of[code]}", text] for code, text in subheadings
    )
    qrels = sorted([f"H{h}", supplier_of[code], "2"] for h in queries for code in children[h])
    return {
        "needs.csv": [["need_id", "title", "description", "split"], *needs],
        "suppliers.csv": [["supplier_id", "name", "capabilities"], *suppliers],
        "qrels.csv": [["need_id", "supplier_id", "grade"], *qrels],
    }


def write(tables: dict[str, list[list[str]]], directory: Path = HERE) -> None:
    for name, rows in tables.items():
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=None, help="folder with the source CSV")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the three CSVs")
    args = parser.parse_args(argv)
    write(build(read_rows(reference_dir(args.reference) / "hs2022.csv")), args.out)


if __name__ == "__main__":
    main()
