"""/api/v1/enterprises"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from service.accounts.deps import PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.schemas import Limit, Offset, Page
from service.enterprises import service as crud
from service.enterprises.schemas import (
    EnterpriseCreate,
    EnterprisePublic,
    EnterpriseUpdate,
    enterprise_public,
)
from service.enterprises.tables import EnterpriseStatus, Role, Tag
from service.pairings.alerts import announce_supplier
from service.pairings.deps import IndexDep

router = APIRouter(prefix="/enterprises", tags=["enterprises"], route_class=UnitOfWorkRoute)


@router.get("", response_model=Page[EnterprisePublic])
def list_enterprises(
    session: SessionDep,
    principal: PrincipalDep,
    chain: str | None = None,
    region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    role: Role | None = None,
    tag: Tag | None = None,
    status_: Annotated[EnterpriseStatus | None, Query(alias="status")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EnterprisePublic]:
    if not principal.is_bureau:
        status_ = EnterpriseStatus.approved  # pending registrations are visible to the bureau only
    filters = crud.EnterpriseFilter(
        chain=chain, region=region, role=role, tag=tag, status=status_, q=q
    )
    rows, total = crud.list_page(session, filters, limit=limit, offset=offset)
    groups = crud.memberships(session, (e.id for e in rows if e.id is not None))
    items = [enterprise_public(e, groups[e.id]) for e in rows if e.id is not None]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("", response_model=EnterprisePublic, status_code=status.HTTP_201_CREATED)
def create_enterprise(
    data: EnterpriseCreate, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> EnterprisePublic:
    principal.require_bureau()
    enterprise = crud.create(
        session, data, threshold=settings.duplicate_name_threshold, status=EnterpriseStatus.approved
    )
    return enterprise_public(enterprise)


@router.get("/{enterprise_id}", response_model=EnterprisePublic)
def read_enterprise(
    enterprise_id: int, session: SessionDep, principal: PrincipalDep
) -> EnterprisePublic:
    enterprise = crud.get(session, enterprise_id)
    if enterprise.status != EnterpriseStatus.approved and not principal.acts_for(enterprise.id):
        raise crud.not_found(enterprise_id)  # unreviewed firms are invisible to the public
    return enterprise_public(enterprise)


@router.patch("/{enterprise_id}", response_model=EnterprisePublic)
def update_enterprise(
    enterprise_id: int,
    index: IndexDep,
    data: EnterpriseUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> EnterprisePublic:
    enterprise = crud.get(session, enterprise_id)
    principal.require_acts_for(enterprise.id)
    if not principal.is_bureau:
        data.status = None  # firms cannot approve themselves
        data.roles = None
    enterprise = crud.update(session, enterprise, data, threshold=settings.duplicate_name_threshold)
    if enterprise.is_supplier and enterprise.id is not None:
        announce_supplier(
            session,
            index,
            enterprise.id,
            threshold=settings.strong_match_score,
        )
    return enterprise_public(enterprise)


@router.delete("/{enterprise_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_enterprise(enterprise_id: int, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require_bureau()
    crud.delete(session, crud.get(session, enterprise_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
