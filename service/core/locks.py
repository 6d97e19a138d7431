"""Named locks held until the unit of work ends, the same on SQLite and PostgreSQL.

A check-then-insert (is this firm name taken, fuzzily? this username?) is only true for the one
request that checks while no other is inserting. ``hold(session, name)`` writes the lock's row
first: PostgreSQL keeps that row locked, SQLite the whole database, until commit or rollback, so
concurrent creators pass one at a time and each sees what the previous one stored. The lock must
be taken before the check's reads (SQLite: a transaction that read first may not write later).
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel

ENTERPRISE_NAMES = "enterprise-names"
USERNAMES = "usernames"


class NamedLock(SQLModel, table=True):
    __tablename__ = "named_lock"
    name: str = Field(primary_key=True, max_length=64)
    taken: int = 0  # how often it was taken; written only so that taking it is a write


def hold(session: Session, name: str) -> None:
    """Take the lock ``name`` for the rest of this session's transaction (waits for a holder)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = NamedLock.__table__  # type: ignore[attr-defined]
    statement = (
        dialect.insert(table)
        .values(name=name, taken=1)
        .on_conflict_do_update(index_elements=["name"], set_={"taken": table.c.taken + 1})
    )
    session.execute(statement)
