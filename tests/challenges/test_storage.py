"""Where proposal PDFs live: beside a SQLite database file, else under ./var; never the package."""

from __future__ import annotations

from pathlib import Path

from service.challenges.storage import data_folder  # bound before conftest swaps it for tmp_path
from service.core.config import Settings


def test_a_sqlite_file_database_keeps_files_in_its_folder(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert data_folder(settings) == tmp_path.resolve()


def test_a_server_database_keeps_files_under_var() -> None:
    settings = Settings(database_url="postgresql://u@h/db")
    assert data_folder(settings) == Path("var").resolve()
