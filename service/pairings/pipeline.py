"""Ranked matches for a need or a supplier, and the pipeline from suggestion to contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import bindparam
from sqlalchemy import select as sql_select
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from matching import MatchResult
from service.accounts.tables import UserRole
from service.core.errors import Conflict, Forbidden, Invalid, NotFound
from service.core.paging import paginate
from service.core.tables import utcnow
from service.enterprises.tables import Enterprise, EnterpriseStatus
from service.needs.tables import Need, NeedStatus
from service.notifications.service import on_status_changed
from service.pairings.index import MatchIndex
from service.pairings.records import (
    is_matchable_supplier,
    load_supplier_records,
    need_record,
    supplier_fingerprint,
)
from service.pairings.scoring import Locality, row_values, store
from service.pairings.tables import MATCH_STATUS_LABELS, Match, MatchEvent, MatchStatus

S = MatchStatus
NEXT: dict[str, frozenset[str]] = {
    S.suggested: frozenset({S.shortlisted, S.interested, S.declined}),
    S.shortlisted: frozenset({S.interested, S.contacted, S.declined}),
    S.interested: frozenset({S.shortlisted, S.contacted, S.declined}),
    S.contacted: frozenset({S.sampling, S.contracted, S.declined}),
    S.sampling: frozenset({S.contracted, S.declined}),
    S.contracted: frozenset(),
    S.declined: frozenset(),  # re-opened only when the supplier's profile changes
}
# Which side may move a pairing into each status (the bureau may do all of them).
MOVED_BY: dict[str, frozenset[str]] = {
    S.shortlisted: frozenset({"owner"}),
    S.interested: frozenset({"supplier"}),
    S.contacted: frozenset({"owner", "supplier"}),
    S.sampling: frozenset({"owner"}),
    S.contracted: frozenset({"owner"}),
    S.declined: frozenset({"owner", "supplier"}),
}


@dataclass(frozen=True)
class Ranked:
    """One ranked candidate as every reader sees it: the pairing's one score (stored on its row
    when there is one), the live result it was ranked from, and where the supplier is."""

    rank: int
    result: MatchResult
    match: Match | None
    score: float
    components: dict[str, float]
    reasons: list[str]
    locality: Locality


def not_found(match_id: int | None) -> NotFound:
    """The error for a pairing that does not exist, or that the reader may not see."""
    return NotFound(f"对接记录 {match_id} 不存在")


def get(session: Session, match_id: int) -> Match:
    match = session.get(Match, match_id)
    if match is None:
        raise not_found(match_id)
    return match


@dataclass(frozen=True)
class Parties:
    """A pairing with its need and both firms, loaded together."""

    match: Match
    need: Need
    owner: Enterprise
    supplier: Enterprise


_OWNER, _SUPPLIER = aliased(Enterprise, name="owner"), aliased(Enterprise, name="supplier")
# Built once: a new alias per call would also mean a new statement to compile.
_WITH_PARTIES = (
    sql_select(Match, Need, _OWNER, _SUPPLIER)
    .join(Need, col(Need.id) == Match.need_id)
    .join(_OWNER, col(_OWNER.id) == Need.owner_id)
    .join(_SUPPLIER, col(_SUPPLIER.id) == Match.supplier_id)
    .where(col(Match.id) == bindparam("match_id"))
)


def get_with_parties(session: Session, match_id: int) -> Parties:
    """The pairing, its need, the need's owner and the supplier, in one query."""
    row = session.execute(_WITH_PARTIES, {"match_id": match_id}).first()
    if row is None:
        raise not_found(match_id)
    return Parties(*row)


def _today() -> date:
    return datetime.now(UTC).date()


def _current_fingerprints(session: Session, supplier_ids: set[int]) -> dict[int, str]:
    records = load_supplier_records(session, ids=supplier_ids, today=_today())
    return {sid: supplier_fingerprint(r) for sid, r in records.items()}


def _event(
    session: Session, match: Match, to: str, *, role: str, user_id: int | None, reason: str = ""
) -> None:
    assert match.id is not None
    session.add(
        MatchEvent(
            match_id=match.id,
            from_status=match.status,
            to_status=to,
            actor_user_id=user_id,
            actor_role=role,
            reason=reason,
        )
    )


def _reopen_changed(session: Session, declined: list[Match]) -> set[int]:
    """Declined pairs whose supplier changed its profile since: back to suggested. Returns the rest."""
    if not declined:
        return set()
    fingerprints = _current_fingerprints(session, {m.supplier_id for m in declined})
    still_declined = set()
    for match in declined:
        if (
            fingerprints.get(match.supplier_id, match.declined_fingerprint)
            == match.declined_fingerprint
        ):
            still_declined.add(match.supplier_id)
            continue
        _event(
            session,
            match,
            S.suggested,
            role="system",
            user_id=None,
            reason="供应商能力已更新，重新推荐",
        )
        match.status, match.declined_reason, match.declined_fingerprint = S.suggested, "", ""
        match.version += 1
        match.updated_at = utcnow()
        session.add(match)
    return still_declined


SCOPE_DEPTH = 5  # a scoped list ranks this many times `top` (at least 50): the engine retrieves
# by text before the scope is applied, so the in-scope candidates are looked for deeper


def ranked_for_need(
    session: Session,
    index: MatchIndex,
    need: Need,
    *,
    top: int,
    localities: frozenset[Locality] | None = None,
) -> list[Ranked]:
    """The best suppliers for a need (only those located in `localities`, when given), without
    declined pairs, best first; new pairs are stored as suggestions with their one score."""
    owner = session.get(Enterprise, need.owner_id)
    assert owner is not None
    assert need.id is not None
    matches = {
        m.supplier_id: m for m in session.exec(select(Match).where(Match.need_id == need.id)).all()
    }
    declined = _reopen_changed(session, [m for m in matches.values() if m.status == S.declined])
    depth = top if localities is None else max(top * SCOPE_DEPTH, 50)
    keyed = index.keyed_suppliers_for(
        need_record(need, owner),
        top=depth,
        exclude={str(s) for s in declined},
        localities=localities,
    )[:top]
    fresh = {(need.id, int(r.candidate_id)): (r, key) for r, key in keyed}
    fresh = {pair: v for pair, v in fresh.items() if pair[1] not in matches}
    if fresh:
        inserted = insert_suggestions(session, fresh)
        matches.update({m.supplier_id: m for m in inserted})
        if len(inserted) < len(fresh):  # another request stored some of them meanwhile
            ids = [s for _, s in fresh if s not in matches]
            stored = select(Match).where(Match.need_id == need.id, col(Match.supplier_id).in_(ids))
            matches.update({m.supplier_id: m for m in session.exec(stored).all()})
    for result, key in keyed:
        match = matches[int(result.candidate_id)]
        if match.score_key != key:  # a side or the engine changed since it was scored
            store(match, result, key)
            session.add(match)
    session.flush()
    rows = [
        (r, matches[int(r.candidate_id)], index.locality_of_supplier(r.candidate_id))
        for r, _ in keyed
    ]
    return _ordered(rows, own_reasons=True)


def _ordered(
    rows: Sequence[tuple[MatchResult, Match | None, Locality]], *, own_reasons: bool
) -> list[Ranked]:
    """Rank by the score shown: the pairing's stored score where a row exists, else the live one.
    `own_reasons`: the reasons stored with the score (the owner's view) rather than the live ones
    (the supplier's view, worded from its side)."""
    shown = [
        Ranked(0, result, match, *_shown(result, match, own_reasons), locality)
        for result, match, locality in rows
    ]
    shown.sort(key=lambda r: (-r.score, r.result.rank))
    return [replace(r, rank=rank) for rank, r in enumerate(shown, 1)]


def _shown(
    result: MatchResult, match: Match | None, own_reasons: bool
) -> tuple[float, dict[str, float], list[str]]:
    if match is None or not match.score_key:
        return result.score, dict(result.components), list(result.reasons)
    reasons = match.reasons if own_reasons else list(result.reasons)
    return match.score, dict(match.components), list(reasons)


def insert_suggestions(
    session: Session, pairs: dict[tuple[int, int], tuple[MatchResult, str]]
) -> list[Match]:
    """Store new suggested pairs, each with its one score and the key it was computed from, and
    return the rows stored; a pair another request stored meanwhile is left as it is and not
    returned (INSERT ... ON CONFLICT DO NOTHING RETURNING, on SQLite and PostgreSQL alike)."""
    now = utcnow()
    rows = [
        {
            "need_id": need_id,
            "supplier_id": supplier_id,
            **row_values(result, key),
            "status": S.suggested.value,
            "declined_reason": "",
            "declined_fingerprint": "",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for (need_id, supplier_id), (result, key) in pairs.items()
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # Parameters apart from the statement: one compiled statement, cached, for any number of rows.
    statement = (
        insert(Match)
        .on_conflict_do_nothing(index_elements=["need_id", "supplier_id"])
        .returning(Match)
    )
    return list(session.scalars(statement, rows).all())


def ranked_for_supplier(
    session: Session, index: MatchIndex, supplier: Enterprise, *, top: int, min_score: float = 0.0
) -> list[Ranked]:
    """The open needs that fit a supplier, best first, without pairs it declined or weak fits.
    A pair already stored shows its stored score (computed again first if a side changed)."""
    assert supplier.id is not None
    record = index.supplier(supplier.id)
    if record is None:
        return []
    matches = {
        m.need_id: m
        for m in session.exec(select(Match).where(Match.supplier_id == supplier.id)).all()
    }
    fingerprint = supplier_fingerprint(record)
    exclude = {
        str(need_id)
        for need_id, m in matches.items()
        if m.status == S.declined and m.declined_fingerprint == fingerprint
    }
    keyed = index.keyed_needs_for(record, top=top, exclude=exclude)
    for result, key in keyed:
        match = matches.get(int(result.candidate_id))
        if match is not None and match.score_key != key:
            need = index.need(result.candidate_id)
            if need is not None:
                store(match, index.score_pair(need, record), key)
                session.add(match)
    session.flush()
    rows = [
        (r, matches.get(int(r.candidate_id)), index.locality_of_need(r.candidate_id))
        for r, _ in keyed
    ]
    ranked = _ordered(rows, own_reasons=False)
    return [r for r in ranked if r.score >= min_score]


def refresh_scores(session: Session, index: MatchIndex, rows: list[Match]) -> None:
    """Compute again the stored score of pairings whose need, supplier or engine changed since
    (or that were started by hand and never scored). A pair the index no longer holds (a closed
    need, a withdrawn firm) keeps the score it had."""
    for match in rows:
        need = index.need(match.need_id)
        supplier = index.supplier(match.supplier_id)
        if need is None or supplier is None:
            continue
        key = index.pair_key(need, supplier)
        if match.score_key != key:
            store(match, index.score_pair(need, supplier), key)
            session.add(match)
    session.flush()


def create(session: Session, *, need_id: int, supplier_id: int) -> Match:
    """A pairing a person starts by hand (an owner picks a firm, a supplier answers a need)."""
    need = session.get(Need, need_id)
    if need is None:
        raise Invalid(f"需求 {need_id} 不存在", field="need_id")
    if need.status != NeedStatus.open:
        raise Invalid("该需求已关闭，不能再对接", field="need_id")
    owner = session.get(Enterprise, need.owner_id)
    if owner is None or owner.status != EnterpriseStatus.approved:
        raise Invalid(f"需求 {need_id} 的发布企业尚未通过审核，不能对接", field="need_id")
    supplier = session.get(Enterprise, supplier_id)
    if not is_matchable_supplier(supplier):
        raise Invalid(f"企业 {supplier_id} 不是已审核的配套企业", field="supplier_id")
    existing = session.exec(
        select(Match).where(Match.need_id == need_id, Match.supplier_id == supplier_id)
    ).first()
    if existing is not None:
        return existing
    match = Match(need_id=need_id, supplier_id=supplier_id)
    session.add(match)
    session.flush()
    return match


def side_of(
    principal_role: str | None, principal_enterprise: int | None, match: Match, need: Need
) -> str | None:
    """Which party of the pairing the reader is: owner, supplier, bureau, or none."""
    if principal_role == UserRole.bureau:
        return "bureau"
    if principal_enterprise is not None and principal_enterprise == need.owner_id:
        return "owner"
    if principal_enterprise is not None and principal_enterprise == match.supplier_id:
        return "supplier"
    return None


def transition(
    session: Session,
    match: Match,
    to: MatchStatus,
    *,
    side: str | None,
    user_id: int | None,
    reason: str = "",
    expected_version: int | None = None,
) -> Match:
    """Move a pairing one step, if the step is allowed and this side may take it."""
    if side is None:
        raise not_found(match.id)
    if expected_version is not None and expected_version != match.version:
        raise Conflict(
            "该对接记录已被他人更新，请刷新后重试",
            field="version",
            extra={"current_version": match.version, "current_status": match.status},
        )
    if to not in NEXT[match.status]:
        raise Invalid(f"不能从「{label(match.status)}」变为「{label(to)}」", field="to")
    if side != "bureau" and side not in MOVED_BY[to]:
        raise Forbidden(
            f"{'链主' if side == 'owner' else '配套企业'}不能将对接标记为「{label(to)}」"
        )
    if to == S.declined and not reason.strip():
        raise Invalid("请填写不合作的原因", field="reason")
    values: dict[str, object] = {"status": to, "version": match.version + 1, "updated_at": utcnow()}
    if to == S.declined:
        values["declined_reason"] = reason.strip()
        values["declined_fingerprint"] = _current_fingerprints(session, {match.supplier_id}).get(
            match.supplier_id, ""
        )
    # Compare-and-set on the version: of two people moving the same pairing at once, one wins.
    from_status = match.status
    _event(session, match, to, role=side, user_id=user_id, reason=reason.strip())
    result = session.execute(
        sql_update(Match)
        .where(col(Match.id) == match.id, col(Match.version) == match.version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("该对接记录已被他人更新，请刷新后重试", field="version")
    for key, value in values.items():  # what the row now holds, without reading it back
        set_committed_value(match, key, value)
    session.flush()
    on_status_changed(
        session, match=match, from_status=from_status, to_status=to, actor_user_id=user_id
    )
    return match


def events(session: Session, match_id: int) -> list[MatchEvent]:
    return list(
        session.exec(
            select(MatchEvent).where(MatchEvent.match_id == match_id).order_by(col(MatchEvent.id))
        ).all()
    )


def label(status: str) -> str:
    return MATCH_STATUS_LABELS.get(status, status)


def list_for(
    session: Session,
    *,
    need_ids: list[int] | None,
    supplier_id: int | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Match], int]:
    statement = select(Match)
    if need_ids is not None:
        statement = statement.where(col(Match.need_id).in_(need_ids))
    if supplier_id is not None:
        statement = statement.where(Match.supplier_id == supplier_id)
    if status:
        statement = statement.where(Match.status == status)
    return paginate(
        session,
        statement,
        limit=limit,
        offset=offset,
        order_by=col(Match.id),
        count_key=(tuple(need_ids) if need_ids is not None else None, supplier_id, status),
    )


def store_suggestions(session: Session, index: MatchIndex, *, per_need: int) -> int:
    """Suggestions for every open need (first stage of the funnel); returns how many are stored."""
    needs = session.exec(select(Need).where(Need.status == NeedStatus.open)).all()
    return sum(len(ranked_for_need(session, index, need, top=per_need)) for need in needs)
