"""Database access for CLI commands: settings from the environment, migrated on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from service.app import prepare_database
from service.core.config import get_settings
from service.core.db import make_engine, make_sessionmaker, session_scope


@contextmanager
def cli_session() -> Iterator[Session]:
    settings = get_settings()
    prepare_database(settings)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            yield session
    finally:
        engine.dispose()
