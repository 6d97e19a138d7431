"""Back up and restore the database: SQLite by an online copy (sqlite3's backup API), PostgreSQL
with `pg_dump --format=custom` / `pg_restore --single-transaction`.

Connection details for the PostgreSQL tools travel in PG* environment variables, never on the
command line, so the password does not show in `ps`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from service.core.db import make_engine

# Mirrored catalogs and bookkeeping: a database holding only these counts as empty.
REFERENCE_TABLES = frozenset({"alembic_version", "region", "chain", "chain_segment", "meta"})
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator."""


def is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite")


def sqlite_path(database_url: str) -> Path:
    path = database_url.split("///", 1)[-1]
    if not path or path == ":memory:":
        raise BackupError("内存数据库无法备份")
    return Path(path)


def pg_environment(database_url: str) -> dict[str, str]:
    """The PG* variables `pg_dump` / `pg_restore` read, from a SQLAlchemy-style URL."""
    url = make_url(database_url)
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            env[key] = value
    return env


def has_user_data(database_url: str) -> bool:
    """True when any table other than the mirrored catalogs holds a row."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n not in REFERENCE_TABLES]
            for name in names:
                quoted = conn.dialect.identifier_preparer.quote(name)
                if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first() is not None:
                    return True
        return False
    finally:
        engine.dispose()


def backup(database_url: str, out: Path) -> Path:
    """Write a consistent copy of the database to `out` (replaced only once complete)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if is_sqlite(database_url):
            _sqlite_backup(sqlite_path(database_url), partial)
        else:
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(partial),
                ],
                database_url,
            )
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def restore(database_url: str, source: Path, *, force: bool = False) -> None:
    """Replace the database's contents with a backup; refuse a non-empty target unless `force`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    sqlite_target = is_sqlite(database_url)
    if sqlite_target and not head.startswith(SQLITE_MAGIC):
        raise BackupError("该文件不是 SQLite 备份，无法恢复到 SQLite 数据库")
    if not sqlite_target and not head.startswith(PGDUMP_MAGIC):
        raise BackupError("该文件不是 pg_dump 自定义格式备份，无法恢复到 PostgreSQL 数据库")
    if not force and has_user_data(database_url):
        raise BackupError("目标数据库已有数据；确认覆盖请加 --force")
    if sqlite_target:
        _sqlite_restore(source, sqlite_path(database_url))
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                pg_environment(database_url)["PGDATABASE"],
                str(source),
            ],
            database_url,
        )


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"数据库文件不存在：{source}")
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _run(command: list[str], database_url: str) -> None:
    try:
        done = subprocess.run(
            command, env=pg_environment(database_url), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[-2000:]}")
