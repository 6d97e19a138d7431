"""Review means review: what a firm may change by itself, and the bureau's decision on the rest.

A firm still under review (pending or rejected) edits its draft freely; editing a rejected draft
submits it again. An approved firm's changes to its identity (name, credit code, region, roles,
chains) are stored as a proposal: the old values stay public until the bureau approves it. Tags
record government designations (专精特新, 小巨人, …): only the bureau sets them."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from service.catalog.checks import check_chain, check_credit_code, check_region
from service.core.errors import Conflict, Forbidden, NotFound
from service.core.tables import utcnow
from service.enterprises import service as enterprises
from service.enterprises.schemas import EnterpriseUpdate
from service.enterprises.tables import (
    DESIGNATION_TAGS,
    REVIEWED_FIELDS,
    Enterprise,
    EnterpriseChange,
    EnterpriseStatus,
)


def update_by_firm(
    session: Session, firm: Enterprise, data: EnterpriseUpdate, *, threshold: float, user_id: int
) -> Enterprise:
    """A firm's own change of its record (see the module's rules)."""
    changes = data.model_dump(exclude_unset=True, mode="json")
    changes.pop("status", None)  # firms cannot approve themselves
    _refuse_designations(firm, changes.pop("tags", None))
    if firm.status != EnterpriseStatus.approved:
        if firm.status == EnterpriseStatus.rejected:
            changes["status"] = EnterpriseStatus.pending
        return enterprises.update(session, firm, EnterpriseUpdate(**changes), threshold=threshold)
    proposed = {
        key: changes.pop(key)
        for key in REVIEWED_FIELDS
        if key in changes and _differs(firm, key, changes[key])
    }
    if proposed:
        _check_proposal(session, firm, proposed, threshold=threshold)
        _propose(session, firm, proposed, user_id=user_id)
    if changes:
        return enterprises.update(session, firm, EnterpriseUpdate(**changes), threshold=threshold)
    return firm


def _refuse_designations(firm: Enterprise, tags: list[str] | None) -> None:
    if tags is None:
        return
    changed = (set(tags) ^ set(firm.tags)) & DESIGNATION_TAGS
    if changed:
        names = "、".join(sorted(changed))
        raise Forbidden(f"「{names}」是政府认定称号，由经信局设置", field="tags")


def _differs(firm: Enterprise, key: str, value: Any) -> bool:
    if key in ("roles", "chain_codes"):
        return sorted(set(value or [])) != sorted(getattr(firm, key))
    if key == "credit_code":
        return (value or "").strip().upper() != (firm.credit_code or "")
    if key == "name":
        return value is not None and value.strip() != firm.name
    return value is not None and value != getattr(firm, key)


def _check_proposal(
    session: Session, firm: Enterprise, proposed: dict[str, Any], *, threshold: float
) -> None:
    """The checks the change would meet on approval, made now, so the bureau reviews only
    proposals that can be applied."""
    if "credit_code" in proposed:
        proposed["credit_code"] = check_credit_code(proposed["credit_code"])
    if proposed.get("region_code") is not None:
        check_region(proposed["region_code"])
    for i, code in enumerate(proposed.get("chain_codes") or []):
        check_chain(code, field=f"chain_codes.{i}")
    if proposed.get("name") or proposed.get("credit_code"):
        enterprises.raise_if_duplicate(
            session,
            name=proposed.get("name") or firm.name,
            credit_code=proposed.get("credit_code"),
            threshold=threshold,
            exclude_id=firm.id,
        )


def _propose(session: Session, firm: Enterprise, proposed: dict[str, Any], *, user_id: int) -> None:
    """One open proposal per firm: a later one adds to it (a field proposed twice: the later)."""
    assert firm.id is not None  # a stored firm
    change = pending_change(session, firm.id)
    if change is None:
        change = EnterpriseChange(enterprise_id=firm.id, changes={})
    change.changes = {**change.changes, **proposed}
    change.proposed_by_user_id = user_id
    change.created_at = utcnow()
    session.add(change)
    session.flush()


def pending_change(session: Session, enterprise_id: int | None) -> EnterpriseChange | None:
    return session.exec(
        select(EnterpriseChange).where(
            EnterpriseChange.enterprise_id == enterprise_id,
            EnterpriseChange.status == EnterpriseStatus.pending,
        )
    ).first()


def changes_of(session: Session, enterprise_id: int) -> list[EnterpriseChange]:
    statement = (
        select(EnterpriseChange)
        .where(EnterpriseChange.enterprise_id == enterprise_id)
        .order_by(col(EnterpriseChange.id).desc())
    )
    return list(session.exec(statement).all())


def open_changes(session: Session) -> list[tuple[EnterpriseChange, Enterprise]]:
    """Every proposal awaiting the bureau, oldest first, with its firm."""
    statement = (
        select(EnterpriseChange, Enterprise)
        .join(Enterprise, col(Enterprise.id) == EnterpriseChange.enterprise_id)
        .where(EnterpriseChange.status == EnterpriseStatus.pending)
        .order_by(col(EnterpriseChange.created_at))
    )
    return [(change, firm) for change, firm in session.exec(statement).all()]


def get_change(session: Session, enterprise_id: int, change_id: int) -> EnterpriseChange:
    change = session.get(EnterpriseChange, change_id)
    if change is None or change.enterprise_id != enterprise_id:
        raise NotFound(f"变更申请 {change_id} 不存在")
    return change


def get_change_by_id(session: Session, change_id: int) -> EnterpriseChange:
    change = session.get(EnterpriseChange, change_id)
    if change is None:
        raise NotFound(f"变更申请 {change_id} 不存在")
    return change


def decide(
    session: Session,
    change: EnterpriseChange,
    *,
    approve: bool,
    user_id: int,
    threshold: float,
) -> EnterpriseChange:
    """The bureau's decision: an approved proposal is applied (checked again: the register may
    have changed since); a rejected one is kept, and the firm's record stays as it was."""
    if change.status != EnterpriseStatus.pending:
        raise Conflict("该变更申请已处理")
    if approve:
        firm = enterprises.get(session, change.enterprise_id)
        enterprises.update(session, firm, EnterpriseUpdate(**change.changes), threshold=threshold)
    change.status = EnterpriseStatus.approved if approve else EnterpriseStatus.rejected
    change.decided_by_user_id = user_id
    change.decided_at = utcnow()
    session.add(change)
    session.flush()
    return change
