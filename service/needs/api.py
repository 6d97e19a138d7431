"""/api/v1/needs"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.paging import preload
from service.core.schemas import Limit, Offset, Page
from service.enterprises import service as enterprises_crud
from service.enterprises.tables import Enterprise, EnterpriseStatus
from service.needs import service as crud
from service.needs.schemas import NeedCreate, NeedPublic, NeedUpdate, need_public
from service.needs.tables import Need, NeedStatus
from service.pairings.alerts import announce_need
from service.pairings.deps import IndexDep

router = APIRouter(prefix="/needs", tags=["needs"], route_class=UnitOfWorkRoute)


def present(session: Session, principal: Principal, need: Need) -> NeedPublic:
    owner = enterprises_crud.get(session, need.owner_id)
    if owner.status != EnterpriseStatus.approved and not principal.acts_for(owner.id):
        raise crud.not_found(need.id)  # a firm under review publishes nothing
    return need_public(need, owner, confidential=principal.acts_for(need.owner_id))


@router.get("", response_model=Page[NeedPublic])
def list_needs(
    session: SessionDep,
    principal: PrincipalDep,
    chain: str | None = None,
    segment: str | None = None,
    region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    status_: Annotated[NeedStatus | None, Query(alias="status")] = None,
    owner_id: int | None = None,
    category: Annotated[str | None, Query(max_length=5)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[NeedPublic]:
    filters = crud.NeedFilter(
        chain=chain,
        segment=segment,
        region=region,
        status=status_,
        owner_id=owner_id,
        category=category,
        q=q,
        reviewed_only=not principal.is_bureau,
        own_firm=principal.enterprise_id,
    )
    rows, total = crud.list_page(session, filters, limit=limit, offset=offset)
    _owners = preload(session, Enterprise, (n.owner_id for n in rows))  # held while presenting
    return Page(
        items=[present(session, principal, n) for n in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post("", response_model=NeedPublic, status_code=status.HTTP_201_CREATED)
def create_need(
    data: NeedCreate,
    index: IndexDep,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> NeedPublic:
    principal.require_acts_for(data.owner_id)
    need = crud.create(session, data)
    announce_need(session, index, need, threshold=settings.strong_match_score)
    return present(session, principal, need)


@router.get("/{need_id}", response_model=NeedPublic)
def read_need(need_id: int, session: SessionDep, principal: PrincipalDep) -> NeedPublic:
    return present(session, principal, crud.get(session, need_id))


@router.patch("/{need_id}", response_model=NeedPublic)
def update_need(
    need_id: int, data: NeedUpdate, session: SessionDep, principal: PrincipalDep
) -> NeedPublic:
    need = crud.get(session, need_id)
    principal.require_acts_for(need.owner_id)
    return present(session, principal, crud.update(session, need, data))


@router.delete("/{need_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_need(need_id: int, session: SessionDep, principal: PrincipalDep) -> Response:
    need = crud.get(session, need_id)
    principal.require_acts_for(need.owner_id)
    crud.delete(session, need)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
