"""Enterprise rules and queries: registration with duplicate detection, filters, updates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session, col, or_, select

from service.catalog.checks import check_chain, check_credit_code, check_industry, check_region
from service.core.errors import Conflict, NotFound
from service.core.locks import ENTERPRISE_NAMES, hold
from service.core.paging import contains, paginate
from service.core.tables import utcnow
from service.core.text import name_key
from service.enterprises.schemas import EnterpriseCreate, EnterpriseUpdate, enterprise_public
from service.enterprises.tables import (
    Enterprise,
    EnterpriseChain,
    EnterpriseTag,
    Role,
    chain_rows,
    firm_within,
    tag_rows,
)


@dataclass(frozen=True)
class EnterpriseFilter:
    chain: str | None = None
    region: str | None = None
    role: Role | None = None
    tag: str | None = None
    status: str | None = None
    q: str | None = None


def not_found(enterprise_id: int) -> NotFound:
    """The error for a firm that does not exist, or that the reader may not see."""
    return NotFound(f"企业 {enterprise_id} 不存在")


def get(session: Session, enterprise_id: int) -> Enterprise:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise not_found(enterprise_id)
    return enterprise


@dataclass(frozen=True)
class FirmLabel:
    """What a page shows of a firm beside something else: its name, region and tags."""

    id: int
    name: str
    region_code: str
    tags: list[str]


def labels(session: Session, ids: Iterable[int | None]) -> dict[int, FirmLabel]:
    """The labels of these firms, in one query of plain columns. Loading a page's firms and their
    tag rows as ORM objects cost more than the rest of a ranking request."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    statement = (
        select(Enterprise.id, Enterprise.name, Enterprise.region_code, EnterpriseTag.tag)
        .outerjoin(EnterpriseTag, col(EnterpriseTag.enterprise_id) == Enterprise.id)
        .where(col(Enterprise.id).in_(wanted))
    )
    found: dict[int, FirmLabel] = {}
    for firm_id, name, region_code, tag in session.execute(statement):
        label = found.setdefault(firm_id, FirmLabel(firm_id, name, region_code, []))
        if tag is not None:
            label.tags.append(tag)
    for label in found.values():
        label.tags.sort()
    return found


@dataclass(frozen=True)
class Memberships:
    tags: list[str]
    chain_codes: list[str]


def memberships(session: Session, ids: Iterable[int]) -> dict[int, Memberships]:
    """Tags and chains of these firms, sorted, in two queries of plain columns (cheaper than
    loading a page's worth of tag and chain rows as ORM objects)."""
    wanted = sorted(set(ids))
    found = {i: Memberships([], []) for i in wanted}
    if not wanted:
        return found
    tags = select(EnterpriseTag.enterprise_id, EnterpriseTag.tag).where(
        col(EnterpriseTag.enterprise_id).in_(wanted)
    )
    for firm_id, tag in session.execute(tags.order_by(EnterpriseTag.tag)):
        found[firm_id].tags.append(tag)
    chains = select(EnterpriseChain.enterprise_id, EnterpriseChain.chain_code).where(
        col(EnterpriseChain.enterprise_id).in_(wanted)
    )
    for firm_id, code in session.execute(chains.order_by(EnterpriseChain.chain_code)):
        found[firm_id].chain_codes.append(code)
    return found


def find_duplicate(
    session: Session,
    *,
    name: str,
    credit_code: str | None,
    threshold: float,
    exclude_id: int | None = None,
) -> Enterprise | None:
    """The registered firm that `name` / `credit_code` would duplicate, if any."""
    if credit_code:
        same = session.exec(select(Enterprise).where(Enterprise.credit_code == credit_code)).first()
        if same is not None and same.id != exclude_id:
            return same
    key = name_key(name)
    rows = session.exec(select(Enterprise.id, Enterprise.name_key)).all()
    choices = {eid: k for eid, k in rows if eid != exclude_id}
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    return session.get(Enterprise, best[2]) if best else None


def raise_if_duplicate(
    session: Session,
    *,
    name: str,
    credit_code: str | None,
    threshold: float,
    exclude_id: int | None,
) -> None:
    existing = find_duplicate(
        session, name=name, credit_code=credit_code, threshold=threshold, exclude_id=exclude_id
    )
    if existing is None:
        return
    same_code = bool(credit_code) and existing.credit_code == credit_code
    raise Conflict(
        "该统一社会信用代码已登记" if same_code else f"已存在名称相近的企业：{existing.name}",
        field="credit_code" if same_code else "name",
        extra={"existing": enterprise_public(existing, contacts=False).model_dump(mode="json")},
    )


def _set_links(enterprise: Enterprise, *, tags: list[str] | None, chains: list[str] | None) -> None:
    if tags is not None:
        enterprise.tag_rows = tag_rows(tags)
    if chains is not None:
        codes = sorted(
            {check_chain(c, field=f"chain_codes.{i}") or "" for i, c in enumerate(chains)}
        )
        enterprise.chain_rows = chain_rows(c for c in codes if c)


def _set_roles(enterprise: Enterprise, roles: list[Role]) -> None:
    enterprise.is_owner = Role.owner in roles
    enterprise.is_supplier = Role.supplier in roles
    enterprise.is_institute = Role.institute in roles


def create(
    session: Session, data: EnterpriseCreate, *, threshold: float, status: str
) -> Enterprise:
    credit_code = check_credit_code(data.credit_code)
    check_region(data.region_code)
    check_industry(data.industry_code, field="industry_code")
    hold(session, ENTERPRISE_NAMES)  # the fuzzy check below holds for concurrent registrations
    raise_if_duplicate(
        session, name=data.name, credit_code=credit_code, threshold=threshold, exclude_id=None
    )
    enterprise = Enterprise(
        **data.model_dump(exclude={"name", "credit_code", "roles", "tags", "chain_codes"}),
        name=data.name,
        name_key=name_key(data.name),
        credit_code=credit_code,
        status=status,
    )
    _set_roles(enterprise, data.roles)
    _set_links(enterprise, tags=list(data.tags), chains=data.chain_codes)
    session.add(enterprise)
    session.flush()
    return enterprise


def update(
    session: Session, enterprise: Enterprise, data: EnterpriseUpdate, *, threshold: float
) -> Enterprise:
    changes = data.model_dump(exclude_unset=True)
    if "credit_code" in changes:
        changes["credit_code"] = check_credit_code(changes["credit_code"])
    if changes.get("region_code") is not None:
        check_region(changes["region_code"])
    if "industry_code" in changes:
        check_industry(changes["industry_code"], field="industry_code")
    if "name" in changes or changes.get("credit_code"):
        hold(session, ENTERPRISE_NAMES)
        raise_if_duplicate(
            session,
            name=changes.get("name") or enterprise.name,
            credit_code=changes.get("credit_code"),
            threshold=threshold,
            exclude_id=enterprise.id,
        )
    if changes.get("roles") is not None:
        _set_roles(enterprise, [Role(r) for r in changes.pop("roles")])
    _set_links(enterprise, tags=changes.pop("tags", None), chains=changes.pop("chain_codes", None))
    for key, value in changes.items():
        if value is not None or key in {"credit_code", "industry_code", "employees"}:
            setattr(enterprise, key, value)
    if "name" in changes and changes["name"]:
        enterprise.name_key = name_key(changes["name"])
    enterprise.updated_at = utcnow()
    enterprise.version += 1
    session.add(enterprise)
    session.flush()
    return enterprise


def delete(session: Session, enterprise: Enterprise) -> None:
    session.delete(enterprise)
    session.flush()


def list_page(
    session: Session, filters: EnterpriseFilter, *, limit: int, offset: int
) -> tuple[list[Enterprise], int]:
    statement = select(Enterprise)  # tags and chains: see memberships()
    if filters.chain:
        statement = statement.where(
            col(Enterprise.id).in_(
                select(EnterpriseChain.enterprise_id).where(
                    EnterpriseChain.chain_code == filters.chain
                )
            )
        )
    if filters.tag:
        statement = statement.where(
            col(Enterprise.id).in_(
                select(EnterpriseTag.enterprise_id).where(EnterpriseTag.tag == filters.tag)
            )
        )
    if filters.region:
        statement = statement.where(firm_within(filters.region))
    if filters.role == Role.owner:
        statement = statement.where(col(Enterprise.is_owner))
    elif filters.role == Role.supplier:
        statement = statement.where(col(Enterprise.is_supplier))
    elif filters.role == Role.institute:
        statement = statement.where(col(Enterprise.is_institute))
    if filters.status:
        statement = statement.where(Enterprise.status == filters.status)
    if filters.q:
        statement = statement.where(
            or_(contains(Enterprise.name, filters.q), contains(Enterprise.description, filters.q))
        )
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(Enterprise.id),
        count_key=filters,
    )
