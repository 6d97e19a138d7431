"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Eighteen characters from a 31-symbol alphabet (digits and capitals without I, O, S, V, Z):
registration authority (1), entity kind (1), region code (6), organisation code (9, with its own
GB 11714 check character) and a check character computed over the first seventeen.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first seventeen characters.

    >>> check_character("91440300192203821")  # 华为技术有限公司 914403001922038216
    '6'
    """
    if len(first17) != 17:
        raise ValueError("need exactly 17 characters")
    try:
        total = sum(_VALUE[ch] * w for ch, w in zip(first17.upper(), _WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not allowed in a credit code") from exc
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Explain why `code` is not a valid credit code, in Chinese for users, or None when valid."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}"
    if check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when `code` is 18 allowed characters with a correct check character."""
    return credit_code_error(code) is None


def make_credit_code(*, region_code: str, serial: int, kind: str = "91") -> str:
    """Build a well-formed (invented) credit code, for demo and test data only.

    The organisation-code part is the serial number padded to 8 digits plus a GB 11714 check digit.
    """
    org8 = f"{serial % 10**8:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    c9 = 11 - sum(int(d) * w for d, w in zip(org8, weights, strict=True)) % 11
    org9 = org8 + ("0" if c9 == 11 else "X" if c9 == 10 else str(c9))
    first17 = f"{kind}{region_code}{org9}"
    return first17 + check_character(first17)
