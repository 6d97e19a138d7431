"""Database reads kept for a few seconds, per process and per database.

A list page asks for the same total again and again, and every signed-in request names its user:
reading those rows each time is a query per request. A `RecentReads` keeps them briefly. An entry
records the tables it read; a write this process makes to one of them (an ORM flush, or a bulk
INSERT / UPDATE / DELETE) forgets it at once, so only another process's writes can show up late,
by at most the time-to-live. Entries are kept per engine: two databases served by one process
(tests, tools) never see each other's."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from itertools import chain
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session

Entry = tuple[float, Any, frozenset[str]]  # (read at, value, tables read)


class RecentReads:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: WeakKeyDictionary[Engine, dict[Hashable, Entry]] = WeakKeyDictionary()
        _all.add(self)

    def get(self, session: Session, key: Hashable) -> Any | None:
        entry = self._entries.get(_engine_of(session), {}).get(key)
        if entry is None or time.monotonic() - entry[0] >= self.ttl_seconds:
            return None
        return entry[1]

    def put(self, session: Session, key: Hashable, value: Any, tables: Iterable[str]) -> None:
        entries = self._entries.setdefault(_engine_of(session), {})
        entries[key] = (time.monotonic(), value, frozenset(tables))

    def forget(self, session: Session, key: Hashable) -> None:
        self._entries.get(_engine_of(session), {}).pop(key, None)

    def _forget_tables(self, engine: Engine, written: set[str]) -> None:
        entries = self._entries.get(engine)
        if not entries:
            return
        for key, (_at, _value, read) in list(entries.items()):
            if read & written:
                entries.pop(key, None)


_all: WeakSet[RecentReads] = WeakSet()


def _engine_of(session: Session) -> Engine:
    return session.get_bind().engine


def _written(session: Session, tables: set[str]) -> None:
    if tables:
        engine = _engine_of(session)
        for reads in list(_all):
            reads._forget_tables(engine, tables)


@event.listens_for(Session, "after_flush")
def _forget_flushed(session: Session, _context: Any) -> None:
    objects = chain(session.new, session.dirty, session.deleted)
    _written(session, {o.__table__.name for o in objects if hasattr(o, "__table__")})


@event.listens_for(Session, "do_orm_execute")
def _forget_executed(state: ORMExecuteState) -> None:
    """Bulk INSERT / UPDATE / DELETE statements bypass the flush."""
    if state.is_insert or state.is_update or state.is_delete:
        _written(state.session, {state.statement.table.name})  # type: ignore[attr-defined]
