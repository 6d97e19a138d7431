"""Factories for 链创 tests: institutes with profiles, challenges in any status, applications."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from service.challenges.tables import (
    Challenge,
    ChallengeApplication,
    ChallengeStatus,
    InstituteProfile,
)
from service.enterprises.tables import Enterprise
from tests.factories import make_enterprise

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_institute(
    session: Session,
    *,
    name: str | None = None,
    fields: tuple[str, ...] = ("激光焊接", "高强钢成形"),
    status: str = "approved",
) -> Enterprise:
    firm = make_enterprise(session, name=name, supplier=False, status=status)
    firm.is_institute = True
    session.add(firm)
    session.add(
        InstituteProfile(
            enterprise_id=firm.id,
            kind="高校",
            research_fields=list(fields),
            platforms=["激光加工实验平台"],
            results=[{"kind": "专利", "title": "一种高强钢激光焊接方法（示例）"}],
        )
    )
    session.commit()
    session.refresh(firm)
    return firm


def challenge_body(owner_id: int | None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "owner_id": owner_id,
        "chain_code": "xn-equipment",
        "segment": "汽车零部件（线控转向等）",
        "title": "高强钢激光焊接变形控制",
        "summary": "征集高强钢薄板激光焊接变形控制方案",
        "problem": "现有工艺焊后变形超过 1.5 mm，返修率高",
        "indicators": [{"name": "焊后变形", "target": "≤0.5", "unit": "mm"}],
        "current_state": "依赖外地供应商返修",
        "expected_result": "工艺",
        "budget_wan": "120.00",
        "duration_months": 12,
        "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "mode": "揭榜挂帅",
        "disclosure": "public",
    }
    return body | overrides


def make_challenge(
    session: Session,
    *,
    owner: Enterprise | None,
    status: ChallengeStatus = ChallengeStatus.published,
    disclosure: str = "public",
    title: str = "高强钢激光焊接变形控制",
) -> Challenge:
    challenge = Challenge(
        owner_id=owner.id if owner else None,
        chain_code="xn-equipment",
        segment="汽车零部件（线控转向等）",
        title=title,
        summary="征集高强钢薄板激光焊接变形控制方案",
        problem="现有工艺焊后变形超过 1.5 mm（机密细节）",
        indicators=[{"name": "焊后变形", "target": "≤0.5", "unit": "mm"}],
        expected_result="工艺",
        budget_wan=Decimal("120"),
        duration_months=12,
        deadline=date.today() + timedelta(days=30),
        mode="揭榜挂帅",
        disclosure=disclosure,
        status=status,
    )
    session.add(challenge)
    session.commit()
    session.refresh(challenge)
    return challenge


def make_application(
    session: Session, *, challenge: Challenge, institute: Enterprise, status: str = "submitted"
) -> ChallengeApplication:
    application = ChallengeApplication(
        challenge_id=challenge.id,
        institute_id=institute.id,
        approach="激光摆动焊接加随焊冷却",
        team="教授 1 名、博士 3 名",
        budget_wan=Decimal("100"),
        timeline="12 个月",
        status=status,
    )
    session.add(application)
    session.commit()
    session.refresh(application)
    return application
