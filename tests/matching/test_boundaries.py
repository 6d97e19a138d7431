"""`matching` stays pure: no web, database or service imports anywhere in it."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = ("fastapi", "sqlmodel", "sqlalchemy", "service", "starlette", "pydantic_settings")
ROOT = Path(__file__).resolve().parents[2] / "matching"


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append(str(node.args[0].value))
    return names


def test_matching_imports_nothing_forbidden() -> None:
    files = sorted(ROOT.rglob("*.py"))
    assert len(files) >= 8
    bad = [
        f"{path.relative_to(ROOT.parent)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert bad == []
