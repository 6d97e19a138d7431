"""The owner's ledger page: its own supporting rate and single-source items."""

from __future__ import annotations

router = APIRouter(prefix="/owner")


@router.get("/ledger", response_class=HTMLResponse)
def ledger(web: WebDep, period_from: str = "", period_to: str = "") -> Response:
    _, owner_id = _owner(web)
    scope = build_scope(
        web.session, period_from=period_from or None, period_to=period_to or None, owner_id=owner_id
    )
    context = metric_context(web)
    rate_figure = rates(web.session, scope, context)
    sole = single_source(web.session, scope, context) if context.candidates is not None else None
    return web.render(
        "owner/ledger.html",
        rates=rate_figure.data,
        single=sole.data if sole else None,
        firm=enterprises.get(web.session, owner_id),
        period_from=period_from,
        period_to=period_to,
        chains=_chain_names(web),
    )
