"""Pagination of a select(): one count, one page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")


def paginate(
    session: Session, statement: SelectOfScalar[T], *, limit: int, offset: int, order_by: Any
) -> tuple[list[T], int]:
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(order_by).limit(limit).offset(offset)).all()
    return list(rows), int(total)


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
