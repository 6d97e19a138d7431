"""Pairing pages: a supplier's opportunities and pairings, and the pipeline move both sides make."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from catalogs.regions import region_name
from service.core.scores import score_points
from service.enterprises import service as enterprises
from service.needs import service as needs_crud
from service.pairings import pipeline as matches
from service.pairings.deps import IndexDep
from service.pairings.scoring import same_city
from service.pairings.tables import MatchStatus
from service.web import forms
from service.web.context import WebDep
from service.web.session import FormDep

router = APIRouter()


def _back(target: str, fallback: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else fallback


@router.post("/pairings/{match_id}/move")
def move_pairing(match_id: int, web: WebDep, form: FormDep) -> Response:
    """Owner, supplier or bureau moves a pairing one step (crud.matches notifies the other side)."""
    user = web.require()
    match = matches.get(web.session, match_id)
    need = needs_crud.get(web.session, match.need_id)
    side = matches.side_of(user.role, user.enterprise_id, match, need)
    to = forms.choice(form, "to", MatchStatus, label="对接状态")
    version = forms.text(form, "version")
    moved = matches.transition(
        web.session,
        match,
        to,
        side=side,
        user_id=user.id,
        reason=forms.text(form, "reason"),
        expected_version=int(version) if version.isdigit() else None,
    )
    message = f"已将「{need.title}」的对接标记为「{matches.label(moved.status)}」"
    return web.redirect(_back(forms.text(form, "next"), "/home"), message)


@router.get("/supplier/opportunities", response_class=HTMLResponse)
def opportunities(web: WebDep, index: IndexDep) -> Response:
    _, firm_id = web.require_enterprise("supplier")
    firm = enterprises.get(web.session, firm_id)
    ranked = matches.ranked_for_supplier(
        web.session,
        index,
        firm,
        top=web.settings.match_top,
        min_score=web.settings.opportunity_min_score,
    )
    rows = []
    for r in ranked:
        need = needs_crud.get(web.session, int(r.result.candidate_id))
        owner = enterprises.get(web.session, need.owner_id)
        rows.append(
            {
                "ranked": r,
                "match": r.match,
                "need": need,
                "owner": owner,
                "region": region_name(owner.region_code),
                "same_city": same_city(owner.region_code, firm.region_code),
            }
        )
    return web.render(
        "supplier/opportunities.html",
        rows=rows,
        firm=firm,
        city=region_name(firm.region_code[:4] + "00") if firm.region_code else "",
        label=matches.label,
        points=score_points,
    )


@router.post("/supplier/opportunities/{need_id}/interested")
def interested(need_id: int, web: WebDep, _form: FormDep) -> Response:
    user, firm_id = web.require_enterprise("supplier")
    need = needs_crud.get(web.session, need_id)
    match = matches.create(web.session, need_id=need_id, supplier_id=firm_id)
    side = matches.side_of(user.role, user.enterprise_id, match, need)
    matches.transition(web.session, match, MatchStatus.interested, side=side, user_id=user.id)
    return web.redirect("/supplier/pairings", f"已向链主表达对「{need.title}」的合作意向")


@router.get("/supplier/pairings", response_class=HTMLResponse)
def pairings(web: WebDep, index: IndexDep) -> Response:
    _, firm_id = web.require_enterprise("supplier")
    rows, _ = matches.list_for(
        web.session, need_ids=None, supplier_id=firm_id, status=None, limit=500, offset=0
    )
    matches.refresh_scores(
        web.session, index, [m for m in rows if m.status != MatchStatus.suggested]
    )
    items: list[dict[str, Any]] = []
    for m in rows:
        if m.status == MatchStatus.suggested:
            continue
        need = needs_crud.get(web.session, m.need_id)
        items.append(
            {"match": m, "need": need, "owner": enterprises.get(web.session, need.owner_id)}
        )
    items.sort(key=lambda i: i["match"].id or 0, reverse=True)
    next_steps = {
        status: [to for to in allowed if "supplier" in matches.MOVED_BY.get(to, frozenset())]
        for status, allowed in matches.NEXT.items()
    }
    return web.render(
        "supplier/pairings.html",
        items=items,
        next_steps=next_steps,
        label=matches.label,
        points=score_points,
    )
