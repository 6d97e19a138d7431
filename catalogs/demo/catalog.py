"""The hand-written demo text gathered in one place: all topics and all owners."""

from __future__ import annotations

from catalogs.demo import (
    owners_electronics,
    owners_equipment,
    owners_materials,
    owners_metal,
    owners_process,
    topics_electronics,
    topics_equipment,
    topics_metal,
    topics_process,
    topics_services,
)
from catalogs.demo.records import Owner, Topic

TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        *topics_metal.TOPICS,
        *topics_electronics.TOPICS,
        *topics_equipment.TOPICS,
        *topics_process.TOPICS,
        *topics_services.TOPICS,
    )
}

OWNERS: tuple[Owner, ...] = (
    *owners_metal.OWNERS,
    *owners_materials.OWNERS,
    *owners_electronics.OWNERS,
    *owners_equipment.OWNERS,
    *owners_process.OWNERS,
)


def topic_chains() -> dict[str, tuple[str, ...]]:
    """Chains each topic serves: those of the owners that buy it, else the topic's own list."""
    chains: dict[str, list[str]] = {key: list(t.chains) for key, t in TOPICS.items()}
    for owner in OWNERS:
        for line in owner.needs:
            if owner.chain not in chains[line.topic]:
                chains[line.topic].append(owner.chain)
    return {key: tuple(v) for key, v in chains.items()}
