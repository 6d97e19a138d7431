"""GB/T 2260 region catalog: counts from the MCA 2024 list, hierarchy queries, near areas."""

from __future__ import annotations

import pytest

from catalogs.regions import (
    NEAR_AREAS,
    CatalogError,
    RegionCatalog,
    default_near_area,
    is_within,
    load_regions,
    locality,
    region_name,
    region_prefix,
    resolve_legacy,
    short_region_name,
)

XIANNING_COUNTIES = ("咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市")


@pytest.fixture(scope="module")
def regions() -> RegionCatalog:
    return load_regions()


class TestCounts:
    def test_national_totals(self, regions: RegionCatalog) -> None:
        levels = [r.level for r in regions]
        assert (len(regions), levels.count(1), levels.count(2), levels.count(3)) == (
            3213,
            34,
            333,
            2846,
        )

    def test_hubei_has_17_prefecture_level_units(self, regions: RegionCatalog) -> None:
        kids = regions.children("420000")
        assert len(kids) == 17
        assert [k.code for k in kids if k.level == 3] == ["429004", "429005", "429006", "429021"]
        assert sum(1 for k in kids if k.level == 2) == 13

    def test_xianning_children(self, regions: RegionCatalog) -> None:
        kids = regions.children("421200")
        assert tuple(k.name for k in kids) == XIANNING_COUNTIES
        assert tuple(k.code for k in kids) == (
            "421202",
            "421221",
            "421222",
            "421223",
            "421224",
            "421281",
        )

    def test_xiangyang_children(self, regions: RegionCatalog) -> None:
        names = {k.name for k in regions.children("420600")}
        assert names == {
            "襄城区",
            "樊城区",
            "襄州区",
            "南漳县",
            "谷城县",
            "保康县",
            "老河口市",
            "枣阳市",
            "宜城市",
        }

    def test_hubei_has_103_county_level_units(self, regions: RegionCatalog) -> None:
        counties = [r for r in regions if r.level == 3 and regions.is_within(r.code, "420000")]
        assert len(counties) == 103


class TestHierarchy:
    def test_get_and_exists(self, regions: RegionCatalog) -> None:
        assert regions.get("421200") is not None
        assert regions.get("421200").name == "咸宁市"  # type: ignore[union-attr]
        assert regions.exists(" 421202 ")
        assert not regions.exists("421299")
        assert regions.get("999999") is None

    def test_ancestors_nearest_first(self, regions: RegionCatalog) -> None:
        assert [a.code for a in regions.ancestors("421202")] == ["421200", "420000"]
        assert [a.code for a in regions.ancestors("429004")] == ["420000"]
        assert regions.ancestors("420000") == ()
        assert regions.ancestors("000000") == ()

    @pytest.mark.parametrize(
        ("code", "ancestor", "expected"),
        [
            ("421202", "421200", True),
            ("421202", "420000", True),
            ("421200", "421200", True),  # a code is within itself
            ("421200", "421202", False),  # not the other way round
            ("420602", "421200", False),
            ("429004", "420000", True),
            ("429004", "420100", False),
            ("110101", "110000", True),
            ("421299", "421200", False),  # unknown code
            ("421202", "999999", False),
        ],
    )
    def test_is_within(
        self, regions: RegionCatalog, code: str, ancestor: str, expected: bool
    ) -> None:
        assert regions.is_within(code, ancestor) is expected

    def test_province_and_prefecture(self, regions: RegionCatalog) -> None:
        assert regions.province_of("421281").code == "420000"  # type: ignore[union-attr]
        assert regions.province_of("420000").code == "420000"  # type: ignore[union-attr]
        assert regions.prefecture_of("421281").code == "421200"  # type: ignore[union-attr]
        assert regions.prefecture_of("421200").code == "421200"  # type: ignore[union-attr]
        assert regions.prefecture_of("429021").code == "429021"  # type: ignore[union-attr]
        assert regions.prefecture_of("110101").code == "110000"  # type: ignore[union-attr]
        assert regions.prefecture_of("420000") is None
        assert regions.province_of("999999") is None

    def test_full_name(self, regions: RegionCatalog) -> None:
        assert regions.full_name("421202") == "湖北省咸宁市咸安区"
        assert regions.full_name("429004") == "湖北省仙桃市"
        assert regions.full_name("110101") == "北京市东城区"
        assert regions.full_name("999999") == ""

    def test_tree(self, regions: RegionCatalog) -> None:
        tree = regions.tree("421200", 1)
        assert (tree["code"], tree["name"], tree["level"], tree["has_children"]) == (
            "421200",
            "咸宁市",
            2,
            True,
        )
        assert [c["name"] for c in tree["children"]] == list(XIANNING_COUNTIES)
        assert tree["children"][0]["children"] == []
        deep = regions.tree("420000", 2)
        assert len(deep["children"]) == 17
        assert sum(len(c["children"]) for c in deep["children"]) == 103 - 4
        assert regions.tree("420000", 0)["children"] == []
        country = regions.tree(None, 1)
        assert len(country["children"]) == 34
        with pytest.raises(KeyError):
            regions.tree("999999")

    def test_search(self, regions: RegionCatalog) -> None:
        assert [r.code for r in regions.search("咸宁")] == ["421200"]
        assert regions.search("咸安区")[0].code == "421202"
        assert regions.search("4212")[0].code == "421200"
        assert regions.search("  ") == ()
        first = regions.search("朝阳区")
        assert len(first) == 2
        assert all(r.name == "朝阳区" for r in first)

    def test_common_ancestor(self, regions: RegionCatalog) -> None:
        assert regions.common_ancestor(["421202", "421281"]).code == "421200"  # type: ignore[union-attr]
        assert regions.common_ancestor(["421202", "420602"]).code == "420000"  # type: ignore[union-attr]
        assert regions.common_ancestor(["421202", "110101"]) is None


class TestContainmentByCode:
    def test_the_code_rule_gives_the_catalogs_parent_links(self, regions: RegionCatalog) -> None:
        outers = [r.code for r in regions if r.level < 3]
        for region in regions:
            by_links = {a.code for a in regions.ancestors(region.code)} | {region.code}
            by_code = {o for o in outers if is_within(region.code, o)} | {region.code}
            assert by_code == by_links, region.code

    def test_bare_codes_outside_the_catalog(self) -> None:
        assert is_within("421299", "421200")  # no lookup: the engine and the report read bare codes
        assert not is_within("4212", "421200")
        assert not is_within("421202", "")

    def test_prefix_selects_the_codes_within(self) -> None:
        assert (region_prefix("420000"), region_prefix("421200"), region_prefix("421202")) == (
            "42",
            "4212",
            "421202",
        )

    def test_locality_tiers(self) -> None:
        near = ("420100", "421200")  # a near area may list the home region itself
        tiers = [
            locality(c, home_region="421200", near_regions=near)
            for c in ("421281", "420102", "420600", "")
        ]
        assert tiers == ["local", "near", "outside", "outside"]

    def test_names(self) -> None:
        assert (region_name("421202"), short_region_name("421202")) == (
            "湖北省咸宁市咸安区",
            "咸安区",
        )
        assert (region_name("421299"), short_region_name("421299")) == ("421299", "421299")


class TestNearAreas:
    def test_wuhan_metro(self) -> None:
        assert NEAR_AREAS["wuhan_metro"] == (
            "420100",
            "420200",
            "420700",
            "420900",
            "421100",
            "421200",
            "429004",
            "429005",
            "429006",
        )

    def test_xianning_home(self) -> None:
        near = default_near_area("421200")
        assert "421200" not in near
        assert near == (
            "420100",
            "420200",
            "420700",
            "420900",
            "421100",
            "429004",
            "429005",
            "429006",
        )

    def test_county_home_keeps_its_prefecture(self) -> None:
        near = default_near_area("421202")
        assert len(near) == 9
        assert "421200" in near

    def test_wuhan_home(self) -> None:
        assert "420100" not in default_near_area("420100")
        assert "421200" in default_near_area("420100")

    def test_xiangyang_home(self) -> None:
        assert default_near_area("420600") == ("420300", "421300", "429021")
        assert default_near_area("420607") == ("420600", "420300", "421300", "429021")

    def test_elsewhere_is_the_province(self) -> None:
        assert default_near_area("420500") == ("420000",)
        assert default_near_area("440300") == ("440000",)
        assert default_near_area("420000") == ()

    def test_unknown_home(self) -> None:
        with pytest.raises(KeyError, match="未知的行政区划代码"):
            default_near_area("421299")


class TestLegacy:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("420600", "420600"),  # current code
            ("襄阳市", "420600"),  # current unique name
            ("襄樊市", "420600"),  # renamed in 2010, code kept
            ("421023", "421088"),  # 监利县 → 监利市
            ("监利县", "421088"),
            ("崇文区", "110101"),  # merged into 东城区
            ("420605", "420600"),  # 襄樊 郊区, split between 襄城 and 樊城
            ("朝阳区", None),  # two current 朝阳区, in different provinces
            ("不存在县", None),
            ("", None),
        ],
    )
    def test_resolve_legacy(self, text: str, expected: str | None) -> None:
        assert resolve_legacy(text) == expected


class TestValidation:
    def test_unknown_parent(self) -> None:
        rows = [{"code": "420000", "name": "湖北省", "parent_code": "", "level": "1"}]
        rows.append({"code": "421200", "name": "咸宁市", "parent_code": "430000", "level": "2"})
        with pytest.raises(CatalogError, match="上级代码不存在：430000"):
            RegionCatalog.from_rows(rows)

    def test_duplicate_code(self) -> None:
        row = {"code": "420000", "name": "湖北省", "parent_code": "", "level": "1"}
        with pytest.raises(CatalogError, match="重复：420000"):
            RegionCatalog.from_rows([row, row])

    def test_bad_code_and_level(self) -> None:
        with pytest.raises(CatalogError, match="6位数字"):
            RegionCatalog.from_rows(
                [{"code": "4200", "name": "x", "parent_code": "", "level": "1"}]
            )
        with pytest.raises(CatalogError, match="缺少上级代码"):
            RegionCatalog.from_rows(
                [{"code": "420100", "name": "武汉市", "parent_code": "", "level": "2"}]
            )
        with pytest.raises(CatalogError, match="格式错误"):
            RegionCatalog.from_rows(
                [{"code": "420000", "name": "湖北省", "parent_code": "", "level": "x"}]
            )

    def test_load_is_cached(self) -> None:
        assert load_regions() is load_regions()
