"""Plain keyword-only factories for database tests."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from catalogs.credit_code import make_credit_code
from service.accounts import service as users
from service.accounts.tables import User, UserRole
from service.core.text import name_key
from service.enterprises.tables import Capability, Enterprise
from service.needs.tables import Need

_serial = count(1)


def make_enterprise(
    session: Session,
    *,
    name: str | None = None,
    region_code: str = "421202",
    owner: bool = False,
    supplier: bool = True,
    credit_code: str | None = None,
    status: str = "approved",
) -> Enterprise:
    serial = next(_serial)
    name = name or f"测试企业{serial:04d}号{'链主' if owner else '配套'}有限公司"
    enterprise = Enterprise(
        name=name,
        name_key=name_key(name),
        credit_code=credit_code or make_credit_code(region_code=region_code, serial=serial + 5000),
        region_code=region_code,
        is_owner=owner,
        is_supplier=supplier,
        status=status,
    )
    session.add(enterprise)
    session.commit()
    session.refresh(enterprise)
    return enterprise


def make_need(
    session: Session,
    *,
    owner: Enterprise,
    title: str = "精密冲压件",
    amount: str | None = "1200000",
    **kw: Any,
) -> Need:
    need = Need(
        owner_id=owner.id,
        title=title,
        yearly_amount=Decimal(amount) if amount else None,
        current_suppliers=kw.pop(
            "current_suppliers", [{"name": "东莞某五金厂", "region_code": "441900"}]
        ),
        **kw,
    )
    session.add(need)
    session.commit()
    session.refresh(need)
    return need


def make_capability(
    session: Session, *, supplier: Enterprise, title: str = "CNC精密加工", **kw: Any
) -> Capability:
    cap = Capability(supplier_id=supplier.id, title=title, **kw)
    session.add(cap)
    session.commit()
    session.refresh(cap)
    return cap


def make_user(
    session: Session,
    *,
    role: UserRole,
    enterprise: Enterprise | None = None,
    username: str | None = None,
) -> User:
    user = users.create(
        session,
        username=username or f"{role.value}{next(_serial)}",
        password="correct horse battery",
        role=role,
        enterprise_id=enterprise.id if enterprise else None,
    )
    session.commit()
    return user


def auth_headers(client: TestClient, user: User) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", data={"username": user.username, "password": "correct horse battery"}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
