"""Build the second 类似商品 set (classes 01, 02, 11, 12): same construction as nice-similar-zh,
other goods, other seed.

    python tests/data/real/nice-vehicles-chem-zh/build.py [--out DIR]

Reads `source.txt` beside this file and rewrites needs.csv, suppliers.csv and qrels.csv byte for
byte. The construction (queries, firms, relevance) is `nice-similar-zh/build.py`'s; see README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
NEEDS_REFERENCE = False  # the source is committed beside this script
SEED = 1211
QUERIES_PER_GROUP = 5  # fewer, larger groups than in nice-similar-zh
MIXED_FIRMS = 1200


def _construction() -> ModuleType:
    path = HERE.parent / "nice-similar-zh" / "build.py"
    spec = importlib.util.spec_from_file_location("nice_similar_build", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the three CSVs")
    args = parser.parse_args(argv)
    nice = _construction()
    groups = nice.read_groups(HERE / "source.txt")
    tables = nice.build(groups, SEED, QUERIES_PER_GROUP, MIXED_FIRMS)
    nice.write(tables, args.out)


if __name__ == "__main__":
    main()
