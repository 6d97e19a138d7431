"""Rules of 链创: who reads and moves a challenge, the status machine, applications, access
grants, milestones and key links. Services flush, never commit (the request boundary does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, or_, select

from service.accounts.deps import Principal
from service.accounts.tables import UserRole
from service.catalog.tables import Chain
from service.challenges.schemas import ChallengeCreate, ChallengeUpdate, KeyLinkIn, TransitionIn
from service.challenges.tables import (
    ApplicationStatus,
    Challenge,
    ChallengeAccess,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeMilestone,
    ChallengeStatus,
    Disclosure,
    InstituteProfile,
    KeyLink,
)
from service.core.errors import Conflict, Forbidden, Invalid, NotFound
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise, EnterpriseStatus

S = ChallengeStatus
STATUS_LABELS = {
    S.draft: "草稿",
    S.submitted: "待审核",
    S.published: "已张榜",
    S.closed: "揭榜截止",
    S.awarded: "已挂帅",
    S.in_progress: "攻关中",
    S.accepted: "已验收",
    S.failed: "未通过验收",
    S.withdrawn: "已撤榜",
}
# Statuses every signed-in user may see; before them only the owner and the bureau see a challenge.
PUBLIC_STATUSES = (S.published, S.closed, S.awarded, S.in_progress, S.accepted, S.failed)
# Allowed moves: target -> who may make it ("owner": the owning firm or the bureau).
MOVES: dict[S, dict[S, str]] = {
    S.draft: {S.submitted: "owner", S.withdrawn: "owner"},
    S.submitted: {S.published: "bureau", S.draft: "bureau", S.withdrawn: "owner"},
    S.published: {S.closed: "owner", S.withdrawn: "owner"},
    S.closed: {S.awarded: "owner", S.withdrawn: "owner"},
    S.awarded: {S.in_progress: "owner", S.withdrawn: "owner"},
    S.in_progress: {S.accepted: "owner", S.failed: "owner", S.withdrawn: "owner"},
}
REASON_REQUIRED = (S.draft, S.failed, S.withdrawn)


def label(status: str) -> str:
    return STATUS_LABELS.get(S(status), status) if status in S.__members__ else status


# -- who ---------------------------------------------------------------------------------------
def manages(principal: Principal, challenge: Challenge) -> bool:
    """The bureau, and the staff of the firm that set the problem."""
    return principal.is_bureau or (
        challenge.owner_id is not None and principal.enterprise_id == challenge.owner_id
    )


def institute_of(principal: Principal) -> int | None:
    """The enterprise id of a signed-in institute user, else None."""
    if principal.role == UserRole.institute:
        return principal.enterprise_id
    return None


def require_institute(session: Session, principal: Principal) -> Enterprise:
    principal.require_user()
    firm_id = institute_of(principal)
    firm = session.get(Enterprise, firm_id) if firm_id is not None else None
    if firm is None or not firm.is_institute:
        raise Forbidden("仅链创机构用户可执行此操作")
    if firm.status != EnterpriseStatus.approved:
        raise Forbidden("机构登记尚未通过经信局审核")
    return firm


def not_found(challenge_id: int | None) -> NotFound:
    return NotFound(f"榜单 {challenge_id} 不存在")


def get(session: Session, challenge_id: int) -> Challenge:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None:
        raise not_found(challenge_id)
    return challenge


def get_visible(session: Session, principal: Principal, challenge_id: int) -> Challenge:
    """A challenge this user may see at all; others' drafts answer as missing."""
    principal.require_user()
    challenge = get(session, challenge_id)
    if challenge.status not in PUBLIC_STATUSES and not manages(principal, challenge):
        raise not_found(challenge_id)
    return challenge


def get_managed(session: Session, principal: Principal, challenge_id: int) -> Challenge:
    challenge = get_visible(session, principal, challenge_id)
    if not manages(principal, challenge):
        raise Forbidden("只有出题单位和经信局可以执行此操作")
    return challenge


def applied(session: Session, challenge_id: int, institute_id: int) -> ChallengeApplication | None:
    return session.exec(
        select(ChallengeApplication).where(
            ChallengeApplication.challenge_id == challenge_id,
            ChallengeApplication.institute_id == institute_id,
        )
    ).first()


def reads_full_text(session: Session, principal: Principal, challenge: Challenge) -> bool:
    """Owner and bureau always; an institute when the challenge is public, when the owner granted
    it the text, or when it applied; suppliers and other owners never (the public parts only)."""
    if manages(principal, challenge):
        return True
    firm_id = institute_of(principal)
    return firm_id is not None and institute_reads_full_text(session, challenge, firm_id)


def institute_reads_full_text(session: Session, challenge: Challenge, institute_id: int) -> bool:
    if challenge.disclosure == Disclosure.public:
        return True
    access = session.get(ChallengeAccess, (challenge.id, institute_id))
    granted = access is not None and access.granted
    return granted or applied(session, challenge.id or 0, institute_id) is not None


def open_challenges(session: Session) -> list[Challenge]:
    """Challenges taking applications, for institutes to find."""
    query = select(Challenge).where(Challenge.status == S.published)
    return list(session.exec(query.order_by(col(Challenge.id))).all())


def milestones(session: Session, challenge_id: int) -> list[ChallengeMilestone]:
    return list(
        session.exec(
            select(ChallengeMilestone)
            .where(ChallengeMilestone.challenge_id == challenge_id)
            .order_by(col(ChallengeMilestone.due_on), col(ChallengeMilestone.id))
        ).all()
    )


# -- list, create, update ----------------------------------------------------------------------
@dataclass(frozen=True)
class ChallengeFilter:
    chain: str | None = None
    status: str | None = None
    mode: str | None = None
    owner_id: int | None = None
    key_link_id: int | None = None
    q: str | None = None


def list_page(
    session: Session, principal: Principal, filters: ChallengeFilter, *, limit: int, offset: int
) -> tuple[list[Challenge], int]:
    principal.require_user()
    query = select(Challenge)
    if not principal.is_bureau:
        visible: ColumnElement[bool] = col(Challenge.status).in_([s.value for s in PUBLIC_STATUSES])
        if principal.enterprise_id is not None:
            visible = or_(visible, Challenge.owner_id == principal.enterprise_id)
        query = query.where(visible)
    for column, value in (
        (Challenge.chain_code, filters.chain),
        (Challenge.status, filters.status),
        (Challenge.mode, filters.mode),
        (Challenge.owner_id, filters.owner_id),
        (Challenge.key_link_id, filters.key_link_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.q:
        pattern = f"%{filters.q}%"
        query = query.where(
            or_(col(Challenge.title).like(pattern), col(Challenge.summary).like(pattern))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Challenge.id).desc()).limit(limit).offset(offset)).all()
    return list(rows), total


def _check_chain(session: Session, chain_code: str) -> None:
    if session.get(Chain, chain_code) is None:
        raise Invalid(f"未知产业链：{chain_code}", field="chain_code")


def _check_key_link(session: Session, key_link_id: int | None, chain_code: str) -> None:
    if key_link_id is None:
        return
    link = session.get(KeyLink, key_link_id)
    if link is None or link.chain_code != chain_code:
        raise Invalid("关键缺失环节不属于该产业链", field="key_link_id")


def create(
    session: Session, principal: Principal, data: ChallengeCreate, *, need_id: int | None = None
) -> Challenge:
    user = principal.require_user()
    if data.owner_id is None:
        principal.require_bureau()
    else:
        principal.require_acts_for(data.owner_id)
        owner = session.get(Enterprise, data.owner_id)
        if owner is None or not owner.is_owner:
            raise Invalid("出题单位必须是已登记的链主企业", field="owner_id")
    _check_chain(session, data.chain_code)
    _check_key_link(session, data.key_link_id, data.chain_code)
    fields = data.model_dump(mode="json", exclude={"budget_wan", "deadline"})
    challenge = Challenge(
        **fields,
        budget_wan=data.budget_wan,
        deadline=data.deadline,
        posted_by_user_id=user.id,
        need_id=need_id,
    )
    session.add(challenge)
    session.flush()
    return challenge


def update(session: Session, challenge: Challenge, data: ChallengeUpdate) -> Challenge:
    if challenge.status != S.draft:
        raise Conflict(f"榜单状态为「{label(challenge.status)}」，只有草稿可以修改")
    changes = data.model_dump(exclude_unset=True)
    if "key_link_id" in changes:
        _check_key_link(session, changes["key_link_id"], challenge.chain_code)
    for name, value in changes.items():
        if name == "indicators" and value is not None:
            value = [dict(i) for i in value]
        setattr(challenge, name, value)
    challenge.updated_at = utcnow()
    session.add(challenge)
    session.flush()
    return challenge


def from_need(session: Session, principal: Principal, need_id: int) -> Challenge:
    """转为揭榜挂帅: a draft challenge from an open need (a gap), keeping the link to it."""
    from service.needs.tables import Need  # a table, read here only

    need = session.get(Need, need_id)
    if need is None or not principal.acts_for(need.owner_id):
        raise NotFound(f"需求 {need_id} 不存在")
    if need.chain_code is None:
        raise Invalid("需求未指定产业链，无法转为榜单", field="chain_code")
    data = ChallengeCreate(
        owner_id=need.owner_id,
        chain_code=need.chain_code,
        segment=need.segment,
        title=f"{need.title}技术攻关",
        summary=f"由配套需求「{need.title}」转来：本地暂无合格配套，征集技术攻关方案。",
        problem=need.description or need.title,
        expected_result="样机",
        budget_wan=0,
        duration_months=12,
        deadline=date(utcnow().year, 12, 31),
    )
    return create(session, principal, data, need_id=need.id)


# -- status machine ----------------------------------------------------------------------------
def transition(
    session: Session, principal: Principal, challenge: Challenge, move: TransitionIn
) -> Challenge:
    user = principal.require_user()
    current, target = S(challenge.status), move.to
    who = MOVES.get(current, {}).get(target)
    if who is None:
        raise Conflict(f"榜单状态为「{label(current)}」，不能改为「{label(target)}」")
    if who == "bureau" and not principal.is_bureau:
        raise Forbidden("仅经信局可以审核张榜")
    if not manages(principal, challenge):
        raise Forbidden("只有出题单位和经信局可以变更榜单状态")
    if target in REASON_REQUIRED and not move.reason.strip():
        raise Invalid("请说明原因", field="reason")
    if target == S.awarded:
        _award(session, challenge, move.application_ids)
    if target == S.accepted:
        if not move.result.strip():
            raise Invalid("验收需填写成果", field="result")
        challenge.result = move.result.strip()
    record_move(session, challenge, target, user_id=user.id, reason=move.reason.strip())
    return challenge


def record_move(
    session: Session, challenge: Challenge, target: S, *, user_id: int | None, reason: str
) -> None:
    assert challenge.id is not None  # a stored challenge
    session.add(
        ChallengeEvent(
            challenge_id=challenge.id,
            from_status=challenge.status,
            to_status=target,
            user_id=user_id,
            reason=reason,
        )
    )
    challenge.status = target
    challenge.updated_at = utcnow()
    session.add(challenge)
    session.flush()


def _award(session: Session, challenge: Challenge, application_ids: list[int]) -> None:
    """赛马制: one or several applications win; the rest are told they did not."""
    if not application_ids:
        raise Invalid("请选择至少一份揭榜申请", field="application_ids")
    rows = applications(session, challenge.id or 0)
    chosen = set(application_ids)
    if not chosen <= {a.id for a in rows}:
        raise Invalid("所选申请不属于该榜单", field="application_ids")
    for application in rows:
        awarded = application.id in chosen
        application.status = ApplicationStatus.awarded if awarded else ApplicationStatus.not_awarded
        session.add(application)


def history(session: Session, challenge_id: int) -> list[ChallengeEvent]:
    return list(
        session.exec(
            select(ChallengeEvent)
            .where(ChallengeEvent.challenge_id == challenge_id)
            .order_by(col(ChallengeEvent.id))
        ).all()
    )


# -- full-text access --------------------------------------------------------------------------
def request_access(session: Session, principal: Principal, challenge: Challenge) -> ChallengeAccess:
    firm = require_institute(session, principal)
    if challenge.status not in PUBLIC_STATUSES:
        raise not_found(challenge.id)
    access = session.get(ChallengeAccess, (challenge.id, firm.id))
    if access is None:
        access = ChallengeAccess(challenge_id=challenge.id or 0, institute_id=firm.id or 0)
        if challenge.disclosure == Disclosure.public:
            access.granted, access.granted_at = True, utcnow()
        session.add(access)
        session.flush()
    return access


def grant_access(session: Session, challenge: Challenge, institute_id: int) -> ChallengeAccess:
    access = session.get(ChallengeAccess, (challenge.id, institute_id))
    if access is None:
        raise NotFound("该机构未申请查看全文")
    if not access.granted:
        access.granted, access.granted_at = True, utcnow()
        session.add(access)
        session.flush()
    return access


def access_requests(session: Session, challenge_id: int) -> list[ChallengeAccess]:
    return list(
        session.exec(
            select(ChallengeAccess)
            .where(ChallengeAccess.challenge_id == challenge_id)
            .order_by(col(ChallengeAccess.requested_at))
        ).all()
    )


# -- applications ------------------------------------------------------------------------------
def applications(session: Session, challenge_id: int) -> list[ChallengeApplication]:
    return list(
        session.exec(
            select(ChallengeApplication)
            .where(ChallengeApplication.challenge_id == challenge_id)
            .order_by(col(ChallengeApplication.id))
        ).all()
    )


def check_open_for_applications(session: Session, challenge: Challenge, institute_id: int) -> None:
    if challenge.status != S.published:
        raise Conflict(f"榜单状态为「{label(challenge.status)}」，不接受揭榜")
    if utcnow().date() > challenge.deadline:
        raise Conflict("揭榜截止日期已过")
    if applied(session, challenge.id or 0, institute_id) is not None:
        raise Conflict("本机构已揭榜该榜单")


def add_application(
    session: Session, challenge: Challenge, institute_id: int, fields: dict[str, Any]
) -> ChallengeApplication:
    application = ChallengeApplication(
        challenge_id=challenge.id or 0, institute_id=institute_id, **fields
    )
    session.add(application)
    session.flush()
    return application


def get_application(
    session: Session, principal: Principal, challenge: Challenge, application_id: int
) -> ChallengeApplication:
    """An application its owner, its applicant or the bureau may read; to anyone else, missing."""
    application = session.get(ChallengeApplication, application_id)
    if application is None or application.challenge_id != challenge.id:
        raise NotFound(f"揭榜申请 {application_id} 不存在")
    if not manages(principal, challenge) and institute_of(principal) != application.institute_id:
        raise NotFound(f"揭榜申请 {application_id} 不存在")
    return application


# -- institutes and key links ------------------------------------------------------------------
def profile(session: Session, enterprise_id: int) -> InstituteProfile | None:
    return session.get(InstituteProfile, enterprise_id)


def key_links(session: Session, chain_code: str, year: int | None) -> list[KeyLink]:
    query = select(KeyLink).where(KeyLink.chain_code == chain_code)
    if year is not None:
        query = query.where(KeyLink.year == year)
    return list(session.exec(query.order_by(col(KeyLink.year), col(KeyLink.id))).all())


def add_key_link(
    session: Session, principal: Principal, chain_code: str, data: KeyLinkIn
) -> KeyLink:
    user = principal.require_user()
    principal.require_bureau()
    _check_chain(session, chain_code)
    link = KeyLink(chain_code=chain_code, created_by_user_id=user.id, **data.model_dump())
    session.add(link)
    session.flush()
    return link


def linked_challenges(session: Session, link_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {i: [] for i in link_ids}
    if link_ids:
        rows = session.exec(
            select(Challenge.key_link_id, Challenge.id)
            .where(col(Challenge.key_link_id).in_(link_ids))
            .order_by(col(Challenge.id))
        ).all()
        for link_id, challenge_id in rows:
            out[link_id or 0].append(challenge_id or 0)
    return out


def assign_key_link(session: Session, challenge: Challenge, key_link_id: int | None) -> Challenge:
    _check_key_link(session, key_link_id, challenge.chain_code)
    challenge.key_link_id = key_link_id
    session.add(challenge)
    session.flush()
    return challenge
