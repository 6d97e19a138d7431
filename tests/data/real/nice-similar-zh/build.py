"""Build the 类似商品 set: a product need -> pseudo-firms listing goods the trademark office groups
with it (类似群 of the 类似商品和服务区分表).

    python tests/data/real/nice-similar-zh/build.py [--out DIR]

Reads `source.txt` beside this file (classes 06, 07 and 17 of the table, transcribed; see README.md)
and rewrites needs.csv, suppliers.csv and qrels.csv byte for byte (fixed seed).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEEDS_REFERENCE = False  # the source is committed beside this script
SEED = 1701
DEV_SHARE = 0.5
QUERIES_PER_GROUP = 3
MIN_GROUP_ITEMS = 6  # a group needs items left over for firms once its queries are taken out
FIRMS_PER_ITEM = 2
MAX_FIRMS_PER_GROUP = 80
MIXED_FIRMS = 800  # firms selling goods of two groups of one class; relevant to both


@dataclass(slots=True)
class Group:
    code: str  # 4 digits: class (2) + group (2)
    name: str
    heading: str  # the class heading's first clause, e.g. 第六类 普通金属及其合金
    items: list[str] = field(default_factory=list)


def read_groups(path: Path) -> list[Group]:
    groups: list[Group] = []
    heading = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            code, name = line[3:].split(" ", 1)
            groups.append(Group(code, name, heading))
        elif line.startswith("# "):
            heading = line[2:].split(" ", 1)[1].split("；")[0].rstrip("。")
        elif line.strip():
            groups[-1].items.append(line.strip())
    return groups


def groups_of_items(groups: Sequence[Group]) -> dict[str, set[str]]:
    """Item name -> every group that lists it (the table repeats some goods in several groups)."""
    membership: dict[str, set[str]] = {}
    for group in groups:
        for item in group.items:
            membership.setdefault(item, set()).add(group.code)
    return membership


def pick_queries(
    groups: Sequence[Group],
    membership: dict[str, set[str]],
    rng: random.Random,
    per_group: int = QUERIES_PER_GROUP,
) -> list[tuple[str, Group]]:
    """Up to `per_group` items per large enough group, each listed in that group only."""
    queries = []
    for group in groups:
        own = sorted({i for i in group.items if membership[i] == {group.code}})
        if len(set(group.items)) >= MIN_GROUP_ITEMS and own:
            queries += [(item, group) for item in rng.sample(own, min(per_group, len(own)))]
    return queries


def firm_lists(items: Sequence[str], count: int, rng: random.Random) -> list[tuple[str, ...]]:
    """Up to `count` distinct lists of 2-4 of `items` (1 when there is only one)."""
    lists: list[tuple[str, ...]] = []
    for _ in range(count * 4):
        if len(lists) == count:
            break
        size = rng.randint(min(2, len(items)), min(4, len(items)))
        choice = tuple(rng.sample(list(items), size))
        if choice not in lists:
            lists.append(choice)
    return lists


def build_firms(
    groups: Sequence[Group], held_out: set[str], rng: random.Random, mixed: int = MIXED_FIRMS
) -> list[tuple[str, ...]]:
    firms: list[tuple[str, ...]] = []
    pools = {g.code: sorted(set(g.items) - held_out) for g in groups}
    for group in groups:
        pool = pools[group.code]
        if pool:
            wanted = min(MAX_FIRMS_PER_GROUP, max(1, FIRMS_PER_ITEM * len(pool)))
            firms += firm_lists(pool, wanted, rng)
    by_class: dict[str, list[str]] = {}
    for code, pool in pools.items():
        if pool:
            by_class.setdefault(code[:2], []).append(code)
    classes = sorted(by_class)
    for _ in range(mixed):
        first, second = rng.sample(sorted(by_class[rng.choice(classes)]), 2)
        firms.append(
            tuple(rng.sample(pools[first], min(2, len(pools[first]))))
            + tuple(rng.sample(pools[second], min(2, len(pools[second]))))
        )
    return firms


def build(
    groups: Sequence[Group],
    seed: int = SEED,
    queries_per_group: int = QUERIES_PER_GROUP,
    mixed_firms: int = MIXED_FIRMS,
) -> dict[str, list[list[str]]]:
    rng = random.Random(seed)
    membership = groups_of_items(groups)
    queries = pick_queries(groups, membership, rng, queries_per_group)
    firms = build_firms(groups, {item for item, _ in queries}, rng, mixed_firms)
    rng.shuffle(firms)  # firm ids carry no hint of their group
    supplier_ids = [f"T{n:05d}" for n in range(1, len(firms) + 1)]
    firm_groups = [set().union(*(membership[i] for i in items)) for items in firms]
    order = list(range(len(queries)))
    rng.shuffle(order)
    dev = set(order[: round(len(order) * DEV_SHARE)])
    needs, qrels = [], []
    for n, (item, group) in enumerate(queries):
        need_id = f"Q{n + 1:04d}"
        needs.append([need_id, item, group.heading, "dev" if n in dev else "heldout"])
        qrels += [
            [need_id, sid, "2"]
            for sid, codes in zip(supplier_ids, firm_groups, strict=True)
            if group.code in codes
        ]
    suppliers = [
        [sid, f"企业{sid[1:]}", "主营：" + "、".join(items)]
        for sid, items in zip(supplier_ids, firms, strict=True)
    ]
    return {
        "needs.csv": [["need_id", "title", "description", "split"], *needs],
        "suppliers.csv": [["supplier_id", "name", "capabilities"], *suppliers],
        "qrels.csv": [["need_id", "supplier_id", "grade"], *sorted(qrels)],
    }


def write(tables: dict[str, list[list[str]]], directory: Path = HERE) -> None:
    for name, rows in tables.items():
        with (directory / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the three CSVs")
    args = parser.parse_args(argv)
    write(build(read_groups(HERE / "source.txt")), args.out)


if __name__ == "__main__":
    main()
