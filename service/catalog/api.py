"""Read-only reference data served from `catalogs/`: chains, regions, industries, certifications."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from catalogs.certifications import load_certifications
from catalogs.chains import get_chain, load_chains
from catalogs.industries import load_industries
from catalogs.regions import load_regions
from service.accounts.deps import PrincipalDep
from service.catalog import service as chains_crud
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Invalid, NotFound
from service.core.schemas import Limit, Offset, Page

router = APIRouter(tags=["catalogs"], route_class=UnitOfWorkRoute)


class SegmentOut(BaseModel):
    code: str
    name: str
    stage: str


class ChainOut(BaseModel):
    code: str
    name: str
    chain_set: str
    region_code: str
    segments: list[SegmentOut]
    owners: list[str]
    leader: str
    lead_department: str
    target_rate: float | None
    industries: list[str]
    description: str


class RegionOut(BaseModel):
    code: str
    name: str
    parent_code: str | None
    level: int
    full_name: str


class IndustryOut(BaseModel):
    code: str
    name: str
    parent_code: str | None
    level: int
    section: str


class CertificationOut(BaseModel):
    code: str
    name_en: str
    name_zh: str
    kind: str
    sector: str
    scope: str
    mandatory_in_china: str


class ChainTargetUpdate(BaseModel):
    target_rate: float | None = Field(
        ge=0, le=1, description="本地配套率目标（0–1），null 为不设目标"
    )


def _chain_out(chain: Any, targets: dict[str, float | None]) -> ChainOut:
    return ChainOut(
        code=chain.code,
        name=chain.name,
        chain_set=chain.chain_set,
        region_code=chain.region_code,
        segments=[SegmentOut(code=s.code, name=s.name, stage=s.stage) for s in chain.segments],
        owners=list(chain.owners),
        leader=chain.leader or "",
        lead_department=chain.lead_department or "",
        target_rate=targets.get(chain.code, chain.target_rate),
        industries=list(chain.industries),
        description=chain.description or "",
    )


@router.get("/chains", response_model=Page[ChainOut])
def list_chains(
    settings: SettingsDep,
    session: SessionDep,
    chain_set: Annotated[
        str | None, Query(description="链集合；默认为本部署的链集合，all 为全部")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ChainOut]:
    wanted = (
        settings.chain_set if chain_set is None else (None if chain_set == "all" else chain_set)
    )
    try:
        chains = load_chains(wanted)
    except KeyError:
        raise Invalid(f"未知的产业链集合：{chain_set}", field="chain_set", source="query") from None
    targets = chains_crud.targets(session)
    items = [_chain_out(c, targets) for c in chains[offset : offset + limit]]
    return Page(items=items, total=len(chains), limit=limit, offset=offset)


@router.get("/chains/{code}", response_model=ChainOut)
def read_chain(code: str, session: SessionDep) -> ChainOut:
    chain = get_chain(code)
    if chain is None:
        raise NotFound(f"产业链 {code} 不存在")
    return _chain_out(chain, chains_crud.targets(session))


@router.patch("/chains/{code}", response_model=ChainOut)
def set_chain_target(
    code: str, data: ChainTargetUpdate, session: SessionDep, principal: PrincipalDep
) -> ChainOut:
    """The bureau sets a chain's local supporting-rate target (kept across catalog updates)."""
    principal.require_bureau()
    chain = get_chain(code)
    if chain is None:
        raise NotFound(f"产业链 {code} 不存在")
    user = principal.require_user()
    chains_crud.set_target(session, code, data.target_rate, set_by=user.username)
    return _chain_out(chain, chains_crud.targets(session))


def _region_out(region: Any) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        parent_code=region.parent_code or None,
        level=region.level,
        full_name=load_regions().full_name(region.code),
    )


@router.get("/regions", response_model=Page[RegionOut])
def list_regions(
    parent: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="上级区划代码；省级列表时省略")
    ] = None,
    q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RegionOut]:
    regions = load_regions()
    if q:
        found = list(regions.search(q, limit=200))
    elif parent:
        if not regions.exists(parent):
            raise NotFound(f"行政区划 {parent} 不存在")
        found = list(regions.children(parent))
    else:
        found = [r for r in regions if r.level == 1]
    items = [_region_out(r) for r in found[offset : offset + limit]]
    return Page(items=items, total=len(found), limit=limit, offset=offset)


@router.get("/regions/{code}", response_model=RegionOut)
def read_region(code: str) -> RegionOut:
    region = load_regions().get(code)
    if region is None:
        raise NotFound(f"行政区划 {code} 不存在")
    return _region_out(region)


@router.get("/regions/{code}/tree")
def region_tree(code: str, depth: Annotated[int, Query(ge=1, le=3)] = 2) -> dict[str, Any]:
    regions = load_regions()
    if not regions.exists(code):
        raise NotFound(f"行政区划 {code} 不存在")
    return regions.tree(code, depth)


def _industry_out(industry: Any) -> IndustryOut:
    return IndustryOut(
        code=industry.code,
        name=industry.name,
        parent_code=industry.parent_code or None,
        level=industry.level,
        section=industry.section,
    )


@router.get("/industries", response_model=Page[IndustryOut])
def list_industries(
    parent: Annotated[str | None, Query(max_length=4)] = None,
    q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[IndustryOut]:
    industries = load_industries()
    if q:
        found = list(industries.search(q, limit=200))
    elif parent:
        if not industries.exists(parent):
            raise NotFound(f"行业 {parent} 不存在")
        found = list(industries.children(parent))
    else:
        found = [i for i in industries if i.level == 1]
    items = [_industry_out(i) for i in found[offset : offset + limit]]
    return Page(items=items, total=len(found), limit=limit, offset=offset)


@router.get("/industries/{code}", response_model=IndustryOut)
def read_industry(code: str) -> IndustryOut:
    industry = load_industries().get(code)
    if industry is None:
        raise NotFound(f"行业 {code} 不存在")
    return _industry_out(industry)


@router.get("/certifications", response_model=Page[CertificationOut])
def list_certifications(limit: Limit = 100, offset: Offset = 0) -> Page[CertificationOut]:
    certs = list(load_certifications().all())
    items = [
        CertificationOut(
            code=c.code,
            name_en=c.name_en,
            name_zh=c.name_zh,
            kind=c.kind,
            sector=c.sector,
            scope=c.scope,
            mandatory_in_china=c.mandatory_in_china,
        )
        for c in certs[offset : offset + limit]
    ]
    return Page(items=items, total=len(certs), limit=limit, offset=offset)
