"""The owner's ledger page: its own supporting rate and single-source items."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from service.catalog.service import chain_names
from service.enterprises import service as enterprises
from service.figures import build_scope
from service.figures.deps import MetricContextDep
from service.figures.rates import rates
from service.figures.single_source import single_source
from service.web.context import WebDep

router = APIRouter(prefix="/owner")


@router.get("/ledger", response_class=HTMLResponse)
def ledger(
    web: WebDep, context: MetricContextDep, period_from: str = "", period_to: str = ""
) -> Response:
    _, owner_id = web.require_enterprise("owner")
    scope = build_scope(
        web.session, period_from=period_from or None, period_to=period_to or None, owner_id=owner_id
    )
    rate_figure = rates(web.session, scope, context)
    sole = single_source(web.session, scope, context) if context.candidates is not None else None
    return web.render(
        "owner/ledger.html",
        rates=rate_figure.data,
        single=sole.data if sole else None,
        firm=enterprises.get(web.session, owner_id),
        period_from=period_from,
        period_to=period_to,
        chains=chain_names(web.settings.chain_set),
    )
