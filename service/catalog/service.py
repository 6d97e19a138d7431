"""Chains in the service: names from the catalog, targets from the catalog unless the bureau has set one."""

from __future__ import annotations

from sqlmodel import Session, select

from catalogs.chains import load_chains
from service.catalog.tables import Chain
from service.core.errors import NotFound


def chain_names(chain_set: str) -> dict[str, str]:
    """Chain code → name for the deployment's chain set."""
    return {c.code: c.name for c in load_chains(chain_set)}


def targets(session: Session) -> dict[str, float | None]:
    return {c.code: c.target_rate for c in session.exec(select(Chain)).all()}


def set_target(session: Session, code: str, rate: float | None, *, set_by: str) -> Chain:
    chain = session.get(Chain, code)
    if chain is None:
        raise NotFound(f"产业链 {code} 不存在")
    chain.target_rate = rate
    chain.target_set_by = set_by
    session.add(chain)
    session.flush()
    return chain
