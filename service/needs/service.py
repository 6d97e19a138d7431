"""Need rules and queries: only chain owners post needs; catalog checks on every field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from service.catalog.checks import check_certifications, check_chain, check_industry, check_region
from service.core.errors import Invalid, NotFound
from service.core.paging import contains, paginate
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise, of_firms_within, of_shown_firms
from service.needs.schemas import NeedCreate, NeedUpdate
from service.needs.tables import Need


@dataclass(frozen=True)
class NeedFilter:
    chain: str | None = None
    segment: str | None = None
    region: str | None = None
    status: str | None = None
    owner_id: int | None = None
    category: str | None = None
    q: str | None = None
    # Readers other than the bureau see needs of approved firms, and their own firm's.
    reviewed_only: bool = False
    own_firm: int | None = None


def not_found(need_id: int | None) -> NotFound:
    """The error for a need that does not exist, or that the reader may not see."""
    return NotFound(f"需求 {need_id} 不存在")


def get(session: Session, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise not_found(need_id)
    return need


def get_with_owner(session: Session, need_id: int) -> tuple[Need, Enterprise]:
    """The need and the firm that posted it, in one query."""
    statement = (
        select(Need, Enterprise)
        .join(Enterprise, col(Enterprise.id) == Need.owner_id)
        .where(Need.id == need_id)
    )
    row = session.exec(statement).first()
    if row is None:
        raise NotFound(f"需求 {need_id} 不存在")
    return row[0], row[1]


def _owner(session: Session, owner_id: int) -> Enterprise:
    owner = session.get(Enterprise, owner_id)
    if owner is None:
        raise Invalid(f"企业 {owner_id} 不存在", field="owner_id")
    if not owner.is_owner:
        raise Invalid(f"{owner.name} 不是链主企业，不能发布配套需求", field="owner_id")
    return owner


def _checked(changes: dict[str, Any]) -> dict[str, Any]:
    if "chain_code" in changes:
        changes["chain_code"] = check_chain(changes["chain_code"])
    if changes.get("category") is not None:
        changes["category"] = check_industry(changes["category"])
    if changes.get("required_certifications") is not None:
        changes["required_certifications"] = check_certifications(
            changes["required_certifications"], field="required_certifications"
        )
    if changes.get("current_suppliers") is not None:
        for i, s in enumerate(changes["current_suppliers"]):
            check_region(s["region_code"], field=f"current_suppliers.{i}.region_code")
    return changes


def create(session: Session, data: NeedCreate) -> Need:
    _owner(session, data.owner_id)
    values = _checked(data.model_dump(mode="python"))
    values["current_suppliers"] = [dict(s) for s in values["current_suppliers"]]
    need = Need(**values)
    session.add(need)
    session.flush()
    return need


def update(session: Session, need: Need, data: NeedUpdate) -> Need:
    changes = _checked(data.model_dump(exclude_unset=True, mode="python"))
    for key, value in changes.items():
        if value is None and key in {
            "title",
            "segment",
            "description",
            "category",
            "unit",
            "status",
        }:
            continue  # these columns are required: null means "leave as is"
        if value is None and key in {"required_certifications", "current_suppliers"}:
            value = []
        setattr(need, key, value)
    need.updated_at = utcnow()
    need.version += 1
    session.add(need)
    session.flush()
    return need


def delete(session: Session, need: Need) -> None:
    session.delete(need)
    session.flush()


def list_page(
    session: Session, filters: NeedFilter, *, limit: int, offset: int
) -> tuple[list[Need], int]:
    statement = select(Need)
    if filters.reviewed_only:
        statement = statement.where(of_shown_firms(Need.owner_id, own_firm=filters.own_firm))
    if filters.chain:
        statement = statement.where(Need.chain_code == filters.chain)
    if filters.segment:
        statement = statement.where(Need.segment == filters.segment)
    if filters.status:
        statement = statement.where(Need.status == filters.status)
    if filters.owner_id is not None:
        statement = statement.where(Need.owner_id == filters.owner_id)
    if filters.category:
        statement = statement.where(col(Need.category).startswith(filters.category))
    if filters.region:
        statement = statement.where(of_firms_within(Need.owner_id, filters.region))
    if filters.q:
        statement = statement.where(
            or_(contains(Need.title, filters.q), contains(Need.description, filters.q))
        )
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(Need.id),
        count_key=filters,
    )
