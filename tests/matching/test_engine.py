"""Golden rankings, certification and locality behaviour, incremental updates, the not-fitted error."""

from __future__ import annotations

import pytest

from matching import (
    Locality,
    MatchConfig,
    MatchEngine,
    NeedRecord,
    NotFittedError,
    SupplierRecord,
)

SUPPLIERS = [
    SupplierRecord(
        "die-local",
        "咸宁精工机械有限公司",
        "铝合金压铸件 CNC精密加工 汽车零部件",
        "3670",
        "421202",
        ("IATF16949",),
    ),
    SupplierRecord("die-far", "深圳压铸厂", "压力铸造 铝压铸件 去毛刺", "3670", "440300"),
    SupplierRecord("pcb-far", "东莞某电子有限公司", "PCB 打样 SMT贴片", "3982", "441900"),
    SupplierRecord("pcb-near", "武汉线路板厂", "印制电路板 多层板", "3982", "420106", ("ISO9001",)),
    SupplierRecord("mold", "嘉鱼模具厂", "注塑模具 冲压模具 设计制造", "3525", "421221"),
    SupplierRecord("tea", "赤壁青砖茶厂", "青砖茶 黑茶 压制", "1530", "421281"),
]
NEEDS = [
    NeedRecord("n-die", "压铸件", "铝合金 压力铸造 发动机壳体", "3670", "421202"),
    NeedRecord("n-pcb", "线路板", "四层 PCB", "3982", "421202"),
    NeedRecord("n-tea", "砖茶", "青砖茶 出口包装", "1530", "421281"),
]
LOCALITY = Locality("421200", ("420100",))


@pytest.fixture(scope="module")
def engine() -> MatchEngine:
    return MatchEngine(locality=LOCALITY).fit(suppliers=SUPPLIERS, needs=NEEDS)


def ids(results: list) -> list[str]:
    return [r.candidate_id for r in results]


class TestGolden:
    def test_die_casting_need(self, engine: MatchEngine) -> None:
        need = NeedRecord("q", "铝合金压铸件", "发动机壳体", "3670", "421202")
        assert ids(engine.suppliers_for(need, top=2)) == ["die-local", "die-far"]

    def test_synonyms_join_pcb_and_circuit_board(self, engine: MatchEngine) -> None:
        got = engine.suppliers_for(NeedRecord("q", "PCB", "多层"), top=2)
        assert set(ids(got)) == {"pcb-far", "pcb-near"}
        assert any("（同义）" in t for r in got for t in r.matched_terms)

    def test_without_synonyms_pcb_misses_circuit_board(self) -> None:
        plain = MatchEngine(config=MatchConfig(use_synonyms=False), locality=LOCALITY)
        plain.fit(suppliers=SUPPLIERS)
        assert ids(plain.suppliers_for(NeedRecord("q", "PCB"), top=5)) == ["pcb-far"]

    def test_reverse_direction(self, engine: MatchEngine) -> None:
        got = engine.needs_for(SUPPLIERS[5], top=3)
        assert ids(got)[0] == "n-tea"
        assert got[0].reasons[-1] == "本县需求（赤壁市）"

    def test_results_are_explained(self, engine: MatchEngine) -> None:
        need = NeedRecord("q", "铝合金压铸件", "发动机壳体", "3670", "421202")
        top = engine.suppliers_for(need, top=1)[0]
        assert (top.rank, top.candidate_id) == (1, "die-local")
        assert 0.0 <= top.score <= 1.0
        assert set(top.components) == {"text", "title", "category", "locality"}
        assert sum(top.components.values()) == pytest.approx(top.score, abs=1e-5)
        assert "匹配：" in top.reasons[0]
        assert "同属 3670 汽车零部件及配件制造" in top.reasons
        assert "本县企业（咸安区）" in top.reasons

    def test_exclude(self, engine: MatchEngine) -> None:
        assert "die-local" not in ids(engine.suppliers_for(NEEDS[0], exclude={"die-local"}))


class TestCertification:
    def test_certified_supplier_first_and_missing_said(self) -> None:
        a = SupplierRecord("a", "甲", "铝合金压铸件 压铸", region="440300")
        b = SupplierRecord(
            "b", "乙", "铝合金压铸件 压铸", region="440300", certifications=("IATF16949",)
        )
        engine = MatchEngine().fit(suppliers=[a, b])
        got = engine.suppliers_for(
            NeedRecord("q", "铝合金压铸件", certifications=("IATF16949",)), top=2
        )
        assert ids(got) == ["b", "a"]
        assert "具备 IATF 16949 认证" in got[0].reasons
        assert "缺少 IATF 16949 认证" in got[1].reasons
        assert got[1].components["certification"] == 0.0


class TestLocality:
    def make(self, text_far: str) -> MatchEngine:
        near = SupplierRecord("local", "本地", "铝合金压铸件 压铸", region="421202")
        far = SupplierRecord("far", "外地", text_far, region="440300")
        return MatchEngine(locality=LOCALITY).fit(suppliers=[near, far])

    def test_local_wins_among_equals(self) -> None:
        engine = self.make("铝合金压铸件 压铸")
        got = engine.suppliers_for(NeedRecord("q", "铝合金压铸件", region="421202"), top=2)
        assert ids(got) == ["local", "far"]
        assert got[1].reasons[-1] == "外地企业（广东省深圳市）"

    def test_clearly_better_distant_one_stays_ahead(self) -> None:
        engine = MatchEngine(locality=LOCALITY).fit(
            suppliers=[
                SupplierRecord("local", "本地", "铝合金 机加工", region="421202"),
                SupplierRecord("far", "外地", "铝合金压铸件 压铸 压铸件", region="440300"),
            ]
        )
        got = engine.suppliers_for(NeedRecord("q", "铝合金压铸件", region="421202"), top=2)
        assert ids(got) == ["far", "local"]

    def test_order_of_levels(self) -> None:
        text = "铝合金压铸件 压铸"
        sups = [
            SupplierRecord("elsewhere", "x", text, region="440300"),
            SupplierRecord("province", "x", text, region="420600"),
            SupplierRecord("near", "x", text, region="420106"),
            SupplierRecord("home", "x", text, region="421221"),
            SupplierRecord("county", "x", text, region="421202"),
        ]
        engine = MatchEngine(locality=LOCALITY).fit(suppliers=sups)
        got = engine.suppliers_for(NeedRecord("q", "铝合金压铸件", region="421202"), top=5)
        assert ids(got) == ["county", "home", "near", "province", "elsewhere"]

    def test_locality_off(self) -> None:
        engine = MatchEngine(config=MatchConfig(weight_locality=0), locality=LOCALITY)
        engine.fit(suppliers=[SupplierRecord("a", "x", "压铸", region="440300")])
        got = engine.suppliers_for(NeedRecord("q", "压铸"))
        assert got[0].components["locality"] == 0.0


class TestIncremental:
    def test_upsert_change_remove_visible_to_next_query(self) -> None:
        engine = MatchEngine(config=MatchConfig(auto_refit=False)).fit(suppliers=SUPPLIERS)
        need = NeedRecord("q", "青砖茶")
        engine.upsert_supplier(SupplierRecord("tea2", "茶厂", "青砖茶 黑茶 青砖茶"))
        assert "tea2" in ids(engine.suppliers_for(need))
        engine.upsert_supplier(SupplierRecord("tea", "改行", "注塑模具"))
        assert "tea" not in ids(engine.suppliers_for(need))
        assert engine.remove_supplier("tea2")
        assert ids(engine.suppliers_for(need)) == []
        assert engine.stats()["pending_supplier_changes"] == 3

    def test_refit_rule(self) -> None:
        engine = MatchEngine(config=MatchConfig(auto_refit=False)).fit(suppliers=SUPPLIERS)
        assert not engine.needs_refit
        engine.upsert_supplier(SupplierRecord("x1", "压铸", "压铸"))  # 1 change <= max(1, 5% of 6)
        assert not engine.needs_refit
        engine.upsert_supplier(SupplierRecord("x2", "压铸", "压铸"))
        assert engine.needs_refit
        engine.refit()
        assert not engine.needs_refit
        assert engine.stats()["suppliers"] == 8

    def test_auto_refit_makes_new_words_findable(self) -> None:
        engine = MatchEngine().fit(suppliers=SUPPLIERS)
        for i in range(3):
            engine.upsert_supplier(SupplierRecord(f"g{i}", "石墨烯厂", "石墨烯导热膜"))
        assert engine.stats()["refits"] >= 1
        assert ids(engine.suppliers_for(NeedRecord("q", "石墨烯导热膜")))[:1] == ["g0"]

    def test_need_updates(self, engine: MatchEngine) -> None:
        local = MatchEngine().fit(suppliers=SUPPLIERS, needs=NEEDS)
        local.upsert_need(NeedRecord("n-mold", "注塑模具", "汽车内饰件模具"))
        assert ids(local.needs_for(SUPPLIERS[4], top=1)) == ["n-mold"]
        local.remove_need("n-mold")
        assert "n-mold" not in ids(local.needs_for(SUPPLIERS[4]))


def test_not_fitted() -> None:
    with pytest.raises(NotFittedError, match="fit"):
        MatchEngine().suppliers_for(NeedRecord("q", "压铸"))


def test_config_round_trip() -> None:
    cfg = MatchConfig(weight_title=0.0, use_synonyms=False)
    assert MatchConfig.from_json(cfg.to_json()) == cfg
    with pytest.raises(ValueError, match="unknown"):
        MatchConfig.from_json('{"bogus": 1}')
