"""Build the GB/T 4754-2017 set: industry-class needs -> pseudo-firms described by the class notes.

    python tests/data/real/gbt4754-zh/build.py [--reference DIR]

Reads `industries.csv` (GB/T 4754-2017 with the statistics bureau's class notes) from
`/work/shared/reference/` or `../shared/reference/` beside the clone, and rewrites needs.csv,
suppliers.csv and qrels.csv in this folder byte for byte (fixed seed). See README.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 4754
DEV_SHARE = 0.5
MAX_FIRMS_PER_CLASS = 5
MIXED_FIRMS = 1200  # firms whose products come from two classes of one 大类; relevant to both
SENTENCE_SPLIT = re.compile(r"[；;。]")
PHRASE_SPLIT = re.compile(r"[、，,：:]|以及")
LEADING = ("本类包括", "还包括", "包括", "指")
TRAILING = ("等活动", "的生产活动", "的制造活动", "的加工活动", "的制造", "的生产", "活动", "等")


@dataclass(frozen=True, slots=True)
class IndustryClass:
    code: str  # 4-digit 小类
    name: str
    group: str  # 3-digit 中类
    breadcrumb: str  # 大类／中类 names
    phrases: tuple[str, ...]


def reference_dir(explicit: Path | None) -> Path:
    candidates = [explicit] if explicit else []
    candidates += [Path("/work/shared/reference"), HERE.parents[4] / "shared" / "reference"]
    for candidate in candidates:
        if candidate and (candidate / "industries.csv").exists():
            return candidate
    raise SystemExit("industries.csv not found: pass --reference DIR")


def _trim(phrase: str) -> str:
    phrase = phrase.strip(" “”\"'（）()")
    for prefix in LEADING:
        if phrase.startswith(prefix):
            phrase = phrase[len(prefix) :]
    for suffix in TRAILING:
        if phrase.endswith(suffix):
            phrase = phrase[: -len(suffix)]
    return phrase.strip()


def note_phrases(note: str) -> tuple[str, ...]:
    """The listed products and activities of a class note, without its "不包括" exclusions."""
    phrases: list[str] = []
    for sentence in SENTENCE_SPLIT.split(note):
        if "不包括" in sentence or "不含" in sentence:
            continue
        for part in PHRASE_SPLIT.split(sentence):
            phrase = _trim(part)
            if 2 <= len(phrase) <= 30 and "本门类" not in phrase and "大类" not in phrase:
                phrases.append(phrase)
    return tuple(dict.fromkeys(phrases))


def read_classes(path: Path) -> list[IndustryClass]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["code"]: row["name"] for row in rows}
    classes = []
    for row in rows:
        if row["level"] != "4" or not row["note"]:
            continue
        group = row["parent_code"]
        breadcrumb = f"{names[group[:2]]}／{names[group]}"
        classes.append(
            IndustryClass(row["code"], row["name"], group, breadcrumb, note_phrases(row["note"]))
        )
    return [c for c in classes if c.phrases]


def firm_texts(phrases: Sequence[str], rng: random.Random) -> list[str]:
    """Up to MAX_FIRMS_PER_CLASS distinct product lists, each 2-5 of the class's phrases."""
    wanted = min(MAX_FIRMS_PER_CLASS, max(1, len(phrases) - 1))
    texts: list[str] = []
    for _ in range(wanted * 4):
        if len(texts) == wanted:
            break
        size = rng.randint(min(2, len(phrases)), min(5, len(phrases)))
        text = "、".join(rng.sample(list(phrases), size))
        if text not in texts:
            texts.append(text)
    return texts


def mixed_firms(
    classes: Sequence[IndustryClass], count: int, rng: random.Random
) -> list[tuple[tuple[IndustryClass, ...], str]]:
    """Diversified firms: 1-3 phrases of one class and 1-3 of another class in the same 大类."""
    by_division: dict[str, list[IndustryClass]] = {}
    for c in classes:
        by_division.setdefault(c.code[:2], []).append(c)
    divisions = sorted(d for d, members in by_division.items() if len(members) > 1)
    firms: list[tuple[tuple[IndustryClass, ...], str]] = []
    while len(firms) < count:
        first, second = rng.sample(by_division[rng.choice(divisions)], 2)
        parts = [
            phrase
            for c in (first, second)
            for phrase in rng.sample(list(c.phrases), rng.randint(1, min(3, len(c.phrases))))
        ]
        firms.append(((first, second), "、".join(parts)))
    return firms


def build(classes: Iterable[IndustryClass], seed: int = SEED) -> dict[str, list[list[str]]]:
    rng = random.Random(seed)
    classes = sorted(classes, key=lambda c: c.code)
    firms = [((c,), text) for c in classes for text in firm_texts(c.phrases, rng)]
    firms += mixed_firms(classes, MIXED_FIRMS, rng)
    rng.shuffle(firms)  # firm ids carry no hint of their class
    supplier_ids = [f"F{n:05d}" for n in range(1, len(firms) + 1)]
    suppliers = [
        [sid, f"企业{sid[1:]}", f"主营：{text}"]
        for sid, (_, text) in zip(supplier_ids, firms, strict=True)
    ]
    order = list(classes)
    rng.shuffle(order)
    dev_count = round(len(order) * DEV_SHARE)
    split = {c.code: ("dev" if i < dev_count else "heldout") for i, c in enumerate(order)}
    needs = [[f"N{c.code}", c.name, c.breadcrumb, split[c.code]] for c in classes]
    qrels = []
    for c in classes:
        for sid, (firm_classes, _) in zip(supplier_ids, firms, strict=True):
            if any(f.code == c.code for f in firm_classes):
                qrels.append([f"N{c.code}", sid, "2"])
            elif any(f.group == c.group for f in firm_classes):
                qrels.append([f"N{c.code}", sid, "1"])
    qrels.sort()
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
    write(build(read_classes(reference_dir(args.reference) / "industries.csv")), args.out)


if __name__ == "__main__":
    main()
