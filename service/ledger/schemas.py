"""API shapes of purchase ledger lines (confidential to the owner and the bureau)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from service.core.errors import Invalid
from service.core.schemas import UtcDateTime
from service.ledger.periods import Period, parse_period
from service.ledger.tables import Purchase

PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"  # the stored form: YYYY, YYYY-MM, YYYY-Qn


def _valid_period(text: str) -> str:
    parse_period(text)  # the year range (ValueError with its Chinese reason: a 422)
    return text


PeriodText = Annotated[str, Field(pattern=PERIOD_PATTERN), AfterValidator(_valid_period)]


def query_period(text: str | None, field: str) -> Period | None:
    """A period query parameter (any spelling ``parse_period`` reads); a bad one is a 422."""
    if not text:
        return None
    try:
        return parse_period(text)
    except ValueError as exc:
        raise Invalid(str(exc), field=field, source="query") from exc


class PurchaseCreate(BaseModel):
    owner_id: int
    item: str = Field(min_length=1, max_length=200)
    category: str = Field(default="", max_length=5)
    chain_code: str | None = Field(default=None, max_length=48)
    supplier_name: str = Field(min_length=1, max_length=200)
    supplier_region: str = Field(pattern=r"^\d{6}$")
    amount: Decimal = Field(ge=0, max_digits=16, decimal_places=2)
    period: PeriodText


class PurchasePublic(BaseModel):
    id: int
    owner_id: int
    item: str
    category: str
    chain_code: str | None
    supplier_name: str
    supplier_id: int | None
    supplier_region: str
    amount: float
    period: str
    import_id: int | None
    created_at: UtcDateTime


def purchase_public(p: Purchase) -> PurchasePublic:
    assert p.id is not None
    return PurchasePublic(
        id=p.id,
        owner_id=p.owner_id,
        item=p.item,
        category=p.category,
        chain_code=p.chain_code,
        supplier_name=p.supplier_name,
        supplier_id=p.supplier_id,
        supplier_region=p.supplier_region,
        amount=float(p.amount),
        period=p.period,
        import_id=p.import_id,
        created_at=p.created_at,
    )
