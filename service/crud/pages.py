"""Pagination of a select(): one count, one page."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import event, func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")

# Counting a large table costs tens of milliseconds however it is indexed, and a list page asks
# for the same total again and again. Totals are kept for a few seconds; any write this process
# flushes forgets them all, so only another process's writes can show up late (by COUNT_TTL).
COUNT_TTL_SECONDS = 5.0
_counts: dict[Hashable, tuple[float, int]] = {}


@event.listens_for(Session, "after_flush")
def _forget_counts(_session: Session, _context: Any) -> None:
    _counts.clear()


def _count(session: Session, statement: Any, key: Hashable) -> int:
    now = time.monotonic()
    cached = _counts.get(key)
    if cached is not None and now - cached[0] < COUNT_TTL_SECONDS:
        return cached[1]
    total = int(session.exec(statement).one())
    _counts[key] = (now, total)
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
