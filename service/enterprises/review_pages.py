"""The bureau's review of firms that registered."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from catalogs.regions import region_name
from service.enterprises import review as proposals
from service.enterprises import service as enterprises
from service.enterprises.schemas import EnterpriseUpdate
from service.enterprises.tables import EnterpriseStatus
from service.web.context import WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/bureau")
CHANGE_FIELD_LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "region_code": "所在地",
    "roles": "企业类型",
    "chain_codes": "所属产业链",
}


@router.get("/reviews", response_class=HTMLResponse)
def reviews(web: WebDep) -> Response:
    web.require("bureau")
    pending, total = enterprises.list_page(
        web.session,
        enterprises.EnterpriseFilter(status=EnterpriseStatus.pending),
        limit=200,
        offset=0,
    )
    return web.render(
        "bureau/reviews.html",
        pending=pending,
        total=total,
        changes=proposals.open_changes(web.session),
        field_labels=CHANGE_FIELD_LABELS,
        region_name=region_name,
    )


@router.post("/reviews/{enterprise_id}/{decision}")
def review(enterprise_id: int, decision: str, web: WebDep, _form: FormDep) -> Response:
    web.require("bureau")
    status = {"approve": EnterpriseStatus.approved, "reject": EnterpriseStatus.rejected}.get(
        decision
    )
    if status is None:
        return web.redirect("/bureau/reviews", "未知的审核操作")
    firm = enterprises.get(web.session, enterprise_id)
    enterprises.update(
        web.session,
        firm,
        EnterpriseUpdate(status=status),
        threshold=web.settings.duplicate_name_threshold,
    )
    verb = "通过" if status == EnterpriseStatus.approved else "驳回"
    return web.redirect("/bureau/reviews", f"已{verb}「{firm.name}」的注册")


@router.post("/reviews/changes/{change_id}/{decision}")
def review_change(change_id: int, decision: str, web: WebDep, _form: FormDep) -> Response:
    user = web.require("bureau")
    assert user.id is not None
    if decision not in ("approve", "reject"):
        return web.redirect("/bureau/reviews", "未知的审核操作")
    change = proposals.get_change_by_id(web.session, change_id)
    firm = enterprises.get(web.session, change.enterprise_id)
    name = firm.name
    proposals.decide(
        web.session,
        change,
        approve=decision == "approve",
        user_id=user.id,
        threshold=web.settings.duplicate_name_threshold,
    )
    verb = "通过" if decision == "approve" else "驳回"
    return web.redirect("/bureau/reviews", f"已{verb}「{name}」的信息变更")
