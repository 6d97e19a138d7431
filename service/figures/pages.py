"""Bureau pages: the monitoring dashboard, single-source risks, the investment-attraction list,
drill-down to an owner and its ledger lines, and the review of firms that registered."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from catalogs.chains import load_chains
from catalogs.regions import load_regions, region_name
from service.enterprises import service as enterprises
from service.enterprises.tables import Role
from service.figures import MetricScope, build_scope
from service.figures.deps import MetricContextDep
from service.figures.gaps import gaps
from service.figures.pipeline import funnel
from service.figures.rates import rates
from service.figures.single_source import single_source
from service.needs import service as needs_crud
from service.web.context import Web, WebDep

router = APIRouter(prefix="/bureau")
DETAIL_ROWS = 200


def _scope(
    web: Web, period_from: str, period_to: str, chain: str, county: str, owner_id: int | None = None
) -> tuple[MetricScope, dict[str, str]]:
    web.require("bureau")
    params = {"period_from": period_from, "period_to": period_to, "chain": chain, "county": county}
    scope = build_scope(
        web.session,
        period_from=period_from or None,
        period_to=period_to or None,
        chain=chain or None,
        county=county or None,
        owner_id=owner_id,
    )
    return scope, {k: v for k, v in params.items() if v}


def _filters(web: Web) -> dict[str, Any]:
    home = web.settings.home_region
    return {
        "chain_options": load_chains(web.settings.chain_set),
        "county_options": load_regions().children(home),
    }


def _export(name: str, params: dict[str, str]) -> str:
    return f"/api/v1/metrics/{name}?" + urlencode({**params, "format": "xlsx"})


@router.get("", response_class=HTMLResponse)
def dashboard(
    web: WebDep,
    context: MetricContextDep,
    period_from: str = "",
    period_to: str = "",
    chain: str = "",
    county: str = "",
) -> Response:
    scope, params = _scope(web, period_from, period_to, chain, county)
    rate_data = rates(web.session, scope, context).data
    funnel_data = funnel(web.session, scope, context).data
    chains = {c.code: c for c in load_chains(web.settings.chain_set)}
    counties = _county_rows(web, scope, context) if not county else []
    chart = {
        "trend": [
            {"period": r["period"], "rate": r["rate"], "near_rate": r.get("near_rate")}
            for r in rate_data["trend"]
        ],
        "target": rate_data.get("target_rate"),
        "funnel": [
            {"status": s, "count": funnel_data["total"]["counts"][s]}
            for s in funnel_data["statuses"]
        ]
        if "total" in funnel_data
        else [],
    }
    return web.render(
        "bureau/dashboard.html",
        rates=rate_data,
        funnel=funnel_data,
        chains=chains,
        counties=counties,
        chart_json=json.dumps(chart, ensure_ascii=False),
        params=params,
        export=lambda n: _export(n, params),
        query=urlencode(params),
        **_filters(web),
    )


def _county_rows(web: Web, scope: MetricScope, context: Any) -> list[dict[str, Any]]:
    rows = []
    for region in load_regions().children(web.settings.home_region):
        county_scope = MetricScope(
            scope.period_from, scope.period_to, scope.chain, region.code, scope.owner_id
        )
        overall = rates(web.session, county_scope, context).data["overall"]
        if overall["total_amount"]:
            rows.append({"code": region.code, "name": region.name, **overall})
    return rows


@router.get("/risks", response_class=HTMLResponse)
def risks(
    web: WebDep,
    context: MetricContextDep,
    period_from: str = "",
    period_to: str = "",
    chain: str = "",
    county: str = "",
) -> Response:
    scope, params = _scope(web, period_from, period_to, chain, county)
    data = single_source(web.session, scope, context).data
    return web.render(
        "bureau/risks.html",
        data=data,
        params=params,
        export=_export("single-source", params),
        **_filters(web),
    )


@router.get("/gaps", response_class=HTMLResponse)
def investment(
    web: WebDep,
    context: MetricContextDep,
    period_from: str = "",
    period_to: str = "",
    chain: str = "",
    county: str = "",
) -> Response:
    scope, params = _scope(web, period_from, period_to, chain, county)
    data = gaps(web.session, scope, context).data
    return web.render(
        "bureau/gaps.html",
        data=data,
        params=params,
        export=_export("gaps", params),
        **_filters(web),
    )


@router.get("/owners/{owner_id}", response_class=HTMLResponse)
def owner_drilldown(
    owner_id: int,
    web: WebDep,
    context: MetricContextDep,
    period_from: str = "",
    period_to: str = "",
) -> Response:
    scope, params = _scope(web, period_from, period_to, "", "", owner_id)
    figure = rates(web.session, scope, context)
    owner = enterprises.get(web.session, owner_id)
    needs, _ = needs_crud.list_page(
        web.session, needs_crud.NeedFilter(owner_id=owner_id), limit=500, offset=0
    )
    params_with_owner = {**params, "owner_id": str(owner_id)}
    return web.render(
        "bureau/owner.html",
        owner=owner,
        region=region_name(owner.region_code),
        rates=figure.data,
        lines=figure.detail[:DETAIL_ROWS],
        line_total=len(figure.detail),
        headers=figure.detail_headers,
        needs=needs,
        export=_export("rates", params_with_owner),
        params=params,
    )


@router.get("/owners", response_class=HTMLResponse)
def owner_lookup(web: WebDep, name: str = "") -> Response:
    """Drill-down by the owner's name, as the dashboard's by-owner table shows it."""
    web.require("bureau")
    rows, _ = enterprises.list_page(
        web.session,
        enterprises.EnterpriseFilter(q=name or None, role=Role.owner),
        limit=1,
        offset=0,
    )
    if not rows:
        return web.redirect("/bureau", f"未找到链主企业「{name}」")
    return web.redirect(f"/bureau/owners/{rows[0].id}")


# -- registration review -------------------------------------------------------------------------


# -- chain targets ---------------------------------------------------------------------------------
