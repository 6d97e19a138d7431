"""Matching both ways with the project's engine: a challenge is read as a need (title, summary,
problem, indicators), an institute as a supplier (fields, teams, platforms, results)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from matching import Locality, MatchEngine, MatchResult, NeedRecord, SupplierRecord
from service.challenges.tables import Challenge, InstituteProfile
from service.core.config import Settings
from service.enterprises.tables import Enterprise, EnterpriseStatus


def challenge_record(challenge: Challenge, *, full_text: bool = True) -> NeedRecord:
    indicators = " ".join(
        f"{i.get('name', '')} {i.get('target', '')}" for i in challenge.indicators
    )
    detail = f"{challenge.problem} {indicators}" if full_text else ""
    return NeedRecord(
        id=str(challenge.id),
        title=challenge.title,
        description=f"{challenge.segment} {challenge.summary} {detail}".strip(),
    )


def institute_record(firm: Enterprise, profile: InstituteProfile) -> SupplierRecord:
    parts = [
        *profile.research_fields,
        *(t.get("name", "") for t in profile.teams),
        *profile.platforms,
        *(r.get("title", "") for r in profile.results),
        firm.description,
    ]
    return SupplierRecord(
        id=str(firm.id),
        name=firm.name,
        text=" ".join(p for p in parts if p),
        region=firm.region_code,
    )


def approved_institutes(session: Session) -> list[tuple[Enterprise, InstituteProfile]]:
    rows = session.exec(
        select(Enterprise, InstituteProfile)
        .join(InstituteProfile, col(InstituteProfile.enterprise_id) == col(Enterprise.id))
        .where(Enterprise.is_institute, Enterprise.status == EnterpriseStatus.approved)
        .order_by(col(Enterprise.id))
    ).all()
    return [(firm, profile) for firm, profile in rows]


def _engine(
    settings: Settings, suppliers: Sequence[SupplierRecord], needs: Sequence[NeedRecord]
) -> MatchEngine:
    locality = Locality(settings.home_region, settings.resolved_near_regions())
    return MatchEngine(config=settings.match_config, locality=locality).fit(suppliers, needs)


def candidates(
    session: Session, settings: Settings, challenge: Challenge, *, top: int
) -> list[MatchResult]:
    """Institutes for a challenge, best first."""
    records = [institute_record(f, p) for f, p in approved_institutes(session)]
    if not records:
        return []
    query = challenge_record(challenge)
    return _engine(settings, records, [query]).suppliers_for(query, top=top)


def challenges_for(
    settings: Settings,
    institute: SupplierRecord,
    challenges: Sequence[tuple[Challenge, bool]],
    *,
    top: int,
) -> list[MatchResult]:
    """Open challenges for an institute, best first; each challenge is read with the text this
    institute may read (`full_text`), so a ranking never leaks a withheld problem's words."""
    records = [challenge_record(c, full_text=full) for c, full in challenges]
    if not records:
        return []
    return _engine(settings, [institute], records).needs_for(institute, top=top)
