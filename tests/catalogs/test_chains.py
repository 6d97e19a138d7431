"""Chain sets: Xianning's 9 clusters, Xiangyang's 13 chains, Hubei's 8 emerging industries."""

from __future__ import annotations

from typing import Any

import pytest

from catalogs.chains import (
    CHAIN_SETS,
    STAGES,
    chain_set_for_region,
    get_chain,
    get_chain_set,
    load_chains,
    parse_chain_set,
)
from catalogs.industries import load_industries
from catalogs.regions import CatalogError, load_regions

XIANNING = {
    "xn-metallurgy": ("低碳冶金产业集群", ("金盛兰", "顺乐")),
    "xn-electronics": ("电子信息产业集群", ("维达力", "三赢兴", "瀛通电子")),
    "xn-equipment": ("装备制造产业集群", ("三环", "敏实")),
    "xn-food": ("食品饮料产业集群", ()),
    "xn-chemical": ("现代化工产业集群", ()),
    "xn-biomed": ("生物医药产业集群", ("真奥药业", "稳健医疗", "厚福医疗", "康恩萃药业")),
    "xn-clean-energy": ("清洁能源产业集群", ("华润电力",)),
    "xn-new-materials": ("新材料产业集群", ("中港金属", "华宁防腐", "平安电工")),
    "xn-low-altitude": ("低空制造和检验检测服务产业集群", ()),
}
XIANGYANG = (
    "xy-auto",
    "xy-textile",
    "xy-chemical",
    "xy-electronics",
    "xy-pharma",
    "xy-aerospace",
    "xy-rail",
    "xy-smart-equipment",
    "xy-new-energy-materials",
    "xy-recycling",
    "xy-industrial-internet",
    "xy-big-data",
    "xy-ai",
)


def test_set_sizes() -> None:
    assert CHAIN_SETS == ("xianning", "xiangyang", "hubei")
    assert [len(load_chains(s)) for s in CHAIN_SETS] == [9, 13, 8]
    assert len(load_chains()) == 30
    assert len({c.code for c in load_chains()}) == 30


def test_xianning_codes_names_owners() -> None:
    chains = load_chains("xianning")
    assert tuple(c.code for c in chains) == tuple(XIANNING)
    for chain in chains:
        name, owners = XIANNING[chain.code]
        assert (chain.name, chain.owners) == (name, owners)
        assert chain.region_code == "421200"
        assert chain.target_rate is None
        assert "未设定" in chain.description
        assert 4 <= len(chain.segments) <= 8


def test_xiangyang_codes_and_target() -> None:
    chains = load_chains("xiangyang")
    assert tuple(c.code for c in chains) == XIANGYANG
    assert {c.target_rate for c in chains} == {0.40}
    assert {c.region_code for c in chains} == {"420600"}
    assert get_chain("xy-auto").name == "汽车产业链"  # type: ignore[union-attr]


def test_hubei_set() -> None:
    chains = load_chains("hubei")
    assert all(c.code.startswith("hb-") and c.region_code == "420000" for c in chains)
    assert [c.name for c in chains] == [
        "算力与大数据",
        "人工智能",
        "软件和信息服务",
        "量子科技",
        "现代纺织服装",
        "节能环保",
        "智能家电",
        "新材料",
    ]


def test_every_region_and_industry_code_exists() -> None:
    regions, industries = load_regions(), load_industries()
    for chain in load_chains():
        assert regions.exists(chain.region_code)
        assert chain.industries, chain.code
        for code in chain.industries:
            assert industries.exists(code), (chain.code, code)
            assert industries.get(code).level >= 3  # type: ignore[union-attr]


def test_segments() -> None:
    codes = [s.code for c in load_chains() for s in c.segments]
    assert len(codes) == len(set(codes))
    for chain in load_chains():
        assert all(s.stage in STAGES for s in chain.segments)
        assert all(s.code.startswith(chain.code + "-") for s in chain.segments)
    metallurgy = get_chain("xn-metallurgy")
    assert metallurgy is not None
    assert [s.name for s in metallurgy.segments][:4] == [
        "废钢铁回收",
        "废钢加工配送",
        "炼铁炼钢",
        "热轧板材",
    ]
    assert metallurgy.segment("xn-metallurgy-06").name == "新能源汽车板材"  # type: ignore[union-attr]
    assert metallurgy.segment("nope") is None


def test_lookups() -> None:
    assert get_chain("nope") is None
    assert get_chain_set("xiangyang").region_code == "420600"
    with pytest.raises(KeyError, match="未知的产业链集合"):
        load_chains("wuhan")
    assert chain_set_for_region("421202") == "xianning"
    assert chain_set_for_region("420600") == "xiangyang"
    assert chain_set_for_region("420100") == "hubei"
    assert chain_set_for_region("110000") is None


def _doc(**chain: Any) -> dict[str, Any]:
    base = {
        "code": "t-1",
        "name": "测试链",
        "segments": [{"code": "t-1-01", "name": "环节", "stage": "上游"}],
        "industries": ["3670"],
        "description": "测试",
    }
    return {
        "chain_set": "t",
        "title": "测试",
        "source": "测试",
        "region_code": "421200",
        "chains": [{**base, **chain}],
    }


class TestValidation:
    def test_valid(self) -> None:
        chain_set = parse_chain_set(_doc(target_rate=0.4, owners=["甲"]))
        assert chain_set.chains[0].owners == ("甲",)
        assert chain_set.chains[0].target_rate == 0.4

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ({"region_code": "421299"}, "行政区划代码不存在"),
            ({"industries": ["3670", "9999"]}, "行业代码不存在：9999"),
            ({"target_rate": 40}, "target_rate"),
            ({"segments": [{"code": "s", "name": "x", "stage": "中间"}]}, "环节阶段"),
            ({"segments": []}, "至少需要一个环节"),
            ({"name": ""}, "缺少 name"),
        ],
    )
    def test_invalid(self, override: dict[str, Any], message: str) -> None:
        with pytest.raises(CatalogError, match=message):
            parse_chain_set(_doc(**override))

    def test_duplicate_chain(self) -> None:
        doc = _doc()
        doc["chains"] = doc["chains"] * 2
        with pytest.raises(CatalogError, match="产业链代码重复：t-1"):
            parse_chain_set(doc)

    def test_wrong_file(self) -> None:
        with pytest.raises(CatalogError, match="文件应为 xianning"):
            parse_chain_set(_doc(), expected_code="xianning")
