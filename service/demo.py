"""Load the illustrative Xianning demo data set into the tables (idempotent, one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol, TypeVar

from sqlmodel import Session, col, select

from demo import DemoDataset
from service.accounts import service as users
from service.accounts.tables import User, UserRole
from service.catalog.tables import Meta
from service.core.text import item_key, name_key
from service.enterprises.tables import Capability, Enterprise, chain_rows, tag_rows
from service.ledger.tables import Purchase
from service.needs.tables import Need
from service.pairings.index import MatchIndex
from service.pairings.tables import Match, MatchStatus

DEMO_KEY = "demo_dataset"
DEMO_PASSWORD = "peitao-demo-2026"
T = TypeVar("T")


class Progress(Protocol):
    def __call__(self, items: Iterable[T], label: str, /) -> Iterable[T]: ...


def _no_progress(items: Iterable[T], _label: str) -> Iterable[T]:
    return items


def load_demo(session: Session, dataset: DemoDataset, *, progress: Progress = _no_progress) -> bool:
    """Insert the data set unless it is there already; return True when it was loaded now."""
    if session.get(Meta, DEMO_KEY) is not None:
        return False
    ids = _load_enterprises(session, dataset, progress)
    _load_needs(session, dataset, ids, progress)
    _load_capabilities(session, dataset, ids, progress)
    _load_purchases(session, dataset, ids, progress)
    _create_demo_users(session, dataset, ids)
    _set_demo_targets(session, dataset)
    session.add(Meta(key=DEMO_KEY, value="xianning"))
    session.flush()
    return True


def _load_enterprises(session: Session, ds: DemoDataset, progress: Progress) -> dict[str, int]:
    ids: dict[str, int] = {}
    for e in progress(ds.enterprises, "企业"):
        enterprise = Enterprise(
            name=e.name,
            name_key=name_key(e.name),
            credit_code=e.credit_code,
            region_code=e.region_code,
            industry_code=e.industry_code or None,
            is_owner="owner" in e.roles,
            is_supplier="supplier" in e.roles,
            is_institute="institute" in e.roles,
            address=e.address,
            contact_name=e.contact_name,
            contact_phone=e.contact_phone,
            description=e.description,
            employees=e.employees,
            tag_rows=tag_rows(e.tags),
            chain_rows=chain_rows(e.chain_codes),
        )
        session.add(enterprise)
        session.flush()
        assert enterprise.id is not None
        ids[e.key] = enterprise.id
    return ids


def _load_needs(session: Session, ds: DemoDataset, ids: dict[str, int], progress: Progress) -> None:
    for n in progress(ds.needs, "需求"):
        session.add(
            Need(
                owner_id=ids[n.owner_key],
                chain_code=n.chain_code,
                segment=n.segment,
                title=n.title,
                description=n.description,
                category=n.category,
                yearly_quantity=n.yearly_quantity,
                unit=n.unit,
                yearly_amount=Decimal(str(round(n.yearly_amount, 2))),
                required_certifications=list(n.required_certifications),
                current_suppliers=[{"name": s, "region_code": r} for s, r in n.current_suppliers],
                status=n.status,
            )
        )
    session.flush()


def _load_capabilities(
    session: Session, ds: DemoDataset, ids: dict[str, int], progress: Progress
) -> None:
    for c in progress(ds.capabilities, "能力"):
        session.add(
            Capability(
                supplier_id=ids[c.supplier_key],
                title=c.title,
                description=c.description,
                category=c.category,
                capacity=c.capacity,
                min_order=c.min_order,
                lead_time_days=c.lead_time_days,
                certifications=[
                    {"code": code, "expires_on": d.isoformat()} for code, d in c.certifications
                ],
            )
        )
    session.flush()


def _load_purchases(
    session: Session, ds: DemoDataset, ids: dict[str, int], progress: Progress
) -> None:
    registered = {name_key(e.name): ids[e.key] for e in ds.enterprises}
    for p in progress(ds.purchases, "台账"):
        key = name_key(p.supplier_name)
        session.add(
            Purchase(
                owner_id=ids[p.owner_key],
                item=p.item,
                item_key=item_key(p.item),
                category=p.category,
                chain_code=p.chain_code,
                supplier_name=p.supplier_name,
                supplier_key=key,
                supplier_id=registered.get(key),
                supplier_region=p.supplier_region,
                amount=Decimal(str(round(p.amount, 2))),
                period=p.period,
            )
        )
    session.flush()


DEMO_TARGET_RATE = 0.30  # illustrative: the 2026–2030 plan sets no numeric target


def _set_demo_targets(session: Session, ds: DemoDataset) -> None:
    """Targets as the bureau would set them, so the dashboard's target column has something."""
    from service.catalog.service import set_target

    for code in sorted({n.chain_code for n in ds.needs}):
        set_target(session, code, DEMO_TARGET_RATE, set_by="demo")


def _create_demo_users(session: Session, ds: DemoDataset, ids: dict[str, int]) -> None:
    """bureau / owner / supplier showcase accounts, plus owner-N for every chain owner."""
    if session.exec(select(User).where(User.username == "bureau")).first() is None:
        users.create(
            session,
            username="bureau",
            password=DEMO_PASSWORD,
            role=UserRole.bureau,
            enterprise_id=None,
        )
    owners = [e for e in ds.enterprises if "owner" in e.roles]
    local_suppliers = [
        e for e in ds.enterprises if "supplier" in e.roles and e.region_code.startswith("4212")
    ]
    accounts = [
        ("owner", UserRole.owner, owners[0].key),
        ("supplier", UserRole.supplier, local_suppliers[0].key),
    ]
    accounts += [(f"owner-{i}", UserRole.owner, e.key) for i, e in enumerate(owners, start=1)]
    for username, role, key in accounts:
        users.create(
            session, username=username, password=DEMO_PASSWORD, role=role, enterprise_id=ids[key]
        )


def seed_pipeline(session: Session, index: MatchIndex, *, per_need: int) -> dict[str, int]:
    """Store suggestions for every open need, then move a deterministic few along the pipeline,
    so that the bureau's funnel has something to show on a fresh demo."""
    from service.pairings import pipeline as matches

    stored = matches.store_suggestions(session, index, per_need=per_need)
    steps = (
        (MatchStatus.shortlisted,),
        (MatchStatus.interested,),
        (MatchStatus.shortlisted, MatchStatus.contacted),
        (MatchStatus.shortlisted, MatchStatus.contacted, MatchStatus.sampling),
        (
            MatchStatus.interested,
            MatchStatus.contacted,
            MatchStatus.sampling,
            MatchStatus.contracted,
        ),
    )
    moved = 0
    tops = session.exec(
        select(Match)
        .where(Match.status == MatchStatus.suggested)
        .order_by(col(Match.need_id), col(Match.score).desc())
    ).all()
    first_per_need: dict[int, Match] = {}
    for match in tops:
        first_per_need.setdefault(match.need_id, match)
    for i, match in enumerate(first_per_need.values()):
        if i % 3:
            continue  # leave two needs in three untouched
        for to in steps[(i // 3) % len(steps)]:
            matches.transition(session, match, to, side="bureau", user_id=None, reason="")
        moved += 1
    return {"suggested": stored, "moved": moved}
