"""Pagination of a select(): one count, one page."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.sql.util import find_tables
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from service.core.recent import RecentReads

T = TypeVar("T")

# Counting a large table costs milliseconds of database time however it is indexed. Totals are
# recent reads (see service.core.recent): kept a few seconds, forgotten when this process writes to
# a table they read. Forgetting every total on every write made the cache useless under a steady
# trickle of pipeline moves: each list page counted 100,000 rows again.
_totals = RecentReads(ttl_seconds=5.0)


def _count(session: Session, statement: Any, key: Hashable) -> int:
    total = _totals.get(session, key)
    if total is None:
        total = int(session.exec(statement).one())
        tables = (t.name for t in find_tables(statement, include_joins=True))
        _totals.put(session, key, total, tables)
    return int(total)


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
