"""/api/v1/enterprises"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.schemas import Limit, Offset, Page
from service.enterprises import review
from service.enterprises import service as crud
from service.enterprises.schemas import (
    EnterpriseChangePublic,
    EnterpriseCreate,
    EnterprisePublic,
    EnterpriseUpdate,
    change_public,
    enterprise_public,
)
from service.enterprises.tables import Enterprise, EnterpriseStatus, Role, Tag
from service.pairings.alerts import announce_supplier
from service.pairings.deps import IndexDep

router = APIRouter(prefix="/enterprises", tags=["enterprises"], route_class=UnitOfWorkRoute)


class Decision(StrEnum):
    approve = "approve"
    reject = "reject"


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
    contacts = principal.user is not None
    items = [
        enterprise_public(e, groups[e.id], contacts=contacts) for e in rows if e.id is not None
    ]
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


def _present(session: Session, principal: Principal, firm: Enterprise) -> EnterprisePublic:
    """The firm as this reader may see it: contacts for signed-in users, the open change
    proposal for the firm itself and the bureau."""
    change = review.pending_change(session, firm.id) if principal.acts_for(firm.id) else None
    return enterprise_public(
        firm,
        contacts=principal.user is not None,
        pending_change=change.changes if change else None,
    )


@router.get("/{enterprise_id}", response_model=EnterprisePublic)
def read_enterprise(
    enterprise_id: int, session: SessionDep, principal: PrincipalDep
) -> EnterprisePublic:
    enterprise = crud.get(session, enterprise_id)
    if enterprise.status != EnterpriseStatus.approved and not principal.acts_for(enterprise.id):
        raise crud.not_found(enterprise_id)  # unreviewed firms are invisible to the public
    return _present(session, principal, enterprise)


@router.patch("/{enterprise_id}", response_model=EnterprisePublic)
def update_enterprise(
    enterprise_id: int,
    index: IndexDep,
    data: EnterpriseUpdate,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> EnterprisePublic:
    """The bureau changes any field at once. A firm's own change of its name, credit code,
    region, roles or chains waits for the bureau while the firm is approved (the answer shows
    the old values and `pending_change`); tags are government designations, the bureau's."""
    enterprise = crud.get(session, enterprise_id)
    principal.require_acts_for(enterprise.id)
    threshold = settings.duplicate_name_threshold
    if principal.is_bureau:
        enterprise = crud.update(session, enterprise, data, threshold=threshold)
    else:
        user = principal.require_user()
        assert user.id is not None
        enterprise = review.update_by_firm(
            session, enterprise, data, threshold=threshold, user_id=user.id
        )
    if enterprise.is_supplier and enterprise.id is not None:
        announce_supplier(
            session,
            index,
            enterprise.id,
            threshold=settings.strong_match_score,
        )
    return _present(session, principal, enterprise)


@router.get("/{enterprise_id}/changes", response_model=list[EnterpriseChangePublic])
def list_changes(
    enterprise_id: int, session: SessionDep, principal: PrincipalDep
) -> list[EnterpriseChangePublic]:
    """The firm's proposed changes of reviewed fields, newest first (the firm and the bureau)."""
    principal.require_acts_for(crud.get(session, enterprise_id).id)
    return [change_public(c) for c in review.changes_of(session, enterprise_id)]


@router.post(
    "/{enterprise_id}/changes/{change_id}/{decision}", response_model=EnterpriseChangePublic
)
def decide_change(
    enterprise_id: int,
    change_id: int,
    decision: Decision,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> EnterpriseChangePublic:
    """The bureau approves (the change applies) or rejects (the record stays) a proposal."""
    principal.require_bureau()
    user = principal.require_user()
    assert user.id is not None
    change = review.decide(
        session,
        review.get_change(session, enterprise_id, change_id),
        approve=decision == Decision.approve,
        user_id=user.id,
        threshold=settings.duplicate_name_threshold,
    )
    return change_public(change)


@router.delete("/{enterprise_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_enterprise(enterprise_id: int, session: SessionDep, principal: PrincipalDep) -> Response:
    principal.require_bureau()
    crud.delete(session, crud.get(session, enterprise_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
