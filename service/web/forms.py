"""Turning posted forms into the API's schemas, and errors back into per-field messages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from service.core.errors import Invalid, PeitaoError
from service.core.tabular import excerpt

C = TypeVar("C", bound=StrEnum)

FIELD_LABELS = {
    "name": "企业名称",
    "title": "名称",
    "credit_code": "统一社会信用代码",
    "region_code": "所在地区",
    "yearly_amount": "年采购额",
    "yearly_quantity": "年用量",
    "category": "行业类别",
    "chain_code": "产业链",
    "required_certifications": "资质要求",
    "certifications": "资质证书",
    "employees": "员工人数",
    "lead_time_days": "交货周期",
}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    return text(form, name) or None


def choice(form: FormData, name: str, choices: type[C], *, label: str) -> C:
    """One of an enumeration's values; anything else is a 422 that names the field, never a 500."""
    value = text(form, name)
    try:
        return choices(value)
    except ValueError:
        raise Invalid(f"未知的{label}：{excerpt(value)}", field=name) from None


def number(form: FormData, name: str) -> Decimal | None:
    raw = text(form, name).replace(",", "").replace("，", "")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return Decimal("-1")  # the schema's ge=0 turns this into a readable error


def items(form: FormData, name: str) -> list[str]:
    """A list typed as one text box: split on commas, 、, semicolons or new lines."""
    return split_items(text(form, name))


def split_items(raw: str) -> list[str]:
    for sep in ("，", "、", ";", "；", "\n"):
        raw = raw.replace(sep, ",")
    return [part.strip() for part in raw.split(",") if part.strip()]


def validation_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "form"
        errors.setdefault(field, _message(err["type"], err.get("ctx") or {}))
    return errors


def _message(kind: str, ctx: dict[str, object]) -> str:
    if kind in {"missing", "string_too_short"}:
        return (
            "请填写此项"
            if kind == "missing" or ctx.get("min_length") == 1
            else f"至少 {ctx.get('min_length')} 个字符"
        )
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind in {"greater_than_equal", "decimal_parsing", "float_parsing", "int_parsing"}:
        return "请填写不小于 0 的数字"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    return "填写有误"


def summary(errors: dict[str, str]) -> str:
    return "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in errors.items())


def domain_error(session: Session, exc: PeitaoError) -> tuple[str, dict[str, str]]:
    """Undo the failed change (the request still commits) and word the error for the form."""
    session.rollback()
    field = (exc.field or "").split(".")[0]
    return exc.message, ({field: exc.message} if field else {})
