"""Ranked matches both ways, and the pairing pipeline.

GET /needs/{id}/matches            the owner's ranked local candidates (owner of the need, bureau)
GET /enterprises/{id}/opportunities the open needs that fit a supplier (that supplier, bureau)
GET/POST /matches, GET /matches/{id}, POST /matches/{id}/transition
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from sqlmodel import Session

from catalogs.regions import region_name
from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Forbidden
from service.core.paging import preload
from service.core.schemas import Limit, Offset, Page
from service.enterprises import service as enterprises_crud
from service.enterprises.tables import Enterprise
from service.needs import service as needs_crud
from service.needs.tables import Need
from service.pairings import pipeline as crud
from service.pairings.deps import IndexDep, OptionalIndexDep
from service.pairings.index import MatchIndex
from service.pairings.schemas import (
    MatchCreate,
    MatchEventPublic,
    MatchPublic,
    NeedBrief,
    RankedNeed,
    RankedSupplier,
    SupplierBrief,
    Transition,
)
from service.pairings.scoring import SCOPES, same_city
from service.pairings.tables import Match, MatchStatus

router = APIRouter(tags=["matches"], route_class=UnitOfWorkRoute)
Top = Annotated[int, Query(ge=1, le=50, description="返回条数")]
Scope = Annotated[
    Literal["local", "near", "all"],
    Query(description="local：只排本地企业；near：本地及周边（近地）企业；all：全部（默认）"),
]


def _supplier_brief(label: enterprises_crud.FirmLabel, index: MatchIndex) -> SupplierBrief:
    record = index.supplier(label.id)
    return SupplierBrief(
        id=label.id,
        name=label.name,
        region_code=label.region_code,
        region_name=region_name(label.region_code),
        tags=label.tags,
        certifications=list(record.certifications) if record else [],
    )


@router.get("/needs/{need_id}/matches", response_model=list[RankedSupplier])
def need_matches(
    need_id: int,
    index: IndexDep,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    top: Top = 10,
    scope: Scope = "all",
) -> list[RankedSupplier]:
    need, _owner = needs_crud.get_with_owner(session, need_id)  # owner held: ranking reads it
    principal.require_acts_for(need.owner_id)
    localities = None if scope == "all" else SCOPES[scope]
    ranked = crud.ranked_for_need(
        session, index, need, top=top or settings.match_top, localities=localities
    )
    suppliers = enterprises_crud.labels(session, (int(r.result.candidate_id) for r in ranked))
    return [
        RankedSupplier(
            rank=r.rank,
            score=r.score,
            components=r.components,
            matched_terms=list(r.result.matched_terms),
            reasons=r.reasons,
            locality=r.locality,
            supplier=_supplier_brief(suppliers[int(r.result.candidate_id)], index),
            match_id=r.match.id if r.match else None,
            status=r.match.status if r.match else None,
        )
        for r in ranked
        if int(r.result.candidate_id) in suppliers  # a firm deleted since the index last synced
    ]


@router.get("/enterprises/{enterprise_id}/opportunities", response_model=list[RankedNeed])
def opportunities(
    enterprise_id: int,
    index: IndexDep,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    top: Top = 10,
) -> list[RankedNeed]:
    supplier = enterprises_crud.get(session, enterprise_id)
    principal.require_acts_for(supplier.id)
    ranked = crud.ranked_for_supplier(
        session, index, supplier, top=top, min_score=settings.opportunity_min_score
    )
    out = []
    for r in ranked:
        need = needs_crud.get(session, int(r.result.candidate_id))
        owner = enterprises_crud.get(session, need.owner_id)
        assert need.id is not None
        out.append(
            RankedNeed(
                rank=r.rank,
                score=r.score,
                components=r.components,
                matched_terms=list(r.result.matched_terms),
                reasons=r.reasons,
                locality=r.locality,
                same_city=same_city(owner.region_code, supplier.region_code),
                need=NeedBrief(
                    id=need.id,
                    title=need.title,
                    owner_id=need.owner_id,
                    owner_name=owner.name,
                    chain_code=need.chain_code,
                    category=need.category,
                    required_certifications=list(need.required_certifications),
                ),
                match_id=r.match.id if r.match else None,
                status=r.match.status if r.match else None,
            )
        )
    return out


def _rescored(session: Session, index: MatchIndex | None, rows: list[Match]) -> list[Match]:
    """The rows with their one score current (before the index is built: as stored)."""
    if index is not None:
        crud.refresh_scores(session, index, rows)
    return rows


def _public(session: Session, match: Match, *, with_events: bool = False) -> MatchPublic:
    need = needs_crud.get(session, match.need_id)
    owner = enterprises_crud.get(session, need.owner_id)
    supplier = enterprises_crud.get(session, match.supplier_id)
    assert match.id is not None
    return MatchPublic(
        id=match.id,
        need_id=match.need_id,
        need_title=need.title,
        owner_id=owner.id or 0,
        owner_name=owner.name,
        supplier_id=match.supplier_id,
        supplier_name=supplier.name,
        score=match.score,
        components=dict(match.components),
        reasons=list(match.reasons),
        status=match.status,
        declined_reason=match.declined_reason,
        version=match.version,
        created_at=match.created_at,
        updated_at=match.updated_at,
        events=[
            MatchEventPublic.model_validate(e, from_attributes=True)
            for e in crud.events(session, match.id)
        ]
        if with_events
        else [],
    )


@dataclass(frozen=True)
class Visible:
    """A pairing the reader may see, which side of it they are on, and the rows it refers to
    (held here so that the session's identity map serves them again without SQL)."""

    match: Match
    side: str
    need: Need
    firms: list[Enterprise]


def _visible_match(session: Session, principal: Principal, match_id: int) -> Visible:
    principal.require_user()
    parties = crud.get_with_parties(session, match_id)
    match, need = parties.match, parties.need
    side = crud.side_of(principal.role, principal.enterprise_id, match, need)
    if side is None:
        raise crud.not_found(match_id)  # a pairing of other firms is not disclosed
    assert side is not None
    return Visible(match=match, side=side, need=need, firms=[parties.owner, parties.supplier])


@router.get("/matches", response_model=Page[MatchPublic])
def list_matches(
    session: SessionDep,
    principal: PrincipalDep,
    index: OptionalIndexDep,
    need_id: int | None = None,
    supplier_id: int | None = None,
    status_: Annotated[MatchStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[MatchPublic]:
    principal.require_user()
    need_ids: list[int] | None = [need_id] if need_id is not None else None
    if not principal.is_bureau:
        own = principal.enterprise_id
        if principal.role == "supplier":
            if supplier_id is not None and supplier_id != own:
                raise Forbidden("只能查看本企业的对接记录")
            supplier_id = own
        else:
            owned = needs_crud.list_page(
                session, needs_crud.NeedFilter(owner_id=own), limit=10_000, offset=0
            )[0]
            ids = [n.id for n in owned if n.id is not None]
            need_ids = [i for i in ids if need_id is None or i == need_id]
    rows, total = crud.list_for(
        session,
        need_ids=need_ids,
        supplier_id=supplier_id,
        status=status_,
        limit=limit,
        offset=offset,
    )
    needs = preload(session, Need, (m.need_id for m in rows))
    _firms = preload(
        session, Enterprise, [n.owner_id for n in needs] + [m.supplier_id for m in rows]
    )
    items = [_public(session, m) for m in _rescored(session, index, list(rows))]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/matches", response_model=MatchPublic, status_code=status.HTTP_201_CREATED)
def create_match(
    data: MatchCreate, session: SessionDep, principal: PrincipalDep, index: OptionalIndexDep
) -> MatchPublic:
    principal.require_user()
    need = needs_crud.get(session, data.need_id)
    if not (principal.acts_for(need.owner_id) or principal.acts_for(data.supplier_id)):
        raise Forbidden("只有需求方、配套企业本身或经信局可以发起对接")
    match = crud.create(session, need_id=data.need_id, supplier_id=data.supplier_id)
    return _public(session, _rescored(session, index, [match])[0])


@router.get("/matches/{match_id}", response_model=MatchPublic)
def read_match(
    match_id: int, session: SessionDep, principal: PrincipalDep, index: OptionalIndexDep
) -> MatchPublic:
    visible = _visible_match(session, principal, match_id)
    return _public(session, _rescored(session, index, [visible.match])[0], with_events=True)


@router.post("/matches/{match_id}/transition", response_model=MatchPublic)
def transition_match(
    match_id: int, data: Transition, session: SessionDep, principal: PrincipalDep
) -> MatchPublic:
    visible = _visible_match(session, principal, match_id)
    user = principal.require_user()
    moved = crud.transition(
        session,
        visible.match,
        data.to,
        side=visible.side,
        user_id=user.id,
        reason=data.reason,
        expected_version=data.version,
    )
    return _public(session, moved, with_events=True)
