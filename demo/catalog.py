"""The hand-written demo text gathered in one place: all topics and all owners."""

from __future__ import annotations

from demo import (
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
from demo.records import Owner, Topic

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


# Second lines of business a supplier of one topic plausibly also runs.
RELATED: dict[str, tuple[str, ...]] = {
    "refractory": ("insulation",),
    "ferroalloy": ("nickel-iron",),
    "roll": ("wear-casting", "forging"),
    "lubricant": ("water-chem",),
    "filter-bag": ("nonwoven",),
    "scrap": ("steel-coil",),
    "acid": ("chem-raw", "water-chem"),
    "chem-raw": ("acid", "water-chem"),
    "aluminium-profile": ("surface", "extrusion-die"),
    "extrusion-die": ("machining", "injection", "stamping"),
    "resin": ("tpe-compound",),
    "glass-fibre": ("carbon-fibre", "resin"),
    "wear-casting": ("roll", "machining"),
    "boiler-tube": ("steel-coil",),
    "valve": ("hydraulic", "instrument"),
    "water-chem": ("water-equipment",),
    "insulation": ("refractory",),
    "optical-glass": ("polishing",),
    "cnc-tooling": ("fixture",),
    "protective-film": ("label-film", "blister"),
    "fixture": ("machining", "cnc-tooling"),
    "lens": ("optical-glass",),
    "fpc": ("smt",),
    "smt": ("fpc", "wire-harness"),
    "connector": ("wire-harness", "stamping"),
    "copper-wire": ("wire-harness",),
    "wire-harness": ("smt", "connector", "injection"),
    "tpe-compound": ("resin",),
    "carbon-fibre": ("glass-fibre",),
    "propeller": ("carbon-fibre", "injection"),
    "forging": ("machining", "surface"),
    "die-casting": ("machining", "surface"),
    "rubber-seal": ("injection",),
    "fastener": ("stamping",),
    "machining": ("fixture", "stamping", "surface", "equipment-repair"),
    "stamping": ("machining", "extrusion-die", "fastener"),
    "injection": ("extrusion-die", "blister"),
    "surface": ("machining",),
    "steel-coil": ("scrap", "stamping"),
    "hydraulic": ("equipment-repair",),
    "equipment-repair": ("hydraulic", "machining", "instrument"),
    "instrument": ("equipment-repair",),
    "herbs": ("fruit", "tea"),
    "excipient": ("pharma-pack",),
    "pharma-pack": ("medical-pack",),
    "cotton-gauze": ("nonwoven", "elastic-band"),
    "nonwoven": ("cotton-gauze", "filter-bag"),
    "medical-pack": ("pharma-pack", "label-film"),
    "sterilization": ("testing",),
    "elastic-band": ("cotton-gauze",),
    "pet-preform": ("injection", "blister"),
    "carton": ("pallet", "label-film"),
    "pallet": ("carton",),
    "blister": ("injection", "carton"),
    "label-film": ("carton", "protective-film"),
    "tea": ("fruit", "herbs"),
    "fruit": ("tea",),
    "water-equipment": ("water-chem",),
    "logistics": ("hazmat-logistics",),
    "hazmat-logistics": ("logistics",),
}
