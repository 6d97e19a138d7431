"""What users read: Chinese labels for roles, statuses and tags."""

from __future__ import annotations

from decimal import Decimal

from service.pairings.tables import MATCH_STATUS_LABELS

ROLE_LABELS = {
    "bureau": "经信局",
    "owner": "链主企业",
    "supplier": "配套企业",
    "institute": "链创机构",
}
NEED_STATUS_LABELS = {"open": "征集中", "matched": "已对接", "closed": "已关闭"}
ENTERPRISE_STATUS_LABELS = {"pending": "待审核", "approved": "已通过", "rejected": "未通过"}
STATUS_LABELS = MATCH_STATUS_LABELS


def money(value: Decimal | float | int | None) -> str:
    """Yuan shown as 万元 with two decimals, the unit these users read."""
    if value is None:
        return "—"
    return f"{float(value) / 10000:,.2f} 万元"


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"
