"""Helpers several page modules share: the match index, metric context, pairing moves."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.figures.figure import MetricContext
from service.needs import service as needs_crud
from service.pairings import pipeline as matches
from service.pairings.index import MatchIndex
from service.pairings.tables import MatchStatus
from service.web.context import Web, WebDep
from service.web.pages import forms
from service.web.session import FormDep

router = APIRouter()


def match_index(web: Web) -> MatchIndex:
    index: MatchIndex = web.request.app.state.match_index
    return index


def metric_context(web: Web) -> MetricContext:
    """The same context `/api/v1/metrics` builds (home region, near area, matcher)."""
    settings = web.settings
    return MetricContext(
        home_region=settings.home_region,
        near_regions=tuple(
            c for c in settings.resolved_near_regions() if c != settings.home_region
        ),
        candidates=getattr(web.request.app.state, "match_index", None),
    )


def _back(target: str, fallback: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else fallback


@router.post("/pairings/{match_id}/move")
def move_pairing(match_id: int, web: WebDep, form: FormDep) -> Response:
    """Owner, supplier or bureau moves a pairing one step (crud.matches notifies the other side)."""
    user = web.require()
    match = matches.get(web.session, match_id)
    need = needs_crud.get(web.session, match.need_id)
    side = matches.side_of(user.role, user.enterprise_id, match, need)
    to = MatchStatus(forms.text(form, "to"))
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
