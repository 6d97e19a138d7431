"""The domain layout's one rule, checked: a domain's rules and queries import other domains' rules
only downwards (tables are free to all; routes, i.e. `api.py`, `pages.py`, `*_api.py`, `*_pages.py`,
may call any domain). So no two domains' rules can ever need each other."""

from __future__ import annotations

import ast
from pathlib import Path

import service

SERVICE = Path(service.__file__).resolve().parent
RANK = {
    "core": 0,
    "catalog": 1,
    "accounts": 2,
    "enterprises": 2,
    "needs": 2,
    "ledger": 2,
    "notifications": 2,
    "pairings": 3,
    "web": 3,
    "figures": 4,
    "events": 4,
}
FREE = {"tables", "index_changes"}  # table modules: every domain may read every table


def is_route(path: Path) -> bool:
    return path.stem in {"api", "pages"} or path.stem.endswith(("_api", "_pages"))


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("service."):
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("service.")}
    return found


def upward_imports(root: Path = SERVICE) -> list[str]:
    wrong = []
    for domain, rank in RANK.items():
        for path in sorted((root / domain).rglob("*.py")):
            if is_route(path):
                continue
            for name in sorted(imported_modules(path)):
                parts = name.split(".")
                other = parts[1]
                if other == domain or other not in RANK or FREE & set(parts[2:]):
                    continue
                if RANK[other] >= rank:
                    wrong.append(f"{path.relative_to(root).as_posix()} imports {name}")
    return wrong


def test_rules_import_other_domains_only_downwards() -> None:
    assert upward_imports() == []


def test_the_check_sees_an_upward_import_and_lets_routes_and_tables_be(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "service.py").write_text(
        "from service.pairings.pipeline import get\nfrom service.needs.tables import Need\n"
    )
    (catalog / "pages.py").write_text("from service.pairings.pipeline import get\n")
    assert upward_imports(tmp_path) == ["catalog/service.py imports service.pairings.pipeline.get"]
