"""/api/v1/purchases — ledger lines, visible only to their owner and the bureau."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from service.accounts.deps import PrincipalDep
from service.core.deps import SessionDep, UnitOfWorkRoute
from service.core.errors import Forbidden
from service.core.schemas import Limit, Offset, Page
from service.ledger import purchases as crud
from service.ledger.schemas import (
    PERIOD_PATTERN,
    PurchaseCreate,
    PurchasePublic,
    purchase_public,
    query_period,
)

router = APIRouter(prefix="/purchases", tags=["purchases"], route_class=UnitOfWorkRoute)
PeriodQuery = Annotated[str | None, Query(pattern=PERIOD_PATTERN)]


@router.get("", response_model=Page[PurchasePublic])
def list_purchases(
    session: SessionDep,
    principal: PrincipalDep,
    owner_id: int | None = None,
    period_from: PeriodQuery = None,
    period_to: PeriodQuery = None,
    chain: str | None = None,
    supplier_region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PurchasePublic]:
    principal.require_user()
    if principal.is_bureau:
        owner_ids = (owner_id,) if owner_id is not None else None
    elif principal.role == "owner" and principal.enterprise_id is not None:
        if owner_id is not None and owner_id != principal.enterprise_id:
            raise Forbidden("只能查看本企业的采购台账")
        owner_ids = (principal.enterprise_id,)
    else:
        raise Forbidden("采购台账仅对链主企业本身和经信局可见")
    filters = crud.PurchaseFilter(
        owner_ids=owner_ids,
        period_from=query_period(period_from, "period_from"),
        period_to=query_period(period_to, "period_to"),
        chain=chain,
        supplier_region=supplier_region,
        q=q,
    )
    rows, total = crud.list_page(session, filters, limit=limit, offset=offset)
    return Page(items=[purchase_public(p) for p in rows], total=total, limit=limit, offset=offset)


@router.post("", response_model=PurchasePublic, status_code=status.HTTP_201_CREATED)
def create_purchase(
    data: PurchaseCreate, session: SessionDep, principal: PrincipalDep
) -> PurchasePublic:
    principal.require_acts_for(data.owner_id)
    return purchase_public(crud.create(session, data))


@router.get("/{purchase_id}", response_model=PurchasePublic)
def read_purchase(purchase_id: int, session: SessionDep, principal: PrincipalDep) -> PurchasePublic:
    principal.require_user()
    purchase = crud.get(session, purchase_id)
    principal.require_acts_for(purchase.owner_id)
    return purchase_public(purchase)


@router.delete("/{purchase_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_purchase(purchase_id: int, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require_user()
    purchase = crud.get(session, purchase_id)
    principal.require_acts_for(purchase.owner_id)
    crud.delete(session, purchase)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
