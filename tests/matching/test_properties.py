"""Hypothesis properties of the engine: scores in [0, 1], batch == single, add+remove restores."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import Locality, MatchConfig, MatchEngine, NeedRecord, SupplierRecord

WORDS = [
    "铝合金",
    "压铸件",
    "PCB",
    "线路板",
    "注塑",
    "模具",
    "螺栓",
    "M8",
    "不锈钢",
    "青砖茶",
    "CNC",
    "数控",
    "冲压件",
    "电镀",
]
REGIONS = ["", "421202", "421221", "420106", "420600", "440300"]
CERTS = ["IATF16949", "ISO9001"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
suppliers = st.lists(
    st.builds(
        lambda i, t, r, c: SupplierRecord(f"s{i}", "公司", t, "3670" if i % 2 else "", r, c),
        st.integers(0, 10_000),
        texts,
        st.sampled_from(REGIONS),
        st.lists(st.sampled_from(CERTS), max_size=2, unique=True).map(tuple),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda s: s.id,
)
needs = st.lists(
    st.builds(
        lambda i, t, d, r, c: NeedRecord(f"n{i}", t, d, "3670", r, c),
        st.integers(0, 10_000),
        texts,
        texts,
        st.sampled_from(REGIONS),
        st.lists(st.sampled_from(CERTS), max_size=1).map(tuple),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda n: n.id,
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOCALITY = Locality("421200", ("420100",))


def key(results: list) -> list[tuple[str, float]]:
    return [(r.candidate_id, r.score) for r in results]


@FAST
@given(suppliers, needs)
def test_scores_in_unit_interval_and_sorted(sups: list, reqs: list) -> None:
    engine = MatchEngine(locality=LOCALITY).fit(suppliers=sups, needs=reqs)
    for need in reqs:
        results = engine.suppliers_for(need, top=20)
        assert all(0.0 <= r.score <= 1.0 for r in results)
        assert [r.rank for r in results] == list(range(1, len(results) + 1))
        assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    for sup in sups:
        assert all(0.0 <= r.score <= 1.0 for r in engine.needs_for(sup, top=20))


@FAST
@given(suppliers, needs)
def test_batch_equals_single(sups: list, reqs: list) -> None:
    engine = MatchEngine(config=MatchConfig(batch_chunk=4)).fit(suppliers=sups)
    batch = engine.suppliers_for_batch(reqs, top=5)
    for need in reqs:
        assert batch[need.id] == engine.suppliers_for(need, top=5)


@FAST
@given(suppliers, needs, texts)
def test_add_then_remove_restores(sups: list, reqs: list, text: str) -> None:
    engine = MatchEngine(config=MatchConfig(auto_refit=False), locality=LOCALITY)
    engine.fit(suppliers=sups)
    before = {n.id: key(engine.suppliers_for(n, top=5)) for n in reqs}
    engine.upsert_supplier(SupplierRecord("new", "新公司", text, region="421202"))
    engine.remove_supplier("new")
    assert {n.id: key(engine.suppliers_for(n, top=5)) for n in reqs} == before
