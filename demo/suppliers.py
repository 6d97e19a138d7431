"""Generate supplier enterprises and their capabilities from the topics."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from catalogs.credit_code import make_credit_code
from demo import naming
from demo.names import PITCHES
from demo.places import DEFAULT_FAR, FAR, LOCAL, METRO, Place
from demo.records import DemoCapability, DemoEnterprise, Topic

ZONES = ("local", "metro", "far")
_LAPSED_FROM = date(2025, 3, 1).toordinal()  # lapsed certificates expire 2025-03 … 2026-10
_VALID_FROM = date(2027, 1, 1).toordinal()  # valid ones 2027-01 … 2029-12
_CAP_VERB = re.compile(r"([^，。、；：（）/\s\d]{1,6})\{cap\}")
# Slips real self-descriptions contain; applied to a few capability texts.
_TYPOS = (
    ("线路板", "线路版"),
    ("不锈钢", "不秀钢"),
    ("铝合金", "铝和金"),
    ("加工", "加攻"),
    ("轴承", "轴成"),
)


@dataclass(frozen=True, slots=True)
class Firm:
    """A generated supplier: the enterprise record plus what the ledger needs to know."""

    enterprise: DemoEnterprise
    zone: str
    topic: str


class Registry:
    """Hands out unique names, credit-code serials and keys."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.serials: set[int] = set()

    def name(self, place: Place, topic: Topic, *, local: bool) -> tuple[str, str]:
        while True:
            name, kind = naming.firm_name(self.rng, place, topic, local=local)
            if name not in self.names:
                self.names.add(name)
                return name, kind

    def credit_code(self, region: str, kind: str) -> str:
        while True:
            serial = self.rng.randrange(10**7, 10**8)
            if serial not in self.serials:
                self.serials.add(serial)
                return make_credit_code(region_code=region, serial=serial, kind=kind)


def pick_place(rng: random.Random, topic: Topic, zone: str, index: int) -> Place:
    if zone == "local":
        return LOCAL[(index + rng.randrange(len(LOCAL))) % len(LOCAL)]
    if zone == "metro":
        return rng.choice(METRO)
    return FAR[rng.choice(topic.far_regions or DEFAULT_FAR)]


def _tags(rng: random.Random, zone: str, employees: int) -> tuple[str, ...]:
    tags: list[str] = []
    if employees >= 80 and rng.random() < 0.7:
        tags.append("规上")
    if rng.random() < (0.3 if zone == "far" else 0.2):
        tags.append("高新技术企业")
    if rng.random() < 0.12:
        tags.append("专精特新")
        if zone != "local" and rng.random() < 0.3:
            tags.append("小巨人")
    if zone == "far" and employees > 1000 and rng.random() < 0.3:
        tags.append("单项冠军")
    return tuple(tags)


def _employees(rng: random.Random, zone: str, kind: str) -> int:
    if kind == "92":
        return rng.randint(5, 30)
    low, high = {"local": (15, 400), "metro": (40, 900), "far": (120, 3000)}[zone]
    return int(low * (high / low) ** rng.random())


def _certificates(rng: random.Random, topics: list[Topic]) -> tuple[tuple[str, date], ...]:
    codes: list[str] = []
    for topic in topics:
        for code in topic.certs:
            chance = 0.85 if code == "ISO9001" else 0.5
            if code not in codes and rng.random() < chance:
                codes.append(code)
    if "ISO14001" not in codes and rng.random() < 0.2:
        codes.append("ISO14001")
    certs = []
    for code in codes:
        lapsed = rng.random() < 0.07  # a demo point for certificate checks
        start, span = (_LAPSED_FROM, 600) if lapsed else (_VALID_FROM, 1090)
        certs.append((code, date.fromordinal(start + rng.randrange(span))))
    return tuple(certs)


def _secondary(
    rng: random.Random, topics: dict[str, Topic], related: tuple[str, ...], zone: str
) -> Topic | None:
    """A related second line of business, never one with no firm in this zone (keeps gaps)."""
    pool = [topics[key] for key in related if getattr(topics[key], zone) > 0]
    if not pool or rng.random() > 0.35:
        return None
    return rng.choice(pool)


def _capacity_verb(topic: Topic) -> str:
    for _, text in topic.caps:
        match = _CAP_VERB.search(text)
        if match:
            return match.group(1)
    return "年产"


def _capability_text(
    rng: random.Random, topic: Topic, template: tuple[str, str], cap: str
) -> tuple[str, str, str]:
    title, text = template
    capacity = f"{_capacity_verb(topic)} {cap}"
    text = text.replace("{cap}", cap.replace(" ", "")) + rng.choice(PITCHES)
    if rng.random() < 0.12:
        wrong, typo = rng.choice(_TYPOS)
        text = text.replace(wrong, typo)
    return title, text, capacity


_COMPANY_WIDE = ("ISO9001", "ISO14001", "ISO45001")


def capabilities_for(
    rng: random.Random, supplier_key: str, topics: list[Topic], certs: tuple[tuple[str, date], ...]
) -> list[DemoCapability]:
    out: list[DemoCapability] = []
    for rank, topic in enumerate(topics):
        count = rng.choice((1, 1, 2)) if rank == 0 else 1
        for template in rng.sample(topic.caps, min(count, len(topic.caps))):
            title, text, capacity = _capability_text(
                rng, topic, template, rng.choice(topic.capacity)
            )
            own = tuple(c for c in certs if c[0] in topic.certs or c[0] in _COMPANY_WIDE)
            out.append(
                DemoCapability(
                    key=f"cap-{supplier_key.removeprefix('sup-')}-{len(out) + 1}",
                    supplier_key=supplier_key,
                    title=title,
                    description=text,
                    category=topic.category,
                    capacity=capacity,
                    min_order=rng.choice(topic.min_order),
                    lead_time_days=rng.randint(*topic.lead_days),
                    certifications=own,
                )
            )
    return out


def build_suppliers(
    rng: random.Random,
    registry: Registry,
    topics: dict[str, Topic],
    chains: dict[str, tuple[str, ...]],
    related: dict[str, tuple[str, ...]],
) -> tuple[list[Firm], list[DemoCapability]]:
    firms: list[Firm] = []
    caps: list[DemoCapability] = []
    for topic in topics.values():
        for zone in ZONES:
            for index in range(getattr(topic, zone)):
                key = f"sup-{len(firms) + 1:03d}"
                place = pick_place(rng, topic, zone, index)
                lines = [topic]
                extra = _secondary(rng, topics, related.get(topic.key, ()), zone)
                if extra is not None:
                    lines.append(extra)
                name, kind = registry.name(place, topic, local=zone == "local")
                employees = _employees(rng, zone, kind)
                firm_chains = tuple(dict.fromkeys(c for t in lines for c in chains[t.key]))
                enterprise = DemoEnterprise(
                    key=key,
                    name=name,
                    credit_code=registry.credit_code(place.code, kind),
                    region_code=place.code,
                    roles=("supplier",),
                    chain_codes=firm_chains,
                    tags=_tags(rng, zone, employees) if kind == "91" else (),
                    industry_code=topic.category,
                    contact_name=naming.person(rng),
                    contact_phone=naming.phone(rng, place),
                    address=naming.address(rng, place),
                    description=naming.business_scope(rng, lines),
                    employees=employees,
                )
                firms.append(Firm(enterprise, zone, topic.key))
                certs = _certificates(rng, lines) if kind == "91" else ()
                caps.extend(capabilities_for(rng, key, lines, certs))
    return firms, caps


def build_outsiders(
    rng: random.Random, registry: Registry, topics: dict[str, Topic]
) -> dict[str, list[tuple[str, str]]]:
    """Out-of-region incumbents that sell to owners but are not registered on the platform."""
    out: dict[str, list[tuple[str, str]]] = {}
    for topic in topics.values():
        for index in range(topic.outside):
            place = pick_place(rng, topic, "far", index)
            name, _ = registry.name(place, topic, local=False)
            out.setdefault(topic.key, []).append((name, place.code))
    return out
