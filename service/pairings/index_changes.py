"""The change log that keeps every process's in-memory match index current.

Every flush that touches a need, a capability or an enterprise appends rows here (one place, so no
writer can forget); each service process replays the rows it has not seen before a match query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event, insert
from sqlmodel import Field, Session, SQLModel

from service.core.tables import created_at_field, utcnow
from service.enterprises.tables import Capability, Enterprise
from service.needs.tables import Need


class IndexChange(SQLModel, table=True):
    __tablename__ = "index_change"
    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=16)  # "supplier" | "need" | "owner"
    entity_id: int = Field(index=True)
    at: datetime = created_at_field()


local_writes = 0  # commits with index changes in this process (its match index syncs at once)


def _changed_entities(obj: Any) -> list[tuple[str, int]]:
    if isinstance(obj, Need) and obj.id is not None:
        return [("need", obj.id)]
    if isinstance(obj, Capability) and obj.supplier_id is not None:
        return [("supplier", obj.supplier_id)]
    if isinstance(obj, Enterprise) and obj.id is not None:
        return [("supplier", obj.id), ("owner", obj.id)]
    return []


@event.listens_for(Session, "after_flush")
def _log_index_changes(session: Session, _context: Any) -> None:
    touched = {
        change
        for obj in (*session.new, *session.dirty, *session.deleted)
        for change in _changed_entities(obj)
    }
    if touched:
        session.info["index_changed"] = True
        now = utcnow()
        rows = [{"entity": e, "entity_id": i, "at": now} for e, i in sorted(touched)]
        session.connection().execute(insert(IndexChange), rows)


@event.listens_for(Session, "after_commit")
def _count_local_write(session: Session) -> None:
    if session.info.pop("index_changed", False):
        global local_writes
        local_writes += 1


@event.listens_for(Session, "after_rollback")
def _forget_local_write(session: Session) -> None:
    session.info.pop("index_changed", None)
