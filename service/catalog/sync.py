"""Mirror the reference catalogs into their tables, once per catalog version."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from catalogs.chains import load_chains
from catalogs.regions import DATA_DIR, load_regions
from service.catalog.tables import Chain, ChainSegment, Meta, Region

CATALOG_VERSION_KEY = "catalog_version"


def catalog_version() -> str:
    data = Path(DATA_DIR)
    digest = hashlib.sha256()
    for path in sorted([data / "regions.csv", *sorted((data / "chains").glob("*.json"))]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sync_catalogs(session: Session) -> bool:
    """Bring region / chain tables up to the catalogs; return True when anything was written."""
    version = catalog_version()
    current = session.get(Meta, CATALOG_VERSION_KEY)
    if current is not None and current.value == version:
        return False
    _sync_regions(session)
    _sync_chains(session)
    session.merge(Meta(key=CATALOG_VERSION_KEY, value=version))
    session.flush()
    return True


def _sync_regions(session: Session) -> None:
    existing = {r.code: r for r in session.exec(select(Region)).all()}
    new_rows = []
    for region in load_regions():
        row = existing.get(region.code)
        values = {
            "code": region.code,
            "name": region.name,
            "parent_code": region.parent_code or None,
            "level": region.level,
        }
        if row is None:
            new_rows.append(values)
        elif (row.name, row.parent_code, row.level) != (
            values["name"],
            values["parent_code"],
            values["level"],
        ):
            row.name, row.parent_code, row.level = region.name, region.parent_code, region.level
            session.add(row)
    if new_rows:
        session.execute(insert(Region), new_rows)


def _sync_chains(session: Session) -> None:
    session.execute(delete(ChainSegment))
    existing = {c.code: c for c in session.exec(select(Chain)).all()}
    for chain in load_chains(None):
        row = existing.get(chain.code) or Chain(
            code=chain.code,
            name=chain.name,
            chain_set=chain.chain_set,
            region_code=chain.region_code,
        )
        row.name, row.chain_set, row.region_code = chain.name, chain.chain_set, chain.region_code
        if not row.target_set_by:  # a target the bureau set outlives catalog updates
            row.target_rate = chain.target_rate
        session.add(row)
    session.flush()
    segments = [
        {"chain_code": c.code, "code": s.code, "name": s.name, "stage": s.stage}
        for c in load_chains(None)
        for s in c.segments
    ]
    if segments:
        session.execute(insert(ChainSegment), segments)
