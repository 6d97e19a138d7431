"""/api/v1/auth/token — OAuth2 password flow for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from service.accounts import service as crud
from service.accounts.deps import PrincipalDep
from service.accounts.security import create_token
from service.core.deps import SessionDep, SettingsDep, UnitOfWorkRoute
from service.core.errors import Unauthorized

router = APIRouter(prefix="/auth", tags=["auth"], route_class=UnitOfWorkRoute)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    id: int
    username: str
    role: str
    enterprise_id: int | None


@router.post("/token", response_model=Token)
def login_for_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
) -> Token:
    user = crud.authenticate(session, form.username, form.password)
    if user is None or user.id is None:
        raise Unauthorized("用户名或密码错误")
    return Token(access_token=create_token(user.id, settings.secret_key))


@router.get("/me", response_model=Me)
def me(principal: PrincipalDep) -> Me:
    user = principal.require_user()
    assert user.id is not None
    return Me(id=user.id, username=user.username, role=user.role, enterprise_id=user.enterprise_id)
