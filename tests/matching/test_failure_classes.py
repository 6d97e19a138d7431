"""One test per failure class of issue 11, on real-looking text (product lists as firms write them,
catalogue lines with category breadcrumbs)."""

from __future__ import annotations

import pytest

from matching import Locality, MatchEngine, NeedRecord, SupplierRecord

BACKGROUND = [  # enough ordinary firms that IDF means something
    SupplierRecord(f"bg{i}", f"背景企业{i}", text)
    for i, text in enumerate(
        [
            "注塑件、塑料外壳、模具设计制造",
            "五金冲压件、钣金加工、喷涂",
            "纸箱、彩印包装、瓦楞纸板",
            "电线电缆、控制电缆、铜芯线",
            "农副产品收购、粮食仓储",
            "服装加工、针织面料",
            "机械设备批发、通用零部件销售",
            "道路货物运输、仓储服务",
            "混凝土预制构件、商品混凝土",
            "化工原料（不含危险品）销售",
        ]
        * 3
    )
]


def _rank(need: NeedRecord, suppliers: list[SupplierRecord], top: int = 5) -> list[str]:
    engine = MatchEngine().fit(suppliers=[*BACKGROUND, *suppliers])
    return [r.candidate_id for r in engine.suppliers_for(need, top=top)]


def test_class1_one_character_product() -> None:
    """铝 makes no bigram: the aluminium producer must still come first."""
    suppliers = [
        SupplierRecord("alu", "华鑫", "电解铝、铝锭、铝板带箔"),
        SupplierRecord("trader", "金属贸易", "有色金属贸易、工业金属回收"),
        SupplierRecord("copper", "铜业", "铜杆、铜线、铜排"),
    ]
    need = NeedRecord("n", "铝", "有色金属／工业金属／铝")
    assert _rank(need, suppliers)[0] == "alu"


def test_class2_title_outweighs_breadcrumb() -> None:
    """A description that is a category path counts little against the item bought."""
    suppliers = [
        SupplierRecord("bearing", "轴承厂", "深沟球轴承、圆锥滚子轴承、调心轴承"),
        SupplierRecord("wholesale", "机电批发", "机械设备、通用零部件、传动件批发"),
    ]
    need = NeedRecord("n", "轴承", "机械设备／通用零部件／传动件")
    assert _rank(need, suppliers)[:2] == ["bearing", "wholesale"]


def test_class3_hub_supplier_does_not_top_unrelated_need() -> None:
    hub = SupplierRecord(
        "hub",
        "综合集团",
        "交通运输业、物流贸易、矿业、房地产、利息收入、其他业务、分部间抵销、钢材贸易、"
        "铝锭贸易、煤炭贸易、化工贸易、酒店服务、金融服务、租赁",
    )
    smelter = SupplierRecord("smelter", "铝厂", "铝锭、铝液、铝合金锭")
    ranked = _rank(NeedRecord("n", "铝锭", "A00铝锭 年用量3000吨"), [hub, smelter])
    assert ranked[0] == "smelter"
    assert "hub" not in _rank(NeedRecord("n2", "铜杆", "电工用铜杆"), [hub, smelter], top=3)


@pytest.mark.parametrize(
    ("title", "spelled"),
    [
        ("尼康 EN-EL10 锂电池", "ENEL10相机电池"),
        ("HT-TZ515 碳带", "HTTZ515色带"),
        ("六角头螺栓 GB/T 5783", "GBT5783外六角螺栓"),
        ("螺栓 M8×30", "M8x30螺丝"),
    ],
)
def test_class4_code_in_another_spelling(title: str, spelled: str) -> None:
    suppliers = [
        SupplierRecord("same", "甲", spelled),
        SupplierRecord(
            "other",
            "乙",
            spelled.replace("10", "15")
            .replace("515", "525")
            .replace("5783", "5782")
            .replace("30", "40"),
        ),
    ]
    assert _rank(NeedRecord("n", title), suppliers)[0] == "same"


def test_class5_reasons_are_whole_words_never_generic_alone() -> None:
    suppliers = [
        SupplierRecord("die", "压铸厂", "铝合金压铸件加工及销售，年产50万件，通过ISO9001认证"),
        SupplierRecord("brick", "耐材厂", "电炉用镁钙质耐火材料、镁钙砖生产"),
    ]
    engine = MatchEngine().fit(suppliers=[*BACKGROUND, *suppliers])
    need = NeedRecord("n", "铝合金压铸件", "年需求10万件，加工及喷涂，需通过认证")
    top = engine.suppliers_for(need, top=1)[0]
    assert top.candidate_id == "die"
    assert top.matched_terms == ("铝合金压铸件",)
    brick = engine.suppliers_for(NeedRecord("m", "镁钙砖", "电炉炉衬用"), top=1)[0]
    assert brick.candidate_id == "brick"
    assert "炉镁钙" not in "".join(brick.matched_terms)
    assert set(brick.matched_terms) <= {"镁钙砖", "电炉"}
    assert "镁钙砖" in brick.matched_terms


def test_class7_one_score_per_pair_both_ways() -> None:
    """The owner's list (need -> suppliers), the supplier's list (supplier -> needs) and a single
    pair lookup give the same score for the same pair."""
    suppliers = [
        SupplierRecord("die", "压铸厂", "铝合金压铸件、CNC精加工", region="421202"),
        SupplierRecord("far", "外地压铸", "铝合金压铸、模具", region="320583"),
    ]
    needs = [
        NeedRecord("n1", "铝合金压铸件", "变速箱壳体／汽车零部件", region="421202"),
        NeedRecord("n2", "压铸模具", "模具设计制造", region="421221"),
    ]
    engine = MatchEngine(locality=Locality("421200")).fit(
        suppliers=[*BACKGROUND, *suppliers], needs=needs
    )
    for need in needs:
        for forward in engine.suppliers_for(need, top=3):
            if forward.candidate_id not in ("die", "far"):
                continue
            supplier = engine.suppliers_[forward.candidate_id]
            backward = {r.candidate_id: r for r in engine.needs_for(supplier, top=5)}
            assert backward[need.id].score == pytest.approx(forward.score, abs=2e-6)
            assert engine.score_pair(need, supplier).score == pytest.approx(forward.score, abs=2e-6)
