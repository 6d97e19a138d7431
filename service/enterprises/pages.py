"""Supplier pages: its profile and capabilities, the open needs that fit it, its pairings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from catalogs.regions import region_name
from service.accounts.tables import User
from service.core.errors import NotFound, PeitaoError
from service.enterprises import capabilities as caps
from service.enterprises import review
from service.enterprises import service as enterprises
from service.enterprises.schemas import (
    CapabilityCreate,
    CapabilityUpdate,
    EnterpriseUpdate,
    HeldCertification,
)
from service.enterprises.tables import Capability
from service.pairings.alerts import announce_supplier
from service.pairings.deps import IndexDep
from service.pairings.index import MatchIndex
from service.web import forms
from service.web.context import Web, WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/supplier")


def _supplier(web: Web) -> tuple[User, int]:
    return web.require_enterprise("supplier")


def _profile_page(
    web: Web,
    *,
    form: Any = None,
    error: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    _, firm_id = _supplier(web)
    firm = enterprises.get(web.session, firm_id)
    rows, _ = caps.list_page(
        web.session, caps.CapabilityFilter(supplier_id=firm_id), limit=500, offset=0
    )
    values = (
        form
        if form is not None
        else {
            "description": firm.description,
            "address": firm.address,
            "contact_name": firm.contact_name,
            "contact_phone": firm.contact_phone,
            "employees": "" if firm.employees is None else str(firm.employees),
        }
    )
    return web.render(
        "supplier/profile.html",
        status_code=status,
        firm=firm,
        region=region_name(firm.region_code),
        capabilities=rows,
        form=values,
        error=error,
        errors=errors or {},
    )


@router.get("", response_class=HTMLResponse)
def profile(web: WebDep) -> Response:
    return _profile_page(web)


@router.post("/profile")
def update_profile(web: WebDep, form: FormDep, index: IndexDep) -> Response:
    user, firm_id = _supplier(web)
    assert user.id is not None
    firm = enterprises.get(web.session, firm_id)
    employees = forms.text(form, "employees")
    try:
        data = EnterpriseUpdate(
            description=forms.text(form, "description"),
            address=forms.text(form, "address"),
            contact_name=forms.text(form, "contact_name"),
            contact_phone=forms.text(form, "contact_phone"),
            employees=int(employees) if employees.isdigit() else None,
        )
        review.update_by_firm(
            web.session,
            firm,
            data,
            threshold=web.settings.duplicate_name_threshold,
            user_id=user.id,
        )
        _announce(web, index, firm_id)
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _profile_page(web, form=form, error=forms.summary(errors), errors=errors, status=422)
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _profile_page(web, form=form, error=message, errors=errors, status=exc.status_code)
    return web.redirect("/supplier", "企业档案已保存")


# -- capabilities ------------------------------------------------------------------------------


def _own_capability(web: Web, capability_id: int) -> Capability:
    _, firm_id = _supplier(web)
    cap = caps.get(web.session, capability_id)
    if cap.supplier_id != firm_id:
        raise NotFound(f"能力 {capability_id} 不存在")
    return cap


def _capability_values(form: FormData) -> dict[str, Any]:
    lead = forms.text(form, "lead_time_days")
    return {
        "title": forms.text(form, "title"),
        "description": forms.text(form, "description"),
        "category": forms.text(form, "category"),
        "capacity": forms.text(form, "capacity"),
        "min_order": forms.text(form, "min_order"),
        "lead_time_days": int(lead) if lead.isdigit() else None,
        "certifications": [HeldCertification(code=c) for c in forms.items(form, "certifications")],
    }


def _capability_page(
    web: Web,
    cap: Capability | None,
    form: Any,
    *,
    error: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return web.render(
        "supplier/capability_form.html",
        status_code=status,
        cap=cap,
        form=form,
        error=error,
        errors=errors or {},
    )


def _announce(web: Web, index: MatchIndex, supplier_id: int) -> None:
    """As the API does after a capability change: tell owners whose open needs it now fits well."""
    announce_supplier(web.session, index, supplier_id, threshold=web.settings.strong_match_score)


@router.get("/capabilities/new", response_class=HTMLResponse)
def new_capability(web: WebDep) -> Response:
    _supplier(web)
    return _capability_page(web, None, {})


@router.post("/capabilities/new")
def create_capability(web: WebDep, form: FormDep, index: IndexDep) -> Response:
    _, firm_id = _supplier(web)
    try:
        caps.create(web.session, CapabilityCreate(supplier_id=firm_id, **_capability_values(form)))
        _announce(web, index, firm_id)
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _capability_page(
            web, None, form, error=forms.summary(errors), errors=errors, status=422
        )
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _capability_page(
            web, None, form, error=message, errors=errors, status=exc.status_code
        )
    return web.redirect("/supplier", "已添加产品能力")


@router.get("/capabilities/{capability_id}/edit", response_class=HTMLResponse)
def edit_capability(capability_id: int, web: WebDep) -> Response:
    cap = _own_capability(web, capability_id)
    values = {
        "title": cap.title,
        "description": cap.description,
        "category": cap.category,
        "capacity": cap.capacity,
        "min_order": cap.min_order,
        "lead_time_days": "" if cap.lead_time_days is None else str(cap.lead_time_days),
        "certifications": "，".join(c["code"] for c in cap.certifications),
    }
    return _capability_page(web, cap, values)


@router.post("/capabilities/{capability_id}/edit")
def update_capability(capability_id: int, web: WebDep, form: FormDep, index: IndexDep) -> Response:
    cap = _own_capability(web, capability_id)
    try:
        caps.update(web.session, cap, CapabilityUpdate(**_capability_values(form)))
        _announce(web, index, cap.supplier_id)
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _capability_page(
            web, cap, form, error=forms.summary(errors), errors=errors, status=422
        )
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _capability_page(
            web, cap, form, error=message, errors=errors, status=exc.status_code
        )
    return web.redirect("/supplier", "产品能力已保存")


@router.post("/capabilities/{capability_id}/delete")
def delete_capability(capability_id: int, web: WebDep, _form: FormDep) -> Response:
    cap = _own_capability(web, capability_id)
    caps.delete(web.session, cap)
    return web.redirect("/supplier", f"已删除「{cap.title}」")


# -- opportunities and pairings ------------------------------------------------------------------
