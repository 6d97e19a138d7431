"""GB/T 4754-2017 industry catalog."""

from __future__ import annotations

import pytest

from catalogs.industries import IndustryCatalog, load_industries
from catalogs.regions import CatalogError


@pytest.fixture(scope="module")
def industries() -> IndustryCatalog:
    return load_industries()


def test_counts_per_level(industries: IndustryCatalog) -> None:
    assert [industries.count(level) for level in (1, 2, 3, 4)] == [20, 97, 473, 1381]
    assert len(industries) == 1971


def test_get_and_exists(industries: IndustryCatalog) -> None:
    part = industries.get("3670")
    assert part is not None
    assert (part.name, part.parent_code, part.level, part.section) == (
        "汽车零部件及配件制造",
        "367",
        4,
        "C",
    )
    assert industries.get("c") is not None
    assert industries.get("c").name == "制造业"
    assert industries.exists("0190")  # a synthesised single-小类 中类 keeps its 小类
    assert not industries.exists("9999")


def test_children_and_ancestors(industries: IndustryCatalog) -> None:
    assert [c.code for c in industries.children("C")][:2] == ["13", "14"]
    assert len(industries.children("C")) == 31  # 制造业 has 大类 13–43
    assert [c.code for c in industries.children("367")] == ["3670"]
    assert [a.code for a in industries.ancestors("3982")] == ["398", "39", "C"]
    assert industries.ancestors("C") == ()


@pytest.mark.parametrize(
    ("a", "b", "depth"),
    [
        ("3670", "3670", 4),
        ("3981", "3982", 3),  # both 398 电子元件
        ("3670", "3660", 2),  # both 36 汽车制造业
        ("3670", "3982", 1),  # both C 制造业
        ("3670", "0111", 0),
        ("367", "3670", 3),
        ("36", "36", 2),
        ("3670", "nope", 0),
    ],
)
def test_same_branch(industries: IndustryCatalog, a: str, b: str, depth: int) -> None:
    assert industries.same_branch(a, b) == depth
    assert industries.same_branch(b, a) == depth


def test_search(industries: IndustryCatalog) -> None:
    # equal names: the 小类 ranks before its 中类
    assert [i.code for i in industries.search("汽车零部件及配件制造")] == ["3670", "367"]
    # 3841 by name; 3563 电子元器件与机电组件设备制造 through its note (…锂离子电池等…的设备的制造)
    assert [i.code for i in industries.search("锂离子电池")] == ["3841", "3563"]
    assert industries.search("") == ()
    # "电子功能材料" appears only in the note of 3985 电子专用材料制造
    assert [i.code for i in industries.search("电子功能材料")] == ["3985"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3670", "3670"),
        ("C3670", "3670"),
        ("C 3670 汽车零部件及配件制造", "3670"),
        ("c36", "36"),
        ("汽车零部件及配件制造", "3670"),
        ("其他农业", "0190"),
        ("A3670", None),  # section letter contradicts the code
        ("", None),
        ("不存在的行业", None),
    ],
)
def test_resolve(industries: IndustryCatalog, text: str, code: str | None) -> None:
    assert industries.resolve(text) == code


class TestValidation:
    def test_unknown_parent(self) -> None:
        rows = [
            {"code": "C", "name": "制造业", "parent_code": "", "level": "1", "section": "C"},
            {"code": "36", "name": "汽车制造业", "parent_code": "B", "level": "2", "section": "C"},
        ]
        with pytest.raises(CatalogError, match="上级代码不存在：B"):
            IndustryCatalog.from_rows(rows)

    def test_duplicate(self) -> None:
        row = {"code": "C", "name": "制造业", "parent_code": "", "level": "1", "section": "C"}
        with pytest.raises(CatalogError, match="重复：C"):
            IndustryCatalog.from_rows([row, row])

    def test_code_must_extend_parent(self) -> None:
        rows = [
            {"code": "C", "name": "制造业", "parent_code": "", "level": "1", "section": "C"},
            {"code": "36", "name": "汽车制造业", "parent_code": "C", "level": "2", "section": "C"},
            {"code": "371", "name": "x", "parent_code": "36", "level": "3", "section": "C"},
        ]
        with pytest.raises(CatalogError, match="不以上级代码 36 开头"):
            IndustryCatalog.from_rows(rows)

    def test_level_mismatch(self) -> None:
        rows = [
            {"code": "36", "name": "汽车制造业", "parent_code": "", "level": "1", "section": "C"}
        ]
        with pytest.raises(CatalogError, match="门类代码无效"):
            IndustryCatalog.from_rows(rows)
