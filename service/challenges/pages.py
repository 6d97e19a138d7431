"""链创 pages: the institute's home (its profile and ranked challenges) and a challenge's page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from service.challenges import ranking
from service.challenges import service as rules
from service.challenges.tables import Challenge
from service.enterprises.tables import Enterprise
from service.web.context import WebDep

router = APIRouter()
TOP = 20


@router.get("/institute", response_class=HTMLResponse)
def institute_home(web: WebDep) -> Response:
    _, firm_id = web.require_enterprise("institute")
    firm = web.session.get(Enterprise, firm_id)
    profile = rules.profile(web.session, firm_id)
    ranked: list[tuple[Challenge, float, list[str]]] = []
    if firm is not None and profile is not None:
        rows = rules.open_challenges(web.session)
        readable = [(c, rules.institute_reads_full_text(web.session, c, firm_id)) for c in rows]
        by_id = {str(c.id): c for c in rows}
        record = ranking.institute_record(firm, profile)
        results = ranking.challenges_for(web.settings, record, readable, top=TOP)
        ranked = [(by_id[r.candidate_id], r.score, list(r.reasons)) for r in results]
    return web.render(
        "institute/home.html", firm=firm, profile=profile, ranked=ranked, labels=rules.STATUS_LABELS
    )


@router.get("/challenges/{challenge_id}", response_class=HTMLResponse)
def challenge_page(challenge_id: int, web: WebDep) -> Response:
    challenge = rules.get_visible(web.session, web.principal, challenge_id)
    full = rules.reads_full_text(web.session, web.principal, challenge)
    return web.render(
        "challenges/challenge.html",
        challenge=challenge,
        full=full,
        status_label=rules.label(challenge.status),
        history=rules.history(web.session, challenge_id)
        if rules.manages(web.principal, challenge)
        else [],
    )
