from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from service.ledger import LedgerLine, Period, compute_report, report_to_json

REGIONS = ("421202", "421200", "421303", "420102", "420100", "110101")
periods = st.one_of(
    st.builds(Period, st.integers(2024, 2025)),
    st.builds(lambda y, q: Period(y, quarter=q), st.integers(2024, 2025), st.integers(1, 4)),
    st.builds(lambda y, m: Period(y, month=m), st.integers(2024, 2025), st.integers(1, 12)),
)
lines = st.builds(
    LedgerLine,
    owner=st.sampled_from(("甲", "乙", " 甲", "ＡB", "ab")),
    item=st.sampled_from(("轴承", "轴 承", "PCB", "ｐｃｂ")),
    supplier=st.sampled_from(("s1", "S1", "s2")),
    supplier_region=st.sampled_from(REGIONS),
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
    period=periods,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(lines, max_size=30), st.sampled_from(("421200", "420000", "421202")))
def test_breakdowns_add_up_and_rates_are_fractions(ledger: list[LedgerLine], home: str) -> None:
    report = compute_report(ledger, home_region=home, near_regions=("420100",))
    total = sum((line.amount for line in ledger), Decimal(0))
    assert report.overall.total_amount == total
    for groups in (report.by_owner, report.by_period, report.by_quarter, report.by_year):
        assert sum((g.tally.total_amount for g in groups), Decimal(0)) == total
        assert (
            sum((g.tally.local_amount for g in groups), Decimal(0)) == report.overall.local_amount
        )
        assert sum(g.tally.lines for g in groups) == len(ledger)
    assert sum(g.tally.items for g in report.by_owner) == report.overall.items
    data = report_to_json(report)
    tallies = [data["overall"], *data["by_owner"], *data["by_period"]]
    for tally in tallies:
        for key in ("rate", "near_rate", "item_rate"):
            assert tally[key] is None or 0.0 <= tally[key] <= 1.0
        assert tally["local_amount"] <= tally["near_amount"] <= tally["total_amount"]
    for single in report.single_source:
        assert single.amount <= total
    # the JSON is deterministic: the same lines in reverse give the same breakdown order
    again = report_to_json(compute_report(ledger[::-1], home_region=home, near_regions=("420100",)))
    assert [r["period"] for r in again["by_period"]] == [r["period"] for r in data["by_period"]]
