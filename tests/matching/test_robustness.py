"""Real text the dev set does not cover: long 经营范围 paragraphs, English-only catalogues, model
numbers, typos, county-level cities under a province, and reasons worded for their reader."""

from __future__ import annotations

import pytest

from matching import (
    Locality,
    MatchConfig,
    MatchEngine,
    NeedRecord,
    SupplierRecord,
    SynonymMatcher,
    normalize,
    tokenize,
)
from matching.rerank import locality_kind

SCOPE = (
    "许可项目：道路货物运输；建设工程施工。一般项目：电子产品销售；五金产品批发；五金产品零售；"
    "建筑材料销售；日用百货销售；针纺织品销售；服装服饰批发；化工产品销售（不含许可类化工产品）；"
    "金属材料销售；机械设备销售；电气设备销售；办公用品销售；家用电器销售；照明器具销售；"
    "塑料制品销售；橡胶制品销售；劳动保护用品销售；电线、电缆经营；通讯设备销售；计算机软硬件及"
    "辅助设备零售；电路板销售；电子元器件批发；仪器仪表销售；农副产品销售；食品销售（仅销售预包装"
    "食品）；包装材料及制品销售；信息咨询服务（不含许可类信息咨询服务）；技术服务、技术开发、技术"
    "咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口；会议及展览服务；广告设计、代理；"
    "广告制作；企业管理咨询；市场营销策划；普通机械设备安装服务；家具销售；工艺美术品及礼仪用品"
    "销售；汽车零配件零售；摩托车及零配件零售；体育用品及器材零售；文具用品零售；消防器材销售；"
    "安防设备销售；环境保护专用设备销售；五金交电批发；卫生洁具销售；门窗销售；水泥制品销售；"
    "石材销售；涂料销售（不含危险化学品）；建筑装饰材料销售；灯具销售；玩具销售；宠物食品及用品"
    "零售；母婴用品销售；化妆品零售；珠宝首饰零售；钟表销售；眼镜销售（不含隐形眼镜）；箱包销售。"
)

BACKGROUND = [
    SupplierRecord("b1", "咸宁鑫达注塑厂", "注塑件 塑料外壳 ABS PP 注射成型"),
    SupplierRecord("b2", "赤壁恒通物流", "道路货物运输 仓储服务 城市配送"),
    SupplierRecord("b3", "通城精工机械", "数控车削 铣削 轴类零件 法兰"),
    SupplierRecord("b4", "嘉鱼华美包装", "瓦楞纸箱 彩盒 包装材料"),
    SupplierRecord("b5", "崇阳绿源茶业", "青砖茶 砖茶 茶叶加工"),
    SupplierRecord("b6", "咸安宏远建材", "商品混凝土 建筑材料 砂石"),
    SupplierRecord("b7", "武汉光谷软件", "软件开发 系统集成 信息技术服务"),
    SupplierRecord("b8", "黄石标准件厂", "螺母 垫圈 弹簧垫圈 紧固件"),
]


def top_ids(engine: MatchEngine, need: NeedRecord, top: int = 5) -> list[str]:
    return [r.candidate_id for r in engine.suppliers_for(need, top=top)]


class TestLengthNormalisation:
    def test_short_precise_text_beats_a_long_business_scope(self) -> None:
        assert len(SCOPE) > 500
        suppliers = [
            *BACKGROUND,
            SupplierRecord("long", "咸宁市某某实业有限公司", SCOPE),
            SupplierRecord("short", "咸宁精联电子", "双面线路板打样 FR-4 沉金 小批量"),
        ]
        engine = MatchEngine().fit(suppliers=suppliers)
        need = NeedRecord("n", "双面PCB打样", "FR-4 板厚1.6mm 沉金工艺")
        got = engine.suppliers_for(need, top=3)
        assert got[0].candidate_id == "short"
        assert got[0].score > 2 * next(r.score for r in got if r.candidate_id == "long")


class TestEnglishCatalogues:
    def test_english_only_die_caster_found_for_a_chinese_need(self) -> None:
        suppliers = [
            *BACKGROUND,
            SupplierRecord("en", "Hubei Alutech Ltd", "Aluminium alloy die casting, CNC machining"),
            SupplierRecord("en2", "Delta Plastics", "Plastic injection molding, ABS housings"),
            SupplierRecord("en3", "Wuhan Freight", "Road freight and warehousing"),
        ]
        engine = MatchEngine().fit(suppliers=suppliers)
        got = engine.suppliers_for(NeedRecord("n", "铝合金压铸件", "压铸 CNC精加工"), top=3)
        assert got[0].candidate_id == "en"
        assert "压铸 ≈ die casting（同义）" in got[0].matched_terms
        assert "铝合金 ≈ aluminium alloy（同义）" in got[0].matched_terms
        assert got[0].components["title"] > 0  # the title is compared through the synonyms

    @pytest.mark.parametrize(
        ("text", "group"),
        [("bearings", "轴承"), ("valves", "阀门"), ("batteries", "电池"), ("aluminium", "铝合金")],
    )
    def test_plurals_and_bare_words_reach_their_group(self, text: str, group: str) -> None:
        matcher = SynonymMatcher.from_lexicon()
        assert [matcher.canonical[h.group] for h in matcher.find(normalize(text))] == [group]

    def test_pcb_need_gets_title_credit_from_xianluban(self) -> None:
        suppliers = [
            *BACKGROUND,
            SupplierRecord("cn", "咸宁华鑫电子", "线路板 多层板 沉金"),
            SupplierRecord("plain", "咸宁华鑫贸易", "多层 沉金 首饰"),
        ]
        engine = MatchEngine().fit(suppliers=suppliers)
        got = engine.suppliers_for(NeedRecord("n", "PCB", "多层 沉金"), top=2)
        assert [r.candidate_id for r in got] == ["cn", "plain"]
        assert got[0].components["title"] > 0
        assert got[1].components["title"] == 0


class TestModelNumbers:
    def test_tokens_keep_a_grade_whole(self) -> None:
        assert "6061-t6" in tokenize("铝合金6061-T6棒材")
        assert "m8" in tokenize("M8 螺栓")
        assert "m10" not in tokenize("M8 螺栓")

    def test_m8_and_m10_are_not_near_identical(self) -> None:
        suppliers = [
            *BACKGROUND,
            SupplierRecord("m10", "咸宁紧固件厂", "M10 螺栓 8.8级 镀锌"),
            SupplierRecord("m8", "赤壁紧固件厂", "M8 螺栓 8.8级 镀锌"),
        ]
        engine = MatchEngine().fit(suppliers=suppliers)
        got = engine.suppliers_for(NeedRecord("n", "M8 螺栓", "8.8级 镀锌"), top=2)
        assert [r.candidate_id for r in got] == ["m8", "m10"]
        assert got[1].score < 0.85 * got[0].score
        assert "M8" in got[0].matched_terms
        assert "M8" not in got[1].matched_terms


class TestTypos:
    def test_typo_in_the_need_still_finds_the_supplier(self) -> None:
        suppliers = [*BACKGROUND, SupplierRecord("pcb", "咸宁精联电子", "线路板打样 双面板")]
        engine = MatchEngine().fit(suppliers=suppliers)
        assert top_ids(engine, NeedRecord("n", "线路扳打样", "双面"))[0] == "pcb"


class TestLocality:
    @pytest.mark.parametrize(
        ("anchor", "region", "home", "near", "kind"),
        [
            ("429004", "429004", "429004", (), "county"),  # 仙桃: county-level, under the province
            ("", "429004", "429004", (), "home"),
            ("", "429005", "429004", (), "province"),  # 潜江 is not 仙桃
            ("", "421281", "421200", (), "home"),  # 赤壁 within 咸宁
            ("", "421200", "421200", (), "home"),  # only the city's own code
            ("421281", "421281", "421200", (), "county"),
            ("", "429004", "421200", ("429004",), "near"),
            ("", "420102", "421200", (), "province"),
            ("", "440305", "421200", (), "elsewhere"),
            ("", "", "421200", (), "unknown"),
        ],
    )
    def test_kinds(
        self, anchor: str, region: str, home: str, near: tuple[str, ...], kind: str
    ) -> None:
        assert locality_kind(anchor, region, Locality(home, near)) == kind


class TestReasonsReadNaturally:
    SUPPLIER = SupplierRecord(
        "s", "咸宁华鑫电子", "线路板 多层板", region="421202", certifications=("IATF16949",)
    )
    NEED = NeedRecord(
        "n", "PCB", "多层板", category="3982", region="421281", certifications=("IATF16949",)
    )

    def test_owner_reads_suppliers(self) -> None:
        engine = MatchEngine(locality=Locality("421200")).fit(suppliers=[self.SUPPLIER])
        why = engine.suppliers_for(self.NEED)[0].reasons
        assert why[0].startswith("匹配：")
        assert "企业未填写行业类别" in why
        assert "具备 IATF 16949 认证" in why
        assert why[-1] == "本市企业（咸安区）"

    def test_supplier_reads_needs(self) -> None:
        engine = MatchEngine(locality=Locality("421200")).fit(needs=[self.NEED])
        why = engine.needs_for(self.SUPPLIER)[0].reasons
        assert "本企业未填写行业类别" in why
        assert "要求 IATF 16949 认证（已具备）" in why
        assert why[-1] == "本市需求（赤壁市）"

    def test_home_region_at_province_level(self) -> None:
        engine = MatchEngine(locality=Locality("420000")).fit(suppliers=[self.SUPPLIER])
        assert engine.suppliers_for(NeedRecord("n", "PCB"))[0].reasons[-1] == "本省企业（咸安区）"


class TestCalibration:
    def test_score_exponent_keeps_the_ranking_and_maps_each_score(self) -> None:
        suppliers = [
            *BACKGROUND,
            SupplierRecord("a", "咸宁华鑫电子", "线路板 多层板 沉金"),
            SupplierRecord("b", "赤壁电子", "线路板 贴片"),
        ]
        need = NeedRecord("n", "PCB 多层板", "沉金 贴片")
        raw = MatchEngine(config=MatchConfig(score_exponent=1.0)).fit(suppliers=suppliers)
        cal = MatchEngine(config=MatchConfig(score_exponent=0.84)).fit(suppliers=suppliers)
        got_raw, got_cal = raw.suppliers_for(need), cal.suppliers_for(need)
        assert [r.candidate_id for r in got_raw] == [r.candidate_id for r in got_cal]
        for r, c in zip(got_raw, got_cal, strict=True):
            assert c.score == pytest.approx(r.score**0.84, abs=1e-5)
            assert sum(c.components.values()) == pytest.approx(c.score, abs=1e-5)

    def test_exponent_out_of_range_is_refused(self) -> None:
        with pytest.raises(ValueError, match="score_exponent"):
            MatchConfig(score_exponent=0.0)
