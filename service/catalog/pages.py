"""The bureau's page of chain targets (目标本地配套率)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from catalogs.chains import load_chains
from service.catalog import service as chains_crud
from service.web import forms
from service.web.context import WebDep
from service.web.session import FormDep

router = APIRouter(prefix="/bureau")


@router.get("/targets", response_class=HTMLResponse)
def targets(web: WebDep) -> Response:
    web.require("bureau")
    return web.render(
        "bureau/targets.html",
        chains=load_chains(web.settings.chain_set),
        targets=chains_crud.targets(web.session),
    )


@router.post("/targets/{code}")
def set_target(code: str, web: WebDep, form: FormDep) -> Response:
    """The target is typed as a percentage (e.g. 40); empty clears it."""
    user = web.require("bureau")
    raw = forms.text(form, "target_percent").rstrip("%")
    try:
        rate = None if raw == "" else float(raw) / 100
    except ValueError:
        return web.redirect("/bureau/targets", f"「{raw}」不是有效的百分比")
    if rate is not None and not 0 <= rate <= 1:
        return web.redirect("/bureau/targets", "目标应在 0% 到 100% 之间")
    chain = chains_crud.set_target(web.session, code, rate, set_by=user.username)
    shown = "不设目标" if rate is None else f"{rate:.0%}"
    return web.redirect("/bureau/targets", f"已将「{chain.name}」的本地配套率目标设为 {shown}")
