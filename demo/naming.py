"""Invented firm names, people, phone numbers, addresses and business scopes."""

from __future__ import annotations

import random

from demo.names import BRANDS, GIVEN, SURNAMES
from demo.places import Place
from demo.records import Topic

_PLAIN_ENDINGS = ("科技", "材料", "制品", "机械", "设备", "服务", "物流", "运输", "供应链", "检测")
_GENERIC_SCOPE = (
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "货物进出口",
    "五金产品批发",
    "机械设备销售",
    "普通货物仓储服务（不含危险化学品等需许可审批的项目）",
    "信息咨询服务（不含许可类信息咨询服务）",
)


def county_word(place: Place) -> str:
    """The county-level name as firms register it, e.g. 赤壁市 or 嘉鱼县."""
    tail = place.address.removeprefix("湖北省咸宁市")
    return tail if place.code.startswith("4212") else place.brand


def firm_name(rng: random.Random, place: Place, topic: Topic, *, local: bool) -> tuple[str, str]:
    """Return (name, credit-code kind) for a new firm making `topic` at `place`."""
    brand = rng.choice(BRANDS)
    core = rng.choice(topic.cores)
    towns = [p for p in place.parks if p.endswith(("镇", "街道"))]
    small = topic.segment in ("加工服务", "零部件", "包装物流")
    if local and small and towns and rng.random() < 0.08:
        return f"{county_word(place)}{rng.choice(towns)}{brand}{core}厂", "92"
    suffix = (
        "有限公司"
        if core.endswith(_PLAIN_ENDINGS)
        else rng.choice(("有限公司", "科技有限公司", "有限公司"))
    )
    roll = rng.random()
    if roll < 0.12:
        return f"{brand}{core}（{place.brand}）{suffix}", "91"
    if roll < 0.35:
        prefix = "湖北" if place.code.startswith("42") else place.brand
        big = "股份有限公司" if rng.random() < 0.3 else suffix
        return f"{prefix}{brand}{core}{big}", "91"
    if local and roll < 0.55:
        return f"{county_word(place)}{brand}{core}{suffix}", "91"
    return f"{place.brand}{brand}{core}{suffix}", "91"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def phone(rng: random.Random, place: Place) -> str:
    """A fictitious landline (0715-8xxxxxx) or mobile (139xxxx0000) number."""
    if rng.random() < 0.5:
        digits = 7 if len(place.area_code) == 4 else 8
        return f"{place.area_code}-8{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
    return f"1{rng.choice('3589')}{rng.randrange(10)}{rng.randrange(10_000):04d}0000"


def address(rng: random.Random, place: Place) -> str:
    return f"{place.address}{rng.choice(place.parks)}{rng.randint(1, 299)}号"


def business_scope(rng: random.Random, topics: list[Topic]) -> str:
    """经营范围 text: the topics' scope items plus one or two generic ones."""
    items: list[str] = []
    for topic in topics:
        items.extend(s for s in topic.scope if s not in items)
    items.extend(rng.sample(_GENERIC_SCOPE, rng.randint(1, 2)))
    return (
        "一般项目："
        + "；".join(items)
        + "。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
    )
