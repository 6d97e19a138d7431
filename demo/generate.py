"""Combine the hand-written demo text into a deterministic data set."""

from __future__ import annotations

import random

from demo import catalog
from demo.ledger import Pool, choose_current, plan_local_mains, purchases_for
from demo.places import ALL
from demo.records import (
    DemoCapability,
    DemoDataset,
    DemoEnterprise,
    DemoNeed,
    DemoPurchase,
    Owner,
)
from demo.suppliers import Firm, Registry, build_outsiders, build_suppliers

DEFAULT_SEED = 20261130


def _owner_enterprise(rng: random.Random, registry: Registry, owner: Owner) -> DemoEnterprise:
    from demo import naming

    registry.names.add(owner.name)
    place = ALL[owner.region]
    return DemoEnterprise(
        key=owner.key,
        name=owner.name,
        credit_code=registry.credit_code(owner.region, "91"),
        region_code=owner.region,
        roles=("owner",),
        chain_codes=(owner.chain,),
        tags=owner.tags,
        industry_code=owner.industry,
        contact_name=naming.person(rng),
        contact_phone=naming.phone(rng, place),
        address=owner.address,
        description=owner.description,
        employees=owner.employees,
    )


def _pools(firms: list[Firm], outsiders: dict[str, list[tuple[str, str]]]) -> dict[str, Pool]:
    pools: dict[str, Pool] = {}
    for firm in firms:
        pool = pools.setdefault(firm.topic, {"local": [], "metro": [], "far": []})
        pool[firm.zone].append((firm.enterprise.name, firm.enterprise.region_code))
    for topic, names in outsiders.items():
        pools.setdefault(topic, {"local": [], "metro": [], "far": []})["far"].extend(names)
    return pools


def _qualified(pool: Pool, required: tuple[str, ...], held: dict[str, set[str]]) -> Pool:
    """Keep the suppliers holding every required certificate; unregistered incumbents pass.

    When nobody qualifies the owner buys from the unqualified ones (a demo point in itself).
    """
    kept = {
        zone: [s for s in firms if s[0] not in held or set(required) <= held[s[0]]]
        for zone, firms in pool.items()
    }
    return kept if any(kept.values()) else pool


def _held(firms: list[Firm], capabilities: list[DemoCapability]) -> dict[str, set[str]]:
    """Certificates each registered supplier holds, valid or not (as its file shows them)."""
    names = {f.enterprise.key: f.enterprise.name for f in firms}
    held: dict[str, set[str]] = {name: set() for name in names.values()}
    for cap in capabilities:
        held[names[cap.supplier_key]].update(code for code, _ in cap.certifications)
    return held


def _status(rng: random.Random) -> str:
    roll = rng.random()
    return "open" if roll < 0.88 else "matched" if roll < 0.96 else "closed"


def _needs_and_purchases(
    rng: random.Random, pools: dict[str, Pool], held: dict[str, set[str]]
) -> tuple[list[DemoNeed], list[DemoPurchase]]:
    needs: list[DemoNeed] = []
    purchases: list[DemoPurchase] = []
    for owner in catalog.OWNERS:
        slug = owner.key.removeprefix("owner-")
        amounts = [round(line.quantity * line.unit_price, 2) for line in owner.needs]
        qualified = [_qualified(pools[line.topic], line.certs, held) for line in owner.needs]
        has_local = [bool(pool["local"]) for pool in qualified]
        local_mains = plan_local_mains(amounts, has_local, owner.local_bias)
        for index, line in enumerate(owner.needs):
            topic = catalog.TOPICS[line.topic]
            current = choose_current(
                rng, qualified[index], main_local=index in local_mains, local_bias=owner.local_bias
            )
            need = DemoNeed(
                key=f"need-{slug}-{index + 1:02d}",
                owner_key=owner.key,
                chain_code=owner.chain,
                segment=topic.segment,
                title=line.title,
                description=line.spec,
                category=topic.category,
                yearly_quantity=float(line.quantity),
                unit=line.unit,
                yearly_amount=amounts[index],
                required_certifications=line.certs,
                current_suppliers=current,
                status=_status(rng),
            )
            needs.append(need)
            purchases.extend(purchases_for(rng, need, line.buys_per_year))
    return needs, purchases


def build_demo_dataset(seed: int = DEFAULT_SEED) -> DemoDataset:
    """Build the Xianning demo data set; the same seed always gives identical data.

    >>> ds = build_demo_dataset()
    >>> len(ds.enterprises) >= 300 and len(ds.purchases) >= 1000
    True
    """
    rng = random.Random(seed)
    registry = Registry(rng)
    owners = [_owner_enterprise(rng, registry, owner) for owner in catalog.OWNERS]
    firms, capabilities = build_suppliers(
        rng, registry, catalog.TOPICS, catalog.topic_chains(), catalog.RELATED
    )
    outsiders = build_outsiders(rng, registry, catalog.TOPICS)
    pools = _pools(firms, outsiders)
    needs, purchases = _needs_and_purchases(rng, pools, _held(firms, capabilities))
    return DemoDataset(
        enterprises=(*owners, *(f.enterprise for f in firms)),
        needs=tuple(needs),
        capabilities=tuple(capabilities),
        purchases=tuple(purchases),
    )
