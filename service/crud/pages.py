"""Pagination of a select(): one count, one page."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from itertools import chain
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event, func
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from service.core.db import engine_of

T = TypeVar("T")

# Counting a large table costs milliseconds of database time however it is indexed, and a list
# page asks for the same total again and again. Totals are kept for a few seconds. A write this
# process makes to a table a total reads forgets that total, so only another process's writes
# can show up late (by COUNT_TTL). Forgetting every total on every write made the cache useless
# under a steady trickle of pipeline moves: each list page counted 100,000 rows again.
COUNT_TTL_SECONDS = 5.0
_counts: WeakKeyDictionary[Engine, dict[Hashable, tuple[float, int, frozenset[str]]]] = (
    WeakKeyDictionary()
)


def _cache(session: Session) -> dict[Hashable, tuple[float, int, frozenset[str]]]:
    engine = engine_of(session)
    cache = _counts.get(engine)
    return cache if cache is not None else _counts.setdefault(engine, {})


def forget_counts(session: OrmSession, tables: Iterable[str]) -> None:
    written = set(tables)
    cache = _counts.get(engine_of(session))
    if not written or not cache:
        return
    for key, (_at, _total, read) in list(cache.items()):
        if read & written:
            cache.pop(key, None)


@event.listens_for(Session, "after_flush")
def _forget_flushed(session: Session, _context: Any) -> None:
    objects = chain(session.new, session.dirty, session.deleted)
    forget_counts(session, {o.__table__.name for o in objects if hasattr(o, "__table__")})


@event.listens_for(Session, "do_orm_execute")
def _forget_executed(state: ORMExecuteState) -> None:
    """Bulk INSERT / UPDATE / DELETE statements bypass the flush."""
    if state.is_insert or state.is_update or state.is_delete:
        forget_counts(state.session, {state.statement.table.name})  # type: ignore[attr-defined]


def _count(session: Session, statement: Any, key: Hashable) -> int:
    cache = _cache(session)
    now = time.monotonic()
    cached = cache.get(key)
    if cached is not None and now - cached[0] < COUNT_TTL_SECONDS:
        return cached[1]
    total = int(session.exec(statement).one())
    read = frozenset(t.name for t in find_tables(statement, include_joins=True))
    cache[key] = (now, total, read)
    return total


def paginate(
    session: Session,
    statement: SelectOfScalar[T],
    *,
    limit: int,
    offset: int,
    order_by: Any,
    count_key: Hashable,
) -> tuple[list[T], int]:
    """One page of `statement` ordered by `order_by` (the model's id), and the total count.
    `count_key` names the filter that built `statement` (cheaper to hash than the SQL)."""
    # Count the ids alone: the database answers from the primary-key index, not the wide rows.
    ids = statement.with_only_columns(order_by, maintain_column_froms=True).order_by(None)
    total = _count(
        session, select(func.count()).select_from(ids.subquery()), (order_by.table.name, count_key)
    )
    rows = session.exec(statement.order_by(order_by).limit(limit).offset(offset)).all()
    return list(rows), total


def contains(column: Any, text: str) -> Any:
    """Case-insensitive substring filter that works on SQLite and PostgreSQL alike."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def preload(
    session: Session, model: Any, ids: Iterable[int | None], *, options: Iterable[Any] = ()
) -> list[Any]:
    """Load the rows a page refers to in one query. Keep the returned list while presenting the
    page: the session's identity map holds rows weakly, and `session.get` then needs no SQL."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return []
    statement = select(model).where(model.id.in_(wanted)).options(*options)
    return list(session.exec(statement).all())
