"""catalogs/ stays a pure data layer: no web or database imports, no file reads at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs"
FORBIDDEN = ("fastapi", "sqlmodel", "sqlalchemy", "starlette", "service")


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    "path", sorted(CATALOGS.rglob("*.py")), ids=lambda p: str(p.relative_to(CATALOGS))
)
def test_no_forbidden_imports(path: Path) -> None:
    assert _imported_roots(path).isdisjoint(FORBIDDEN)


def test_import_reads_nothing() -> None:
    code = (
        "import catalogs.regions as r, catalogs.industries as i, catalogs.certifications as c, "
        "catalogs.chains as h\n"
        "print(r.load_regions.cache_info().currsize, i.load_industries.cache_info().currsize, "
        "c.load_certifications.cache_info().currsize, h._load_set.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=CATALOGS.parent,
    )
    assert out.stdout.split() == ["0", "0", "0", "0"]
