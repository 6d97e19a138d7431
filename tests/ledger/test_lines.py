from decimal import Decimal

import pytest

from catalogs.regions import is_within
from service.core.tabular import read_csv_bytes
from service.ledger.lines import LedgerLine, RowError, item_key, parse_amount, parse_ledger
from service.ledger.periods import Period
from service.ledger.regions import normalize_code


def test_item_key_folds_width_space_and_case() -> None:
    assert item_key("ＰＣＢ 板") == item_key("pcb板") == "pcb板"
    assert item_key(" 武汉\u3000电子 ") == "武汉电子"
    assert item_key("Straße") == item_key("STRASSE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", Decimal("1234")),
        ("1,234.50", Decimal("1234.50")),
        ("１２３４", Decimal("1234")),
        ("１，２３４．５", Decimal("1234.5")),
        ("1234元", Decimal("1234")),
        ("￥1,000", Decimal("1000")),
        ("RMB 88.8", Decimal("88.8")),
        ("0", Decimal("0")),
        ("-0", Decimal("0")),
        ("1.5E3", Decimal("1500")),
        ("0.1", Decimal("0.1")),
    ],
)
def test_parse_amount_accepts(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "金额不是数字"),
        ("12,34", "金额不是数字"),
        ("NaN", "金额不是数字"),
        ("Infinity", "金额不是数字"),
        ("1.2.3", "金额不是数字"),
        ("-5", "金额不能为负数"),
        ("-0.01", "金额不能为负数"),
        ("12万", "金额须以元为单位"),
        ("元", "金额不是数字"),
    ],
)
def test_parse_amount_refuses(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_amount(text)


def test_amounts_add_without_float_drift() -> None:
    total = sum((parse_amount("0.1") for _ in range(10)), Decimal(0))
    assert total == Decimal("1.0")


def test_region_codes_and_hierarchy() -> None:
    assert normalize_code("421202.0") == "421202"
    assert normalize_code(" ４２１２０２ ") == "421202"
    with pytest.raises(ValueError, match="地区代码格式错误"):
        normalize_code("4212")
    assert is_within("421202", "421200")
    assert is_within("421202", "420000")
    assert is_within("421200", "421200")
    assert not is_within("421303", "421200")
    assert not is_within("421200", "421202")
    assert is_within("429004", "420000")
    assert is_within("110101", "110000")


CSV = (
    "owner,item,supplier,supplier_region,amount,period,category\n"
    '甲公司,轴承,咸安轴承厂,421202,"1,000.50",2025-1,机械\n'
    ",轴承,咸安轴承厂,421202,100,2025-01,\n"
    "甲公司,轴承,x,999999,-3,2025-13,\n"
    "\n"
    "甲公司,轴承,x,421023,10,2025Q2,\n"
)


def test_parse_ledger_collects_every_bad_row_with_spreadsheet_numbers() -> None:
    lines, errors = parse_ledger(read_csv_bytes(CSV.encode()))
    assert errors == [
        RowError(3, "owner（采购企业） 为空"),
        RowError(
            4,
            "未知的地区代码：999999；金额不能为负数：-3；期间月份应为 1–12",
        ),
    ]
    assert str(errors[0]) == "row 3: owner（采购企业） 为空"
    assert lines == [
        LedgerLine(
            "甲公司",
            "轴承",
            "咸安轴承厂",
            "421202",
            Decimal("1000.50"),
            Period(2025, month=1),
            row=2,
            category="机械",
            chain=None,
        ),
        # retired 监利县 421023 is read as 监利市 421088; the blank line does not count
        LedgerLine(
            "甲公司",
            "轴承",
            "x",
            "421088",
            Decimal("10"),
            Period(2025, quarter=2),
            row=6,
            category="",
            chain=None,
        ),
    ]


def test_chinese_headers_are_renamed_to_contract_columns() -> None:
    from service.ledger.lines import canonical_columns

    text = (
        "采购企业,物料名称,供应商,供应商地区代码,金额（元）,期间,产业链\n甲,轴承,乙,421202,5,2025\n"
    )
    table = canonical_columns(read_csv_bytes(text.encode()))
    assert table.columns == (
        "owner",
        "item",
        "supplier",
        "supplier_region",
        "amount",
        "period",
        "chain",
    )
    lines, errors = parse_ledger(table)
    assert errors == []
    assert (lines[0].owner, lines[0].amount, lines[0].chain) == ("甲", Decimal(5), "")


def test_contract_column_wins_over_an_alias() -> None:
    from service.ledger.lines import canonical_columns

    table = canonical_columns(read_csv_bytes("owner,企业,item\n甲,乙,x\n".encode()))
    assert table.columns == ("owner", "企业", "item")


def test_same_bad_value_reported_on_every_row() -> None:
    text = "owner,item,supplier,supplier_region,amount,period\n" + "甲,a,b,999999,1,2025\n" * 3
    _, errors = parse_ledger(read_csv_bytes(text.encode()))
    assert [str(e) for e in errors] == [f"row {n}: 未知的地区代码：999999" for n in (2, 3, 4)]
