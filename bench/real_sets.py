"""Real, externally judged development sets under ``tests/data/real/<name>/``: one loader for all.

Each set folder holds ``needs.csv`` (``need_id,title,description,split``), ``suppliers.csv``
(``supplier_id,name,capabilities``), ``qrels.csv`` (``need_id,supplier_id,grade``; a pair not listed
is not relevant; grade 2 relevant, grade 1 related) and a ``README.md`` with source, licence,
transformation and split. A folder name ends in ``-zh`` or ``-en``, the language of its text.
The records carry no category, region or certification: the relevance comes from the very
classification a category code would give away.

    from bench.real_sets import load_real_set, set_names
    for name in set_names():
        data = load_real_set(name)
        data.need_ids("dev")
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from matching import NeedRecord, SupplierRecord

REAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
SPLITS = ("dev", "heldout")
LANGUAGES = ("zh", "en")


@dataclass(frozen=True, slots=True)
class RealSet:
    name: str
    language: str  # "zh" | "en"
    needs: tuple[NeedRecord, ...]
    suppliers: tuple[SupplierRecord, ...]
    qrels: Mapping[str, Mapping[str, int]]  # need_id -> supplier_id -> grade
    split: Mapping[str, str]  # need_id -> "dev" | "heldout"

    def need_ids(self, split: str) -> list[str]:
        return [n.id for n in self.needs if self.split[n.id] == split]

    def needs_in(self, split: str) -> list[NeedRecord]:
        return [n for n in self.needs if self.split[n.id] == split]


def set_names(directory: Path = REAL_DIR) -> list[str]:
    """Every set folder (one with a needs.csv), sorted by name."""
    return sorted(p.parent.name for p in directory.glob("*/needs.csv"))


def language_of(name: str) -> str:
    language = name.rsplit("-", 1)[-1]
    if language not in LANGUAGES:
        raise ValueError(f"set name {name!r} must end in -zh or -en")
    return language


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_real_set(name: str, directory: Path = REAL_DIR) -> RealSet:
    folder = directory / name
    needs, split = [], {}
    for row in _rows(folder / "needs.csv"):
        needs.append(
            NeedRecord(id=row["need_id"], title=row["title"], description=row["description"])
        )
        split[row["need_id"]] = row["split"]
    suppliers = tuple(
        SupplierRecord(id=row["supplier_id"], name=row["name"], text=row["capabilities"])
        for row in _rows(folder / "suppliers.csv")
    )
    qrels: dict[str, dict[str, int]] = {}
    for row in _rows(folder / "qrels.csv"):
        qrels.setdefault(row["need_id"], {})[row["supplier_id"]] = int(row["grade"])
    return RealSet(name, language_of(name), tuple(needs), suppliers, qrels, split)
