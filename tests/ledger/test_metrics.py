from decimal import Decimal

from service.ledger import LedgerLine, Period, compute_report, parse_period, report_to_json
from service.ledger.export import money


def line(
    owner: str, item: str, supplier: str, region: str, amount: str, period: str, **extra: str | None
) -> LedgerLine:
    return LedgerLine(owner, item, supplier, region, Decimal(amount), parse_period(period), **extra)  # type: ignore[arg-type]


LINES = [
    line("甲公司", "轴承", "咸安轴承厂", "421202", "1000.50", "2025-01"),
    line("甲公司", "ＰＣＢ 板", "武汉电子", "420102", "2000", "2025-Q1"),
    line("甲公司", "pcb板", "武汉电子 ", "420100", "500", "2025-03"),
    line("乙公司", "钢材", "随州钢铁", "421303", "3000", "2025"),
    line("乙公司", "钢材", "咸宁钢铁", "421200", "1000", "2025-02"),
    line("丙公司", "电机", "随州电机", "421381", "800", "2025-Q2"),
]


def test_overall_rates_by_amount_and_by_item() -> None:
    report = compute_report(LINES, home_region="421200", near_regions=["420100"])
    o = report.overall
    assert (o.total_amount, o.local_amount, o.near_amount) == (
        Decimal("8300.50"),
        Decimal("2000.50"),
        Decimal("4500.50"),
    )
    assert o.rate == 2000.5 / 8300.5
    assert o.near_rate == 4500.5 / 8300.5
    # items: 甲/轴承, 甲/pcb板 (two spellings), 乙/钢材, 丙/电机; local: 轴承, 钢材 (one local line)
    assert (o.items, o.local_items, o.near_items, o.lines) == (4, 2, 3, 6)
    assert o.item_rate == 0.5
    assert o.near_item_rate == 0.75


def test_by_owner_sorted_by_name_with_an_owner_without_local_purchases() -> None:
    report = compute_report(LINES, home_region="421200")
    rows = [
        (g.label, g.tally.local_amount, g.tally.total_amount, g.tally.rate) for g in report.by_owner
    ]
    assert rows == [
        ("丙公司", Decimal(0), Decimal(800), 0.0),
        ("乙公司", Decimal(1000), Decimal(4000), 0.25),
        ("甲公司", Decimal("1000.50"), Decimal("3500.50"), 1000.5 / 3500.5),
    ]


def test_period_breakdowns_keep_given_granularity_and_derive_quarters_and_years() -> None:
    report = compute_report(LINES, home_region="421200")
    assert [(g.label, g.tally.total_amount) for g in report.by_period] == [
        ("2025", Decimal(3000)),
        ("2025-Q1", Decimal(2000)),
        ("2025-01", Decimal("1000.50")),
        ("2025-02", Decimal(1000)),
        ("2025-03", Decimal(500)),
        ("2025-Q2", Decimal(800)),
    ]
    assert [(g.label, g.tally.total_amount) for g in report.by_quarter] == [
        ("2025", Decimal(3000)),
        ("2025-Q1", Decimal("4500.50")),
        ("2025-Q2", Decimal(800)),
    ]
    assert [(g.label, g.tally.total_amount) for g in report.by_year] == [
        ("2025", Decimal("8300.50"))
    ]


def test_single_source_normalises_items_and_suppliers_and_sorts_by_amount() -> None:
    report = compute_report(LINES, home_region="421200")
    found = [
        (s.owner, s.item, s.supplier, s.supplier_region, s.amount, s.local, s.lines)
        for s in report.single_source
    ]
    assert found == [
        ("甲公司", "ＰＣＢ 板", "武汉电子", "420102", Decimal(2500), False, 2),
        ("甲公司", "轴承", "咸安轴承厂", "421202", Decimal("1000.50"), True, 1),
        ("丙公司", "电机", "随州电机", "421381", Decimal(800), False, 1),
    ]


def test_single_source_ties_sorted_by_owner_then_item() -> None:
    lines = [
        line("乙", "b", "s1", "421202", "100", "2025"),
        line("乙", "a", "s1", "421202", "100", "2025"),
        line("甲", "c", "s1", "421202", "100", "2025"),
    ]
    report = compute_report(lines, home_region="421200")
    assert [(s.owner, s.item) for s in report.single_source] == [
        ("乙", "a"),
        ("乙", "b"),
        ("甲", "c"),
    ]


def test_home_region_hierarchy_county_city_province() -> None:
    county = compute_report(LINES, home_region="421202").overall
    assert county.local_amount == Decimal("1000.50")  # 421200 city-level code is not in the county
    province = compute_report(LINES, home_region="420000").overall
    assert province.rate == 1.0
    other = compute_report(LINES, home_region="421300").overall
    assert other.local_amount == Decimal(3800)  # 421303 and 421381, not 4212xx


def test_window_and_empty_scope() -> None:
    report = compute_report(
        LINES,
        home_region="421200",
        period_from=Period(2025, quarter=1),
        period_to=Period(2025, month=2),
    )
    assert report.overall.total_amount == Decimal("2000.50")  # 2025-01 and 2025-02 only
    empty = compute_report(LINES, home_region="421200", period_from=Period(2026))
    assert empty.overall.total_amount == 0
    assert empty.overall.rate is None
    assert empty.overall.item_rate is None
    data = report_to_json(empty)
    assert data["overall"] == {
        "local_amount": 0,
        "total_amount": 0,
        "rate": None,
        "items": 0,
        "local_items": 0,
        "item_rate": None,
        "lines": 0,
    }
    assert data["by_owner"] == data["by_period"] == data["single_source"] == []


def test_zero_amount_owner_has_null_rate() -> None:
    report = compute_report([line("甲", "a", "s", "421202", "0", "2025")], home_region="421200")
    assert report.by_owner[0].tally.rate is None
    assert report.by_owner[0].tally.item_rate == 1.0


def test_optional_columns_give_breakdowns_only_when_present() -> None:
    plain = report_to_json(compute_report(LINES, home_region="421200"))
    assert "by_chain" not in plain
    assert "by_category" not in plain
    lines = [
        line("甲", "a", "s", "421202", "10", "2025", chain="汽车", category=""),
        line("甲", "b", "t", "420102", "30", "2025", chain="", category=""),
        line("乙", "c", "t", "420102", "60", "2025", chain="汽车 ", category=""),
    ]
    data = report_to_json(compute_report(lines, home_region="421200"))
    assert [(r["chain"], r["total_amount"], r["rate"]) for r in data["by_chain"]] == [
        ("汽车", 70, 10 / 70),
        (None, 30, 0.0),
    ]
    assert [(r["category"], r["total_amount"]) for r in data["by_category"]] == [(None, 100)]


def test_json_shape_and_money_rendering() -> None:
    data = report_to_json(compute_report(LINES, home_region="421200", near_regions=["420100"]))
    assert data["home_region"] == "421200"
    assert data["home_region_name"] is None  # names come from the CLI's catalog
    assert data["near_regions"] == ["420100"]
    assert data["overall"]["local_amount"] == 2000.5
    assert data["overall"]["near_amount"] == 4500.5
    assert data["by_owner"][0] == {
        "owner": "丙公司",
        "local_amount": 0,
        "total_amount": 800,
        "rate": 0.0,
        "near_amount": 0,
        "near_rate": 0.0,
        "items": 1,
        "local_items": 0,
        "item_rate": 0.0,
        "near_items": 0,
        "near_item_rate": 0.0,
        "lines": 1,
    }
    assert data["single_source"][0] == {
        "owner": "甲公司",
        "item": "ＰＣＢ 板",
        "supplier": "武汉电子",
        "supplier_region": "420102",
        "amount": 2500,
        "local": False,
        "near": True,
        "lines": 2,
    }
    assert [r["supplier_region"] for r in data["by_supplier_region"]] == [
        "421303",
        "420102",
        "421202",
        "421200",
        "421381",
        "420100",
    ]
    assert money(Decimal("1234.505")) == 1234.51
    assert money(Decimal("0.004")) == 0
    assert money(Decimal("7")) == 7
    assert isinstance(money(Decimal("7.00")), int)
