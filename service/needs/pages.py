"""Chain-owner pages: the target-supplier catalog, ranked local candidates, the pipeline, its own rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from catalogs.chains import load_chains
from catalogs.regions import region_name
from service.accounts.tables import User
from service.catalog.service import chain_names
from service.core.errors import NotFound, PeitaoError
from service.core.scores import score_points
from service.enterprises import service as enterprises
from service.needs import service as crud
from service.needs.schemas import CurrentSupplier, NeedCreate, NeedUpdate
from service.needs.tables import Need, NeedStatus
from service.pairings import pipeline as matches
from service.pairings.alerts import announce_need
from service.pairings.deps import IndexDep
from service.pairings.index import MatchIndex
from service.pairings.scoring import ELSEWHERE, LOCALITY_LABELS, SCOPES, Locality
from service.pairings.tables import MATCH_STATUS_LABELS
from service.web import forms
from service.web.context import Web, WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/owner")


def _owner(web: Web) -> tuple[User, int]:
    return web.require_enterprise("owner")


def _own_need(web: Web, need_id: int) -> Need:
    """The owner's own need; another firm's need is answered as missing (nothing disclosed)."""
    _, owner_id = _owner(web)
    need = crud.get(web.session, need_id)
    if need.owner_id != owner_id:
        raise NotFound(f"需求 {need_id} 不存在")
    return need


@router.get("", response_class=HTMLResponse)
def catalog(web: WebDep, status: str = "") -> Response:
    _, owner_id = _owner(web)
    filters = crud.NeedFilter(owner_id=owner_id, status=status or None)
    rows, total = crud.list_page(web.session, filters, limit=500, offset=0)
    counts = _pipeline_counts(web.session, [n.id for n in rows if n.id is not None])
    return web.render(
        "owner/catalog.html",
        needs=rows,
        total=total,
        status=status,
        counts=counts,
        firm=enterprises.get(web.session, owner_id),
        chains=chain_names(web.settings.chain_set),
    )


def _pipeline_counts(session: Session, need_ids: list[int]) -> dict[int, dict[str, int]]:
    rows, _ = matches.list_for(
        session, need_ids=need_ids, supplier_id=None, status=None, limit=100_000, offset=0
    )
    counts: dict[int, dict[str, int]] = {}
    for m in rows:
        by_status = counts.setdefault(m.need_id, {})
        by_status[m.status] = by_status.get(m.status, 0) + 1
    return counts


# -- adding and editing needs ------------------------------------------------------------------


def _current_suppliers(form: FormData) -> list[CurrentSupplier]:
    """One per line: `name, region code` (e.g. 东莞某五金厂, 441900)."""
    found = []
    for line in forms.text(form, "current_suppliers").splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if parts and parts[0]:
            found.append(
                CurrentSupplier(name=parts[0], region_code=parts[1] if len(parts) > 1 else "")
            )
    return found


def _need_values(form: FormData) -> dict[str, Any]:
    quantity = forms.number(form, "yearly_quantity")
    return {
        "title": forms.text(form, "title"),
        "chain_code": forms.optional(form, "chain_code"),
        "segment": forms.text(form, "segment"),
        "description": forms.text(form, "description"),
        "category": forms.text(form, "category"),
        "yearly_quantity": float(quantity) if quantity is not None else None,
        "unit": forms.text(form, "unit"),
        "yearly_amount": _yuan(forms.number(form, "yearly_amount_wan")),
        "required_certifications": forms.items(form, "required_certifications"),
        "current_suppliers": _current_suppliers(form),
    }


def _yuan(wan: Decimal | None) -> Decimal | None:
    return None if wan is None else (wan * 10000 if wan >= 0 else wan)


def _form_from_need(need: Need) -> dict[str, str]:
    amount = need.yearly_amount
    return {
        "title": need.title,
        "chain_code": need.chain_code or "",
        "segment": need.segment,
        "description": need.description,
        "category": need.category,
        "yearly_quantity": "" if need.yearly_quantity is None else f"{need.yearly_quantity:g}",
        "unit": need.unit,
        "yearly_amount_wan": ""
        if amount is None
        else f"{Decimal(amount) / 10000:f}".rstrip("0").rstrip("."),
        "required_certifications": "，".join(need.required_certifications),
        "current_suppliers": "\n".join(
            f"{s['name']}, {s['region_code']}" for s in need.current_suppliers
        ),
        "status": need.status,
    }


def _need_form(
    web: Web,
    values: Any,
    *,
    need: Need | None,
    error: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return web.render(
        "owner/need_form.html",
        status_code=status,
        need=need,
        form=values,
        error=error,
        errors=errors or {},
        chains=load_chains(web.settings.chain_set),
    )


@router.get("/needs/new", response_class=HTMLResponse)
def new_need(web: WebDep) -> Response:
    _owner(web)
    return _need_form(web, {}, need=None)


@router.post("/needs/new")
def create_need(web: WebDep, form: FormDep, index: IndexDep) -> Response:
    _, owner_id = _owner(web)
    try:
        data = NeedCreate(owner_id=owner_id, **_need_values(form))
        need = crud.create(web.session, data)
        announce_need(web.session, index, need, threshold=web.settings.strong_match_score)
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _need_form(
            web, form, need=None, error=forms.summary(errors), errors=errors, status=422
        )
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _need_form(
            web, form, need=None, error=message, errors=errors, status=exc.status_code
        )
    return web.redirect(f"/owner/needs/{need.id}", f"已发布需求「{need.title}」")


@router.get("/needs/{need_id}/edit", response_class=HTMLResponse)
def edit_need(need_id: int, web: WebDep) -> Response:
    need = _own_need(web, need_id)
    return _need_form(web, _form_from_need(need), need=need)


@router.post("/needs/{need_id}/edit")
def update_need(need_id: int, web: WebDep, form: FormDep) -> Response:
    need = _own_need(web, need_id)
    try:
        status = (
            forms.choice(form, "status", NeedStatus, label="需求状态")
            if forms.text(form, "status")
            else NeedStatus(need.status)
        )
        data = NeedUpdate(**_need_values(form), status=status)
        crud.update(web.session, need, data)
    except ValidationError as exc:
        errors = forms.validation_errors(exc)
        return _need_form(
            web, form, need=need, error=forms.summary(errors), errors=errors, status=422
        )
    except PeitaoError as exc:
        message, errors = forms.domain_error(web.session, exc)
        return _need_form(
            web, form, need=need, error=message, errors=errors, status=exc.status_code
        )
    return web.redirect(f"/owner/needs/{need_id}", "需求已保存")


@router.post("/needs/{need_id}/close")
def close_need(need_id: int, web: WebDep, _form: FormDep) -> Response:
    need = _own_need(web, need_id)
    crud.update(web.session, need, NeedUpdate(status=NeedStatus.closed))
    return web.redirect("/owner", f"已关闭需求「{need.title}」")


# -- one need: ranked local candidates and the pipeline --------------------------------------------


@router.get("/needs/{need_id}", response_class=HTMLResponse)
def need_detail(need_id: int, web: WebDep, index: IndexDep) -> Response:
    """Local candidates as their own ranking first; near-area and outside firms after, apart."""
    need = _own_need(web, need_id)
    local, elsewhere = [], []
    if need.status == NeedStatus.open:
        top = web.settings.match_top
        local = _ranked(web, index, need, top, SCOPES["local"])
        elsewhere = _ranked(web, index, need, top, ELSEWHERE)
    shown = {c["match"].id for c in (*local, *elsewhere) if c["match"] is not None}
    rows, _ = matches.list_for(
        web.session, need_ids=[need_id], supplier_id=None, status=None, limit=1000, offset=0
    )
    rest = [m for m in rows if m.id not in shown and m.status != "suggested"]
    matches.refresh_scores(web.session, index, rest)
    others = [{"match": m, "supplier": enterprises.get(web.session, m.supplier_id)} for m in rest]
    return web.render(
        "owner/need.html",
        need=need,
        candidates=local,
        elsewhere=elsewhere,
        home=region_name(index.home_region),
        others=others,
        next_steps=_next_steps(),
        chains=chain_names(web.settings.chain_set),
        label=matches.label,
        points=score_points,
        locality_labels=LOCALITY_LABELS,
    )


def _ranked(
    web: Web, index: MatchIndex, need: Need, top: int, localities: frozenset[Locality]
) -> list[dict[str, Any]]:
    ranked = matches.ranked_for_need(web.session, index, need, top=top, localities=localities)
    return [_candidate(web, index, r) for r in ranked]


def _candidate(web: Web, index: MatchIndex, ranked: matches.Ranked) -> dict[str, Any]:
    supplier_id = int(ranked.result.candidate_id)
    supplier = enterprises.get(web.session, supplier_id)
    record = index.supplier(supplier_id)
    return {
        "ranked": ranked,
        "match": ranked.match,
        "supplier": supplier,
        "region": region_name(supplier.region_code),
        "certifications": list(record.certifications) if record else [],
    }


def _next_steps() -> dict[str, list[str]]:
    """The moves an owner may offer from each status (the rules themselves live in crud.matches)."""
    return {
        status: sorted(
            (to for to in allowed if "owner" in matches.MOVED_BY.get(to, frozenset())),
            key=list(MATCH_STATUS_LABELS).index,
        )
        for status, allowed in matches.NEXT.items()
    }


# -- its own supporting rate and single-source items ----------------------------------------------
