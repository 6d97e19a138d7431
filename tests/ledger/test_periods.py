import pytest

from service.ledger.periods import Period, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", "2025"),
        ("2025年", "2025"),
        ("２０２５", "2025"),
        ("2025-03", "2025-03"),
        ("2025-3", "2025-03"),
        ("2025/03", "2025-03"),
        ("2025.3", "2025-03"),
        ("202503", "2025-03"),
        ("2025年3月", "2025-03"),
        ("2025-03-15", "2025-03"),
        ("2025-03-01 00:00:00", "2025-03"),
        ("2025-Q1", "2025-Q1"),
        ("2025Q1", "2025-Q1"),
        ("2025-q4", "2025-Q4"),
        ("2025 Q2", "2025-Q2"),
        ("2025年Q3", "2025-Q3"),
        ("2025年第1季度", "2025-Q1"),
        ("2025年一季度", "2025-Q1"),
        ("2025年四季度", "2025-Q4"),
    ],
)
def test_parse_period_accepts_common_spellings(text: str, expected: str) -> None:
    assert str(parse_period(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2025-13", "2025-00", "2025-Q5", "2025Q0", "25-03", "1899", "2101", "2025H1", "三月"],
)
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="期间"):
        parse_period(text)


def test_period_spans_and_conversions() -> None:
    month = Period(2025, month=5)
    assert (month.first_month, month.last_month) == (5, 5)
    assert month.to_quarter() == Period(2025, quarter=2)
    assert Period(2025, quarter=2).to_quarter() == Period(2025, quarter=2)
    assert Period(2025).to_quarter() == Period(2025)
    assert month.to_year() == Period(2025)
    assert (Period(2025, quarter=3).first_month, Period(2025, quarter=3).last_month) == (7, 9)
    assert (Period(2025).start, Period(2025).end) == (2025 * 12, 2025 * 12 + 11)


def test_chronological_order_puts_longer_period_first() -> None:
    texts = ["2025-02", "2025-Q2", "2024-12", "2025", "2025-01", "2025-Q1"]
    ordered = sorted((parse_period(t) for t in texts), key=lambda p: p.sort_key)
    assert [str(p) for p in ordered] == [
        "2024-12",
        "2025",
        "2025-Q1",
        "2025-01",
        "2025-02",
        "2025-Q2",
    ]


def test_window_keeps_whole_periods_only() -> None:
    q1 = Period(2025, quarter=1)
    start, end = Period(2025, month=1).start, Period(2025, month=2).end
    assert not q1.within(start, end)
    assert Period(2025, month=2).within(start, end)
    assert q1.within(None, None)
    with pytest.raises(ValueError, match="not both"):
        Period(2025, quarter=1, month=1)
