"""Database fixtures: every database test runs on SQLite, and on PostgreSQL when
PEITAO_TEST_DATABASE_URL is set (CI sets it). Each test starts from a migrated, empty database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlmodel import Session

from service.app import create_app, prepare_database
from service.core.config import Settings
from service.core.db import make_engine, make_sessionmaker

PG_URL = os.environ.get("PEITAO_TEST_DATABASE_URL", "")
REFERENCE_TABLES = {"region", "chain", "chain_segment", "meta"}  # mirrored catalogs survive


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its production cost makes every test that signs in slow; the algorithm stays."""
    from argon2 import PasswordHasher

    from service.accounts import security

    production = security._hasher
    security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._hasher = production


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    prepare_database(Settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_ready() -> Iterator[str]:
    """A database of this test run's own on the PostgreSQL server PEITAO_TEST_DATABASE_URL names,
    so that concurrent runs (two developers, two xdist workers) never truncate each other's rows."""
    if not PG_URL:
        pytest.skip("PEITAO_TEST_DATABASE_URL is not set")
    server = make_url(PG_URL)
    name = f"peitao_test_{os.getpid()}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    prepare_database(Settings(database_url=url))
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate(url: str) -> None:
    from service.core.tables import metadata

    engine = make_engine(url)
    with engine.begin() as conn:
        tables = ", ".join(f'"{t}"' for t in sorted(metadata.tables) if t not in REFERENCE_TABLES)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("DELETE FROM meta WHERE key <> 'catalog_version'"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_ready")
    _truncate(url)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        home_region="421200",
        secret_key="test-secret-key-with-at-least-32-bytes",
        chain_set="xianning",
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, migrate=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(client: TestClient) -> Iterator[Session]:
    """A session on the app's own database, for arranging data and checking what was stored."""
    factory = make_sessionmaker(client.app.state.engine)  # type: ignore[attr-defined]
    with factory() as db:
        yield db
