"""/api/v1/capabilities"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.paging import preload
from service.core.schemas import Limit, Offset, Page
from service.enterprises import capabilities as crud
from service.enterprises import service as enterprises_crud
from service.enterprises.schemas import (
    CapabilityCreate,
    CapabilityPublic,
    CapabilityUpdate,
    capability_public,
)
from service.enterprises.tables import Capability, Enterprise, EnterpriseStatus
from service.pairings.alerts import announce_supplier
from service.pairings.deps import IndexDep

router = APIRouter(prefix="/capabilities", tags=["capabilities"], route_class=UnitOfWorkRoute)


def present(session: Session, cap: Capability, principal: Principal) -> CapabilityPublic:
    supplier = enterprises_crud.get(session, cap.supplier_id)
    if supplier.status != EnterpriseStatus.approved and not principal.acts_for(supplier.id):
        raise crud.not_found(cap.id)  # a firm under review publishes nothing
    return capability_public(cap, supplier)


@router.get("", response_model=Page[CapabilityPublic])
def list_capabilities(
    session: SessionDep,
    principal: PrincipalDep,
    supplier_id: int | None = None,
    chain: str | None = None,
    region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    category: Annotated[str | None, Query(max_length=5)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CapabilityPublic]:
    filters = crud.CapabilityFilter(
        supplier_id=supplier_id,
        chain=chain,
        region=region,
        category=category,
        q=q,
        reviewed_only=not principal.is_bureau,
        own_firm=principal.enterprise_id,
    )
    rows, total = crud.list_page(session, filters, limit=limit, offset=offset)
    _suppliers = preload(
        session, Enterprise, (c.supplier_id for c in rows)
    )  # held while presenting
    items = [present(session, c, principal) for c in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("", response_model=CapabilityPublic, status_code=status.HTTP_201_CREATED)
def create_capability(
    data: CapabilityCreate,
    index: IndexDep,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> CapabilityPublic:
    principal.require_acts_for(data.supplier_id)
    cap = crud.create(session, data)
    announce_supplier(
        session,
        index,
        cap.supplier_id,
        threshold=settings.strong_match_score,
    )
    return present(session, cap, principal)


@router.get("/{capability_id}", response_model=CapabilityPublic)
def read_capability(
    capability_id: int, session: SessionDep, principal: PrincipalDep
) -> CapabilityPublic:
    return present(session, crud.get(session, capability_id), principal)


@router.patch("/{capability_id}", response_model=CapabilityPublic)
def update_capability(
    capability_id: int,
    data: CapabilityUpdate,
    index: IndexDep,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> CapabilityPublic:
    cap = crud.get(session, capability_id)
    principal.require_acts_for(cap.supplier_id)
    cap = crud.update(session, cap, data)
    announce_supplier(
        session,
        index,
        cap.supplier_id,
        threshold=settings.strong_match_score,
    )
    return present(session, cap, principal)


@router.delete("/{capability_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_capability(capability_id: int, session: SessionDep, principal: PrincipalDep) -> Response:
    cap = crud.get(session, capability_id)
    principal.require_acts_for(cap.supplier_id)
    crud.delete(session, cap)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
