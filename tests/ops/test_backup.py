"""`peitao backup` / `peitao restore`: SQLite by online copy, PostgreSQL by pg_dump/pg_restore; a
non-empty target needs --force; the round trip gives back exactly what was there."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from service.app import prepare_database
from service.core.config import Settings
from service.core.db import make_engine
from service.ops.backup import BackupError, backup, has_user_data, pg_environment, restore
from tests.factories import make_capability, make_enterprise, make_need
from tests.ops.servers import peitao

needs_pg_tools = pytest.mark.skipif(
    shutil.which("pg_dump") is None, reason="pg_dump is not installed"
)


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        tables = {
            "enterprise": "SELECT id, name, region_code FROM enterprise ORDER BY id",
            "need": "SELECT id, owner_id, title FROM need ORDER BY id",
            "capability": "SELECT id, supplier_id, title FROM capability ORDER BY id",
            "region": "SELECT count(*) FROM region",
        }
        snap = {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in tables.items()}
    engine.dispose()
    return snap


def _fill(session: Session) -> None:
    owner = make_enterprise(session, name="湖北示例汽车零部件有限公司", owner=True, supplier=False)
    make_need(session, owner=owner, title="铝合金压铸件")
    supplier = make_enterprise(session, name="咸宁精铸科技有限公司")
    make_capability(session, supplier=supplier, title="铝合金压力铸造")


@pytest.fixture
def second_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database of the same kind to restore into."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.db'}"
        prepare_database(Settings(database_url=url))
        yield url
        return
    name = "peitao_ops_restore"
    admin = make_engine(database_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    prepare_database(Settings(database_url=url))
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@needs_pg_tools
def test_round_trip_into_an_empty_database(
    database_url: str, session: Session, second_database: str, tmp_path: Path
) -> None:
    _fill(session)
    dump = backup(database_url, tmp_path / "peitao.backup")
    assert not (tmp_path / "peitao.backup.partial").exists()
    assert not has_user_data(second_database)
    restore(second_database, dump)
    assert _snapshot(second_database) == _snapshot(database_url)
    assert [row[1] for row in _snapshot(second_database)["enterprise"]] == [
        "湖北示例汽车零部件有限公司",
        "咸宁精铸科技有限公司",
    ]


@needs_pg_tools
def test_non_empty_target_needs_force(database_url: str, session: Session, tmp_path: Path) -> None:
    _fill(session)
    dump = backup(database_url, tmp_path / "before.backup")
    make_enterprise(session, name="备份之后新增的企业有限公司")
    session.close()  # pg_restore --clean must take table locks: no transaction of ours stays open
    with pytest.raises(BackupError, match="目标数据库已有数据；确认覆盖请加 --force"):
        restore(database_url, dump)
    assert len(_snapshot(database_url)["enterprise"]) == 3
    restore(database_url, dump, force=True)
    assert [row[1] for row in _snapshot(database_url)["enterprise"]] == [
        "湖北示例汽车零部件有限公司",
        "咸宁精铸科技有限公司",
    ]


def test_wrong_kind_of_file_is_refused(database_url: str, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup", encoding="utf-8")
    expected = (
        "不是 SQLite 备份" if database_url.startswith("sqlite") else "不是 pg_dump 自定义格式备份"
    )
    with pytest.raises(BackupError, match=expected):
        restore(database_url, bogus)
    with pytest.raises(BackupError, match="备份文件不存在"):
        restore(database_url, tmp_path / "missing.backup")


def test_cli_round_trip_on_sqlite(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    peitao(
        source,
        "create-user",
        "--username",
        "ops-admin",
        "--password",
        "ops-admin-password",
        "--role",
        "bureau",
    )
    done = peitao(source, "backup", "--out", str(tmp_path / "a.backup"))
    assert done.stdout.startswith(f"已备份到 {tmp_path / 'a.backup'}")
    assert peitao(target, "restore", str(tmp_path / "a.backup")).returncode == 0
    again = peitao(target, "restore", str(tmp_path / "a.backup"), check=False)
    assert (again.returncode, again.stderr.strip()) == (
        2,
        "恢复失败：目标数据库已有数据；确认覆盖请加 --force",
    )
    assert peitao(target, "restore", str(tmp_path / "a.backup"), "--force").returncode == 0
    engine = make_engine(target)
    with engine.connect() as conn:
        assert conn.execute(text('SELECT username, role FROM "user"')).all() == [
            ("ops-admin", "bureau")
        ]
    engine.dispose()


def test_pg_password_travels_in_the_environment_not_argv() -> None:
    env = pg_environment("postgresql+psycopg://app:s3cret@db.example:6543/peitao")
    assert {k: env[k] for k in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE")} == {
        "PGHOST": "db.example",
        "PGPORT": "6543",
        "PGUSER": "app",
        "PGPASSWORD": "s3cret",
        "PGDATABASE": "peitao",
    }


def test_backup_of_a_missing_sqlite_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="数据库文件不存在"):
        backup(f"sqlite:///{tmp_path / 'nope.db'}", tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()
