"""/api/v1/metrics — the bureau's figures; an owner sees only its own, suppliers none.

Every route takes the scope (``period_from``, ``period_to``, ``chain``, ``county`` = the OWNER's
county, ``owner_id``), ``detail=lines`` for the ledger lines / needs / matches behind the figure
(paginated), and ``format=xlsx`` for a workbook download.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session

from service.accounts.deps import Principal, PrincipalDep
from service.core.deps import SessionDep, UnitOfWorkRoute
from service.core.errors import Forbidden
from service.core.schemas import Limit, Offset
from service.figures import Figure, MetricScope, build_scope
from service.figures.deps import MetricContextDep
from service.figures.figure import MetricContext, workbook_bytes
from service.figures.gaps import gaps
from service.figures.pipeline import funnel, projected
from service.figures.rates import rates
from service.figures.single_source import single_source

router = APIRouter(prefix="/metrics", tags=["metrics"], route_class=UnitOfWorkRoute)
PeriodQuery = Annotated[
    str | None, Query(max_length=16, description="期间，如 2025、2025-03、2025-Q1")
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FigureFn = Callable[[Session, MetricScope, MetricContext], Figure]


def visible_owner(principal: Principal, owner_id: int | None) -> int | None:
    """The bureau sees every owner; an owner only itself; anyone else nothing."""
    principal.require_user()
    if principal.is_bureau:
        return owner_id
    if principal.role == "owner" and principal.enterprise_id is not None:
        if owner_id is not None and owner_id != principal.enterprise_id:
            raise Forbidden("只能查看本企业的统计")
        return principal.enterprise_id
    raise Forbidden("统计数据仅对经信局和链主企业本身可见")


def scope_dep(
    session: SessionDep,
    principal: PrincipalDep,
    period_from: PeriodQuery = None,
    period_to: PeriodQuery = None,
    chain: Annotated[str | None, Query(max_length=48)] = None,
    county: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="链主企业所在县区代码")
    ] = None,
    owner_id: int | None = None,
) -> MetricScope:
    return build_scope(
        session,
        period_from=period_from,
        period_to=period_to,
        chain=chain,
        county=county,
        owner_id=visible_owner(principal, owner_id),
    )


ScopeDep = Annotated[MetricScope, Depends(scope_dep)]
DetailQuery = Annotated[Literal["lines"] | None, Query(description="lines：返回指标背后的明细")]
FormatQuery = Annotated[Literal["json", "xlsx"], Query(description="xlsx：下载 Excel")]


def _respond(figure: Figure, detail: str | None, fmt: str, limit: int, offset: int) -> Response:
    if fmt == "xlsx":
        return Response(
            workbook_bytes(figure),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{figure.name}.xlsx"'},
        )
    if detail == "lines":
        page = figure.detail[offset : offset + limit]
        body: dict[str, Any] = {
            "items": page,
            "total": len(figure.detail),
            "limit": limit,
            "offset": offset,
        }
        return JSONResponse(body)
    return JSONResponse(figure.data)


def _route(path: str, compute: FigureFn, summary: str) -> None:
    def endpoint(
        session: SessionDep,
        scope: ScopeDep,
        context: MetricContextDep,
        detail: DetailQuery = None,
        format: FormatQuery = "json",  # noqa: A002 - the public query parameter's name
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        return _respond(compute(session, scope, context), detail, format, limit, offset)

    endpoint.__name__ = f"metrics_{path.replace('-', '_')}"
    router.add_api_route(f"/{path}", endpoint, methods=["GET"], summary=summary)


_route("rates", rates, "本地配套率、近地配套率（按金额和品种），季度趋势与目标")
_route("single-source", single_source, "唯一来源品种，本地替代供应商与风险等级")
_route("gaps", gaps, "无本地合格供应商的需求缺口（招商目标清单）")
_route("projected", projected, "按对接进展预计的本地配套率")
_route("funnel", funnel, "各产业链对接漏斗与本地签约额")
