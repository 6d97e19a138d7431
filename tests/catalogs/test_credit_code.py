"""Unified social credit codes (GB 32100-2015) of real, published firms, and broken ones."""

from __future__ import annotations

import pytest

from catalogs.credit_code import (
    check_character,
    credit_code_error,
    is_valid_credit_code,
    make_credit_code,
)

REAL = {
    "华为技术有限公司": "914403001922038216",
    "腾讯科技（深圳）有限公司": "9144030071526726XG",
    "阿里巴巴（中国）有限公司": "91330100799655058B",
}


@pytest.mark.parametrize("code", REAL.values())
def test_real_codes_are_valid(code: str) -> None:
    assert is_valid_credit_code(code)
    assert credit_code_error(code) is None
    assert check_character(code[:17]) == code[17]


def test_input_is_trimmed_and_upper_cased() -> None:
    assert is_valid_credit_code(" 9144030071526726xg ")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("914403001922038217", "统一社会信用代码校验位不正确"),  # last digit changed
        ("914403001922038261", "统一社会信用代码校验位不正确"),  # two digits swapped
        ("91330100799655058C", "统一社会信用代码校验位不正确"),
        ("91440300192203821", "统一社会信用代码应为18位，实际为17位"),
        ("9144030019220382160", "统一社会信用代码应为18位，实际为19位"),
        ("9144030071526726XO", "统一社会信用代码含有不允许的字符：O"),
        ("91440300I922038216", "统一社会信用代码含有不允许的字符：I"),
        ("", "统一社会信用代码应为18位，实际为0位"),
    ],
)
def test_wrong_codes(code: str, message: str) -> None:
    assert credit_code_error(code) == message
    assert not is_valid_credit_code(code)


def test_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        check_character("9144")
    with pytest.raises(ValueError, match="not allowed"):
        check_character("9144030019220382O")


def test_made_up_codes_are_valid_and_carry_the_region() -> None:
    code = make_credit_code(region_code="421202", serial=1)
    assert code == "914212020000000197"
    assert is_valid_credit_code(code)
    codes = {make_credit_code(region_code="421200", serial=n) for n in range(200)}
    assert len(codes) == 200
    assert all(is_valid_credit_code(c) and c[2:8] == "421200" for c in codes)
