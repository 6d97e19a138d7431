"""/api/v1/challenges (揭榜挂帅), /api/v1/institutes/{id}/…, /api/v1/chains/{code}/key-links."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Query, UploadFile, status
from fastapi.responses import FileResponse
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.challenges import ranking, storage
from service.challenges import service as rules
from service.challenges.schemas import (
    AccessPublic,
    ApplicationPublic,
    CandidatePublic,
    ChallengeCreate,
    ChallengeEventPublic,
    ChallengePublic,
    ChallengeUpdate,
    InstituteProfileIn,
    InstituteProfilePublic,
    KeyLinkAssign,
    KeyLinkIn,
    KeyLinkPublic,
    MilestoneIn,
    MilestonePublic,
    RankedChallenge,
    TransitionIn,
)
from service.challenges.tables import (
    Challenge,
    ChallengeApplication,
    ChallengeMilestone,
    ChallengeStatus,
    InstituteProfile,
)
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Conflict, Forbidden, Invalid, NotFound
from service.core.schemas import Limit, Offset, Page
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise

router = APIRouter(prefix="/challenges", tags=["challenges"], route_class=UnitOfWorkRoute)
institutes_router = APIRouter(
    prefix="/institutes", tags=["challenges"], route_class=UnitOfWorkRoute
)
key_links_router = APIRouter(prefix="/chains", tags=["challenges"], route_class=UnitOfWorkRoute)
TOP = 20


def present(session: Session, principal: Principal, challenge: Challenge) -> ChallengePublic:
    owner = session.get(Enterprise, challenge.owner_id) if challenge.owner_id else None
    full = rules.reads_full_text(session, principal, challenge)
    public = challenge.model_dump(exclude={"problem", "indicators", "current_state", "result"})
    extra = (
        {
            "problem": challenge.problem,
            "indicators": challenge.indicators,
            "current_state": challenge.current_state,
            "result": challenge.result,
        }
        if full
        else {}
    )
    return ChallengePublic(
        **public, **extra, owner_name=owner.name if owner else "经信局", full_text=full
    )


@router.get("", response_model=Page[ChallengePublic])
def list_challenges(
    session: SessionDep,
    principal: PrincipalDep,
    chain: str | None = None,
    status_: Annotated[ChallengeStatus | None, Query(alias="status")] = None,
    mode: str | None = None,
    owner_id: int | None = None,
    key_link_id: int | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ChallengePublic]:
    filters = rules.ChallengeFilter(
        chain=chain, status=status_, mode=mode, owner_id=owner_id, key_link_id=key_link_id, q=q
    )
    rows, total = rules.list_page(session, principal, filters, limit=limit, offset=offset)
    items = [present(session, principal, c) for c in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("", response_model=ChallengePublic, status_code=status.HTTP_201_CREATED)
def create_challenge(
    data: ChallengeCreate, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    return present(session, principal, rules.create(session, principal, data))


@router.post(
    "/from-need/{need_id}", response_model=ChallengePublic, status_code=status.HTTP_201_CREATED
)
def challenge_from_need(
    need_id: int, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    """转为揭榜挂帅: a draft from a need in the gap list, linked to it."""
    principal.require_user()
    return present(session, principal, rules.from_need(session, principal, need_id))


@router.get("/{challenge_id}", response_model=ChallengePublic)
def read_challenge(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    return present(session, principal, rules.get_visible(session, principal, challenge_id))


@router.patch("/{challenge_id}", response_model=ChallengePublic)
def update_challenge(
    challenge_id: int, data: ChallengeUpdate, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    challenge = rules.get_managed(session, principal, challenge_id)
    return present(session, principal, rules.update(session, challenge, data))


@router.post("/{challenge_id}/transition", response_model=ChallengePublic)
def transition(
    challenge_id: int, move: TransitionIn, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    challenge = rules.get_visible(session, principal, challenge_id)
    return present(session, principal, rules.transition(session, principal, challenge, move))


@router.get("/{challenge_id}/history", response_model=list[ChallengeEventPublic])
def challenge_history(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> list[ChallengeEventPublic]:
    rules.get_managed(session, principal, challenge_id)
    return [ChallengeEventPublic(**e.model_dump()) for e in rules.history(session, challenge_id)]


@router.put("/{challenge_id}/key-link", response_model=ChallengePublic)
def assign_key_link(
    challenge_id: int, data: KeyLinkAssign, session: SessionDep, principal: PrincipalDep
) -> ChallengePublic:
    principal.require_bureau()
    challenge = rules.get(session, challenge_id)
    return present(session, principal, rules.assign_key_link(session, challenge, data.key_link_id))


@router.get("/{challenge_id}/candidates", response_model=list[CandidatePublic])
def challenge_candidates(
    challenge_id: int, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> list[CandidatePublic]:
    challenge = rules.get_managed(session, principal, challenge_id)
    results = ranking.candidates(session, settings, challenge, top=TOP)
    firms = {str(f.id): (f, p) for f, p in ranking.approved_institutes(session)}
    return [
        CandidatePublic(
            institute_id=int(r.candidate_id),
            name=firms[r.candidate_id][0].name,
            kind=firms[r.candidate_id][1].kind,
            score=r.score,
            reasons=list(r.reasons),
        )
        for r in results
    ]


# -- full text on request ----------------------------------------------------------------------
def _access_public(access: object) -> AccessPublic:
    return AccessPublic.model_validate(access, from_attributes=True)


@router.post(
    "/{challenge_id}/access-requests",
    response_model=AccessPublic,
    status_code=status.HTTP_201_CREATED,
)
def request_full_text(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> AccessPublic:
    challenge = rules.get_visible(session, principal, challenge_id)
    return _access_public(rules.request_access(session, principal, challenge))


@router.get("/{challenge_id}/access-requests", response_model=list[AccessPublic])
def list_access_requests(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> list[AccessPublic]:
    rules.get_managed(session, principal, challenge_id)
    return [_access_public(a) for a in rules.access_requests(session, challenge_id)]


@router.post("/{challenge_id}/access-requests/{institute_id}/grant", response_model=AccessPublic)
def grant_full_text(
    challenge_id: int, institute_id: int, session: SessionDep, principal: PrincipalDep
) -> AccessPublic:
    challenge = rules.get_managed(session, principal, challenge_id)
    return _access_public(rules.grant_access(session, challenge, institute_id))


# -- applications (揭榜) ------------------------------------------------------------------------
def _application_public(session: Session, row: ChallengeApplication) -> ApplicationPublic:
    firm = session.get(Enterprise, row.institute_id)
    return ApplicationPublic(
        **row.model_dump(exclude={"file_name"}),
        institute_name=firm.name if firm else "",
        has_file=bool(row.file_name),
    )


@router.post(
    "/{challenge_id}/applications",
    response_model=ApplicationPublic,
    status_code=status.HTTP_201_CREATED,
    responses={413: {"description": "附件超过 10 MB"}, 409: {"description": "不在揭榜期或已揭榜"}},
)
def apply(
    challenge_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    approach: Annotated[str, Form(min_length=2, max_length=8000)],
    team: Annotated[str, Form(min_length=1, max_length=2000)],
    budget_wan: Annotated[Decimal, Form(ge=0, max_digits=12, decimal_places=2)],
    timeline: Annotated[str, Form(min_length=1, max_length=2000)],
    file: UploadFile | None = None,
) -> ApplicationPublic:
    """揭榜: an institute's proposal, with an optional PDF (≤ 10 MB, checked by its bytes)."""
    challenge = rules.get_visible(session, principal, challenge_id)
    firm = rules.require_institute(session, principal)
    rules.check_open_for_applications(session, challenge, firm.id or 0)
    fields: dict[str, object] = {
        "approach": approach,
        "team": team,
        "budget_wan": budget_wan,
        "timeline": timeline,
    }
    if file is not None and file.filename:
        content = file.file.read(storage.MAX_PDF_BYTES + 1)
        fields["file_name"] = storage.store_pdf(settings, content)
        fields["file_size"] = len(content)
    application = rules.add_application(session, challenge, firm.id or 0, fields)
    return _application_public(session, application)


@router.get("/{challenge_id}/applications", response_model=list[ApplicationPublic])
def list_applications(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> list[ApplicationPublic]:
    """All applications to the owner and the bureau; an institute sees its own only."""
    challenge = rules.get_visible(session, principal, challenge_id)
    rows = rules.applications(session, challenge_id)
    if not rules.manages(principal, challenge):
        firm_id = rules.institute_of(principal)
        if firm_id is None:
            raise Forbidden("揭榜申请仅对出题单位、揭榜机构和经信局可见")
        rows = [a for a in rows if a.institute_id == firm_id]
    return [_application_public(session, a) for a in rows]


@router.get("/{challenge_id}/applications/{application_id}/file")
def application_file(
    challenge_id: int,
    application_id: int,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
) -> FileResponse:
    challenge = rules.get_visible(session, principal, challenge_id)
    application = rules.get_application(session, principal, challenge, application_id)
    path = storage.pdf_path(settings, application.file_name)
    if not application.file_name or not path.is_file():
        raise NotFound("该申请没有附件")
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=f"application-{application.id}.pdf",
        content_disposition_type="attachment",
    )


# -- milestones --------------------------------------------------------------------------------
@router.post(
    "/{challenge_id}/milestones",
    response_model=MilestonePublic,
    status_code=status.HTTP_201_CREATED,
)
def add_milestone(
    challenge_id: int, data: MilestoneIn, session: SessionDep, principal: PrincipalDep
) -> MilestonePublic:
    challenge = rules.get_managed(session, principal, challenge_id)
    if challenge.status not in (ChallengeStatus.awarded, ChallengeStatus.in_progress):
        raise Conflict("只有已挂帅或攻关中的榜单可以登记里程碑")
    application = session.get(ChallengeApplication, data.application_id)
    if (
        application is None
        or application.challenge_id != challenge_id
        or application.status != "awarded"
    ):
        raise Invalid("里程碑必须属于一份中榜申请", field="application_id")
    row = ChallengeMilestone(challenge_id=challenge_id, **data.model_dump())
    session.add(row)
    session.flush()
    return MilestonePublic.model_validate(row, from_attributes=True)


@router.get("/{challenge_id}/milestones", response_model=list[MilestonePublic])
def list_milestones(
    challenge_id: int, session: SessionDep, principal: PrincipalDep
) -> list[MilestonePublic]:
    challenge = rules.get_visible(session, principal, challenge_id)
    rows = rules.milestones(session, challenge_id)
    if not rules.manages(principal, challenge):
        firm_id = rules.institute_of(principal)
        awarded = {
            a.id for a in rules.applications(session, challenge_id) if a.institute_id == firm_id
        }
        rows = [m for m in rows if m.application_id in awarded]
        if not awarded:
            raise Forbidden("里程碑仅对出题单位、中榜机构和经信局可见")
    return [MilestonePublic.model_validate(m, from_attributes=True) for m in rows]


# -- institutes --------------------------------------------------------------------------------
def _institute(session: Session, enterprise_id: int) -> Enterprise:
    firm = session.get(Enterprise, enterprise_id)
    if firm is None or not firm.is_institute:
        raise NotFound(f"链创机构 {enterprise_id} 不存在")
    return firm


def _profile_public(firm: Enterprise, profile: InstituteProfile) -> InstituteProfilePublic:
    return InstituteProfilePublic(
        enterprise_id=firm.id or 0,
        name=firm.name,
        region_code=firm.region_code,
        kind=profile.kind,
        research_fields=profile.research_fields,
        teams=profile.teams,
        platforms=profile.platforms,
        results=profile.results,
    )


@institutes_router.get("/{enterprise_id}/profile", response_model=InstituteProfilePublic)
def read_profile(
    enterprise_id: int, session: SessionDep, principal: PrincipalDep
) -> InstituteProfilePublic:
    principal.require_user()
    firm = _institute(session, enterprise_id)
    profile = rules.profile(session, enterprise_id)
    if profile is None:
        raise NotFound("该机构尚未填写链创档案")
    return _profile_public(firm, profile)


@institutes_router.put("/{enterprise_id}/profile", response_model=InstituteProfilePublic)
def save_profile(
    enterprise_id: int, data: InstituteProfileIn, session: SessionDep, principal: PrincipalDep
) -> InstituteProfilePublic:
    principal.require_acts_for(enterprise_id)
    firm = _institute(session, enterprise_id)
    profile = rules.profile(session, enterprise_id) or InstituteProfile(
        enterprise_id=enterprise_id, kind=data.kind
    )
    for name, value in data.model_dump(mode="json").items():
        setattr(profile, name, value)
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return _profile_public(firm, profile)


@institutes_router.get("/{enterprise_id}/challenges", response_model=list[RankedChallenge])
def ranked_challenges(
    enterprise_id: int, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> list[RankedChallenge]:
    """Published challenges for an institute, best first (the institute itself and the bureau)."""
    principal.require_acts_for(enterprise_id)
    firm = _institute(session, enterprise_id)
    profile = rules.profile(session, enterprise_id)
    if profile is None:
        return []
    rows = rules.open_challenges(session)
    readable = [(c, rules.institute_reads_full_text(session, c, enterprise_id)) for c in rows]
    by_id = {str(c.id): c for c in rows}
    record = ranking.institute_record(firm, profile)
    return [
        RankedChallenge(
            challenge_id=by_id[r.candidate_id].id or 0,
            title=by_id[r.candidate_id].title,
            chain_code=by_id[r.candidate_id].chain_code,
            status=by_id[r.candidate_id].status,
            score=r.score,
            reasons=list(r.reasons),
        )
        for r in ranking.challenges_for(settings, record, readable, top=TOP)
    ]


# -- key missing links -------------------------------------------------------------------------
@key_links_router.get("/{chain_code}/key-links", response_model=list[KeyLinkPublic])
def list_key_links(
    chain_code: str,
    session: SessionDep,
    principal: PrincipalDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[KeyLinkPublic]:
    principal.require_user()
    links = rules.key_links(session, chain_code, year)
    linked = rules.linked_challenges(session, [link.id or 0 for link in links])
    return [
        KeyLinkPublic(**link.model_dump(), challenge_ids=linked[link.id or 0]) for link in links
    ]


@key_links_router.post(
    "/{chain_code}/key-links", response_model=KeyLinkPublic, status_code=status.HTTP_201_CREATED
)
def add_key_link(
    chain_code: str, data: KeyLinkIn, session: SessionDep, principal: PrincipalDep
) -> KeyLinkPublic:
    link = rules.add_key_link(session, principal, chain_code, data)
    return KeyLinkPublic(**link.model_dump(), challenge_ids=[])


ROUTERS = (router, institutes_router, key_links_router)
