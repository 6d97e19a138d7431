"""Domain checks against the reference catalogs; each failure names the field."""

from __future__ import annotations

from collections.abc import Iterable

from catalogs.certifications import normalize_certification
from catalogs.chains import get_chain
from catalogs.credit_code import credit_code_error
from catalogs.industries import load_industries
from catalogs.regions import load_regions
from service.core.errors import Invalid


def check_region(code: str, *, field: str = "region_code") -> str:
    if not load_regions().exists(code):
        raise Invalid(f"行政区划代码 {code} 不存在（GB/T 2260）", field=field)
    return code


def check_industry(code: str | None, *, field: str = "category") -> str:
    if not code:
        return ""
    if not load_industries().exists(code):
        raise Invalid(f"行业代码 {code} 不存在（GB/T 4754-2017）", field=field)
    return code


def check_chain(code: str | None, *, field: str = "chain_code") -> str | None:
    if code is None or code == "":
        return None
    if get_chain(code) is None:
        raise Invalid(f"产业链 {code} 不存在", field=field)
    return code


def check_credit_code(code: str | None, *, field: str = "credit_code") -> str | None:
    if not code:
        return None
    error = credit_code_error(code)
    if error:
        raise Invalid(error, field=field)
    return code.strip().upper()


def check_certifications(texts: Iterable[str], *, field: str) -> list[str]:
    codes: list[str] = []
    for i, text in enumerate(texts):
        code = normalize_certification(text)
        if code is None:
            raise Invalid(f"未知的认证：{text}", field=f"{field}.{i}")
        if code not in codes:
            codes.append(code)
    return codes
