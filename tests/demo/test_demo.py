"""The Xianning demo data set: counts, determinism, uniqueness and valid reference codes."""

from __future__ import annotations

import csv
import time
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from catalogs.credit_code import is_valid_credit_code
from demo import DemoDataset, build_demo_dataset, catalog
from demo.ledger import PERIODS, local_share
from demo.places import FAR, is_local

REFERENCE = Path("/work/shared/reference")
REPO_DATA = Path(__file__).resolve().parents[2] / "catalogs" / "data"
CHAINS = {
    "xn-metallurgy",
    "xn-electronics",
    "xn-equipment",
    "xn-food",
    "xn-chemical",
    "xn-biomed",
    "xn-clean-energy",
    "xn-new-materials",
    "xn-low-altitude",
}
PLAN_OWNERS: tuple[str, ...] = (
    *("金盛兰", "顺乐", "维达力", "三赢兴", "瀛通电子", "三环", "敏实", "真奥药业", "稳健医疗"),
    *("厚福医疗", "康恩萃药业", "华润电力", "中港金属", "华宁防腐", "平安电工"),
)
TAGS = {"专精特新", "小巨人", "单项冠军", "规上", "高新技术企业"}


def _codes(name: str) -> set[str]:
    path = REPO_DATA / name if (REPO_DATA / name).exists() else REFERENCE / name
    with path.open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def _norm(text: str) -> str:
    """NFKC, case folding and no whitespace: how the ledger report compares items."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def dataset() -> DemoDataset:
    return build_demo_dataset(seed=20261130)


def owners() -> list[str]:
    return [e.key for e in dataset().enterprises if "owner" in e.roles]


def suppliers() -> list[str]:
    return [e.key for e in dataset().enterprises if "supplier" in e.roles]


class TestCounts:
    def test_chains_owners_suppliers(self) -> None:
        ds = dataset()
        assert {n.chain_code for n in ds.needs} == CHAINS
        assert len(owners()) == 18
        assert len(suppliers()) >= 300

    def test_open_needs_and_purchases(self) -> None:
        ds = dataset()
        assert sum(n.status == "open" for n in ds.needs) >= 100
        assert {n.status for n in ds.needs} == {"open", "matched", "closed"}
        assert len(ds.purchases) >= 1000

    def test_every_owner_has_5_to_20_needs(self) -> None:
        per_owner = Counter(n.owner_key for n in dataset().needs)
        assert set(per_owner) == set(owners())
        assert all(5 <= count <= 20 for count in per_owner.values())

    def test_each_supplier_has_1_to_4_capabilities(self) -> None:
        per_supplier = Counter(c.supplier_key for c in dataset().capabilities)
        assert set(per_supplier) == set(suppliers())
        assert all(1 <= count <= 4 for count in per_supplier.values())


class TestDeterminism:
    def test_same_seed_same_data(self) -> None:
        assert build_demo_dataset(seed=20261130) == dataset()

    def test_other_seed_other_data(self) -> None:
        assert build_demo_dataset(seed=7) != dataset()

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_other_seeds_build_valid_data(self, seed: int) -> None:
        ds = build_demo_dataset(seed=seed)
        assert all(is_valid_credit_code(e.credit_code) for e in ds.enterprises)
        assert len({e.name for e in ds.enterprises}) == len(ds.enterprises)
        assert sum(n.status == "open" for n in ds.needs) >= 100

    def test_fast(self) -> None:
        start = time.perf_counter()
        build_demo_dataset(seed=1)
        assert time.perf_counter() - start < 2.0


class TestUniqueness:
    def test_names_codes_keys_unique(self) -> None:
        ds = dataset()
        for field in ("key", "name", "credit_code"):
            values = [getattr(e, field) for e in ds.enterprises]
            assert len(values) == len(set(values)), field
        for records in (ds.needs, ds.capabilities):
            keys = [r.key for r in records]
            assert len(keys) == len(set(keys))

    def test_credit_codes_valid(self) -> None:
        assert all(is_valid_credit_code(e.credit_code) for e in dataset().enterprises)

    def test_credit_code_carries_region(self) -> None:
        assert all(e.credit_code[2:8] == e.region_code for e in dataset().enterprises)


class TestReferenceCodes:
    def test_regions_exist(self) -> None:
        regions = _codes("regions.csv")
        ds = dataset()
        used = {e.region_code for e in ds.enterprises}
        used |= {region for n in ds.needs for _, region in n.current_suppliers}
        used |= {p.supplier_region for p in ds.purchases}
        assert used <= regions, sorted(used - regions)

    def test_industries_are_4_digit_and_exist(self) -> None:
        industries = _codes("industries.csv")
        ds = dataset()
        used = {e.industry_code for e in ds.enterprises}
        used |= {n.category for n in ds.needs} | {c.category for c in ds.capabilities}
        used |= {p.category for p in ds.purchases}
        assert all(len(code) == 4 for code in used)
        assert used <= industries, sorted(used - industries)

    def test_certifications_exist(self) -> None:
        certs = _codes("certifications.csv")
        ds = dataset()
        used = {code for n in ds.needs for code in n.required_certifications}
        used |= {code for c in ds.capabilities for code, _ in c.certifications}
        assert used <= certs, sorted(used - certs)

    def test_tags_from_the_list(self) -> None:
        assert {t for e in dataset().enterprises for t in e.tags} <= TAGS


class TestSpecs:
    def test_places_and_related_topics_resolve(self) -> None:
        for topic in catalog.TOPICS.values():
            assert set(topic.far_regions) <= set(FAR), topic.key
            assert topic.caps, topic.key
            assert "{cap}" in "".join(text for _, text in topic.caps) or topic.capacity
        for key, related in catalog.RELATED.items():
            assert {key, *related} <= set(catalog.TOPICS), key
        for owner in catalog.OWNERS:
            assert {line.topic for line in owner.needs} <= set(catalog.TOPICS), owner.key

    def test_required_certificates_are_ones_the_topic_suppliers_can_hold(self) -> None:
        for owner in catalog.OWNERS:
            for line in owner.needs:
                assert set(line.certs) <= set(catalog.TOPICS[line.topic].certs), line.title


class TestOwnersAndNeeds:
    def test_plan_owners_present(self) -> None:
        names = [e.name for e in dataset().enterprises if "owner" in e.roles]
        for short in PLAN_OWNERS:
            assert sum(short in name for name in names) == 1, short
        assert sum("(示例)" in name for name in names) == 3

    def test_owners_in_xianning(self) -> None:
        assert all(is_local(e.region_code) for e in dataset().enterprises if "owner" in e.roles)

    def test_need_amounts_positive(self) -> None:
        assert all(n.yearly_amount > 0 and n.yearly_quantity > 0 for n in dataset().needs)

    def test_need_has_current_suppliers(self) -> None:
        assert all(1 <= len(n.current_suppliers) <= 3 for n in dataset().needs)

    def test_registered_current_suppliers_hold_required_certificates(self) -> None:
        ds = dataset()
        names = {e.key: e.name for e in ds.enterprises}
        held: dict[str, set[str]] = {}
        for cap in ds.capabilities:
            held.setdefault(names[cap.supplier_key], set()).update(c for c, _ in cap.certifications)
        checked = 0
        for need in ds.needs:
            for name, _ in need.current_suppliers:
                if name in held and need.required_certifications:
                    checked += 1
                    assert set(need.required_certifications) <= held[name], need.key
        assert checked >= 40

    def test_some_needs_single_sourced_outside(self) -> None:
        single = [n for n in dataset().needs if len(n.current_suppliers) == 1]
        assert len(single) >= 30
        assert any(not is_local(n.current_suppliers[0][1]) for n in single)


class TestSuppliers:
    def test_about_half_local(self) -> None:
        regions = [e.region_code for e in dataset().enterprises if "supplier" in e.roles]
        local = sum(is_local(r) for r in regions) / len(regions)
        metro = sum(not is_local(r) and r.startswith("42") for r in regions) / len(regions)
        assert 0.42 <= local <= 0.6
        assert 0.18 <= metro <= 0.32

    def test_all_six_counties(self) -> None:
        counties = Counter(e.region_code for e in dataset().enterprises if is_local(e.region_code))
        assert set(counties) == {"421202", "421221", "421222", "421223", "421224", "421281"}
        assert min(counties.values()) >= 10

    def test_some_certificates_lapsed(self) -> None:
        dates = [d for c in dataset().capabilities for _, d in c.certifications]
        lapsed = sum(d.year <= 2026 for d in dates)
        assert 0 < lapsed < len(dates) * 0.2

    def test_iatf_and_iso13485_present(self) -> None:
        codes = Counter(code for c in dataset().capabilities for code, _ in c.certifications)
        assert codes["ISO9001"] > codes["IATF16949"] > 0
        assert codes["ISO13485"] > 0


class TestPurchases:
    def test_owner_exists_and_period_in_window(self) -> None:
        keys = set(owners())
        for p in dataset().purchases:
            assert p.owner_key in keys
            assert p.period in PERIODS
            assert p.amount > 0

    def test_two_years_of_months(self) -> None:
        assert {p.period for p in dataset().purchases} == set(PERIODS)
        assert PERIODS[0] == "2024-12"
        assert PERIODS[-1] == "2026-11"

    def test_suppliers_match_the_needs(self) -> None:
        ds = dataset()
        allowed = {(n.owner_key, name) for n in ds.needs for name, _ in n.current_suppliers}
        assert all((p.owner_key, p.supplier_name) in allowed for p in ds.purchases)

    def test_items_normalise_to_need_titles(self) -> None:
        ds = dataset()
        titles = {(n.owner_key, _norm(n.title)) for n in ds.needs}
        assert all((p.owner_key, _norm(p.item)) in titles for p in ds.purchases)
        exact = {(n.owner_key, n.title) for n in ds.needs}
        assert len(exact) == len(titles) == len(ds.needs)
        messy = [p for p in ds.purchases if (p.owner_key, p.item) not in exact]
        assert 0 < len(messy) < 0.15 * len(ds.purchases)

    def test_yearly_amounts_roughly_add_up(self) -> None:
        ds = dataset()
        bought: defaultdict[tuple[str, str], float] = defaultdict(float)
        for p in ds.purchases:
            if p.period >= "2025-12":
                bought[(p.owner_key, _norm(p.item))] += p.amount
        for need in ds.needs:
            spent = bought[(need.owner_key, _norm(need.title))]
            assert 0.9 * need.yearly_amount <= spent <= 1.06 * need.yearly_amount, need.key

    def test_local_share_differs_by_owner(self) -> None:
        ds = dataset()
        shares = [local_share([p for p in ds.purchases if p.owner_key == k]) for k in owners()]
        assert min(shares) <= 0.12
        assert max(shares) >= 0.45
        assert 0.1 <= local_share(ds.purchases) <= 0.45

    @pytest.mark.parametrize("chain", ["xn-food"])
    def test_food_buys_most_in_summer(self, chain: str) -> None:
        ds = dataset()
        by_month: defaultdict[str, float] = defaultdict(float)
        for p in ds.purchases:
            if p.chain_code == chain:
                by_month[p.period[5:]] += p.amount
        assert by_month["07"] > 1.5 * by_month["02"]


class TestGaps:
    def test_some_open_needs_have_no_local_supplier_of_their_category(self) -> None:
        ds = dataset()
        local_categories = {
            c.category
            for c in ds.capabilities
            for e in ds.enterprises
            if e.key == c.supplier_key and is_local(e.region_code)
        }
        gaps = [n for n in ds.needs if n.status == "open" and n.category not in local_categories]
        covered = [n for n in ds.needs if n.status == "open" and n.category in local_categories]
        assert len(gaps) >= 10
        assert len(covered) >= 60
